/**
 * The object layout of exported findings, shared by the FindingsExport construct (Firehose's
 * prefix, the Glue table's partition projection) and the CLI (the layout writer, backfill and
 * `securityhub report --source export`). One object holds JSON Lines, one ASFF finding a line
 * (Security Hub's EventBridge events carry one finding each; the rule's target sends
 * `$.detail.findings[0]`), GZIP-compressed:
 *
 *     <prefix>findings/dt=YYYY-MM-DD/account=<12 digits>/region=<Region>/<name>.json.gz
 *
 * `dt` is the day the finding was exported (Firehose's arrival time; the backfill's run day), so
 * `dt <= D` selects what was known by the end of day D. Account and Region folders narrow a read
 * to a part of the organization; the figures never trust them (queries read the finding's own
 * AwsAccountId and Region).
 */

/** The folder under the bucket (after the configured prefix) that holds finding objects. */
export const FINDINGS_FOLDER = 'findings/';

/** The folder Firehose writes records it could not partition or deliver into. */
export const ERRORS_FOLDER = 'errors/';

/** The date partition key and its format (Athena's partition projection `projection.dt.format`). */
export const DATE_PARTITION_KEY = 'dt';

/** Extension of finding objects. */
export const OBJECT_SUFFIX = '.json.gz';

/** What names one object's partition. */
export interface ExportPartition {
  /** Export day, YYYY-MM-DD (UTC). */
  readonly day: string;
  /** 12-digit account id. */
  readonly account: string;
  /** Region code. */
  readonly region: string;
}

/**
 * The key prefix of one partition, e.g. `findings/dt=2025-02-23/account=111122223333/region=us-east-1/`.
 * @param prefix the export's prefix inside the bucket ('' or ending in '/')
 */
export function partitionPrefix(prefix: string, partition: ExportPartition): string {
  return `${prefix}${FINDINGS_FOLDER}${DATE_PARTITION_KEY}=${partition.day}/account=${partition.account}/region=${partition.region}/`;
}

/**
 * Firehose's S3 prefix for dynamic partitioning: the arrival day from Firehose's clock, account and
 * Region from the finding (the `account` and `region` keys its metadata extraction sets).
 */
export function firehosePrefixExpression(prefix: string): string {
  return `${prefix}${FINDINGS_FOLDER}${DATE_PARTITION_KEY}=!{timestamp:yyyy-MM-dd}/account=!{partitionKeyFromQuery:account}/region=!{partitionKeyFromQuery:region}/`;
}

/** Firehose's prefix for records it could not deliver (required with dynamic partitioning). */
export function firehoseErrorPrefixExpression(prefix: string): string {
  return `${prefix}${ERRORS_FOLDER}!{firehose:error-output-type}/${DATE_PARTITION_KEY}=!{timestamp:yyyy-MM-dd}/`;
}

/** The jq expressions Firehose's metadata extraction uses for the partition keys (JQ-1.6). */
export const FIREHOSE_PARTITION_QUERY = '{account: .AwsAccountId, region: .Region}';

/** True for a YYYY-MM-DD date that exists. */
export function isExportDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

/** A column type of the export table, rendered as Glue (Hive) or DuckDB types. */
export type ExportColumnType =
  | 'string'
  | 'double'
  | { readonly struct: readonly (readonly [string, ExportColumnType])[] }
  | { readonly array: ExportColumnType }
  | { readonly map: 'string' };

/**
 * The ASFF fields the report reads, with their types: the Glue table's columns and DuckDB's
 * read_json columns. Fields not listed stay in the objects (for other queries) but are not read.
 */
export const EXPORT_COLUMNS: readonly (readonly [string, ExportColumnType])[] = [
  ['Id', 'string'],
  ['ProductArn', 'string'],
  ['AwsAccountId', 'string'],
  ['Region', 'string'],
  ['UpdatedAt', 'string'],
  ['ProcessedAt', 'string'],
  ['Title', 'string'],
  ['Severity', { struct: [['Label', 'string'], ['Normalized', 'double']] }],
  ['Compliance', { struct: [['Status', 'string'], ['SecurityControlId', 'string'], ['AssociatedStandards', { array: { struct: [['StandardsId', 'string']] } }]] }],
  ['RecordState', 'string'],
  ['Workflow', { struct: [['Status', 'string']] }],
  ['UserDefinedFields', { map: 'string' }],
  ['ProductFields', { map: 'string' }],
  // Read by the evidence pack's findings query only: the failing resources and when they were seen.
  ['Resources', { array: { struct: [['Type', 'string'], ['Id', 'string'], ['Region', 'string']] } }],
  ['FirstObservedAt', 'string'],
  ['LastObservedAt', 'string'],
  ['CreatedAt', 'string'],
];

/** A column type as Glue (Hive DDL) writes it: field names lower-cased, as Glue stores them. */
export function hiveType(type: ExportColumnType): string {
  if (type === 'string' || type === 'double') return type;
  if ('struct' in type) return `struct<${type.struct.map(([n, t]) => `${n.toLowerCase()}:${hiveType(t)}`).join(',')}>`;
  if ('array' in type) return `array<${hiveType(type.array)}>`;
  return 'map<string,string>';
}
