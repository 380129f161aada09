import { BatchEnableStandardsCommand, CreateMembersCommand } from '@aws-sdk/client-securityhub';
import type { ComplianceReport } from '../../cli/report/model';
import { finding, startTestHub, type TestHub } from '../local-aws/helpers';
import { runCli } from './helpers';

const ADMIN = '111122223333';
const MEMBER = '444455556666';
const FORMER_MEMBER = '777788889999';
const FSBP = 'standards/aws-foundational-security-best-practices/v/1.0.0';

/** A FAILED S3.1 control finding of Security Hub itself, in an account. */
function failedS31(account: string) {
  return finding({
    Id: `arn:aws:securityhub:us-east-1:${account}:security-control/S3.1/finding/${account}`,
    ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
    GeneratorId: 'security-control/S3.1',
    AwsAccountId: account,
    Title: 'S3 general purpose buckets should have block public access settings enabled',
    Compliance: { Status: 'FAILED', SecurityControlId: 'S3.1', AssociatedStandards: [{ StandardsId: FSBP }] },
    RecordState: 'ACTIVE',
    Workflow: { Status: 'NEW' },
  });
}

/*
 * "n/N accounts FAILED": n counts accounts with a FAILED finding, N the accounts in scope. The
 * administrator sees findings of accounts ListMembers does not list (a member that left, an
 * organization whose membership lags), so N must count those too: n can never exceed N.
 */
describe('securityhub report: failed-account counts never exceed their denominator', () => {
  let hub: TestHub;
  const saved = { ...process.env };
  beforeEach(async () => {
    hub = await startTestHub({ administratorAccountId: ADMIN });
    hub.emulator.enableHub(ADMIN);
    await hub.client(ADMIN).send(
      new BatchEnableStandardsCommand({
        StandardsSubscriptionRequests: [{ StandardsArn: `arn:aws:securityhub:us-east-1::${FSBP}` }],
      }),
    );
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: ADMIN,
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    });
  });
  afterEach(async () => {
    process.env = { ...saved };
    await hub.close();
  });

  async function report(format: 'json' | 'text', stderr = /^$/) {
    const run = await runCli([
      'report',
      '--endpoint-url',
      hub.endpoint,
      '--region',
      'us-east-1',
      '--admin-account',
      ADMIN,
      '--as-of',
      '2025-02-23',
      '--format',
      format,
    ]);
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(0);
    return run.stdout;
  }

  test('with no members listed, accounts seen in findings are counted: 2/2, not 2/1', async () => {
    hub.emulator.loadFindings([failedS31(ADMIN), failedS31(MEMBER)]);
    // An administrator with no members looks like a caller that is not the administrator: the report says so.
    const noMembers =
      /^securityhub report: NOTE: Scope check: Security Hub lists no member accounts in us-east-1: .*\(account 111122223333\).*\n$/;
    const json = JSON.parse(await report('json', noMembers)) as ComplianceReport;
    expect(json.topFailedControls.map((c) => [c.controlId, c.failedAccounts, c.totalAccounts])).toEqual([
      ['S3.1', 2, 2],
    ]);
    expect(json.accountsInScope).toBe(2);
    expect(await report('text', noMembers)).toContain(
      '[S3.1] S3 general purpose buckets should have block public access settings enabled - 2/2 accounts FAILED',
    );
  });

  test('a member that left still counts where its findings do; members without findings count too', async () => {
    await hub
      .client(ADMIN)
      .send(new CreateMembersCommand({ AccountDetails: [{ AccountId: MEMBER }, { AccountId: '222233334444' }] }));
    hub.emulator.state.hubOf(ADMIN, 'us-east-1')?.members.forEach((m) => {
      m.status = 'Enabled';
    });
    hub.emulator.loadFindings([failedS31(MEMBER), failedS31(FORMER_MEMBER)]);
    const json = JSON.parse(await report('json')) as ComplianceReport;
    // In scope: the administrator, two members, and the former member whose finding is still seen.
    expect(json.topFailedControls.map((c) => [c.failedAccounts, c.totalAccounts])).toEqual([[2, 4]]);
    for (const c of json.topFailedControls) expect(c.failedAccounts).toBeLessThanOrEqual(c.totalAccounts);
  });
});
