import { calendarMonthOf } from '../../dates';
import type { ComplianceTally } from '../compliance-tally';
import { exportQueries } from '../../../modules/findings-export-queries';
import { tallyFromExportRows, type ControlStatusRow, type FindingFiguresRow } from './export-tally';
import type { SqlDialect } from '../../../modules/findings-export-dialect';

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
  const queries = exportQueries(engine.dialect, {
    relation: engine.relation,
    ...days,
    month: { start: new Date(month.start).toISOString(), end: new Date(month.end).toISOString() },
  });
  const figures = await engine.query('finding-figures', queries['finding-figures']);
  const controls = await engine.query('control-status', queries['control-status']);
  return {
    tally: tallyFromExportRows(month, figures.rows as unknown as FindingFiguresRow[], controls.rows as unknown as ControlStatusRow[], where),
    scannedBytes: { 'finding-figures': figures.scannedBytes, 'control-status': controls.scannedBytes },
  };
}
