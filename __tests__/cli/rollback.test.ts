import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { InvokeCommand, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { createRollbackCommand } from '../../cli/commands/rollback';
import { remediationSchema, tierRemediationSchema } from '../../config/remediation-schema';
import { buildRemediationPolicy } from '../../domain/remediation-plan';
import { CUSTOM_ACTION_REMEDIATIONS, REMEDIATIONS } from '../../domain/catalogue/remediations';
import { REMEDIATION_OUTCOME_FIELD } from '../../core/remediation-marks';
import {
  controlFinding,
  importedEvent,
  RemediationHarness,
  REGION,
  SECURITY_ACCOUNT,
  TABLE,
} from '../remediation/harness';
import { useEmulatorCredentials } from './emulator';
import { runCli, type CliRun } from './helpers';

/*
 * `securityhub rollback` against local AWS (moto_server + the Security Hub emulator): runs are
 * made by the remediation handler through the remediation test harness, then rolled back by the
 * command as a person would, with the security account's credentials and --endpoint-url.
 */

const SG_ACCOUNT = '230000000001';
const S3_ACCOUNT = '230000000002';
const SHADOW_ACCOUNT = '230000000003';
const DRIFT_ACCOUNT = '230000000004';
const UNKNOWN_RUN = 'rr-20261127T120000Z-0123456789abcdef';

function policy() {
  const tier = (name: string, environment: string, accounts: string[], defaultMode: string) => ({
    name,
    environment,
    accounts,
    organizationalUnits: [],
    remediation: tierRemediationSchema.parse({ defaultMode }),
  });
  return buildRemediationPolicy(remediationSchema.parse({}), [
    tier('staging', 'staging', [SG_ACCOUNT, S3_ACCOUNT, DRIFT_ACCOUNT], 'auto'),
    tier('development', 'development', [SHADOW_ACCOUNT], 'shadow'),
  ]);
}

/** Inbound rules as comparable strings. */
function rules(permissions: IpPermission[] = []): string[] {
  return permissions
    .flatMap((p) => [
      ...(p.IpRanges ?? []).map((r) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} ${r.CidrIp}`),
      ...(p.Ipv6Ranges ?? []).map((r) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} ${r.CidrIpv6}`),
    ])
    .sort();
}

const noStack = (run: CliRun) => {
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
};

describe('securityhub rollback', () => {
  let h: RemediationHarness;
  let restoreEnv: () => void;
  let ec2: EC2Client;
  let s3control: S3ControlClient;
  let groupId: string;
  let sgFinding: Record<string, unknown>;
  let s3Finding: Record<string, unknown>;
  let sgRun: string;
  let s3Run: string;
  let shadowRun: string;
  let rulesBefore: string[];
  let rulesAfter: string[];

  /** The command as a person runs it: the security account's credentials, local AWS, the harness's ledger and topic. */
  const rollback = (...args: string[]) =>
    runCli(['rollback', ...args, '--region', REGION, '--endpoint-url', h.local.endpoint]);
  const groupRules = async () =>
    rules(
      (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0].IpPermissions,
    );
  const accountBlock = async () =>
    s3control.send(new GetPublicAccessBlockCommand({ AccountId: S3_ACCOUNT })).then(
      (r) => r.PublicAccessBlockConfiguration,
      () => undefined,
    );
  const remediate = async (finding: Record<string, unknown>) =>
    (await h.handler()(importedEvent([finding]))).results?.[0] as { outcome: string; runId: string };

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials(SECURITY_ACCOUNT);
    h = await RemediationHarness.start(policy());

    // EC2.19: a group open to the world on 22 and 3306; 443 from the VPC stays.
    ec2 = (await h.member(SG_ACCOUNT)).get('ec2', EC2Client);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc?.VpcId;
    groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpcId })))
      .GroupId as string;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          },
          { IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
      }),
    );
    rulesBefore = await groupRules();
    sgFinding = h.loadFinding(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: SG_ACCOUNT,
        resource: { Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:${REGION}:${SG_ACCOUNT}:security-group/${groupId}` },
      }),
    );
    const sg = await remediate(sgFinding);
    expect(sg.outcome).toBe('REMEDIATED');
    sgRun = sg.runId;
    rulesAfter = await groupRules();
    expect(rulesAfter).toEqual(['tcp 443-443 10.0.0.0/8']);

    // S3.1: the account had no Block Public Access configuration.
    s3control = (await h.member(S3_ACCOUNT)).get('s3control', S3ControlClient);
    s3Finding = h.loadFinding(
      controlFinding({
        securityControlId: 'S3.1',
        accountId: S3_ACCOUNT,
        resource: { Type: 'AwsAccount', Id: `AWS::::Account:${S3_ACCOUNT}` },
      }),
    );
    const s3 = await remediate(s3Finding);
    expect(s3.outcome).toBe('REMEDIATED');
    s3Run = s3.runId;
    expect(await accountBlock()).toMatchObject({ BlockPublicPolicy: true });

    // A shadow run: recorded what it would change, changed nothing.
    const shadow = await remediate(
      h.loadFinding(
        controlFinding({
          securityControlId: 'S3.1',
          accountId: SHADOW_ACCOUNT,
          resource: { Type: 'AwsAccount', Id: `AWS::::Account:${SHADOW_ACCOUNT}` },
        }),
      ),
    );
    expect(shadow.outcome).toBe('SHADOW');
    shadowRun = shadow.runId;
  });
  afterAll(async () => {
    await h?.stop();
    restoreEnv?.();
  });

  test('--dry-run shows account, Region, resource, runbook, changes and before-state, and changes nothing', async () => {
    const run = await rollback(sgRun, s3Run, '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${sgRun}  WOULD_ROLL_BACK  ${SG_ACCOUNT}  ${REGION}  arn:aws:ec2:${REGION}:${SG_ACCOUNT}:security-group/${groupId}  would undo: ${(await h.ledger.get(sgRun))?.changes.join('; ')}`,
    );
    expect(lines[1]).toMatch(
      /^ {4}runbook: RevokePublicIngressHighRiskPorts \(EC2\.19\), REMEDIATED \S+, resource type AwsEc2SecurityGroup$/,
    );
    expect(lines[2]).toMatch(/^ {4}before: \{.*0\.0\.0\.0\/0.*\}$/);
    expect(lines[3]).toMatch(
      new RegExp(
        `^${s3Run}  WOULD_ROLL_BACK  ${S3_ACCOUNT}  ${REGION}  AWS::::Account:${S3_ACCOUNT}  would undo: .*BlockPublicPolicy`,
      ),
    );
    expect(lines[4]).toMatch(/runbook: EnableS3AccountBlockPublicAccess \(S3\.1\)/);
    expect(lines[5]).toBe('    before: {}');
    expect(lines[6]).toBe('2 of 2 runs would be rolled back; dry run: nothing was changed.');

    const json = JSON.parse((await rollback(sgRun, shadowRun, '--dry-run', '--format', 'json')).stdout) as {
      dryRun: boolean;
      wouldRollBack: number;
      refused: number;
      runs: {
        runId: string;
        outcome: string;
        reason?: string;
        run: { before: unknown; changes: string[]; runbook: string };
      }[];
    };
    expect(json).toMatchObject({ dryRun: true, wouldRollBack: 1, refused: 1 });
    expect(json.runs[0]).toMatchObject({
      runId: sgRun,
      outcome: 'WOULD_ROLL_BACK',
      run: { runbook: 'RevokePublicIngressHighRiskPorts', accountId: SG_ACCOUNT },
    });
    expect(JSON.stringify(json.runs[0].run.before)).toContain('3306');
    expect(json.runs[1]).toMatchObject({
      runId: shadowRun,
      outcome: 'REFUSED',
      reason: expect.stringMatching(/ended SHADOW without changing anything/),
    });

    expect(await groupRules()).toEqual(rulesAfter);
    expect(await accountBlock()).toMatchObject({ BlockPublicPolicy: true });
    expect(await h.ledger.get(sgRun)).toMatchObject({ status: 'REMEDIATED' });
    expect((await h.ledger.get(sgRun))?.rollbackStartedAt).toBeUndefined();
  });

  test('rolls back: the before-state is back, the ledger and the finding say ROLLED_BACK, the topic is told', async () => {
    const run = await rollback(sgRun, s3Run, '--reason', 'breaks the partner VPN', '--topic-arn', h.topicArn);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^${sgRun}  ROLLED_BACK  ${SG_ACCOUNT}  ${REGION}  arn:aws:ec2:${REGION}:${SG_ACCOUNT}:security-group/${groupId}  undid: `,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${s3Run}  ROLLED_BACK  ${S3_ACCOUNT}  ${REGION}  AWS::::Account:${S3_ACCOUNT}  undid: `),
    );
    expect(lines[2]).toBe('2 of 2 runs rolled back.');

    expect(await groupRules()).toEqual(rulesBefore);
    expect(await accountBlock()).toBeUndefined();

    const caller = `arn:aws:sts::${SECURITY_ACCOUNT}:user/moto`;
    for (const [runId, finding] of [
      [sgRun, sgFinding],
      [s3Run, s3Finding],
    ] as const) {
      expect(await h.ledger.get(runId)).toMatchObject({
        status: 'ROLLED_BACK',
        rolledBackBy: caller,
        rollbackReason: 'breaks the partner VPN',
      });
      const stored = h.storedFinding(finding) as {
        Workflow: { Status: string };
        Note: { Text: string };
        UserDefinedFields: Record<string, string>;
      };
      expect(stored.UserDefinedFields[REMEDIATION_OUTCOME_FIELD]).toBe('ROLLED_BACK');
      expect(stored.Workflow.Status).toBe('NOTIFIED');
      expect(stored.Note.Text).toContain(`Run ${runId} rolled back by ${caller} (breaks the partner VPN)`);
      expect(
        (await h.notifications()).find((n) => n.body.runId === runId && n.body.status === 'ROLLED_BACK'),
      ).toMatchObject({ attributes: { outcome: 'ROLLED_BACK' } });
    }
  });

  test('a second rollback is refused: exit 1, the run named with why, nothing changed', async () => {
    const run = await rollback(sgRun, '--requested-by', 'alice');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      new RegExp(
        `^${sgRun}  REFUSED  ${SG_ACCOUNT}  ${REGION}  \\S+security-group/${groupId}  run ${sgRun} was rolled back already at \\S+ by arn:aws:sts::${SECURITY_ACCOUNT}:user/moto\n0 of 1 run rolled back.\n$`,
      ),
    );
    expect(await groupRules()).toEqual(rulesBefore);
    expect(await h.ledger.get(sgRun)).toMatchObject({ rolledBackBy: `arn:aws:sts::${SECURITY_ACCOUNT}:user/moto` });

    const json = JSON.parse((await rollback(sgRun, '--format', 'json')).stdout) as {
      rolledBack: number;
      refused: number;
      runs: { outcome: string; reason: string }[];
    };
    expect(json).toMatchObject({
      rolledBack: 0,
      refused: 1,
      runs: [{ outcome: 'REFUSED', reason: expect.stringMatching(/rolled back already/) }],
    });
  });

  test('a person changed the resource since the run: refused with what changed, nothing changes; --force restores the before-state', async () => {
    const s3 = (await h.member(DRIFT_ACCOUNT)).get('s3control', S3ControlClient);
    const block = () =>
      s3.send(new GetPublicAccessBlockCommand({ AccountId: DRIFT_ACCOUNT })).then(
        (r) => r.PublicAccessBlockConfiguration,
        () => undefined,
      );
    const run = await remediate(
      h.loadFinding(
        controlFinding({
          securityControlId: 'S3.1',
          accountId: DRIFT_ACCOUNT,
          resource: { Type: 'AwsAccount', Id: `AWS::::Account:${DRIFT_ACCOUNT}` },
        }),
      ),
    );
    expect(run.outcome).toBe('REMEDIATED');
    const personal = {
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };
    await s3.send(
      new PutPublicAccessBlockCommand({ AccountId: DRIFT_ACCOUNT, PublicAccessBlockConfiguration: personal }),
    );

    const refused = await rollback(run.runId);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      `${run.runId}  REFUSED  ${DRIFT_ACCOUNT}  ${REGION}  AWS::::Account:${DRIFT_ACCOUNT}  AWS::::Account:${DRIFT_ACCOUNT} changed since run ${run.runId} (\`securityhub rollback ${run.runId} --force\` restores the before-state over it): configuration.IgnorePublicAcls was true after the run, is false now. Nothing was changed`,
    );
    expect(await block()).toEqual(personal);
    expect(await h.ledger.get(run.runId)).toMatchObject({
      status: 'REMEDIATED',
      rollbackRefusal: { drift: [{ field: 'configuration.IgnorePublicAcls', afterRun: true, now: false }] },
    });

    const json = await rollback(run.runId, '--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      refused: 1,
      runs: [
        {
          outcome: 'REFUSED',
          kind: 'REFUSED_DRIFT',
          drift: [{ field: 'configuration.IgnorePublicAcls', afterRun: true, now: false }],
        },
      ],
    });

    const usage = await rollback(run.runId, '--force', '--dry-run');
    expect(usage.code).toBe(2);
    noStack(usage);

    const forced = await rollback(run.runId, '--force', '--reason', 'approved by SecOps');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(new RegExp(`^${run.runId}  ROLLED_BACK  ${DRIFT_ACCOUNT}`));
    // The account had no configuration before the run: the before-state is back, over the person's change.
    expect(await block()).toBeUndefined();
    expect(await h.ledger.get(run.runId)).toMatchObject({
      status: 'ROLLED_BACK',
      rollbackReason: 'approved by SecOps',
      rollbackForcedOver: [{ field: 'configuration.IgnorePublicAcls' }],
    });
  });

  test('a run that changed nothing (shadow) and a run not in the ledger are refused; the others still run', async () => {
    const run = await rollback(shadowRun, UNKNOWN_RUN, '--format', 'json');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as {
      refused: number;
      runs: { runId: string; outcome: string; reason: string; run?: unknown }[];
    };
    expect(json.refused).toBe(2);
    expect(json.runs[0]).toMatchObject({
      runId: shadowRun,
      outcome: 'REFUSED',
      kind: 'NOTHING_TO_ROLL_BACK',
      reason: `run ${shadowRun} ended SHADOW without changing anything; there is nothing to roll back`,
      run: { accountId: SHADOW_ACCOUNT, status: 'SHADOW' },
    });
    expect(json.runs[1]).toEqual({
      runId: UNKNOWN_RUN,
      outcome: 'REFUSED',
      kind: 'NOT_FOUND',
      reason: expect.stringMatching(
        new RegExp(`^run ${UNKNOWN_RUN} is not in the ledger table ${TABLE} in ${REGION}; check the run id`),
      ),
    });

    const text = await rollback(UNKNOWN_RUN);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      new RegExp(`^${UNKNOWN_RUN}  REFUSED  -  -  -  run ${UNKNOWN_RUN} is not in the ledger`),
    );
    expect(await h.ledger.get(shadowRun)).toMatchObject({ status: 'SHADOW' });
  });

  test('a rollback that fails part-way ends FAILED with the cause; the ledger keeps the error and the run can be tried again', async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.31.0.0/16' }))).Vpc?.VpcId;
    const doomed = (
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'doomed', Description: 'doomed', VpcId: vpcId }))
    ).GroupId as string;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: doomed,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const result = await remediate(
      h.loadFinding(
        controlFinding({
          securityControlId: 'EC2.19',
          accountId: SG_ACCOUNT,
          resource: { Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:${REGION}:${SG_ACCOUNT}:security-group/${doomed}` },
        }),
      ),
    );
    expect(result.outcome).toBe('REMEDIATED');
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: doomed }));

    const run = await rollback(result.runId);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      new RegExp(
        `^${result.runId}  FAILED  ${SG_ACCOUNT}  ${REGION}  \\S+security-group/${doomed}  InvalidGroup\\.NotFound: .*; the ledger keeps the error, fix it and run the rollback again\n0 of 1 run rolled back\\.\n$`,
      ),
    );
    const recorded = await h.ledger.get(result.runId);
    expect(recorded).toMatchObject({
      status: 'REMEDIATED',
      rollbackError: expect.stringMatching(/NotFound|does not exist/),
    });
    expect(recorded?.rollbackStartedAt).toBeUndefined();
    expect(recorded?.rolledBackAt).toBeUndefined();
    // Not left locked: trying again fails on the same cause rather than being refused.
    expect((await rollback(result.runId)).stdout).toMatch(
      new RegExp(`^${result.runId}  FAILED  .*InvalidGroup\\.NotFound`),
    );
  });

  test('usage errors: one line on stderr, exit 2, nothing read', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['rr-2026-bad'],
        /^securityhub rollback: "rr-2026-bad" is not a remediation run id; run ids look like rr-20261127T120000Z-0123456789abcdef\.$/,
      ],
      [
        ['i-0123456789abcdef0'],
        /"i-0123456789abcdef0" is not a remediation run id; .*securityhub-remediation-run field/,
      ],
      [[UNKNOWN_RUN, '--colour'], /^securityhub rollback: unknown flag --colour; run `securityhub rollback --help`/],
      [[UNKNOWN_RUN, '--reason'], /flag --reason needs a value/],
      [[], /give the run id\(s\) to roll back/],
      [[UNKNOWN_RUN, '--format', 'yaml'], /--format "yaml" is not supported; use one of: text, json/],
      [
        [UNKNOWN_RUN, '--topic-arn', 'securityhub-remediation'],
        /--topic-arn "securityhub-remediation" is not an SNS topic ARN/,
      ],
      [
        [UNKNOWN_RUN, '--ledger-table', 'a b'],
        /--ledger-table "a b" is not a DynamoDB table name; e\.g\. --ledger-table securityhub-remediation-ledger/,
      ],
      [[UNKNOWN_RUN, '--reason', ' '], /--reason is empty/],
      [[UNKNOWN_RUN, '--dry-run', '--via-function'], /--dry-run .* cannot be combined with --via-function/],
      [[UNKNOWN_RUN, '--via-function', '--ledger-table', 'other'], /--ledger-table applies to a local rollback/],
      [[UNKNOWN_RUN, '--endpoint-url', 'localhost'], /--endpoint-url "localhost" is not a URL/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['rollback', ...args]);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr.trimEnd()).toMatch(message);
      noStack(run);
      expect(run.stdout).toBe('');
    }
    const help = await runCli(['rollback', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: securityhub rollback RUN_ID [RUN_ID...] [flags]');
    expect((await runCli(['--help'])).stdout).toMatch(/\n {2}rollback +roll remediation runs back/);
  });

  test('a ledger table that does not exist, or no Region: one line, nothing rolled back', async () => {
    const run = await rollback(s3Run, '--ledger-table', 'no-such-ledger');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `securityhub rollback: there is no ledger table "no-such-ledger" in ${REGION}; pass --ledger-table with remediation.ledger.tableName and --region with the security account's home Region. Nothing was rolled back.\n`,
    );
    expect(run.stdout).toBe('');

    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      const noRegion = await runCli(['rollback', s3Run, '--endpoint-url', h.local.endpoint]);
      expect(noRegion.code).toBe(2);
      expect(noRegion.stderr).toMatch(/^securityhub rollback: no AWS Region: pass --region/);
      noStack(noRegion);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    }
  });

  describe('--via-function (the Lambda client stands in: moto runs functions only in Docker)', () => {
    /** A Lambda client that records what it is sent and answers as the rollback function would. */
    function stubLambda(answer: (payload: Record<string, unknown>) => { error?: string; body: unknown }) {
      const sent: { functionName: string; invocationType: string; payload: Record<string, unknown> }[] = [];
      const client = {
        send: async (command: InvokeCommand): Promise<InvokeCommandOutput> => {
          const payload = JSON.parse(new TextDecoder().decode(command.input.Payload as Uint8Array)) as Record<
            string,
            unknown
          >;
          sent.push({
            functionName: command.input.FunctionName as string,
            invocationType: command.input.InvocationType as string,
            payload,
          });
          const a = answer(payload);
          return {
            $metadata: {},
            StatusCode: 200,
            ...(a.error ? { FunctionError: a.error } : {}),
            Payload: new TextEncoder().encode(JSON.stringify(a.body)),
          } as InvokeCommandOutput;
        },
      };
      const commands = [
        { name: 'rollback', summary: 'rollback', load: async () => createRollbackCommand({ lambda: () => client }) },
      ];
      return {
        sent,
        run: (...args: string[]) =>
          runCli(['rollback', ...args, '--region', REGION, '--endpoint-url', h.local.endpoint], { commands }),
      };
    }

    test('sends { runId, requestedBy, reason } to securityhub-rollback, one invocation a run, and reports its answers', async () => {
      const other = 'rr-20261127T120000Z-fedcba9876543210';
      const lambda = stubLambda((p) =>
        p.runId === UNKNOWN_RUN
          ? {
              body: {
                rollbacks: [{ kind: 'ROLLED_BACK', runId: UNKNOWN_RUN, undone: ['inbound tcp 22-22 from 0.0.0.0/0'] }],
              },
            }
          : {
              body: {
                rollbacks: [
                  {
                    kind: 'ALREADY_ROLLED_BACK',
                    runId: other,
                    reason: `run ${other} was rolled back already at 2026-11-27T12:05:00.000Z by alice`,
                  },
                ],
              },
            },
      );
      const run = await lambda.run(UNKNOWN_RUN, '--via-function', other, '--reason', 'partner VPN');
      expect(lambda.sent).toEqual([
        {
          functionName: 'securityhub-rollback',
          invocationType: 'RequestResponse',
          payload: {
            runId: UNKNOWN_RUN,
            requestedBy: `arn:aws:sts::${SECURITY_ACCOUNT}:user/moto`,
            reason: 'partner VPN',
          },
        },
        {
          functionName: 'securityhub-rollback',
          invocationType: 'RequestResponse',
          payload: { runId: other, requestedBy: `arn:aws:sts::${SECURITY_ACCOUNT}:user/moto`, reason: 'partner VPN' },
        },
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        [
          `${UNKNOWN_RUN}  ROLLED_BACK  -  -  -  undid: inbound tcp 22-22 from 0.0.0.0/0`,
          `${other}  REFUSED  -  -  -  run ${other} was rolled back already at 2026-11-27T12:05:00.000Z by alice`,
          '1 of 2 runs rolled back.',
          '',
        ].join('\n'),
      );
    });

    test('a named function, --requested-by, JSON output', async () => {
      const lambda = stubLambda((p) => ({
        body: { rollbacks: [{ kind: 'ROLLED_BACK', runId: p.runId, undone: [] }] },
      }));
      const run = await lambda.run(
        '--via-function',
        'acme-rollback',
        UNKNOWN_RUN,
        '--requested-by',
        'incident 42',
        '--format',
        'json',
      );
      expect(lambda.sent).toEqual([
        {
          functionName: 'acme-rollback',
          invocationType: 'RequestResponse',
          payload: { runId: UNKNOWN_RUN, requestedBy: 'incident 42' },
        },
      ]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        dryRun: false,
        viaFunction: 'acme-rollback',
        rolledBack: 1,
        runs: [{ runId: UNKNOWN_RUN, outcome: 'ROLLED_BACK', kind: 'ROLLED_BACK' }],
      });
    });

    test('a drift refusal comes back as data with what changed; --force is sent on; a crashed function is FAILED, whatever its message says', async () => {
      const drift = [{ field: 'configuration.BlockPublicAcls', afterRun: true, now: false }];
      const reason = `AWS::::Account:${SECURITY_ACCOUNT} changed since run ${UNKNOWN_RUN}: configuration.BlockPublicAcls was true after the run, is false now`;
      const refusing = stubLambda((p) =>
        p.force
          ? {
              body: {
                rollbacks: [
                  { kind: 'ROLLED_BACK', runId: p.runId, undone: ['turn on BlockPublicAcls'], forcedOver: drift },
                ],
              },
            }
          : { body: { rollbacks: [{ kind: 'REFUSED_DRIFT', runId: p.runId, reason, drift }] } },
      );
      const refused = await refusing.run(UNKNOWN_RUN, '--via-function', '--format', 'json');
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({
        rolledBack: 0,
        refused: 1,
        runs: [{ runId: UNKNOWN_RUN, outcome: 'REFUSED', kind: 'REFUSED_DRIFT', reason, drift }],
      });
      const forced = await refusing.run(UNKNOWN_RUN, '--via-function', '--force', '--format', 'json');
      expect(refusing.sent.at(-1)?.payload).toMatchObject({ runId: UNKNOWN_RUN, force: true });
      expect(forced.code).toBe(0);
      expect(JSON.parse(forced.stdout)).toMatchObject({ rolledBack: 1, runs: [{ kind: 'ROLLED_BACK', drift }] });

      // The old way of telling a refusal from a failure was the wording of the error; a crash is a failure whatever it says.
      const crashing = stubLambda(() => ({
        error: 'Unhandled',
        body: { errorType: 'Error', errorMessage: `run ${UNKNOWN_RUN} is not in the ledger` },
      }));
      const crashed = await crashing.run(UNKNOWN_RUN, '--via-function', '--format', 'json');
      expect(JSON.parse(crashed.stdout)).toMatchObject({
        failed: 1,
        refused: 0,
        runs: [
          {
            outcome: 'FAILED',
            kind: 'FAILED',
            reason: expect.stringMatching(/^securityhub-rollback failed: run .* is not in the ledger/),
          },
        ],
      });
    });
  });

  test('docs/rollback.md links the page of every control and custom action with a runbook', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'rollback.md'), 'utf8');
    const missing = [...Object.keys(REMEDIATIONS), ...Object.keys(CUSTOM_ACTION_REMEDIATIONS)].filter(
      (id) => !doc.includes(`(remediation/${id}.md)`),
    );
    expect(missing).toEqual([]);
  });
});
