import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeMetricFiltersCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketLoggingCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { remediationSchema, tierRemediationSchema } from '../../config/remediation-schema';
import { buildRemediationPolicy } from '../../domain/remediation-plan';
import type { PolicyParameterValue } from '../../core/remediation-policy';
import { controlFinding, customActionEvent, importedEvent, RemediationHarness, REGION } from './harness';

/*
 * What the newer runbooks do beyond the suite's five steps: thresholds that leave fresh
 * credentials alone, a metric filter the account already has (written differently) counted as
 * compliant, and the cases where a runbook refuses and changes nothing.
 */

const ACCOUNTS = ['230000000001', '230000000002', '230000000003', '230000000004', '230000000005'];

let h: RemediationHarness;

beforeAll(async () => {
  h = await RemediationHarness.start({
    version: 1,
    tiers: [],
    exemptions: [],
    rateLimitPerAccountPerHour: 1000,
    runbooks: {},
    customActions: [],
    parameters: {},
  });
});
afterAll(() => h?.stop());

function policy(
  controls: Record<string, string>,
  parameters: Record<string, Record<string, PolicyParameterValue>> = {},
): void {
  h.policy.set(
    buildRemediationPolicy(remediationSchema.parse({ parameters }), [
      {
        name: 'staging',
        environment: 'staging',
        accounts: ACCOUNTS,
        organizationalUnits: [],
        remediation: tierRemediationSchema.parse({ controls }),
      },
    ]),
  );
}

async function run(securityControlId: string, accountId: string, resource: { Type: string; Id: string }) {
  const finding = h.loadFinding(controlFinding({ securityControlId, accountId, resource }));
  try {
    const response = await h.handler()(importedEvent([finding]));
    return response.results?.[0] as { outcome: string; changes: string[]; reason?: string; runId: string };
  } catch (error) {
    return (error as { failures?: { reason: string }[] }).failures?.[0]
      ? {
          outcome: 'FAILED',
          changes: [],
          reason: (error as { failures: { reason: string }[] }).failures[0].reason,
          runId: '',
        }
      : Promise.reject(error);
  }
}

test('IAM.3 with the 90-day default leaves a key created today Active', async () => {
  const [accountId] = ACCOUNTS;
  // IAM.3 is not safe to automate: a person starts it with the Remediate custom action.
  policy({ 'IAM.3': 'manual' });
  const iam = (await h.member(accountId)).get('iam', IAMClient);
  const user = await iam.send(new CreateUserCommand({ UserName: 'fresh-key-user' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'fresh-key-user' }));
  const finding = h.loadFinding(
    controlFinding({
      securityControlId: 'IAM.3',
      accountId,
      resource: { Type: 'AwsIamUser', Id: user.User?.Arn as string },
    }),
  );
  const result = (await h.handler()(customActionEvent('Remediate', [finding]))).results?.[0];
  expect(result).toMatchObject({ outcome: 'REMEDIATED', changes: [] });
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: 'fresh-key-user' }))).AccessKeyMetadata ?? [];
  expect(keys.map((k) => k.Status)).toEqual(['Active']);
});

test('CloudWatch.5: a filter the account wrote itself (other spacing, other name) with an alarm to a topic counts as compliant; nothing is added', async () => {
  const accountId = ACCOUNTS[1];
  const clients = await h.member(accountId);
  await clients.get('logs', CloudWatchLogsClient).send(new CreateLogGroupCommand({ logGroupName: 'trail-events' }));
  await clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: `trail-${accountId}` }));
  await clients.get('cloudtrail', CloudTrailClient).send(
    new CreateTrailCommand({
      Name: 'org',
      S3BucketName: `trail-${accountId}`,
      IsMultiRegionTrail: true,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${accountId}:log-group:trail-events:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/t`,
    }),
  );
  const topic = (await clients.get('sns', SNSClient).send(new CreateTopicCommand({ Name: 'soc' }))).TopicArn as string;
  await clients.get('logs', CloudWatchLogsClient).send(
    new PutMetricFilterCommand({
      logGroupName: 'trail-events',
      filterName: 'cis-3.5',
      filterPattern:
        '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
      metricTransformations: [{ metricName: 'TrailChanges', metricNamespace: 'CIS', metricValue: '1' }],
    }),
  );
  await clients.get('cloudwatch', CloudWatchClient).send(
    new PutMetricAlarmCommand({
      AlarmName: 'trail-changes',
      MetricName: 'TrailChanges',
      Namespace: 'CIS',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [topic],
    }),
  );
  policy({ 'CloudWatch.5': 'auto' }, { CreateLogMetricFilterAlarm: { AlarmTopic: 'soc' } });
  const result = await run('CloudWatch.5', accountId, { Type: 'AwsAccount', Id: `AWS::::Account:${accountId}` });
  expect(result).toMatchObject({ outcome: 'REMEDIATED', changes: [] });
  expect(
    (
      (
        await clients
          .get('logs', CloudWatchLogsClient)
          .send(new DescribeMetricFiltersCommand({ logGroupName: 'trail-events' }))
      ).metricFilters ?? []
    ).map((f) => f.filterName),
  ).toEqual(['cis-3.5']);
  expect(
    ((await clients.get('cloudwatch', CloudWatchClient).send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).map(
      (a) => a.AlarmName,
    ),
  ).toEqual(['trail-changes']);
});

test('CloudWatch.1 in an account whose trail does not deliver to CloudWatch Logs: FAILED with the fix named, nothing created', async () => {
  const accountId = ACCOUNTS[2];
  const clients = await h.member(accountId);
  await clients.get('sns', SNSClient).send(new CreateTopicCommand({ Name: 'soc' }));
  policy({ 'CloudWatch.1': 'auto' }, { CreateLogMetricFilterAlarm: { AlarmTopic: 'soc' } });
  const result = await run('CloudWatch.1', accountId, { Type: 'AwsAccount', Id: `AWS::::Account:${accountId}` });
  expect(result.outcome).toBe('FAILED');
  expect(result.reason).toContain(
    `no multi-Region trail delivers to a CloudWatch Logs group in account ${accountId} ${REGION}`,
  );
  expect(result.reason).toContain('remediation.parameters.CreateLogMetricFilterAlarm.LogGroupName');
  expect(
    (await clients.get('cloudwatch', CloudWatchClient).send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [],
  ).toEqual([]);
});

test('S3.9 on the log bucket itself is refused: a bucket cannot log into itself', async () => {
  const accountId = ACCOUNTS[3];
  const clients = await h.member(accountId);
  const name = `access-logs-${accountId}`;
  await clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: name }));
  policy({ 'S3.9': 'auto' }, { EnableS3ServerAccessLogging: { LogBucketName: 'access-logs-{AccountId}' } });
  const result = await run('S3.9', accountId, { Type: 'AwsS3Bucket', Id: `arn:aws:s3:::${name}` });
  expect(result.outcome).toBe('FAILED');
  expect(result.reason).toContain(`bucket ${name} is the log bucket`);
  expect(
    (await clients.get('s3', S3Client).send(new GetBucketLoggingCommand({ Bucket: name }))).LoggingEnabled,
  ).toBeUndefined();
});
