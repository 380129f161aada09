import {
  AthenaNamedQuery,
  AthenaWorkgroup,
  CloudwatchEventRule,
  CloudwatchEventTarget,
  CloudwatchLogGroup,
  CloudwatchLogStream,
  GlueCatalogDatabase,
  GlueCatalogTable,
  IamRole,
  IamRolePolicy,
  KinesisFirehoseDeliveryStream,
  KmsAlias,
  KmsKey,
  S3Bucket,
  S3BucketLifecycleConfiguration,
  S3BucketOwnershipControls,
  S3BucketPolicy,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfigurationA,
  TerraformOutput,
  Construct,
} from './framework';
import { ATHENA_DIALECT } from '../domain/findings-export-dialect';
import {
  DATE_PARTITION_KEY,
  ERRORS_FOLDER,
  EXPORT_COLUMNS,
  FINDINGS_FOLDER,
  firehoseErrorPrefixExpression,
  firehosePrefixExpression,
  hiveType,
} from '../domain/findings-export-layout';
import { exportedFindingsPattern } from './event-patterns';
import { EXPORT_QUERY_NAMES, exportQueries } from '../domain/findings-export-queries';
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from '../domain/iam-documents';
import { ValidationError } from './validation-error';

/** Properties of {@link FindingsExport}. */
export interface FindingsExportProps {
  /** The account that holds the export (the delegated administrator). */
  readonly accountId: string;
  /** The home (aggregation) Region, where aggregated findings arrive. */
  readonly region: string;
  /** Partition of the Region. @default aws */
  readonly partition?: string;
  /** Export findings of every product (GuardDuty, Inspector, partners...), not only Security Hub's own. @default false */
  readonly allProducts?: boolean;
  /** Days exported objects are kept; also how far back Athena's partition projection reaches. @default 365 */
  readonly retentionDays?: number;
  /** Athena's per-query cutoff: a query that would scan more is cancelled. At least 10 MB. @default 10 GiB */
  readonly scanLimitBytes?: number;
  /** Start of every resource name. @default securityhub-findings */
  readonly namePrefix?: string;
}

/** Athena's smallest per-query data usage control. */
export const MIN_SCAN_LIMIT_BYTES = 10 * 1024 * 1024;
const DEFAULT_SCAN_LIMIT_BYTES = 10 * 1024 * 1024 * 1024;

/**
 * Security Hub findings exported for org-scale reporting: an EventBridge rule on imported
 * findings sends each finding (`$.detail.findings[0]`; every event holds one) to a Firehose
 * stream, which converts each to a Parquet row with the Glue table's columns and writes large
 * objects partitioned by export day (domain/findings-export-layout.ts) to a KMS-encrypted bucket with public access blocked and
 * an expiry. A Glue table with partition projection describes the objects, and an Athena
 * workgroup with an encrypted results bucket and a per-query scan limit runs the report's
 * queries, which are also saved as named queries. `securityhub report --source athena` runs them.
 */
export class FindingsExport extends Construct {
  /** The bucket the findings are exported to. */
  public readonly bucket: S3Bucket;
  /** The key that encrypts both buckets. */
  public readonly key: KmsKey;
  /** The Firehose stream. */
  public readonly deliveryStream: KinesisFirehoseDeliveryStream;
  /** The EventBridge rule that selects exported findings. */
  public readonly rule: CloudwatchEventRule;
  /** The Glue database and table. */
  public readonly database: GlueCatalogDatabase;
  public readonly table: GlueCatalogTable;
  /** The Athena workgroup. */
  public readonly workgroup: AthenaWorkgroup;

  constructor(scope: Construct, id: string, props: FindingsExportProps) {
    super(scope, id);
    const names = settingsOf(props);
    validate(this, names);
    // Creation order follows the data: key, buckets, the table Firehose converts with, the stream,
    // the rule that feeds it, then Athena over the bucket. Ids are Terraform addresses: keep them.
    this.key = this.encryptionKey(names);
    const { bucket, results } = this.buckets(names);
    this.bucket = bucket;
    [this.database, this.table] = this.catalogue(names);
    this.deliveryStream = this.delivery(names);
    this.rule = this.exportRule(names);
    this.workgroup = this.athena(names, results);
    this.outputs(names);
  }

  /**
   * The key of both buckets. Its policy lets the account administer it, or the key becomes
   * unmanageable; everyone else (Firehose's role, Athena users) is granted through IAM.
   */
  private encryptionKey(names: ExportSettings): KmsKey {
    const key = new KmsKey(this, 'key', {
      description: 'Encrypts exported Security Hub findings and Athena query results',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: 'AccountAdministers',
          Effect: 'Allow',
          Principal: { AWS: `arn:${names.partition}:iam::${names.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ]),
    });
    new KmsAlias(this, 'alias', { name: `alias/${names.prefix}`, targetKeyId: key.keyId });
    return key;
  }

  /**
   * The export bucket (findings kept retentionDays, delivery errors at most 30 days) and the Athena
   * results bucket (30 days: results are re-run, not kept).
   */
  private buckets(names: ExportSettings): { bucket: S3Bucket; results: S3Bucket } {
    const bucket = this.privateBucket('bucket', names.bucketName, [
      {
        id: 'expire-findings',
        filter: [{ prefix: FINDINGS_FOLDER }],
        status: 'Enabled',
        expiration: [{ days: names.retentionDays }],
      },
      {
        id: 'expire-delivery-errors',
        filter: [{ prefix: ERRORS_FOLDER }],
        status: 'Enabled',
        expiration: [{ days: Math.min(names.retentionDays, 30) }],
      },
    ]);
    const results = this.privateBucket('results', names.resultsName, [
      { id: 'expire-query-results', filter: [{ prefix: '' }], status: 'Enabled', expiration: [{ days: 30 }] },
    ]);
    return { bucket, results };
  }

  /**
   * The Glue database and table: Firehose converts each finding to Parquet with the table's
   * columns, and Athena finds the day partitions by projection, so no crawler or partition
   * repair is needed; the projection reaches as far back as objects are kept.
   */
  private catalogue(names: ExportSettings): [GlueCatalogDatabase, GlueCatalogTable] {
    const { bucketName, retentionDays } = names;
    const database = new GlueCatalogDatabase(this, 'database', {
      name: names.databaseName,
      description: 'Exported Security Hub findings',
    });
    const table = new GlueCatalogTable(this, 'table', {
      databaseName: database.name,
      name: names.tableName,
      description: 'Security Hub findings (ASFF columns), one row per version, Parquet, partitioned by export day',
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        classification: 'parquet',
        'projection.enabled': 'true',
        [`projection.${DATE_PARTITION_KEY}.type`]: 'date',
        [`projection.${DATE_PARTITION_KEY}.format`]: 'yyyy-MM-dd',
        [`projection.${DATE_PARTITION_KEY}.range`]: `NOW-${retentionDays}DAYS,NOW`,
        [`projection.${DATE_PARTITION_KEY}.interval`]: '1',
        [`projection.${DATE_PARTITION_KEY}.interval.unit`]: 'DAYS',
        // `$$` is Terraform's escape for a literal `$`: Athena fills in ${dt}, not Terraform.
        'storage.location.template': `s3://${bucketName}/${FINDINGS_FOLDER}${DATE_PARTITION_KEY}=$\${${DATE_PARTITION_KEY}}/`,
      },
      partitionKeys: [{ name: DATE_PARTITION_KEY, type: 'string' }],
      storageDescriptor: {
        location: `s3://${bucketName}/${FINDINGS_FOLDER}`,
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serDeInfo: {
          serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          parameters: { 'serialization.format': '1' },
        },
        columns: EXPORT_COLUMNS.map(([name, type]) => ({ name: name.toLowerCase(), type: hiveType(type) })),
      },
      dependsOn: [this.bucket],
    });
    return [database, table];
  }

  /**
   * The Firehose stream with its role and error log: its role writes only the export bucket
   * (through the key, by S3 alone) and reads only the table's schema, and takes the account id as
   * its external id so no other account's stream can use it.
   */
  private delivery(names: ExportSettings): KinesisFirehoseDeliveryStream {
    const { prefix, accountId, region, databaseName, tableName } = names;
    const glueArn = (resource: string) => `arn:${names.partition}:glue:${region}:${accountId}:${resource}`;
    const logGroup = new CloudwatchLogGroup(this, 'delivery-logs', {
      name: `/aws/kinesisfirehose/${prefix}`,
      retentionInDays: 30,
    });
    const logStream = new CloudwatchLogStream(this, 'delivery-log-stream', {
      name: 'S3Delivery',
      logGroupName: logGroup.name,
    });
    const firehoseRole = new IamRole(this, 'delivery-role', {
      name: `${prefix}-delivery`.slice(0, 64),
      description: 'Lets Firehose write exported Security Hub findings to their bucket',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'firehose.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': accountId } },
          },
        ],
      }),
    });
    const deliveryStatements: PolicyStatement[] = [
      {
        Sid: 'ReadBucket',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: this.bucket.arn,
      },
      {
        Sid: 'WriteObjects',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: `${this.bucket.arn}/*`,
      },
      {
        Sid: 'EncryptObjects',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: this.key.arn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      },
      {
        // Record format conversion reads the Glue table's columns (the Parquet schema).
        Sid: 'ReadTableSchema',
        Effect: 'Allow',
        Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
        Resource: [
          glueArn('catalog'),
          glueArn(`database/${databaseName}`),
          glueArn(`table/${databaseName}/${tableName}`),
        ],
      },
      {
        Sid: 'LogDeliveryErrors',
        Effect: 'Allow',
        Action: 'logs:PutLogEvents',
        Resource: `${logGroup.arn}:log-stream:${logStream.name}`,
      },
    ];
    new IamRolePolicy(this, 'delivery-policy', {
      name: 'deliver-findings',
      role: firehoseRole.id,
      policy: policyDocument(deliveryStatements),
    });

    return new KinesisFirehoseDeliveryStream(this, 'delivery-stream', {
      name: prefix,
      destination: 'extended_s3',
      extendedS3Configuration: {
        roleArn: firehoseRole.arn,
        bucketArn: this.bucket.arn,
        prefix: firehosePrefixExpression(''),
        errorOutputPrefix: firehoseErrorPrefixExpression(''),
        // Parquet pages are compressed by the conversion; the object itself must not be.
        compressionFormat: 'UNCOMPRESSED',
        // The largest buffers Firehose takes: one object a day partition per 128 MB or 15 minutes,
        // at most 96 a day at low volume, and large objects at high volume (Athena reads large
        // objects faster and bills by bytes scanned, which Parquet's columns keep small).
        bufferingSize: 128,
        bufferingInterval: 900,
        kmsKeyArn: this.key.arn,
        cloudwatchLoggingOptions: { enabled: true, logGroupName: logGroup.name, logStreamName: logStream.name },
        // Each record (one finding) becomes a Parquet row with the Glue table's columns.
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: true } } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          // The table's own attributes, so the stream is created after the table it reads.
          schemaConfiguration: {
            databaseName: this.database.name,
            tableName: this.table.name,
            roleArn: firehoseRole.arn,
            region,
            versionId: 'LATEST',
          },
        },
      },
    });
  }

  /**
   * The EventBridge rule, its role and its target: the rule selects imported findings, the role
   * may put records only into this stream, and the target passes on the finding itself.
   */
  private exportRule(names: ExportSettings): CloudwatchEventRule {
    const { prefix, partition, allProducts } = names;
    const rule = new CloudwatchEventRule(this, 'rule', {
      name: `${prefix}-export`.slice(0, 64),
      description: allProducts
        ? "Imported findings of every product but members' own, to the findings export"
        : "Security Hub's own imported findings (controls), to the findings export",
      // The same builder as every other rule: Security Hub's own product in any Region (linked
      // Regions' findings arrive here with their own Region's ARN), never a member's default product.
      eventPattern: JSON.stringify(exportedFindingsPattern({ partition, allProducts })),
    });
    const eventsRole = new IamRole(this, 'events-role', {
      name: `${prefix}-events`.slice(0, 64),
      description: 'Lets EventBridge put exported Security Hub findings into Firehose',
      assumeRolePolicy: serviceTrustPolicy('events.amazonaws.com'),
    });
    new IamRolePolicy(this, 'events-policy', {
      name: 'put-findings',
      role: eventsRole.id,
      policy: policyDocument([
        {
          Sid: 'PutRecords',
          Effect: 'Allow',
          Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          Resource: this.deliveryStream.arn,
        },
      ]),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: rule.name,
      targetId: 'findings-export',
      arn: this.deliveryStream.arn,
      roleArn: eventsRole.arn,
      // Each event holds one finding; the export stores the finding itself.
      inputPath: '$.detail.findings[0]',
    });
    return rule;
  }

  /**
   * The Athena workgroup, which enforces the encrypted results location and the scan limit on
   * every query, and the report's queries saved in it (the same SQL `report --source athena` runs).
   */
  private athena(names: ExportSettings, results: S3Bucket): AthenaWorkgroup {
    const workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: names.prefix,
      description: 'Queries over exported Security Hub findings (securityhub report --source athena)',
      // Query history is kept in the results bucket; removing the workgroup must not fail on it.
      forceDestroy: true,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: names.scanLimit,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${names.resultsName}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: this.key.arn },
        },
      },
      dependsOn: [results],
    });
    const queries = exportQueries(ATHENA_DIALECT, { relation: `"${names.databaseName}"."findings"` });
    for (const name of EXPORT_QUERY_NAMES) {
      new AthenaNamedQuery(this, `query-${name}`, {
        name: `securityhub-report-${name}`,
        description: `The report's ${name.replace('-', ' ')}, latest version of each finding (securityhub report --source athena runs the same SQL)`,
        workgroup: workgroup.name,
        database: this.database.name,
        query: queries[name],
      });
    }
    return workgroup;
  }

  /** The outputs the CLI's flags take, named after the flags. */
  private outputs(names: ExportSettings): void {
    new TerraformOutput(this, 'export-location', {
      value: `s3://${names.bucketName}/`,
      description: 'Where findings are exported (securityhub export backfill --path)',
    });
    new TerraformOutput(this, 'athena-workgroup', {
      value: this.workgroup.name,
      description: 'securityhub report --source athena --workgroup',
    });
    new TerraformOutput(this, 'glue-database', {
      value: this.database.name,
      description: 'securityhub report --source athena --database',
    });
    new TerraformOutput(this, 'glue-table', {
      value: this.table.name,
      description: 'securityhub report --source athena --table',
    });
  }

  /** A bucket with the key's encryption, public access blocked, owner-enforced objects, TLS only and an expiry. */
  private privateBucket(id: string, name: string, rules: LifecycleRule[]): S3Bucket {
    const bucket = new S3Bucket(this, id, { bucket: name, forceDestroy: false });
    new S3BucketPublicAccessBlock(this, `${id}-public-access-block`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, `${id}-ownership`, {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, `${id}-encryption`, {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, `${id}-lifecycle`, {
      bucket: bucket.id,
      rule: [
        ...rules,
        {
          id: 'abort-incomplete-uploads',
          filter: [{ prefix: '' }],
          status: 'Enabled',
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketPolicy(this, `${id}-policy`, {
      bucket: bucket.id,
      policy: policyDocument([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Resource: [bucket.arn, `${bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });
    return bucket;
  }
}

/** One lifecycle rule as the provider takes it. */
type LifecycleRule = {
  id: string;
  filter: { prefix?: string }[];
  status: string;
  expiration?: { days: number }[];
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number }[];
};

/** The props with their defaults, and the names every resource group derives from them. */
interface ExportSettings {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly allProducts?: boolean;
  readonly prefix: string;
  readonly retentionDays: number;
  readonly scanLimit: number;
  /** Bucket names are global: the account and Region keep them unique. */
  readonly bucketName: string;
  readonly resultsName: string;
  /** Glue names take no dashes. */
  readonly databaseName: string;
  readonly tableName: string;
}

function settingsOf(props: FindingsExportProps): ExportSettings {
  const prefix = props.namePrefix ?? 'securityhub-findings';
  return {
    accountId: props.accountId,
    region: props.region,
    partition: props.partition ?? 'aws',
    allProducts: props.allProducts,
    prefix,
    retentionDays: props.retentionDays ?? 365,
    scanLimit: props.scanLimitBytes ?? DEFAULT_SCAN_LIMIT_BYTES,
    bucketName: `${prefix}-${props.accountId}-${props.region}`,
    resultsName: `${prefix}-results-${props.accountId}-${props.region}`,
    databaseName: prefix.replace(/-/g, '_'),
    tableName: 'findings',
  };
}

function validate(scope: Construct, v: Pick<ExportSettings, 'retentionDays' | 'scanLimit' | 'prefix'>): void {
  if (!Number.isInteger(v.retentionDays) || v.retentionDays < 1 || v.retentionDays > 3650) {
    throw new ValidationError(
      scope,
      `retentionDays ${v.retentionDays} is not a whole number of days in 1..3650; e.g. 365.`,
    );
  }
  if (!Number.isInteger(v.scanLimit) || v.scanLimit < MIN_SCAN_LIMIT_BYTES) {
    throw new ValidationError(
      scope,
      `scanLimitBytes ${v.scanLimit} is below Athena's smallest per-query limit of ${MIN_SCAN_LIMIT_BYTES} bytes (10 MB); raise it.`,
    );
  }
  if (!/^[a-z][a-z0-9-]{2,20}$/.test(v.prefix)) {
    throw new ValidationError(
      scope,
      `namePrefix ${JSON.stringify(v.prefix)} must be 3-21 lower-case letters, digits or dashes, starting with a letter (bucket names include it).`,
    );
  }
}
