import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RemediationLedger, type RunRecord } from '../../remediation-functions/shared/ledger';
import { COMPLIANCE_REVIEW_ENVIRONMENT as ENV, LATEST_REVIEW_KEY } from '../../core/compliance-review-contract';
import { ComplianceReview } from '../../cli/review/compliance-review';
import {
  createComplianceReviewHandler,
  reviewSettingsFromEnvironment,
} from '../../remediation-functions/handlers/compliance-review';
import { startOrgEmulator, useEmulatorCredentials, type OrgEmulator } from '../cli/emulator';
import { ADMIN, MEMBER_B, MEMBER_C, ORG_JSON } from '../cli/helpers';

/*
 * The review function against local AWS: the organization fixture's findings in the Security Hub
 * emulator, an evidence bucket in moto with Object Lock (GOVERNANCE), versioning and SSE-KMS, the
 * notification topic with an SQS queue subscribed. Two weekly runs: the first sets the
 * remediation window's baseline, the second compares with it.
 */

const PCI = 'standards/pci-dss/v/3.2.1';
const BUCKET = 'securityhub-evidence-111122223333-us-east-1';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// Reviews run as of today (06:00 UTC) and a week later: retention is measured from the real clock
// when S3 decides whether a version may be deleted, so it must still be running.
const FIRST = Date.parse(`${dayOf(Date.now())}T06:00:00.000Z`);
const SECOND = FIRST + 7 * DAY;
const D1 = dayOf(FIRST);
const D2 = dayOf(SECOND);
const BY = dayOf(FIRST + 60 * DAY);
const LEDGER = 'securityhub-remediation-ledger';
const at = (ms: number) => new Date(ms).toISOString();

/** A run the remediation functions would record (S3.1 is a PCI DSS v3.2.1 control, Athena.4 is not). */
function ledgerRun(runId: string, controlId: string, startedAt: string): RunRecord {
  return {
    runId,
    status: 'REMEDIATED',
    mode: 'auto',
    trigger: 'finding' as RunRecord['trigger'],
    securityControlId: controlId,
    runbook: 'BlockAccountPublicAccess',
    accountId: MEMBER_B,
    region: 'us-east-1',
    partition: 'aws',
    resourceType: 'AwsAccount',
    resourceId: `AWS::::Account:${MEMBER_B}`,
    findingId: `arn:aws:securityhub:us-east-1:${MEMBER_B}:security-control/${controlId}/finding/f01`,
    productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
    changes: ['s3control PutPublicAccessBlock: BlockPublicAcls true'],
    startedAt,
    finishedAt: startedAt,
    applyStartedAt: startedAt,
  };
}

describe('the compliance review function against local AWS', () => {
  let org: OrgEmulator;
  let restore: () => void;
  let s3: S3Client;
  let sqs: SQSClient;
  let sns: SNSClient;
  let dynamodb: DynamoDBClient;
  let queueUrl: string;
  let env: NodeJS.ProcessEnv;
  const received: string[] = [];

  beforeAll(async () => {
    restore = useEmulatorCredentials(ADMIN);
    const findings = (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: unknown[] }).Findings;
    org = await startOrgEmulator({ administrator: ADMIN, members: [MEMBER_B, MEMBER_C], findings });
    const settings = { endpoint: org.endpoint, region: 'us-east-1' };
    s3 = new S3Client({ ...settings, forcePathStyle: true });
    sqs = new SQSClient(settings);
    sns = new SNSClient(settings);
    dynamodb = new DynamoDBClient(settings);
    // The ledger: runs of each review's week, one before both, and one of a control outside PCI DSS.
    await dynamodb.send(
      new CreateTableCommand({
        TableName: LEDGER,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }),
    );
    const ledger = new RemediationLedger(dynamodb, LEDGER);
    await ledger.begin(ledgerRun('run-first-week', 'S3.1', at(FIRST - 2 * DAY)));
    await ledger.begin(ledgerRun('run-second-week', 'S3.1', at(FIRST + 3 * DAY)));
    await ledger.begin(ledgerRun('run-before-both', 'S3.1', at(FIRST - 10 * DAY)));
    await ledger.begin(ledgerRun('run-other-standard', 'Athena.4', at(FIRST - DAY)));
    const kms = new KMSClient(settings);
    const key = await kms.send(new CreateKeyCommand({ Description: 'evidence' }));
    kms.destroy();
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, ObjectLockEnabledForBucket: true }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: BUCKET,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
        },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: BUCKET,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.KeyMetadata!.Arn },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    const topic = await sns.send(new CreateTopicCommand({ Name: 'securityhub-findings' }));
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'review-summaries' }))).QueueUrl!;
    const queueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn;
    await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
    // The environment the ComplianceReview construct writes, by the names both sides import.
    env = {
      AWS_REGION: 'us-east-1',
      [ENV.bucket]: BUCKET,
      [ENV.topicArn]: topic.TopicArn,
      [ENV.lockMode]: 'GOVERNANCE',
      [ENV.retentionDays]: '30',
      [ENV.standards]: `${PCI},standards/nist-800-53/v/5.0.0`,
      [ENV.organization]: 'example',
      [ENV.administratorAccount]: ADMIN,
      [ENV.remediationWindow]: JSON.stringify({ start: dayOf(FIRST - DAY), by: BY, targets: { [PCI]: 90 } }),
      [ENV.ledgerTable]: LEDGER,
    };
  });
  afterAll(async () => {
    s3?.destroy();
    sqs?.destroy();
    sns?.destroy();
    dynamodb?.destroy();
    await org?.stop();
    restore?.();
  });

  /** The function's handler, with its review's clients pointed at local AWS (path-style S3: no wildcard DNS for 127.0.0.1). */
  const handlerAt = (now: number) => {
    const review = new ComplianceReview(
      { securityHub: new SecurityHubClient({ endpoint: org.endpoint, region: 'us-east-1' }), s3, sns, dynamodb },
      reviewSettingsFromEnvironment(env),
    );
    const run = review.run.bind(review);
    review.run = () => run(new Date(now));
    return createComplianceReviewHandler(async () => review, silent);
  };

  const text = async (key: string) => {
    try {
      return await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
    } catch (e) {
      const r = (e as { $response?: { statusCode: number; headers: unknown } }).$response;
      throw new Error(`${key}: ${r?.statusCode} ${JSON.stringify(r?.headers)}`);
    }
  };
  /** The run ids in a pack's remediations.csv (ids hold no commas or quotes). */
  const runIds = async (pack: string) =>
    (await text(`${pack}remediations.csv`))
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);

  const summaries = async (): Promise<string[]> => {
    for (let i = 0; i < 5 && received.length < 2; i++) {
      const got = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const m of got.Messages ?? []) received.push(JSON.parse(m.Body!).Message as string);
    }
    return received;
  };

  test('the first review writes the report and the evidence pack with Object Lock retention, and publishes the summary', async () => {
    const response = await handlerAt(FIRST)({});
    expect(response.location).toBe(`s3://${BUCKET}/reviews/${D1}/`);
    const pci = response.standards.find((s) => s.standardsId === PCI)!;
    expect(pci).toMatchObject({
      score: 25,
      previousScore: null,
      change: null,
      window: { verdict: 'on-track', target: 90, expected: 25, baseline: { score: 25 } },
    });

    const pack = `reviews/${D1}/evidence/pci-dss-v-3.2.1/`;
    // Every file SHA256SUMS names is in the bucket with that hash: the pack verifies from S3.
    const sums = (await text(`${pack}SHA256SUMS`))
      .trim()
      .split('\n')
      .map((l) => l.split('  '));
    expect(sums.map(([, f]) => f)).toEqual([
      'exemptions.csv',
      'findings.csv',
      'index.html',
      'manifest.json',
      'remediations.csv',
      'requirements.csv',
      'scope.json',
    ]);
    for (const [hash, file] of sums) expect(sha256(await text(`${pack}${file}`))).toBe(hash);
    expect(await text(`${pack}requirements.csv`)).toMatch(/PCI DSS v3\.2\.1\/\d/);
    expect(JSON.parse(await text(`${pack}scope.json`))).toMatchObject({
      dataSource: { kind: 'api' },
      organization: 'example',
      standard: { standardsId: PCI },
    });
    // The ledger's runs of the week before the review, of PCI DSS controls only; the pack's checksums (above) cover them.
    expect(await runIds(pack)).toEqual(['run-first-week']);
    expect(JSON.parse(await text(`${pack}scope.json`)).ledger).toEqual({ table: LEDGER, region: 'us-east-1' });
    const reportHtml = await text(`reviews/${D1}/report.html`);
    expect(reportHtml).toContain(`<h2>Remediation window (targets due ${BY})</h2>`);
    expect(reportHtml).toContain('<span class="status-PASSED">on-track</span>');
    expect(await text(`reviews/${D1}/review.html`)).toContain('on-track');

    // Retention on each object, as S3 reports it; SSE-KMS from the bucket's default encryption.
    for (const key of [`${pack}index.html`, `reviews/${D1}/report.html`, LATEST_REVIEW_KEY]) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ObjectLockMode).toBe('GOVERNANCE');
      expect(head.ObjectLockRetainUntilDate?.toISOString().slice(0, 10)).toBe(dayOf(FIRST + 30 * DAY));
    }
    expect(
      (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${pack}index.html` }))).ServerSideEncryption,
    ).toBe('aws:kms');

    const [summary] = await summaries();
    expect(summary).toContain(`Compliance review of example, ${D1}`);
    expect(summary).toContain(
      `- PCI DSS v3.2.1: 25% (first review); target 90% by ${BY}: on track (expected 25% today)`,
    );
    expect(summary).toContain(`s3://${BUCKET}/reviews/${D1}/`);
    expect(summary).toMatch(/No findings for standards\/nist-800-53\/v\/5\.0\.0: no evidence pack/);
  });

  test('a locked version cannot be deleted without bypassing governance retention', async () => {
    const key = `reviews/${D1}/report.json`;
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }));
    const versionId = versions.Versions![0].VersionId!;
    await expect(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key, VersionId: versionId }))).rejects.toThrow(
      /Access ?Denied/,
    );
  });

  test('a week later: the change since the first review, and the standard behind its line to the target', async () => {
    const response = await handlerAt(SECOND)({});
    const pci = response.standards.find((s) => s.standardsId === PCI)!;
    // The same findings: no change, while the line from 25% a week ago to 90% in 60 days has moved up.
    expect(pci).toMatchObject({
      score: 25,
      previousScore: 25,
      change: 0,
      window: { verdict: 'behind', baseline: { score: 25, at: new Date(FIRST).toISOString() } },
    });
    expect(pci.window!.expected).toBeGreaterThan(25);
    const [, summary] = await summaries();
    expect(summary).toMatch(
      new RegExp(
        `- PCI DSS v3\\.2\\.1: 25% \\(±0 points since ${D1}\\); target 90% by ${BY}: BEHIND \\(expected 3\\d\\.\\d% today\\)`,
      ),
    );
    expect(summary).toContain(`reviews/${D2}/`);
    // Each week's pack holds that week's runs: the second only the run after the first review.
    const pack = `reviews/${D2}/evidence/pci-dss-v-3.2.1/`;
    expect(await runIds(pack)).toEqual(['run-second-week']);
    const sums = (await text(`${pack}SHA256SUMS`))
      .trim()
      .split('\n')
      .map((l) => l.split('  '));
    expect(sums.find(([, f]) => f === 'remediations.csv')![0]).toBe(sha256(await text(`${pack}remediations.csv`)));
  });

  test('without a ledger the pack lists no runs and scope.json says why', async () => {
    const { [ENV.ledgerTable]: _omitted, ...noLedger } = env;
    const settings = reviewSettingsFromEnvironment(noLedger);
    expect(settings.ledgerTable).toBeUndefined();
    const later = SECOND + 7 * DAY;
    await new ComplianceReview(
      { securityHub: new SecurityHubClient({ endpoint: org.endpoint, region: 'us-east-1' }), s3, sns },
      settings,
    ).run(new Date(later));
    const pack = `reviews/${dayOf(later)}/evidence/pci-dss-v-3.2.1/`;
    expect(await runIds(pack)).toEqual([]);
    expect(JSON.parse(await text(`${pack}scope.json`)).ledger.note).toMatch(/No remediation ledger is deployed/);
  });

  test('a ledger that cannot be read fails the review before anything is written', async () => {
    const settings = reviewSettingsFromEnvironment({ ...env, [ENV.ledgerTable]: 'no-such-ledger' });
    const later = SECOND + 14 * DAY;
    await expect(
      new ComplianceReview(
        { securityHub: new SecurityHubClient({ endpoint: org.endpoint, region: 'us-east-1' }), s3, sns, dynamodb },
        settings,
      ).run(new Date(later)),
    ).rejects.toThrow(/reading the remediation ledger no-such-ledger failed: .*nothing was written/);
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: `reviews/${dayOf(later)}/` }));
    expect(listed.Versions ?? []).toEqual([]);
  });

  test('a malformed setting stops the function before anything is read', () => {
    expect(() => reviewSettingsFromEnvironment({ ...env, [ENV.lockMode]: 'LEGAL_HOLD' })).toThrow(
      /COMPLIANCE_REVIEW_LOCK_MODE is "LEGAL_HOLD"; it must be GOVERNANCE or COMPLIANCE/,
    );
    expect(() => reviewSettingsFromEnvironment({ ...env, [ENV.athenaWorkgroup]: 'wg' })).toThrow(/go together/);
  });
});
