/**
 * Every difference between Athena's SQL (Trino, engine version 3) and DuckDB's that the export
 * queries meet, in one place. The queries (findings-export-queries.ts) are written once against this
 * interface; nothing else in them is engine-specific. Both engines read the same ASFF columns:
 * DuckDB through read_json with the column types of EXPORT_COLUMNS, Athena through the Glue table
 * the FindingsExport construct defines with the same types (lower-cased by Glue; both engines
 * resolve identifiers without regard to case).
 */
export interface SqlDialect {
  /** The engine's name, for messages. */
  readonly name: 'athena' | 'duckdb';
  /** OR of an integer column over a group. */
  bitOr(expr: string): string;
  /** True when `expr` matches the regular expression `pattern` (a SQL string literal). */
  regexpLike(expr: string, pattern: string): string;
  /** The array `array` with only the elements for which `predicate` (over `x`) holds. */
  filter(array: string, predicate: string): string;
  /** The array `array` with each element `x` replaced by `expr`. */
  transform(array: string, expr: string): string;
  /** The number of elements of an array (NULL for NULL). */
  length(array: string): string;
  /** The first element of an array, NULL when it is empty. */
  firstElement(array: string): string;
  /** The value of map `map` at `key` (a SQL string literal), NULL when absent. */
  mapValue(map: string, key: string): string;
  /** An ISO 8601 string as a timestamp with time zone, NULL when it is not one (never an error). */
  tryTimestamp(expr: string): string;
  /** An ISO 8601 instant as a timestamp-with-time-zone literal. */
  timestampLiteral(iso: string): string;
  /** The object a row was read from (the tie-breaker between versions written at the same instant). */
  readonly sourceObject: string;
  /** An empty array of strings. */
  readonly emptyStringArray: string;
  /** The start of the current UTC calendar month, as a timestamp with time zone. */
  readonly currentMonthStart: string;
  /**
   * The statement that stores `query`'s rows as table `name` for the rest of the connection, or
   * undefined when the engine keeps nothing between queries (Athena: each query stands alone and
   * is billed by what it scans, so each computes what it needs).
   */
  temporaryTable(name: string, query: string): string | undefined;
}

/** Athena engine version 3 (Trino). */
export const ATHENA_DIALECT: SqlDialect = {
  name: 'athena',
  bitOr: (e) => `bitwise_or_agg(${e})`,
  regexpLike: (e, p) => `regexp_like(${e}, ${p})`,
  filter: (a, p) => `filter(${a}, x -> ${p})`,
  transform: (a, e) => `transform(${a}, x -> ${e})`,
  length: (a) => `cardinality(${a})`,
  firstElement: (a) => `element_at(${a}, 1)`,
  mapValue: (m, k) => `element_at(${m}, ${k})`,
  tryTimestamp: (e) => `try(from_iso8601_timestamp(${e}))`,
  timestampLiteral: (iso) => `from_iso8601_timestamp(${sqlString(iso)})`,
  sourceObject: '"$path"',
  emptyStringArray: 'CAST(ARRAY[] AS ARRAY(VARCHAR))',
  currentMonthStart: "date_trunc('month', current_timestamp AT TIME ZONE 'UTC')",
  temporaryTable: () => undefined,
};

/** DuckDB (embedded, reading the export layout from local disk). */
export const DUCKDB_DIALECT: SqlDialect = {
  name: 'duckdb',
  bitOr: (e) => `bit_or(${e})`,
  regexpLike: (e, p) => `regexp_matches(${e}, ${p})`,
  filter: (a, p) => `list_filter(${a}, x -> ${p})`,
  transform: (a, e) => `list_transform(${a}, x -> ${e})`,
  length: (a) => `len(${a})`,
  firstElement: (a) => `${a}[1]`,
  mapValue: (m, k) => `${m}[${k}]`,
  tryTimestamp: (e) => `try_cast(${e} AS TIMESTAMPTZ)`,
  timestampLiteral: (iso) => `CAST(${sqlString(iso)} AS TIMESTAMPTZ)`,
  sourceObject: 'filename',
  emptyStringArray: 'CAST([] AS VARCHAR[])',
  currentMonthStart: "CAST(date_trunc('month', timezone('UTC', current_timestamp)) || '+00' AS TIMESTAMPTZ)",
  // In memory, spilling to the engine's temporary folder past its memory bound.
  temporaryTable: (name, query) => `CREATE TEMPORARY TABLE ${name} AS\n${query}`,
};

/** A SQL string literal (single quotes doubled); the same in both engines. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
