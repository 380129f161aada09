import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeMetricFiltersCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewaysCommand,
  DescribeVolumesCommand,
  ModifySubnetAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListEntitiesForPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  CreateDocumentCommand,
  DescribeDocumentPermissionCommand,
  ModifyDocumentPermissionCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { METRIC_FILTER_PATTERNS } from '../../remediation-functions/runbooks/cloudwatch';
import type { AwsClients } from '../../remediation-functions/shared/clients';
import type { PolicyParameterValue } from '../../core/remediation-policy';
import { REGION, type RemediationHarness } from './harness';

/* The scenario shape the runbook suite (runbooks.test.ts) runs, and the scenarios of the newer runbooks. */

/** The tag the suite's exemptions match. */
export const EXEMPT_TAG = { key: 'securityhub-remediation', value: 'exempt' };
export const EXEMPT_TAGS = [{ Key: EXEMPT_TAG.key, Value: EXEMPT_TAG.value }];

/** A finding resource. */
export interface Resource {
  readonly Type: string;
  readonly Id: string;
}

/** What a scenario gets: the harness, its own member account and clients acting there. */
export interface CaseContext {
  readonly h: RemediationHarness;
  readonly accountId: string;
  readonly clients: AwsClients;
  readonly ec2: EC2Client;
}

/** One runbook scenario. */
export interface RunbookCase {
  readonly name: string;
  /** Security control id or custom action id. */
  readonly id: string;
  /** Exempt by resource tag, or by account for account-level controls. */
  readonly scope: 'resource' | 'account';
  /** Creates the non-compliant resource (tagged exempt when asked). */
  setup(c: CaseContext, exempt: boolean): Promise<Resource>;
  /** The settings the runbook may change, comparable with toEqual. */
  read(c: CaseContext, r: Resource): Promise<unknown>;
  /** Whether the state read is compliant (notify-only cases: whether it is unchanged is what counts). */
  compliant(state: never): boolean;
  /** Parameters the runbook needs, created in the case's account. */
  parameters?(c: CaseContext): Promise<Record<string, PolicyParameterValue>>;
  /** Checks the state after rollback when it cannot equal the before-state exactly. */
  restored?(before: never, after: never): void;
}

export const accountResource = (c: CaseContext): Resource => ({
  Type: 'AwsAccount',
  Id: `AWS::::Account:${c.accountId}`,
});
let counter = 0;
/** A name no other scenario uses. */
export const unique = (prefix: string) => `${prefix}-${++counter}`;

const tagsIf = (exempt: boolean) => (exempt ? EXEMPT_TAGS : []);
const lastPart = (r: Resource, separator: string) => r.Id.split(separator).pop() as string;

/** A new bucket in the case's account (tagged exempt when asked), as a finding resource. */
async function dataBucket(c: CaseContext, exempt: boolean): Promise<Resource> {
  const name = unique(`data-${c.accountId}`);
  const s3 = c.clients.get('s3', S3Client);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  if (exempt) await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: EXEMPT_TAGS } }));
  return { Type: 'AwsS3Bucket', Id: `arn:aws:s3:::${name}` };
}

/** The account in the alarm line's topic ARN (the case's own account: the topic was named, not given as an ARN). */
const topicAccountOf = (alarm: string): string => /:sns:[a-z0-9-]+:(\d{12}):/.exec(alarm)?.[1] ?? 'none';

/* CloudWatch.1-14: the trail delivers to a log group in the account; alarms notify a topic by name. */

const TRAIL_LOG_GROUP = 'org-trail-events';
const ALARM_TOPIC = 'security-alarms';

async function monitoringState(c: CaseContext): Promise<{ filters: string[]; alarms: string[] }> {
  const filters =
    (
      await c.clients
        .get('logs', CloudWatchLogsClient)
        .send(new DescribeMetricFiltersCommand({ logGroupName: TRAIL_LOG_GROUP }))
    ).metricFilters ?? [];
  const alarms =
    (await c.clients.get('cloudwatch', CloudWatchClient).send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
  return {
    filters: filters
      .map(
        (f) =>
          `${f.filterName} ${f.metricTransformations?.[0]?.metricNamespace}/${f.metricTransformations?.[0]?.metricName} ${f.filterPattern}`,
      )
      .sort(),
    alarms: alarms
      .map((a) => `${a.AlarmName} ${a.Namespace}/${a.MetricName} ${(a.AlarmActions ?? []).join(',')}`)
      .sort(),
  };
}

function metricFilterCase(id: string): RunbookCase {
  const { pattern, metric } = METRIC_FILTER_PATTERNS[id];
  return {
    name: `${id} log metric filter and alarm (log group of the multi-Region trail)`,
    id,
    scope: 'account',
    parameters: async () => ({ AlarmTopic: ALARM_TOPIC }),
    setup: async (c) => {
      await c.clients.get('sns', SNSClient).send(new CreateTopicCommand({ Name: ALARM_TOPIC }));
      await c.clients
        .get('logs', CloudWatchLogsClient)
        .send(new CreateLogGroupCommand({ logGroupName: TRAIL_LOG_GROUP }))
        .catch(() => undefined);
      const trailBucket = unique(`trail-${c.accountId}`);
      await c.clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: trailBucket }));
      await c.clients.get('cloudtrail', CloudTrailClient).send(
        new CreateTrailCommand({
          Name: unique('org-trail'),
          S3BucketName: trailBucket,
          IsMultiRegionTrail: true,
          CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${c.accountId}:log-group:${TRAIL_LOG_GROUP}:*`,
          CloudWatchLogsRoleArn: `arn:aws:iam::${c.accountId}:role/trail-to-logs`,
        }),
      );
      return accountResource(c);
    },
    read: monitoringState,
    compliant: (s: { filters: string[]; alarms: string[] }) =>
      s.filters.some((f) => f.endsWith(` ${pattern}`) && f.includes(`/${metric} `)) &&
      s.alarms.some((a) => a.includes(`/${metric} arn:aws:sns:${REGION}:${topicAccountOf(a)}:${ALARM_TOPIC}`)),
  };
}

/* S3.9, CloudTrail.7: server access logging to the account's log bucket. */

function accessLoggingCase(id: string): RunbookCase {
  return {
    name: `${id} server access logging`,
    id,
    scope: 'resource',
    parameters: async (c) => {
      const name = `access-logs-${c.accountId}-${REGION}`;
      const s3 = c.clients.get('s3', S3Client);
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      // What AWS (and local AWS) require of a log bucket: the logging service may write to it.
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: name,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'logging.s3.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: `arn:aws:s3:::${name}/*`,
                Condition: { StringEquals: { 'aws:SourceAccount': c.accountId } },
              },
            ],
          }),
        }),
      );
      return { LogBucketName: 'access-logs-{AccountId}-{Region}' };
    },
    setup: dataBucket,
    read: async (c, r) => {
      const logging = (
        await c.clients
          .get('s3', S3Client)
          .send(new GetBucketLoggingCommand({ Bucket: r.Id.slice('arn:aws:s3:::'.length) }))
      ).LoggingEnabled;
      return logging ? `${logging.TargetBucket}/${logging.TargetPrefix}` : 'off';
    },
    compliant: (s: string) => /^access-logs-\d{12}-us-east-1\/s3-access-logs\/data-\d{12}-\d+\/$/.test(s),
  };
}

/* RDS.7, RDS.8, RDS.16, RDS.17: one flag on a DB instance or cluster. */

type Flag = 'DeletionProtection' | 'CopyTagsToSnapshot';

function rdsFlagCase(id: string, kind: 'instance' | 'cluster', flag: Flag): RunbookCase {
  return {
    name: `${id} ${flag} on a DB ${kind}`,
    id,
    scope: 'resource',
    setup: async (c, exempt) => {
      const rds = c.clients.get('rds', RDSClient);
      const name = unique(kind === 'cluster' ? 'cluster' : 'db');
      if (kind === 'cluster') {
        const created = await rds.send(
          new CreateDBClusterCommand({
            DBClusterIdentifier: name,
            Engine: 'aurora-postgresql',
            MasterUsername: 'admin1',
            MasterUserPassword: 'password-123',
            DeletionProtection: false,
            CopyTagsToSnapshot: false,
            Tags: tagsIf(exempt),
          }),
        );
        return { Type: 'AwsRdsDbCluster', Id: created.DBCluster?.DBClusterArn as string };
      }
      const created = await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: name,
          Engine: 'postgres',
          DBInstanceClass: 'db.t3.micro',
          AllocatedStorage: 20,
          MasterUsername: 'admin1',
          MasterUserPassword: 'password-123',
          DeletionProtection: false,
          CopyTagsToSnapshot: false,
          Tags: tagsIf(exempt),
        }),
      );
      return { Type: 'AwsRdsDbInstance', Id: created.DBInstance?.DBInstanceArn as string };
    },
    read: async (c, r) => {
      const rds = c.clients.get('rds', RDSClient);
      const found =
        kind === 'cluster'
          ? (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: lastPart(r, ':') }))).DBClusters?.[0]
          : (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: lastPart(r, ':') })))
              .DBInstances?.[0];
      return found?.[flag] ?? false;
    },
    compliant: (on: boolean) => on === true,
  };
}

/* IAM.3, IAM.8, IAM.22: a user with two active keys (0 days: every key counts as old, or as unused, since local AWS cannot age a key). */

function accessKeyCase(id: string, parameter: string): RunbookCase {
  return {
    name: `${id} access keys made Inactive, never deleted`,
    id,
    scope: 'resource',
    parameters: async () => ({ [parameter]: 0 }),
    setup: async (c, exempt) => {
      const iam = c.clients.get('iam', IAMClient);
      const userName = unique('ci-deployer');
      const user = await iam.send(new CreateUserCommand({ UserName: userName, Tags: tagsIf(exempt) }));
      for (let i = 0; i < 2; i++) await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
      return { Type: 'AwsIamUser', Id: user.User?.Arn as string };
    },
    read: async (c, r) =>
      (
        (await c.clients.get('iam', IAMClient).send(new ListAccessKeysCommand({ UserName: lastPart(r, '/') })))
          .AccessKeyMetadata ?? []
      )
        .map((k) => `${k.AccessKeyId} ${k.Status}`)
        .sort(),
    // Both keys still exist (nothing deleted), both Inactive.
    compliant: (keys: string[]) => keys.length === 2 && keys.every((k) => k.endsWith(' Inactive')),
  };
}

/* EC2.18: world-open rules on ports outside the authorized lists (TCP 80, 443 and 8000-8010 here; no UDP port). */

const AUTHORIZED_PORT_RULES = [
  {
    IpProtocol: 'tcp',
    FromPort: 443,
    ToPort: 443,
    IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    Ipv6Ranges: [{ CidrIpv6: '::/0' }],
  },
  { IpProtocol: 'tcp', FromPort: 8005, ToPort: 8005, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 8000, ToPort: 8020, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'dev servers' }] },
  { IpProtocol: 'tcp', FromPort: 3000, ToPort: 3000, IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8' }] },
  { IpProtocol: 'udp', FromPort: 53, ToPort: 53, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
  { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
];

/** Inbound rules of the group as sorted `proto from-to source` lines. */
async function ingressLines(c: CaseContext, r: Resource): Promise<string[]> {
  const group = (await c.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [lastPart(r, '/')] })))
    .SecurityGroups?.[0];
  return (group?.IpPermissions ?? [])
    .flatMap((p) => [
      ...(p.IpRanges ?? []).map((x) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} ${x.CidrIp}`),
      ...(p.Ipv6Ranges ?? []).map((x) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} ${x.CidrIpv6}`),
    ])
    .sort();
}

/** S3.13: the bucket's lifecycle rules as `id status`, or none. */
async function lifecycleLines(c: CaseContext, r: Resource): Promise<string[] | 'none'> {
  try {
    const rules =
      (
        await c.clients
          .get('s3', S3Client)
          .send(new GetBucketLifecycleConfigurationCommand({ Bucket: lastPart(r, ':') }))
      ).Rules ?? [];
    return rules.map(
      (rule) =>
        `${rule.ID} ${rule.Status} abort-after-${rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation} expires-${rule.Expiration?.Days ?? 'never'}`,
    );
  } catch {
    return 'none';
  }
}

/** Scenarios of the runbooks added for the CIS monitoring, logging, data-protection and credential controls. */
export const BREADTH_CASES: RunbookCase[] = [
  ...Object.keys(METRIC_FILTER_PATTERNS).map(metricFilterCase),
  accessLoggingCase('S3.9'),
  accessLoggingCase('CloudTrail.7'),
  {
    name: 'EC2.15 subnet assigns public IPv4 addresses (Remediate custom action)',
    id: 'EC2.15',
    scope: 'resource',
    setup: async (c, exempt) => {
      const vpcId = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc?.VpcId as string;
      const subnetId = (
        await c.ec2.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: '10.30.1.0/24',
            TagSpecifications: exempt ? [{ ResourceType: 'subnet', Tags: EXEMPT_TAGS }] : [],
          }),
        )
      ).Subnet?.SubnetId as string;
      await c.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
      return { Type: 'AwsEc2Subnet', Id: `arn:aws:ec2:${REGION}:${c.accountId}:subnet/${subnetId}` };
    },
    read: async (c, r) =>
      (await c.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [lastPart(r, '/')] }))).Subnets?.[0]
        ?.MapPublicIpOnLaunch,
    compliant: (on: boolean) => on === false,
  },
  rdsFlagCase('RDS.7', 'cluster', 'DeletionProtection'),
  rdsFlagCase('RDS.8', 'instance', 'DeletionProtection'),
  rdsFlagCase('RDS.16', 'cluster', 'CopyTagsToSnapshot'),
  rdsFlagCase('RDS.17', 'instance', 'CopyTagsToSnapshot'),
  {
    name: 'RDS.4 unencrypted DB snapshot (notify only)',
    id: 'RDS.4',
    scope: 'resource',
    setup: async (c, exempt) => {
      const rds = c.clients.get('rds', RDSClient);
      const db = await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: unique('db'),
          Engine: 'postgres',
          DBInstanceClass: 'db.t3.micro',
          AllocatedStorage: 20,
          MasterUsername: 'admin1',
          MasterUserPassword: 'password-123',
          StorageEncrypted: false,
        }),
      );
      const snapshot = await rds.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: db.DBInstance?.DBInstanceIdentifier,
          DBSnapshotIdentifier: unique('snap'),
          Tags: tagsIf(exempt),
        }),
      );
      return { Type: 'AwsRdsDbSnapshot', Id: snapshot.DBSnapshot?.DBSnapshotArn as string };
    },
    read: async (c, r) =>
      (
        await c.clients
          .get('rds', RDSClient)
          .send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: lastPart(r, ':') }))
      ).DBSnapshots?.[0]?.Encrypted,
    compliant: () => false,
  },
  {
    name: 'SNS.1 topic encryption (Remediate custom action)',
    id: 'SNS.1',
    scope: 'resource',
    setup: async (c, exempt) => ({
      Type: 'AwsSnsTopic',
      Id: (
        await c.clients
          .get('sns', SNSClient)
          .send(new CreateTopicCommand({ Name: unique('orders'), Tags: tagsIf(exempt) }))
      ).TopicArn as string,
    }),
    read: async (c, r) =>
      (await c.clients.get('sns', SNSClient).send(new GetTopicAttributesCommand({ TopicArn: r.Id }))).Attributes
        ?.KmsMasterKeyId || null,
    compliant: (key: string | null) => key === 'alias/aws/sns',
  },
  {
    name: 'SQS.1 queue encryption',
    id: 'SQS.1',
    scope: 'resource',
    setup: async (c, exempt) => {
      const sqs = c.clients.get('sqs', SQSClient);
      const name = unique('jobs');
      const url = (
        await sqs.send(
          new CreateQueueCommand({
            QueueName: name,
            Attributes: { SqsManagedSseEnabled: 'false' },
            tags: exempt ? { [EXEMPT_TAG.key]: EXEMPT_TAG.value } : {},
          }),
        )
      ).QueueUrl as string;
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn as string;
      return { Type: 'AwsSqsQueue', Id: arn };
    },
    read: async (c, r) => {
      const url = `${c.h.local.endpoint}/${c.accountId}/${lastPart(r, ':')}`;
      return (
        await c.clients
          .get('sqs', SQSClient)
          .send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['SqsManagedSseEnabled'] }))
      ).Attributes?.SqsManagedSseEnabled;
    },
    compliant: (on: string) => on === 'true',
  },
  {
    name: 'DynamoDB.6 table deletion protection',
    id: 'DynamoDB.6',
    scope: 'resource',
    setup: async (c, exempt) => {
      const table = await c.clients.get('dynamodb', DynamoDBClient).send(
        new CreateTableCommand({
          TableName: unique('orders'),
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          DeletionProtectionEnabled: false,
          Tags: tagsIf(exempt),
        }),
      );
      return { Type: 'AwsDynamoDbTable', Id: table.TableDescription?.TableArn as string };
    },
    read: async (c, r) =>
      (await c.clients.get('dynamodb', DynamoDBClient).send(new DescribeTableCommand({ TableName: lastPart(r, '/') })))
        .Table?.DeletionProtectionEnabled ?? false,
    compliant: (on: boolean) => on === true,
  },
  {
    name: 'ECR.1 scan on push',
    id: 'ECR.1',
    scope: 'resource',
    setup: async (c, exempt) => {
      const repository = await c.clients.get('ecr', ECRClient).send(
        new CreateRepositoryCommand({
          repositoryName: unique('web'),
          imageScanningConfiguration: { scanOnPush: false },
          tags: tagsIf(exempt),
        }),
      );
      return { Type: 'AwsEcrRepository', Id: repository.repository?.repositoryArn as string };
    },
    read: async (c, r) =>
      (
        await c.clients
          .get('ecr', ECRClient)
          .send(new DescribeRepositoriesCommand({ repositoryNames: [lastPart(r, '/')] }))
      ).repositories?.[0]?.imageScanningConfiguration?.scanOnPush,
    compliant: (on: boolean) => on === true,
  },
  {
    name: 'EC2.3 unencrypted EBS volume (notify only)',
    id: 'EC2.3',
    scope: 'resource',
    setup: async (c, exempt) => {
      const volumeId = (
        await c.ec2.send(
          new CreateVolumeCommand({
            AvailabilityZone: `${REGION}a`,
            Size: 8,
            Encrypted: false,
            TagSpecifications: exempt ? [{ ResourceType: 'volume', Tags: EXEMPT_TAGS }] : [],
          }),
        )
      ).VolumeId as string;
      return { Type: 'AwsEc2Volume', Id: `arn:aws:ec2:${REGION}:${c.accountId}:volume/${volumeId}` };
    },
    read: async (c, r) =>
      (await c.ec2.send(new DescribeVolumesCommand({ VolumeIds: [lastPart(r, '/')] }))).Volumes?.[0]?.Encrypted,
    compliant: () => false,
  },
  ...['SecretsManager.1', 'SecretsManager.3', 'SecretsManager.4'].map((id): RunbookCase => ({
    name: `${id} secret (notify only)`,
    id,
    scope: 'resource',
    setup: async (c, exempt) => {
      const secret = await c.clients.get('secretsmanager', SecretsManagerClient).send(
        new CreateSecretCommand({
          Name: unique('db-password'),
          SecretString: 'not-a-real-password',
          Tags: tagsIf(exempt),
        }),
      );
      return { Type: 'AwsSecretsManagerSecret', Id: secret.ARN as string };
    },
    read: async (c, r) => {
      const s = await c.clients
        .get('secretsmanager', SecretsManagerClient)
        .send(new DescribeSecretCommand({ SecretId: r.Id }));
      return { rotation: s.RotationEnabled ?? false, deleted: s.DeletedDate !== undefined };
    },
    compliant: () => false,
  })),
  accessKeyCase('IAM.3', 'MaxAccessKeyAge'),
  accessKeyCase('IAM.8', 'MaxUnusedDays'),
  accessKeyCase('IAM.22', 'MaxUnusedDays'),
  {
    name: 'IAM.18 support role',
    id: 'IAM.18',
    scope: 'account',
    setup: async (c) => accountResource(c),
    read: async (c) =>
      (
        (
          await c.clients.get('iam', IAMClient).send(
            new ListEntitiesForPolicyCommand({
              PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess',
              EntityFilter: 'Role',
            }),
          )
        ).PolicyRoles ?? []
      )
        .map((r) => r.RoleName)
        .sort(),
    compliant: (roles: string[]) => JSON.stringify(roles) === '["securityhub-aws-support"]',
  },
  {
    name: 'S3.13 lifecycle rule on a bucket without one',
    id: 'S3.13',
    scope: 'resource',
    parameters: async () => ({ AbortIncompleteMultipartUploadDays: 3 }),
    setup: dataBucket,
    read: lifecycleLines,
    // One enabled rule that only aborts incomplete uploads: no object expires.
    compliant: (s: string[] | 'none') =>
      JSON.stringify(s) === '["securityhub-abort-incomplete-multipart-uploads Enabled abort-after-3 expires-never"]',
  },
  {
    name: 'SSM.4 document shared with every account',
    id: 'SSM.4',
    scope: 'resource',
    setup: async (c, exempt) => {
      const ssm = c.clients.get('ssm', SSMClient);
      const name = unique('RestartWebTier');
      await ssm.send(
        new CreateDocumentCommand({
          Name: name,
          DocumentType: 'Command',
          Tags: tagsIf(exempt),
          Content: JSON.stringify({
            schemaVersion: '2.2',
            description: 'restart',
            mainSteps: [
              { action: 'aws:runShellScript', name: 'restart', inputs: { runCommand: ['systemctl restart web'] } },
            ],
          }),
        }),
      );
      await ssm.send(
        new ModifyDocumentPermissionCommand({ Name: name, PermissionType: 'Share', AccountIdsToAdd: ['all'] }),
      );
      return { Type: 'AwsSsmDocument', Id: `arn:aws:ssm:${REGION}:${c.accountId}:document/${name}` };
    },
    read: async (c, r) =>
      (
        (
          await c.clients
            .get('ssm', SSMClient)
            .send(new DescribeDocumentPermissionCommand({ Name: lastPart(r, '/'), PermissionType: 'Share' }))
        ).AccountIds ?? []
      ).sort(),
    compliant: (ids: string[]) => !ids.some((id) => id.toLowerCase() === 'all'),
  },
  {
    name: 'EC2.18 world-open ports outside the authorized lists (Remediate custom action)',
    id: 'EC2.18',
    scope: 'resource',
    parameters: async () => ({ authorizedTcpPorts: '80,443,8000-8010' }),
    setup: async (c, exempt) => {
      const vpcId = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc?.VpcId as string;
      const groupId = (
        await c.ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: unique('public-web'),
            Description: 'public web tier',
            VpcId: vpcId,
            TagSpecifications: exempt ? [{ ResourceType: 'security-group', Tags: EXEMPT_TAGS }] : [],
          }),
        )
      ).GroupId as string;
      await c.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: AUTHORIZED_PORT_RULES }),
      );
      return { Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:${REGION}:${c.accountId}:security-group/${groupId}` };
    },
    read: ingressLines,
    // Authorized ports, other sources and ICMP stay; 8000-8020 (partly outside), 3000 and UDP 53 lose their world-open ranges.
    compliant: (rules: string[]) =>
      JSON.stringify(rules) ===
      JSON.stringify([
        'icmp -1--1 0.0.0.0/0',
        'tcp 3000-3000 10.0.0.0/8',
        'tcp 443-443 0.0.0.0/0',
        'tcp 443-443 ::/0',
        'tcp 8005-8005 0.0.0.0/0',
      ]),
  },
  {
    name: 'EC2.23 transit gateway accepts shared attachments on its own (Remediate custom action)',
    id: 'EC2.23',
    scope: 'resource',
    setup: async (c, exempt) => {
      const gateway = (
        await c.ec2.send(
          new CreateTransitGatewayCommand({
            Description: 'shared network hub',
            Options: { AutoAcceptSharedAttachments: 'enable' },
            TagSpecifications: exempt ? [{ ResourceType: 'transit-gateway', Tags: EXEMPT_TAGS }] : [],
          }),
        )
      ).TransitGateway;
      return {
        Type: 'AwsEc2TransitGateway',
        Id: `arn:aws:ec2:${REGION}:${c.accountId}:transit-gateway/${gateway?.TransitGatewayId}`,
      };
    },
    read: async (c, r) =>
      (await c.ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [lastPart(r, '/')] })))
        .TransitGateways?.[0]?.Options?.AutoAcceptSharedAttachments,
    compliant: (setting: string) => setting === 'disable',
  },
];
