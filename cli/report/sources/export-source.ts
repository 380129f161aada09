import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AwsConnectionOptions } from '../../aws/securityhub-client';
import { createS3Client, downloadExport, parseS3Location } from '../../export/s3-export';
import { UsageError } from '../../errors';
import { AthenaEngine, createAthenaClient, type AthenaTarget } from './athena-engine';
import { DuckDbEngine, listExportObjects } from './duckdb-engine';
import type { MemoryLimit } from './memory-limit';
import { standardFindingsQuery } from '../../../domain/findings-export-queries';
import { readExportTally, type ExportRead, type QueryEngine } from './query-engine';

/** The SQL sources of `securityhub report --source`. */
export type ExportSourceKind = 'export' | 'athena';

/** What a report or trend from an export reads. */
export interface ExportSourceOptions {
  readonly kind: ExportSourceKind;
  /** `--path`: a local folder or s3://bucket/prefix/ (source export). */
  readonly path?: string;
  /** Workgroup, database and table (source athena). */
  readonly athena?: AthenaTarget;
  /** `--memory-limit`: the embedded engine's memory bound (source export). @default DEFAULT_MEMORY_LIMIT */
  readonly memoryLimit?: MemoryLimit;
  /** The connection for S3 and Athena. */
  readonly connection: AwsConnectionOptions;
}

/** Days of the export to read: [sinceDay, untilDay], each optional. */
export interface ExportDays {
  readonly sinceDay?: string;
  readonly untilDay?: string;
}

/**
 * An opened export: reads it as of any day. A local folder is listed once per read (DuckDB), an
 * S3 location is copied once to a scratch folder, Athena runs the queries in its workgroup.
 */
export class ExportSource {
  /** Bytes scanned per query name, summed over every read. */
  public readonly scannedBytes: Record<string, number> = {};
  private scratch?: string;
  private athena?: AthenaEngine;

  private constructor(
    private readonly options: ExportSourceOptions,
    private readonly root?: string,
  ) {}

  /**
   * Opens the export the flags name.
   * @param days the widest range any read will ask for (an S3 copy takes only those days)
   * @throws UsageError when a needed flag is missing
   */
  public static async open(options: ExportSourceOptions, days: ExportDays): Promise<ExportSource> {
    if (options.kind === 'athena') {
      if (!options.athena)
        throw new UsageError(
          'securityhub report: --source athena needs --workgroup, --database and --table (the FindingsExport outputs).',
        );
      const source = new ExportSource(options);
      source.athena = new AthenaEngine(createAthenaClient(options.connection), options.athena);
      return source;
    }
    if (options.path === undefined) {
      throw new UsageError(
        'securityhub report: --source export needs --path DIR (a folder in the export layout) or --path s3://BUCKET/PREFIX/.',
      );
    }
    if (!options.path.startsWith('s3://')) return new ExportSource(options, options.path);
    const location = parseS3Location('--path', options.path);
    const scratch = mkdtempSync(path.join(tmpdir(), 'securityhub-export-'));
    const client = createS3Client(options.connection);
    try {
      await downloadExport(client, location, scratch, days);
    } catch (e) {
      rmSync(scratch, { recursive: true, force: true });
      throw e;
    } finally {
      client.destroy();
    }
    const source = new ExportSource(options, scratch);
    source.scratch = scratch;
    return source;
  }

  /** What messages call this export. */
  public get where(): string {
    return this.options.kind === 'athena'
      ? `--source athena (${this.options.athena!.database}.${this.options.athena!.table})`
      : `--path ${this.options.path}`;
  }

  private engine(days: ExportDays): QueryEngine {
    return (
      this.athena ??
      new DuckDbEngine(
        listExportObjects(this.root!, days),
        this.where,
        this.options.memoryLimit ? { memoryLimit: this.options.memoryLimit } : {},
      )
    );
  }

  /**
   * Every ACTIVE control finding of one standard in its latest version, one row each (see
   * standardFindingsQuery for the columns): the evidence pack's findings and failing resources.
   */
  public async standardFindings(standardsId: string, days: ExportDays): Promise<readonly Record<string, unknown>[]> {
    const engine = this.engine(days);
    try {
      const result = await engine.query(
        'standard-findings',
        standardFindingsQuery(engine.dialect, { relation: engine.relation, ...days }, standardsId),
      );
      this.scannedBytes['standard-findings'] = (this.scannedBytes['standard-findings'] ?? 0) + result.scannedBytes;
      return result.rows;
    } finally {
      if (!this.athena) engine.close();
    }
  }

  /** The tally of the export's findings as known at the end of `days.untilDay`. */
  public async read(now: Date, days: ExportDays): Promise<ExportRead> {
    const engine = this.engine(days);
    try {
      const read = await readExportTally(engine, now, days, this.where);
      for (const [name, bytes] of Object.entries(read.scannedBytes))
        this.scannedBytes[name] = (this.scannedBytes[name] ?? 0) + bytes;
      return read;
    } finally {
      if (!this.athena) engine.close();
    }
  }

  /** Releases the engine and deletes any scratch copy. */
  public close(): void {
    this.athena?.close();
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
  }
}
