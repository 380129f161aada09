import { calendarMonthOf } from '../../dates';
import type { ComplianceTally } from '../compliance-tally';
import { exportQueries, latestFindingsQuery } from '../../../domain/findings-export-queries';
import { tallyFromExportRows, type ControlStatusRow, type FindingFiguresRow } from './export-tally';
import type { SqlDialect } from '../../../domain/findings-export-dialect';

/** What one query returned. */
export interface QueryResult {
  /** Rows as objects keyed by column name. */
  readonly rows: readonly Record<string, unknown>[];
  /** Bytes the engine read for it (Athena's DataScannedInBytes; for DuckDB the objects' size). */
  readonly scannedBytes: number;
}

/** An engine the export queries run on: Athena or the embedded DuckDB. */
export interface QueryEngine {
  /** Its SQL dialect. */
  readonly dialect: SqlDialect;
  /** The table (or table expression) of exported findings. */
  readonly relation: string;
  /** Runs one query. @param name the query's name, for messages and statistics */
  query(name: string, sql: string): Promise<QueryResult>;
  /** Frees what the engine holds. */
  close(): void;
}

/** The table an engine that keeps tables between queries stores the latest versions in. */
const LATEST_TABLE = 'latest_finding';

/** The tally from an export and what reading it cost. */
export interface ExportRead {
  readonly tally: ComplianceTally;
  /** Bytes scanned per query, by query name. */
  readonly scannedBytes: Readonly<Record<string, number>>;
}

/**
 * Runs the report's two queries on `engine` and folds their rows into a tally.
 * @param now the report's "now" (its calendar month counts remediation marks)
 * @param days the export days to read
 */
export async function readExportTally(
  engine: QueryEngine,
  now: Date,
  days: { readonly sinceDay?: string; readonly untilDay?: string },
  where: string,
): Promise<ExportRead> {
  const month = calendarMonthOf(now);
  const options = {
    relation: engine.relation,
    ...days,
    month: { start: new Date(month.start).toISOString(), end: new Date(month.end).toISOString() },
  };
  // An engine that keeps tables between queries computes each finding's latest version once, and
  // both queries read it; the others compute it in each query.
  const store = engine.dialect.temporaryTable(LATEST_TABLE, latestFindingsQuery(engine.dialect, options));
  const latest = store !== undefined ? await engine.query('latest-findings', store) : undefined;
  const queries = exportQueries(engine.dialect, latest ? { ...options, latest: LATEST_TABLE } : options);
  const figures = await engine.query('finding-figures', queries['finding-figures']);
  const controls = await engine.query('control-status', queries['control-status']);
  return {
    tally: tallyFromExportRows(
      month,
      figures.rows as unknown as FindingFiguresRow[],
      controls.rows as unknown as ControlStatusRow[],
      where,
    ),
    scannedBytes: {
      ...(latest ? { 'latest-findings': latest.scannedBytes } : {}),
      'finding-figures': figures.scannedBytes,
      'control-status': controls.scannedBytes,
    },
  };
}
