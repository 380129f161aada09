import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-athena';
import { clientSettings, describeAwsError, type AwsConnectionOptions } from '../../aws/securityhub-client';
import { CliError } from '../../errors';
import type { QueryEngine, QueryResult } from './query-engine';
import { ATHENA_DIALECT } from '../../../domain/findings-export-dialect';

/** Where the export's table is and which workgroup runs the queries. */
export interface AthenaTarget {
  /** The workgroup (its result location, encryption and scan limit apply). */
  readonly workgroup: string;
  /** The Glue database. */
  readonly database: string;
  /** The Glue table of exported findings. */
  readonly table: string;
}

/** How long to wait between GetQueryExecution polls, growing to `maxMs`. */
export interface PollSchedule {
  readonly firstMs: number;
  readonly maxMs: number;
  /** Give up after this long. */
  readonly timeoutMs: number;
}

const DEFAULT_POLL: PollSchedule = { firstMs: 250, maxMs: 5_000, timeoutMs: 30 * 60_000 };

/** Identifiers Athena takes unquoted in our queries: Glue names are lower-case letters, digits and _. */
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

/** An Athena client with the CLI's settings. */
export function createAthenaClient(options: AwsConnectionOptions): AthenaClient {
  return new AthenaClient(clientSettings(options));
}

/**
 * Runs the export queries on Athena: StartQueryExecution in the workgroup, GetQueryExecution until
 * it ends, GetQueryResults page by page. Scanned bytes come from the execution's statistics.
 */
export class AthenaEngine implements QueryEngine {
  public readonly dialect = ATHENA_DIALECT;
  public readonly relation: string;

  constructor(
    private readonly client: AthenaClient,
    private readonly target: AthenaTarget,
    private readonly poll: PollSchedule = DEFAULT_POLL,
  ) {
    for (const [flag, value] of [
      ['--database', target.database],
      ['--table', target.table],
    ] as const) {
      if (!GLUE_NAME.test(value))
        throw new CliError(
          `${flag} ${JSON.stringify(value)} is not a Glue name; use lower-case letters, digits and underscores, as the FindingsExport construct names them.`,
        );
    }
    this.relation = `"${target.database}"."${target.table}"`;
  }

  public async query(name: string, sql: string): Promise<QueryResult> {
    const where = `Athena query ${name} (workgroup ${this.target.workgroup})`;
    const id = await this.call(where, 'StartQueryExecution', () =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: this.target.workgroup,
          QueryExecutionContext: { Database: this.target.database },
        }),
      ),
    ).then((r) => r.QueryExecutionId);
    if (!id) throw new CliError(`${where}: StartQueryExecution returned no QueryExecutionId.`);

    const started = Date.now();
    let wait = this.poll.firstMs;
    let scannedBytes = 0;
    for (;;) {
      const execution = (
        await this.call(where, 'GetQueryExecution', () =>
          this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
        )
      ).QueryExecution;
      const state = execution?.Status?.State;
      scannedBytes = execution?.Statistics?.DataScannedInBytes ?? 0;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.StateChangeReason ?? 'no reason given';
        const limit = /bytes scanned|BytesScannedCutoffPerQuery|data scanned limit/i.test(reason)
          ? " The workgroup's per-query scan limit stopped it: narrow the days read (--since) or raise findingsExport.scanLimitBytes."
          : '';
        throw new CliError(`${where} ${state} after scanning ${scannedBytes} bytes: ${reason}.${limit}`);
      }
      if (Date.now() - started > this.poll.timeoutMs)
        throw new CliError(
          `${where} (${id}) did not finish in ${Math.round(this.poll.timeoutMs / 1000)} s; it may still be running in Athena.`,
        );
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, this.poll.maxMs);
    }

    const rows: Record<string, unknown>[] = [];
    let columns: string[] | undefined;
    let token: string | undefined;
    do {
      const page: GetQueryResultsCommandOutput = await this.call(where, 'GetQueryResults', () =>
        this.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}) })),
      );
      columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
      let dataRows = page.ResultSet?.Rows ?? [];
      // The first row of the first page repeats the column names.
      if (
        token === undefined &&
        dataRows.length > 0 &&
        dataRows[0].Data?.every((d, i) => d.VarCharValue === columns![i])
      )
        dataRows = dataRows.slice(1);
      for (const row of dataRows) {
        // A missing VarCharValue is SQL NULL.
        rows.push(Object.fromEntries(columns.map((c, i) => [c, row.Data?.[i]?.VarCharValue ?? null])));
      }
      token = page.NextToken;
    } while (token);
    return { rows, scannedBytes };
  }

  public close(): void {
    this.client.destroy();
  }

  private async call<T>(where: string, operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      throw new CliError(
        `${where}: ${operation} failed: ${describeAwsError(e)}; check the workgroup, the database, the credentials and --endpoint-url.`,
      );
    }
  }
}
