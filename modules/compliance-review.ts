import * as path from 'node:path';
import { existsSync } from 'node:fs';
import {
  AssetType,
  CloudwatchLogGroup,
  Construct,
  IamRole,
  IamRolePolicy,
  KmsAlias,
  KmsKey,
  LambdaFunction,
  S3Bucket,
  S3BucketObjectLockConfigurationA,
  S3BucketOwnershipControls,
  S3BucketPolicy,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfigurationA,
  S3BucketVersioningA,
  SchedulerSchedule,
  TerraformAsset,
  TerraformOutput,
  Token,
} from './framework';
import {
  COMPLIANCE_REVIEW_ENVIRONMENT as ENV,
  COMPLIANCE_REVIEW_FUNCTION,
  type ObjectLockMode,
  type RemediationWindowSetting,
} from '../core/compliance-review-contract';
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from '../domain/iam-documents';
import type { FindingNotifications } from './notifications';
import type { RemediationLedger } from './remediation-ledger';
import type { StandardsId } from '../domain/security-standard';
import { ValidationError } from './validation-error';

/** The findings export the review reads through Athena (the FindingsExport construct's parts). */
export interface ComplianceReviewAthenaSource {
  readonly workgroupName: string;
  readonly workgroupArn: string;
  readonly databaseName: string;
  readonly tableName: string;
  /** The export bucket and the Athena results bucket. */
  readonly dataBucketArn: string;
  readonly resultsBucketArn: string;
  /** The KMS key of both buckets. */
  readonly keyArn: string;
}

/** Properties of {@link ComplianceReview}. */
export interface ComplianceReviewProps {
  /** The security account, its Region and partition. */
  readonly accountId: string;
  readonly region: string;
  /** @default aws */
  readonly partition?: string;
  /** The notification topic the summary goes to (with its KMS key). */
  readonly notifications: FindingNotifications;
  /** Folder of the Lambda packages, holding `compliance-review.zip` (`npm run bundle:functions`). */
  readonly bundleDir: string;
  /** When the review runs, in EventBridge Scheduler's syntax. @default cron(0 6 ? * MON *) (Mondays 06:00 UTC) */
  readonly scheduleExpression?: string;
  /** Object Lock mode of every object written. @default GOVERNANCE */
  readonly objectLockMode?: ObjectLockMode;
  /** Days each review's objects are locked. @default 365 */
  readonly retentionDays?: number;
  /** Standards ids an evidence pack is written for. @default every standard with findings */
  readonly standards?: readonly StandardsId[];
  /** Target score per standard and the date due. @default none */
  readonly remediationWindow?: RemediationWindowSetting;
  /** Read the findings export through Athena instead of the Security Hub API. @default the Security Hub API */
  readonly athena?: ComplianceReviewAthenaSource;
  /**
   * The remediation ledger: each weekly pack's remediations.csv lists its runs of the week, and the
   * function may read (Scan) that table only. @default none: the packs list no runs and scope.json says why
   */
  readonly ledger?: RemediationLedger;
  /** Organization name, printed on the report. @default none */
  readonly organization?: string;
  /** Evidence bucket name. @default securityhub-evidence-<account>-<Region> */
  readonly bucketName?: string;
  /** Prefix of every other name. @default securityhub */
  readonly namePrefix?: string;
}

/** The default schedule: Mondays at 06:00 UTC, before the week's review meeting. */
export const DEFAULT_REVIEW_SCHEDULE = 'cron(0 6 ? * MON *)';

/**
 * The weekly compliance review: an EventBridge Scheduler schedule runs a function that builds the
 * compliance report and an evidence pack per standard and writes them to an evidence bucket with
 * Object Lock (WORM: versioning, a default retention, SSE-KMS with a rotating key, TLS only,
 * public access blocked), then publishes a summary with each standard's change since the previous
 * review and its progress in the remediation window to the notification topic.
 */
export class ComplianceReview extends Construct {
  /** The evidence bucket. */
  public readonly bucket: S3Bucket;
  /** The bucket's KMS key. */
  public readonly key: KmsKey;
  /** The review function. */
  public readonly function: LambdaFunction;
  /** The schedule that runs it. */
  public readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, props: ComplianceReviewProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const prefix = props.namePrefix ?? 'securityhub';
    const retentionDays = props.retentionDays ?? 365;
    const lockMode = props.objectLockMode ?? 'GOVERNANCE';
    const scheduleExpression = props.scheduleExpression ?? DEFAULT_REVIEW_SCHEDULE;
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 36500) {
      throw new ValidationError(
        this,
        `retentionDays ${retentionDays} is not a whole number of days in 1..36500; e.g. 365.`,
      );
    }
    if (
      !Token.isUnresolved(scheduleExpression) &&
      !/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\)|at\(.+\))$/.test(scheduleExpression)
    ) {
      throw new ValidationError(
        this,
        `scheduleExpression ${JSON.stringify(scheduleExpression)} is not an EventBridge Scheduler expression; write rate(7 days) or cron(0 6 ? * MON *).`,
      );
    }
    for (const [standardsId, target] of Object.entries(props.remediationWindow?.targets ?? {})) {
      if (!(target >= 0 && target <= 100))
        throw new ValidationError(
          this,
          `remediationWindow.targets[${JSON.stringify(standardsId)}] is ${target}; a target is a score from 0 to 100, e.g. 90.`,
        );
    }
    if (props.remediationWindow && !/^\d{4}-\d{2}-\d{2}$/.test(props.remediationWindow.by)) {
      throw new ValidationError(
        this,
        `remediationWindow.by ${JSON.stringify(props.remediationWindow.by)} is not a date written YYYY-MM-DD; e.g. 2027-03-31.`,
      );
    }
    const zip = path.join(props.bundleDir, `${COMPLIANCE_REVIEW_FUNCTION}.zip`);
    if (!existsSync(zip))
      throw new ValidationError(
        this,
        `no bundle ${COMPLIANCE_REVIEW_FUNCTION}.zip in ${props.bundleDir}; run \`npm run bundle:functions\` before synth.`,
      );
    const root = `arn:${partition}:iam::${props.accountId}:root`;
    const functionName = `${prefix}-${COMPLIANCE_REVIEW_FUNCTION}`;

    this.key = new KmsKey(this, 'key', {
      description: 'Encrypts the compliance evidence bucket',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // The account administers the key; the review function is granted through IAM.
      policy: policyDocument([
        { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' },
      ]),
    });
    new KmsAlias(this, 'alias', { name: `alias/${prefix}-evidence`, targetKeyId: this.key.keyId });

    // Object Lock can only be switched on when the bucket is created; it turns versioning on too.
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName ?? `${prefix}-evidence-${props.accountId}-${props.region}`,
      objectLockEnabled: true,
      forceDestroy: false,
    });
    new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketObjectLockConfigurationA(this, 'object-lock', {
      bucket: this.bucket.id,
      rule: { defaultRetention: { mode: lockMode, days: retentionDays } },
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPolicy(this, 'bucket-policy', {
      bucket: this.bucket.id,
      policy: policyDocument([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });

    const hubArn = `arn:${partition}:securityhub:${props.region}:${props.accountId}:hub/default`;
    const role = new IamRole(this, 'function-role', {
      name: `${prefix}-compliance-review`,
      description: 'Weekly compliance review: reads findings, writes the report and evidence, publishes the summary',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com'),
    });
    const statements: PolicyStatement[] = [
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:/aws/lambda/${functionName}:*`,
      },
      // Read-only calls of the report; the standards and controls lists have no resource type.
      {
        Sid: 'ReadFindings',
        Effect: 'Allow',
        Action: [
          'securityhub:GetFindings',
          'securityhub:GetEnabledStandards',
          'securityhub:ListMembers',
          'securityhub:BatchGetStandardsControlAssociations',
        ],
        Resource: hubArn,
      },
      // The control definitions are AWS's, not the account's: the action has no resource type.
      { Sid: 'ReadControls', Effect: 'Allow', Action: 'securityhub:ListSecurityControlDefinitions', Resource: '*' },
      {
        Sid: 'WriteEvidence',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject'],
        Resource: `${this.bucket.arn}/*`,
      },
      // ListBucket turns a missing latest.json into NoSuchKey (the first review) rather than AccessDenied.
      { Sid: 'FindLatestReview', Effect: 'Allow', Action: 's3:ListBucket', Resource: this.bucket.arn },
      {
        Sid: 'EncryptEvidence',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: this.key.arn,
      },
      { Sid: 'Notify', Effect: 'Allow', Action: 'sns:Publish', Resource: props.notifications.topic.arn },
      {
        Sid: 'NotifyEncrypted',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: props.notifications.key.arn,
      },
    ];
    const a = props.athena;
    if (a) {
      statements.push(
        {
          Sid: 'RunQueries',
          Effect: 'Allow',
          Action: [
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
          ],
          Resource: a.workgroupArn,
        },
        {
          Sid: 'ReadCatalogue',
          Effect: 'Allow',
          Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
          Resource: [
            `arn:${partition}:glue:${props.region}:${props.accountId}:catalog`,
            `arn:${partition}:glue:${props.region}:${props.accountId}:database/${a.databaseName}`,
            `arn:${partition}:glue:${props.region}:${props.accountId}:table/${a.databaseName}/${a.tableName}`,
          ],
        },
        { Sid: 'ReadExport', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${a.dataBucketArn}/*` },
        {
          Sid: 'ListExport',
          Effect: 'Allow',
          Action: ['s3:ListBucket', 's3:GetBucketLocation'],
          Resource: [a.dataBucketArn, a.resultsBucketArn],
        },
        {
          Sid: 'WriteResults',
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
          Resource: `${a.resultsBucketArn}/*`,
        },
        { Sid: 'DecryptExport', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: a.keyArn },
      );
    }
    if (props.ledger) {
      // LedgerRunsReader scans the table (its only key is the run id); nothing else is read and nothing written.
      statements.push({
        Sid: 'ReadLedger',
        Effect: 'Allow',
        Action: 'dynamodb:Scan',
        Resource: props.ledger.table.arn,
      });
    }
    new IamRolePolicy(this, 'function-policy', {
      name: 'compliance-review',
      role: role.id,
      policy: policyDocument(statements),
    });

    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: 365,
    });
    const asset = new TerraformAsset(this, 'bundle', { path: zip, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName,
      description: 'Security Hub weekly compliance review: report, evidence packs, summary',
      role: role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      // GetFindings over a large organization, or Athena queries, take minutes.
      timeout: 900,
      memorySize: 1024,
      environment: {
        variables: {
          [ENV.bucket]: this.bucket.bucket,
          [ENV.topicArn]: props.notifications.topic.arn,
          [ENV.lockMode]: lockMode,
          [ENV.retentionDays]: String(retentionDays),
          [ENV.standards]: (props.standards ?? []).join(','),
          [ENV.organization]: props.organization ?? '',
          [ENV.administratorAccount]: props.accountId,
          ...(props.remediationWindow ? { [ENV.remediationWindow]: JSON.stringify(props.remediationWindow) } : {}),
          ...(a
            ? {
                [ENV.athenaWorkgroup]: a.workgroupName,
                [ENV.athenaDatabase]: a.databaseName,
                [ENV.athenaTable]: a.tableName,
              }
            : {}),
          ...(props.ledger ? { [ENV.ledgerTable]: props.ledger.table.name } : {}),
        },
      },
      dependsOn: [logGroup],
    });

    const schedulerRole = new IamRole(this, 'schedule-role', {
      name: `${prefix}-compliance-review-schedule`,
      description: 'Lets EventBridge Scheduler run the weekly compliance review',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'schedule-policy', {
      name: 'invoke-review',
      role: schedulerRole.id,
      policy: policyDocument([
        { Sid: 'InvokeReview', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: this.function.arn },
      ]),
    });
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name: `${prefix}-compliance-review`,
      description: 'Weekly Security Hub compliance review',
      scheduleExpression,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: this.function.arn, roleArn: schedulerRole.arn, retryPolicy: { maximumRetryAttempts: 2 } },
    });
    new TerraformOutput(this, 'evidence-bucket', {
      value: this.bucket.bucket,
      description: 'Where the weekly reviews and evidence packs are kept (reviews/<day>/)',
    });
  }
}
