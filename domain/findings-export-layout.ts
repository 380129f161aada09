/**
 * The object layout of exported findings, shared by the FindingsExport construct (Firehose's
 * prefix and record format conversion, the Glue table's columns and partition projection) and
 * the CLI (the layout writer, backfill, compaction and `securityhub report --source export`).
 * One object is a Parquet file of findings, one row per finding version, with the columns of
 * EXPORT_COLUMNS (lower-cased, as Glue stores them and Firehose writes them):
 *
 *     <prefix>findings/dt=YYYY-MM-DD/<name>.parquet
 *
 * `dt` is the day the finding was exported (Firehose's arrival time; the backfill's `--day`), so
 * `dt <= D` selects what was known by the end of day D. The day is the only partition: every
 * report reads every account and Region, so more partitions would only make objects smaller and
 * more numerous (Firehose writes one object per partition per buffer). Earlier exports wrote GZIP'd
 * JSON Lines under `dt=.../account=.../region=.../<name>.json.gz`; readers still take those, and
 * `securityhub export compact` rewrites them as Parquet.
 */

/** The folder under the bucket (after the configured prefix) that holds finding objects. */
export const FINDINGS_FOLDER = 'findings/';

/** The folder Firehose writes records it could not partition or deliver into. */
export const ERRORS_FOLDER = 'errors/';

/** The date partition key and its format (Athena's partition projection `projection.dt.format`). */
export const DATE_PARTITION_KEY = 'dt';

/** Extension of finding objects (Parquet, as Firehose's record format conversion writes them). */
export const OBJECT_SUFFIX = '.parquet';

/** Extension of the GZIP'd JSON Lines objects earlier exports wrote; still read, and compacted to Parquet. */
export const JSON_OBJECT_SUFFIX = '.json.gz';

/**
 * The key prefix of one export day, e.g. `findings/dt=2025-02-23/`.
 * @param prefix the export's prefix inside the bucket ('' or ending in '/')
 */
export function dayPrefix(prefix: string, day: string): string {
  return `${prefix}${FINDINGS_FOLDER}${DATE_PARTITION_KEY}=${day}/`;
}

/** Firehose's S3 prefix: the arrival day from Firehose's clock (no dynamic partitioning needed). */
export function firehosePrefixExpression(prefix: string): string {
  return `${prefix}${FINDINGS_FOLDER}${DATE_PARTITION_KEY}=!{timestamp:yyyy-MM-dd}/`;
}

/** Firehose's prefix for records it could not convert or deliver. */
export function firehoseErrorPrefixExpression(prefix: string): string {
  return `${prefix}${ERRORS_FOLDER}!{firehose:error-output-type}/${DATE_PARTITION_KEY}=!{timestamp:yyyy-MM-dd}/`;
}

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
 * The ASFF fields the export keeps, with their types: the Glue table's columns (and so what
 * Firehose writes to Parquet), the Parquet the CLI writes, and the JSON columns read from earlier
 * exports. What the report reads (ids, product, account, Region, severity, compliance and its
 * standards, workflow, record state, timestamps, product and user-defined fields) and what an
 * auditor asks of a finding ad hoc (generator, types, resources, description, observation times).
 * ASFF fields not listed are dropped by the conversion.
 */
export const EXPORT_COLUMNS: readonly (readonly [string, ExportColumnType])[] = [
  ['SchemaVersion', 'string'],
  ['Id', 'string'],
  ['ProductArn', 'string'],
  ['ProductName', 'string'],
  ['CompanyName', 'string'],
  ['GeneratorId', 'string'],
  ['AwsAccountId', 'string'],
  ['Region', 'string'],
  ['Types', { array: 'string' }],
  ['FirstObservedAt', 'string'],
  ['LastObservedAt', 'string'],
  ['CreatedAt', 'string'],
  ['UpdatedAt', 'string'],
  ['ProcessedAt', 'string'],
  ['Title', 'string'],
  ['Description', 'string'],
  [
    'Severity',
    {
      struct: [
        ['Label', 'string'],
        ['Normalized', 'double'],
        ['Original', 'string'],
      ],
    },
  ],
  [
    'Compliance',
    {
      struct: [
        ['Status', 'string'],
        ['SecurityControlId', 'string'],
        ['AssociatedStandards', { array: { struct: [['StandardsId', 'string']] } }],
        ['RelatedRequirements', { array: 'string' }],
        [
          'StatusReasons',
          {
            array: {
              struct: [
                ['ReasonCode', 'string'],
                ['Description', 'string'],
              ],
            },
          },
        ],
      ],
    },
  ],
  [
    'Resources',
    {
      array: {
        struct: [
          ['Type', 'string'],
          ['Id', 'string'],
          ['Partition', 'string'],
          ['Region', 'string'],
          ['Tags', { map: 'string' }],
        ],
      },
    },
  ],
  ['RecordState', 'string'],
  ['Workflow', { struct: [['Status', 'string']] }],
  ['UserDefinedFields', { map: 'string' }],
  ['ProductFields', { map: 'string' }],
];

/** A column type as Glue (Hive DDL) writes it: field names lower-cased, as Glue stores them. */
export function hiveType(type: ExportColumnType): string {
  if (type === 'string' || type === 'double') return type;
  if ('struct' in type) return `struct<${type.struct.map(([n, t]) => `${n.toLowerCase()}:${hiveType(t)}`).join(',')}>`;
  if ('array' in type) return `array<${hiveType(type.array)}>`;
  return 'map<string,string>';
}
