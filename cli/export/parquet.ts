import { EXPORT_COLUMNS, type ExportColumnType } from '../../domain/findings-export-layout';
import { sqlString } from '../../domain/findings-export-dialect';

/*
 * DuckDB's view of the export's objects: how JSON findings become the export's Parquet rows (the
 * layout writer, compaction), and how both kinds of object are read back as one relation (the
 * report). Column and field names are lower-cased, as Glue stores them and Firehose writes them;
 * DuckDB resolves names without regard to case, so the queries read either.
 */

/** A column type as DuckDB writes it; `asff` keeps ASFF's field names (read_json matches JSON keys by case). */
function duckType(type: ExportColumnType, asff: boolean): string {
  if (type === 'string') return 'VARCHAR';
  if (type === 'double') return 'DOUBLE';
  const name = (n: string) => `"${asff ? n : n.toLowerCase()}"`;
  if ('struct' in type) return `STRUCT(${type.struct.map(([n, t]) => `${name(n)} ${duckType(t, asff)}`).join(', ')})`;
  if ('array' in type) return `${duckType(type.array, asff)}[]`;
  return 'MAP(VARCHAR, VARCHAR)';
}

/**
 * `read_json(...)` of JSON Lines files of ASFF findings (optionally GZIP'd), with the export's
 * columns and types under their ASFF names, plus `filename`.
 * @param files SQL list or string literal of paths or globs
 */
export function readJsonFindings(files: string, compression: 'gzip' | 'uncompressed'): string {
  const columns = `{${EXPORT_COLUMNS.map(([n, t]) => `${sqlString(n)}: ${sqlString(duckType(t, true))}`).join(', ')}}`;
  return `read_json(${files}, format = 'newline_delimited', compression = '${compression}', filename = true, columns = ${columns})`;
}

/** The SELECT list that turns read_json's ASFF columns into the export's Parquet columns (lower-cased names, same types). */
export function parquetColumnsFromJson(): string {
  return EXPORT_COLUMNS.map(([n, t]) => `CAST("${n}" AS ${duckType(t, false)}) AS "${n.toLowerCase()}"`).join(', ');
}

/** The export's Parquet columns, in order, as a SELECT list over a relation that has them (by any case). */
export function parquetColumns(): string {
  return EXPORT_COLUMNS.map(
    ([n, t]) => `CAST("${n.toLowerCase()}" AS ${duckType(t, false)}) AS "${n.toLowerCase()}"`,
  ).join(', ');
}

/**
 * The row order of every Parquet object the CLI writes: by finding, so each finding's versions sit
 * together and the long `id` values share their prefixes, which halves that column's compressed
 * size (what Athena scans). Firehose writes rows in arrival order; compaction sorts them.
 */
export const PARQUET_ROW_ORDER = 'ORDER BY "productarn", "id", "updatedat"';

/** COPY options of every Parquet object the CLI writes: zstd, row groups of the default size. */
export const PARQUET_COPY_OPTIONS = '(FORMAT parquet, COMPRESSION zstd)';

/**
 * One relation over Parquet objects and earlier GZIP'd JSON Lines objects, with the export's
 * columns (lower-cased) and `filename`; either list may be empty, not both.
 * @param parquet SQL string literals of Parquet paths or globs
 * @param json SQL string literals of .json.gz paths or globs
 */
export function findingsRelation(parquet: readonly string[], json: readonly string[]): string {
  const parts: string[] = [];
  if (parquet.length > 0)
    parts.push(
      `SELECT ${parquetColumns()}, filename FROM read_parquet([${parquet.join(', ')}], filename = true, union_by_name = true)`,
    );
  if (json.length > 0)
    parts.push(`SELECT ${parquetColumnsFromJson()}, filename FROM ${readJsonFindings(`[${json.join(', ')}]`, 'gzip')}`);
  if (parts.length === 0) throw new Error('findingsRelation needs at least one object');
  return parts.join('\nUNION ALL\n');
}
