import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { controlFinding } from '../harness';
import { customActionEvent, importedEvent, RemediationChain, REGION } from './chain';

/*
 * The remediation chain end to end, as AWS runs it: real-shaped Security Hub events through the
 * synthesized rules, input transformers, SSM Automation documents and function packages, against
 * local AWS. See ./chain.ts for what stands in for EventBridge, SSM Automation and Lambda.
 */

const [S3_ACCOUNT, EC2_ACCOUNT, TRAIL_ACCOUNT, ISOLATE_ACCOUNT, REMEDIATE_ACCOUNT, FORGER, OTHER, STATES] = [
  '510000000001',
  '510000000002',
  '510000000003',
  '510000000004',
  '510000000005',
  '510000000006',
  '510000000007',
  '510000000008',
];

const CONFIG = `
organization:
  name: chain
  managementAccountId: "999988887777"
  securityAccountId: "123456789012"
  homeRegion: us-east-1
  linkedRegions: [us-east-1]
remediation:
  parameters:
    EnableMultiRegionCloudTrail: { TrailBucketName: chain-trail-logs }
tiers:
  - name: staging
    environment: staging
    accounts: ["${[S3_ACCOUNT, EC2_ACCOUNT, TRAIL_ACCOUNT, ISOLATE_ACCOUNT, REMEDIATE_ACCOUNT, FORGER, OTHER, STATES].join('", "')}"]
    standards: [standards/aws-foundational-security-best-practices/v/1.0.0]
    remediation:
      defaultMode: off
      controls: { S3.1: auto, EC2.19: auto, CloudTrail.1: auto, EC2.7: manual, IsolateInstance: manual }
`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let chain: RemediationChain;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const member = <C>(accountId: string, clientClass: new (config: any) => C): Promise<C> =>
  chain.memberClient(accountId, clientClass);

async function accountBlockPublicAccess(accountId: string): Promise<Json | undefined> {
  try {
    return (
      await (await member(accountId, S3ControlClient)).send(new GetPublicAccessBlockCommand({ AccountId: accountId }))
    ).PublicAccessBlockConfiguration;
  } catch {
    return undefined;
  }
}

const held = (finding: Json): Json => chain.held(finding);

const stored = (finding: Json): Json => chain.stored(finding);

/** What the function answered in an SSM execution's Remediate step. */
function stepResult(delivery: {
  executions: { steps: { result: { payload: unknown; functionError?: string } }[] }[];
}): Json {
  expect(delivery.executions).toHaveLength(1);
  return delivery.executions[0].steps[0].result as Json;
}

async function openGroup(accountId: string): Promise<{ groupArn: string; ingress: () => Promise<string[]> }> {
  const ec2 = await member(accountId, EC2Client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc?.VpcId;
  const groupId = (
    await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: `open-${Date.now()}`, Description: 'open', VpcId: vpcId }),
    )
  ).GroupId as string;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  const ingress = async () =>
    (
      (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0].IpPermissions ??
      []
    )
      .flatMap((p) => (p.IpRanges ?? []).map((r) => `${p.IpProtocol} ${p.FromPort} ${r.CidrIp}`))
      .sort();
  return { groupArn: `arn:aws:ec2:${REGION}:${accountId}:security-group/${groupId}`, ingress };
}

function ownRunsOf(items: Json[], findingId: string): Json[] {
  return items.filter((r) => r.findingId === findingId);
}

beforeAll(async () => {
  chain = await RemediationChain.start(CONFIG);
}, 180_000);
afterAll(() => chain?.stop());

describe('through the synthesized chain: fixed, unchanged on a second delivery, rolled back by the Rollback custom action', () => {
  test('S3.1: account Block Public Access', async () => {
    await (
      await member(S3_ACCOUNT, S3ControlClient)
    ).send(
      new PutPublicAccessBlockCommand({
        AccountId: S3_ACCOUNT,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      }),
    );
    const before = await accountBlockPublicAccess(S3_ACCOUNT);
    const finding = held(
      controlFinding({
        securityControlId: 'S3.1',
        accountId: S3_ACCOUNT,
        resource: { Type: 'AwsAccount', Id: `AWS::::Account:${S3_ACCOUNT}` },
      }),
    );
    const event = importedEvent(finding);

    const first = await chain.putEvent(event);
    expect(first.rules).toContain('securityhub-remediation-EnableS3AccountBlockPublicAccess');
    expect(first.executions[0]).toMatchObject({
      status: 'Success',
      documentName: 'SecurityHubRemediation-EnableS3AccountBlockPublicAccess',
    });
    const run = (stepResult(first).payload as Json).results[0];
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await accountBlockPublicAccess(S3_ACCOUNT)).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });

    // EventBridge delivers the same event again: a new SSM execution id, no second run.
    const second = await chain.putEvent(event);
    expect(second.executions[0].executionId).not.toBe(first.executions[0].executionId);
    expect((stepResult(second).payload as Json).results[0]).toMatchObject({ outcome: 'IGNORED' });
    expect(ownRunsOf(await chain.ledgerItems(), finding.Id)).toHaveLength(1);

    const rollback = await chain.putEvent(customActionEvent(chain.actionTargetArn('Rollback'), [stored(finding)]));
    expect(rollback.rules).toEqual(['securityhub-action-rollback']);
    expect(rollback.invocations.at(-1)?.payload).toMatchObject({
      rollbacks: [{ runId: run.runId, kind: 'ROLLED_BACK' }],
    });
    expect(await accountBlockPublicAccess(S3_ACCOUNT)).toEqual(before);
    expect(stored(finding).Note.Text).toContain(run.runId);
  });

  test('EC2.19: public high-risk port ingress', async () => {
    const group = await openGroup(EC2_ACCOUNT);
    const finding = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: EC2_ACCOUNT,
        resource: { Type: 'AwsEc2SecurityGroup', Id: group.groupArn },
      }),
    );
    const event = importedEvent(finding);
    const first = await chain.putEvent(event);
    const run = (stepResult(first).payload as Json).results[0];
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await group.ingress()).toEqual([]);

    const second = await chain.putEvent(event);
    expect((stepResult(second).payload as Json).results[0]).toMatchObject({ outcome: 'IGNORED' });
    expect(await group.ingress()).toEqual([]);

    const rollback = await chain.putEvent(customActionEvent(chain.actionTargetArn('Rollback'), [stored(finding)]));
    expect(rollback.invocations.at(-1)?.payload).toMatchObject({
      rollbacks: [{ runId: run.runId, kind: 'ROLLED_BACK' }],
    });
    expect(await group.ingress()).toEqual(['tcp 22 0.0.0.0/0']);
  });

  test('CloudTrail.1: a multi-Region trail', async () => {
    await (await member(TRAIL_ACCOUNT, S3Client)).send(new CreateBucketCommand({ Bucket: 'chain-trail-logs' }));
    const cloudtrail = await member(TRAIL_ACCOUNT, CloudTrailClient);
    const trails = async () => (await cloudtrail.send(new DescribeTrailsCommand({}))).trailList ?? [];
    expect(await trails()).toEqual([]);
    const finding = held(
      controlFinding({
        securityControlId: 'CloudTrail.1',
        accountId: TRAIL_ACCOUNT,
        resource: { Type: 'AwsAccount', Id: `AWS::::Account:${TRAIL_ACCOUNT}` },
      }),
    );
    const event = importedEvent(finding);
    const first = await chain.putEvent(event);
    const run = (stepResult(first).payload as Json).results[0];
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    const [trail] = await trails();
    expect(trail).toMatchObject({ IsMultiRegionTrail: true, S3BucketName: 'chain-trail-logs' });
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.Name }))).IsLogging).toBe(true);

    const second = await chain.putEvent(event);
    expect((stepResult(second).payload as Json).results[0]).toMatchObject({ outcome: 'IGNORED' });
    expect(await trails()).toHaveLength(1);

    const rollback = await chain.putEvent(customActionEvent(chain.actionTargetArn('Rollback'), [stored(finding)]));
    expect(rollback.invocations.at(-1)?.payload).toMatchObject({
      rollbacks: [{ runId: run.runId, kind: 'ROLLED_BACK' }],
    });
    expect(await trails()).toEqual([]);
  });

  /** A GuardDuty finding as GuardDuty files it in Security Hub: its own product, no compliance status. */
  const guardDutyFinding = (accountId: string, instanceArn: string): Json => ({
    ...controlFinding({ securityControlId: 'EC2.8', accountId, resource: { Type: 'AwsEc2Instance', Id: instanceArn } }),
    Id: `arn:aws:guardduty:${REGION}:${accountId}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/${instanceArn.split('/').pop()}`,
    ProductArn: `arn:aws:securityhub:${REGION}::product/aws/guardduty`,
    GeneratorId: 'arn:aws:guardduty:us-east-1:detector/backdoor',
    Types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B'],
    Title: 'EC2 instance is querying a domain name associated with a known command and control server.',
    Compliance: undefined,
  });

  test.each([
    [
      'a control finding (EC2.8)',
      (accountId: string, instanceArn: string): Json =>
        controlFinding({
          securityControlId: 'EC2.8',
          accountId,
          resource: { Type: 'AwsEc2Instance', Id: instanceArn },
        }),
    ],
    ['a GuardDuty finding', guardDutyFinding],
  ])('IsolateInstance custom action on %s, and Rollback from the same finding', async (_name, findingFor) => {
    const ec2 = await member(ISOLATE_ACCOUNT, EC2Client);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc?.VpcId;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.1.0/24' }))).Subnet
      ?.SubnetId;
    const groupId = (
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpcId }))
    ).GroupId as string;
    const instanceId = (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          SecurityGroupIds: [groupId],
        }),
      )
    ).Instances?.[0].InstanceId as string;
    const groups = async () =>
      (
        (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0].Instances?.[0]
          .SecurityGroups ?? []
      )
        .map((g) => g.GroupName)
        .sort();
    const before = await groups();
    const finding = held(
      findingFor(ISOLATE_ACCOUNT, `arn:aws:ec2:${REGION}:${ISOLATE_ACCOUNT}:instance/${instanceId}`),
    );
    const event = customActionEvent(chain.actionTargetArn('IsolateInstance'), [finding]);
    const first = await chain.putEvent(event);
    expect(first.rules).toEqual(['securityhub-action-isolateinstance']);
    const run = (first.invocations[0].payload as Json).results[0];
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await groups()).toEqual(['securityhub-isolation']);

    const second = await chain.putEvent(event);
    expect((second.invocations[0].payload as Json).results[0]).toMatchObject({ outcome: 'IGNORED' });
    expect(await groups()).toEqual(['securityhub-isolation']);

    const rollback = await chain.putEvent(customActionEvent(chain.actionTargetArn('Rollback'), [stored(finding)]));
    expect(rollback.invocations.at(-1)?.payload).toMatchObject({
      rollbacks: [{ runId: run.runId, kind: 'ROLLED_BACK' }],
    });
    expect(await groups()).toEqual(before);
  });

  test('Remediate on a GuardDuty finding matches no rule; sent straight to a function it is refused', async () => {
    const instanceArn = `arn:aws:ec2:${REGION}:${ISOLATE_ACCOUNT}:instance/i-0123456789abcdef0`;
    const finding = held(guardDutyFinding(ISOLATE_ACCOUNT, instanceArn));
    const delivery = await chain.putEvent(customActionEvent(chain.actionTargetArn('Remediate'), [finding]));
    expect(delivery.rules).toEqual([]);
    const direct = await chain.lambda.invokeAsync(
      chain.functionName('remediate-ec2'),
      customActionEvent(chain.actionTargetArn('Remediate'), [finding]),
    );
    expect(direct.at(-1)).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorMessage: expect.stringMatching(/is not Security Hub's own product/) },
    });
  });

  test("a member's own-product finding naming its instance matches no IsolateInstance or Rollback rule, and the function refuses it sent straight", async () => {
    const instanceArn = `arn:aws:ec2:${REGION}:${FORGER}:instance/i-0fedcba9876543210`;
    const forged = {
      ...guardDutyFinding(FORGER, instanceArn),
      ProductArn: `arn:aws:securityhub:${REGION}:${FORGER}:product/${FORGER}/default`,
    };
    for (const action of ['IsolateInstance', 'Rollback']) {
      const delivery = await chain.putEvent(customActionEvent(chain.actionTargetArn(action), [forged]));
      expect({ action, rules: delivery.rules }).toEqual({ action, rules: [] });
    }
    const direct = await chain.lambda.invokeAsync(
      chain.functionName('remediate-ec2'),
      customActionEvent(chain.actionTargetArn('IsolateInstance'), [forged]),
    );
    expect(direct.at(-1)).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorMessage: expect.stringMatching(/is not an AWS service's product/) },
    });
  });

  test('Remediate custom action (EC2.7, manual): a repeated Remediate that changes nothing does not hide the run that did', async () => {
    const ec2 = await member(REMEDIATE_ACCOUNT, EC2Client);
    const encrypted = async () => (await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault;
    expect(await encrypted()).toBe(false);
    const finding = held(
      controlFinding({
        securityControlId: 'EC2.7',
        accountId: REMEDIATE_ACCOUNT,
        resource: { Type: 'AwsAccount', Id: `AWS::::Account:${REMEDIATE_ACCOUNT}` },
      }),
    );
    // Manual mode: the Imported event starts the document, which leaves the finding alone.
    const imported = await chain.putEvent(importedEvent(finding));
    expect(imported.executions).toEqual([]);

    const remediate = await chain.putEvent(customActionEvent(chain.actionTargetArn('Remediate'), [finding]));
    const functions = remediate.invocations.map((i) => i.functionName);
    expect(functions).toContain(chain.functionName('remediate-ec2'));
    const changed = (
      remediate.invocations.find((i) => i.functionName === chain.functionName('remediate-ec2'))?.payload as Json
    ).results[0];
    expect(changed).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await encrypted()).toBe(true);

    // A person reopens the finding and picks Remediate again: a second run, which changes nothing.
    chain.local.securityhub.state.findings.get(finding.ProductArn, finding.Id)!.finding.Workflow = {
      Status: 'NOTIFIED',
    };
    const again = await chain.putEvent(customActionEvent(chain.actionTargetArn('Remediate'), [stored(finding)]));
    const noop = (
      again.invocations.find((i) => i.functionName === chain.functionName('remediate-ec2'))?.payload as Json
    ).results[0];
    expect(noop).toMatchObject({ outcome: 'REMEDIATED', changes: [] });
    expect(noop.runId).not.toBe(changed.runId);
    const note = stored(finding).Note.Text as string;
    expect(note).toContain(changed.runId);
    expect(note).toContain(noop.runId);

    const rollback = await chain.putEvent(customActionEvent(chain.actionTargetArn('Rollback'), [stored(finding)]));
    expect(rollback.invocations.at(-1)?.payload).toMatchObject({
      rollbacks: [{ runId: changed.runId, kind: 'ROLLED_BACK' }],
    });
    expect(await encrypted()).toBe(false);
    expect(
      ownRunsOf(await chain.ledgerItems(), finding.Id)
        .map((r) => r.runId)
        .sort(),
    ).toEqual([changed.runId, noop.runId].sort());
    // The rollback's note still lists both runs.
    expect(stored(finding).Note.Text).toMatch(
      new RegExp(`rolled back .*Runs of this finding: ${changed.runId}, ${noop.runId}\\.`),
    );
  });
});

describe('what a member account cannot make the security account do (nothing changes)', () => {
  test("a forged finding under the member's own default product matches no rule, and the function refuses it sent straight", async () => {
    const before = await accountBlockPublicAccess(FORGER);
    const forged = {
      ...controlFinding({
        securityControlId: 'S3.1',
        accountId: FORGER,
        resource: { Type: 'AwsAccount', Id: `AWS::::Account:${FORGER}` },
      }),
      ProductArn: `arn:aws:securityhub:${REGION}:${FORGER}:product/${FORGER}/default`,
    };
    const delivery = await chain.putEvent(importedEvent(forged));
    expect(
      delivery.rules.filter((r) => r.startsWith('securityhub-remediation-') || r.startsWith('securityhub-action-')),
    ).toEqual([]);
    expect(delivery.executions).toEqual([]);

    const direct = await chain.lambda.invokeAsync(chain.functionName('remediate-s3'), importedEvent(forged));
    expect(direct.at(-1)).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorMessage: expect.stringMatching(/is not Security Hub's own product/) },
    });
    expect(await accountBlockPublicAccess(FORGER)).toEqual(before);
    expect((await chain.deadLetters()).map((m) => m.requestPayload?.detail?.findings?.[0]?.ProductArn)).toContain(
      forged.ProductArn,
    );
  });

  test('a custom action carrying a forged finding beside a genuine one: each is checked, only the genuine one is acted on, the event is dead-lettered', async () => {
    const ec2 = await member(FORGER, EC2Client);
    const genuine = held(
      controlFinding({
        securityControlId: 'EC2.7',
        accountId: FORGER,
        resource: { Type: 'AwsAccount', Id: `AWS::::Account:${FORGER}` },
      }),
    );
    const forged = {
      ...controlFinding({
        securityControlId: 'EC2.19',
        accountId: FORGER,
        resource: { Type: 'AwsEc2SecurityGroup', Id: (await openGroup(FORGER)).groupArn },
      }),
      ProductArn: `arn:aws:securityhub:${REGION}:${FORGER}:product/${FORGER}/default`,
    };
    await chain.deadLetters();
    const delivery = await chain.putEvent(customActionEvent(chain.actionTargetArn('Remediate'), [forged, genuine]));
    const answer = delivery.invocations.filter((i) => i.functionName === chain.functionName('remediate-ec2')).at(-1);
    expect(answer).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorMessage: expect.stringMatching(/is not Security Hub's own product/) },
    });
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    expect(ownRunsOf(await chain.ledgerItems(), (forged as Json).Id as string)).toEqual([]);
    expect((await chain.deadLetters()).length).toBeGreaterThan(0);
  });

  test('a forged run id in UserDefinedFields (a run of another account) is refused and noted; the other account is untouched', async () => {
    const victim = await openGroup(OTHER);
    const victimFinding = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: OTHER,
        resource: { Type: 'AwsEc2SecurityGroup', Id: victim.groupArn },
      }),
    );
    const victimRun = (stepResult(await chain.putEvent(importedEvent(victimFinding))).payload as Json)
      .results[0] as Json;
    expect(victimRun.outcome).toBe('REMEDIATED');

    // The member writes the other account's run id on its own finding (it may update its own findings).
    const own = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: FORGER,
        resource: { Type: 'AwsEc2SecurityGroup', Id: (await openGroup(FORGER)).groupArn },
      }),
    );
    chain.local.securityhub.state.findings.get(own.ProductArn, own.Id)!.finding.UserDefinedFields = {
      'securityhub-remediation-run': victimRun.runId,
    };
    const rollback = await chain.putEvent(customActionEvent(chain.actionTargetArn('Rollback'), [stored(own)]));
    expect(rollback.invocations.at(-1)).toMatchObject({
      functionError: 'Unhandled',
      payload: {
        errorMessage: expect.stringMatching(/names run .* which is a run of another finding \(account 510000000007\)/),
      },
    });
    expect(await victim.ingress()).toEqual([]);
    expect(stored(own).Note.Text).toMatch(/A rollback was refused/);
    expect((await chain.ledgerItems()).find((r) => r.runId === victimRun.runId)).toMatchObject({
      status: 'REMEDIATED',
    });
  });

  test('a finding naming a resource of another account is refused, with a clear reason, in both accounts nothing changes', async () => {
    const before = { own: await accountBlockPublicAccess(OTHER), other: await accountBlockPublicAccess(STATES) };
    const finding = held(
      controlFinding({
        securityControlId: 'S3.1',
        accountId: OTHER,
        resource: { Type: 'AwsAccount', Id: `AWS::::Account:${STATES}` },
      }),
    );
    const delivery = await chain.putEvent(importedEvent(finding));
    expect(delivery.executions[0].status).toBe('Failed');
    expect(stepResult(delivery).payload).toMatchObject({
      errorMessage: expect.stringMatching(
        /resource AWS::::Account:510000000008 is account 510000000008, not the finding's account 510000000007/,
      ),
    });
    expect({ own: await accountBlockPublicAccess(OTHER), other: await accountBlockPublicAccess(STATES) }).toEqual(
      before,
    );
    expect(ownRunsOf(await chain.ledgerItems(), finding.Id)).toEqual([]);
  });

  test.each([
    ['SUPPRESSED', { Workflow: { Status: 'SUPPRESSED' }, WorkflowState: 'NEW' }],
    ['RESOLVED', { Workflow: { Status: 'RESOLVED' }, WorkflowState: 'RESOLVED' }],
    ['ARCHIVED', { RecordState: 'ARCHIVED' }],
  ])(
    'a %s finding sent straight to the function is left alone; the rule does not match it either',
    async (_state, fields) => {
      const before = await accountBlockPublicAccess(STATES);
      const finding = held({
        ...controlFinding({
          securityControlId: 'S3.1',
          accountId: STATES,
          resource: { Type: 'AwsAccount', Id: `AWS::::Account:${STATES}` },
        }),
        ...fields,
      });
      expect((await chain.putEvent(importedEvent(finding))).executions).toEqual([]);
      // The event claims NEW and ACTIVE; Security Hub holds what it holds.
      const claim = { ...finding, Workflow: { Status: 'NEW' }, RecordState: 'ACTIVE' };
      const direct = await chain.lambda.invoke(chain.functionName('remediate-s3'), importedEvent(claim));
      expect((direct.payload as Json).results[0]).toMatchObject({
        outcome: 'IGNORED',
        reason: expect.stringMatching(/Security Hub holds the finding/),
      });
      expect(await accountBlockPublicAccess(STATES)).toEqual(before);
    },
  );

  test('a finding Security Hub does not hold: the execution fails, nothing changes, nothing is recorded', async () => {
    const before = await accountBlockPublicAccess(STATES);
    const ghost = controlFinding({
      securityControlId: 'S3.1',
      accountId: STATES,
      resource: { Type: 'AwsAccount', Id: `AWS::::Account:${STATES}` },
    });
    const delivery = await chain.putEvent(importedEvent(ghost));
    expect(delivery.executions[0].status).toBe('Failed');
    expect(stepResult(delivery).payload).toMatchObject({
      errorMessage: expect.stringMatching(/Security Hub holds no finding/),
    });
    expect(await accountBlockPublicAccess(STATES)).toEqual(before);
    expect(ownRunsOf(await chain.ledgerItems(), ghost.Id as string)).toEqual([]);
  });

  test('an Imported event with an oversized Id: SSM refuses the parameters, the event is dead-lettered, nothing changes', async () => {
    const security = await openGroup(STATES);
    const finding = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: STATES,
        resource: { Type: 'AwsEc2SecurityGroup', Id: security.groupArn },
      }),
    );
    await chain.deadLetters();
    const delivery = await chain.putEvent(importedEvent({ ...finding, Id: `${finding.Id}${'x'.repeat(100_000)}` }));
    expect(delivery.rules).toContain('securityhub-remediation-RevokePublicIngressHighRiskPorts');
    expect(delivery.executions).toEqual([]);
    expect(delivery.refused).toEqual([
      expect.stringMatching(/Parameter "FindingId" value .* does not match allowedPattern/),
    ]);
    expect((await chain.deadLetters()).map((m) => m['detail-type'])).toEqual(['Security Hub Findings - Imported']);
    expect(await security.ingress()).toEqual(['tcp 22 0.0.0.0/0']);
  });

  test.each([
    [
      'a 100 KB Title',
      (f: Json) => ({ ...f, Title: 'x'.repeat(100_000) }),
      /Title: 100000 characters, more than the 256/,
    ],
    [
      'a 100 KB Id',
      (f: Json) => ({ ...f, Id: `${f.Id}${'x'.repeat(100_000)}` }),
      /Id: \d+ characters, more than the 512/,
    ],
    [
      'ProductFields nested 5,000 deep',
      (f: Json) => {
        let deep: Json = { leaf: 'x' };
        for (let i = 0; i < 5000; i++) deep = { next: deep };
        return { ...f, ProductFields: deep };
      },
      /nested deeper than 32 levels/,
    ],
  ])('%s: refused before anything is read or changed, and dead-lettered', async (_name, alter, message) => {
    const security = await openGroup(STATES);
    const finding = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: STATES,
        resource: { Type: 'AwsEc2SecurityGroup', Id: security.groupArn },
      }),
    );
    const oversized = alter(finding);
    await chain.deadLetters();
    // A person sends it with a custom action: the event goes straight to the function.
    const delivery = await chain.putEvent(customActionEvent(chain.actionTargetArn('Remediate'), [oversized]));
    const network = delivery.invocations.filter((i) => i.functionName === chain.functionName('remediate-ec2-network'));
    expect(network.at(-1)).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorType: 'InvalidEventError', errorMessage: expect.stringMatching(message) },
    });
    expect(await security.ingress()).toEqual(['tcp 22 0.0.0.0/0']);
    expect((await chain.deadLetters()).length).toBeGreaterThan(0);
    expect(ownRunsOf(await chain.ledgerItems(), finding.Id)).toEqual([]);
  });
});
