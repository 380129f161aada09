import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { controlFinding } from '../harness';
import { customActionEvent, importedEvent, RemediationChain, REGION, SECURITY_ACCOUNT } from './chain';

/*
 * What people and member accounts do around a run, through the synthesized chain (rules, input
 * transformers, SSM documents, function packages) against local AWS: values a member writes on
 * its own findings, the operator's SSM path, custom actions that are not this stack's, Regions
 * of account-level resources, a step delivered twice, two triggers at the same moment, and the
 * imports AWS refuses a member. Each case asserts on the resources, not only on the answer.
 */

const [PRODUCTION, MEMBER, ISOLATE, TRAIL, OPERATOR, RACE, IMPORTER] = [
  '520000000001',
  '520000000002',
  '520000000003',
  '520000000004',
  '520000000005',
  '520000000006',
  '520000000007',
];

const CONFIG = `
organization:
  name: chain-people
  managementAccountId: "999988887777"
  securityAccountId: "${SECURITY_ACCOUNT}"
  homeRegion: ${REGION}
  linkedRegions: [${REGION}]
remediation:
  parameters:
    EnableMultiRegionCloudTrail: { TrailBucketName: chain-people-trail-logs }
tiers:
  - name: staging
    environment: staging
    accounts: ["${[PRODUCTION, MEMBER, ISOLATE, TRAIL, OPERATOR, RACE, IMPORTER].join('", "')}"]
    standards: [standards/aws-foundational-security-best-practices/v/1.0.0]
    remediation:
      defaultMode: off
      controls: { S3.1: auto, EC2.19: auto, CloudTrail.1: auto, IsolateInstance: manual }
`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let chain: RemediationChain;

beforeAll(async () => {
  chain = await RemediationChain.start(CONFIG);
}, 180_000);
afterAll(() => chain?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const member = <C>(accountId: string, clientClass: new (config: any) => C): Promise<C> =>
  chain.memberClient(accountId, clientClass);

/** Security Hub as the member account itself calls it (its 12-digit id is the access key). */
function memberSecurityHub(accountId: string): SecurityHubClient {
  return new SecurityHubClient({
    endpoint: chain.local.endpoint,
    region: REGION,
    maxAttempts: 1,
    credentials: { accessKeyId: accountId, secretAccessKey: 'testing' },
  });
}

const held = (finding: Json): Json => chain.held(finding);

const stored = (finding: Json): Json => chain.stored(finding);

async function runsOf(findingId: string): Promise<Json[]> {
  return (await chain.ledgerItems()).filter((r) => r.findingId === findingId);
}

async function openGroup(accountId: string): Promise<{ groupArn: string; ingress: () => Promise<string[]> }> {
  const ec2 = await member(accountId, EC2Client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc?.VpcId;
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

async function instance(accountId: string): Promise<{ arn: string; groups: () => Promise<string[]> }> {
  const ec2 = await member(accountId, EC2Client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc?.VpcId;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.60.1.0/24' }))).Subnet
    ?.SubnetId;
  const groupId = (
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: `app-${Date.now()}`, Description: 'app', VpcId: vpcId }))
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
      .map((g) => g.GroupName as string)
      .sort();
  return { arn: `arn:aws:ec2:${REGION}:${accountId}:instance/${instanceId}`, groups };
}

/** A GuardDuty finding as GuardDuty files it in Security Hub: its own product and id shape, no compliance status. */
function guardDutyFinding(accountId: string, instanceArn: string): Json {
  const suffix =
    instanceArn
      .split('/')
      .pop()
      ?.replace(/[^a-z0-9]/g, '') ?? '0';
  return {
    ...controlFinding({ securityControlId: 'EC2.8', accountId, resource: { Type: 'AwsEc2Instance', Id: instanceArn } }),
    Id: `arn:aws:guardduty:${REGION}:${accountId}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/${suffix}`,
    ProductArn: `arn:aws:securityhub:${REGION}::product/aws/guardduty`,
    GeneratorId: 'arn:aws:guardduty:us-east-1:detector/backdoor',
    Types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B'],
    Title: 'EC2 instance is querying a domain name associated with a known command and control server.',
    Compliance: undefined,
  };
}

async function accountBlockPublicAccess(accountId: string): Promise<Json | undefined> {
  try {
    return (
      await (await member(accountId, S3ControlClient)).send(new GetPublicAccessBlockCommand({ AccountId: accountId }))
    ).PublicAccessBlockConfiguration;
  } catch {
    return undefined;
  }
}

describe('values a member account writes', () => {
  test("a 2,100-byte run id a member wrote beside a production finding in one Rollback: the member's is REFUSED on its own, the production run is rolled back", async () => {
    const production = await openGroup(PRODUCTION);
    const productionFinding = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: PRODUCTION,
        resource: { Type: 'AwsEc2SecurityGroup', Id: production.groupArn },
      }),
    );
    const run = ((await chain.putEvent(importedEvent(productionFinding))).executions[0].steps[0].result.payload as Json)
      .results[0];
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await production.ingress()).toEqual([]);

    // The member may update its own findings: 700 three-byte characters, within Security Hub's 1,024, over DynamoDB's 2,048-byte key.
    const own = await openGroup(MEMBER);
    const memberFinding = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: MEMBER,
        resource: { Type: 'AwsEc2SecurityGroup', Id: own.groupArn },
      }),
    );
    const oversized = '€'.repeat(700);
    expect(Buffer.byteLength(oversized)).toBe(2100);
    const updated = await memberSecurityHub(MEMBER).send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: memberFinding.Id, ProductArn: memberFinding.ProductArn }],
        UserDefinedFields: { 'securityhub-remediation-run': oversized },
      }),
    );
    expect(updated.UnprocessedFindings).toEqual([]);

    const rollback = await chain.putEvent(
      customActionEvent(chain.actionTargetArn('Rollback'), [stored(memberFinding), stored(productionFinding)]),
    );
    expect(rollback.rules).toEqual(['securityhub-action-rollback']);
    const answer = rollback.invocations.at(-1) as Json;
    // The refusal is reported (the event goes on to the dead-letter queue), and no DynamoDB limit was reached.
    expect(answer).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorMessage: expect.stringMatching(/not a remediation run id/) },
    });
    expect(answer.payload.errorMessage).not.toMatch(/hashkey|2048 bytes/i);
    expect(await production.ingress()).toEqual(['tcp 22 0.0.0.0/0']);
    expect((await runsOf(productionFinding.Id))[0]).toMatchObject({ runId: run.runId, status: 'ROLLED_BACK' });
    expect(await own.ingress()).toEqual(['tcp 22 0.0.0.0/0']);
    expect(await runsOf(memberFinding.Id)).toEqual([]);
    expect(stored(memberFinding).Note.Text).toMatch(/A rollback was refused.*not a remediation run id/);
  });
});

describe('IsolateInstance on a GuardDuty finding', () => {
  test('the operator path: its SSM document takes the GuardDuty finding and isolates the instance', async () => {
    const target = await instance(ISOLATE);
    const before = await target.groups();
    const finding = held(guardDutyFinding(ISOLATE, target.arn));
    const execution = await chain.ssm.start('SecurityHubRemediation-IsolateEc2Instance', {
      FindingId: [finding.Id],
      ProductArn: [finding.ProductArn],
      Trigger: ['Operator'],
      AutomationAssumeRole: [chain.automationRoleArn()],
    });
    expect(execution).toMatchObject({ status: 'Success' });
    const run = (execution.steps[0].result.payload as Json).results[0];
    expect(run).toMatchObject({ outcome: 'REMEDIATED', id: 'IsolateInstance' });
    expect(await target.groups()).toEqual(['securityhub-isolation']);
    expect(before).not.toEqual(['securityhub-isolation']);
  });

  test.each([
    [
      "a member's own product",
      (f: Json) => ({
        FindingId: [f.Id],
        ProductArn: [`arn:aws:securityhub:${REGION}:${ISOLATE}:product/${ISOLATE}/default`],
      }),
      /"ProductArn" value .* does not match allowedPattern/,
    ],
    [
      "an id of no AWS service's finding shape",
      (f: Json) => ({ FindingId: [`arn:aws:ec2:${REGION}:${ISOLATE}:instance/i-0123`], ProductArn: [f.ProductArn] }),
      /"FindingId" value .* does not match allowedPattern/,
    ],
  ])('the operator path refuses %s before anything runs', async (_name, parameters, message) => {
    const target = await instance(ISOLATE);
    const before = await target.groups();
    const finding = held(guardDutyFinding(ISOLATE, target.arn));
    await expect(
      chain.ssm.start('SecurityHubRemediation-IsolateEc2Instance', {
        ...parameters(finding),
        Trigger: ['Operator'],
        AutomationAssumeRole: [chain.automationRoleArn()],
      }),
    ).rejects.toThrow(message);
    expect(await target.groups()).toEqual(before);
  });

  test.each([
    ['another account (999999999999)', `arn:aws:securityhub:${REGION}:999999999999:action/custom/IsolateInstance`],
    [
      'another Region of the security account',
      `arn:aws:securityhub:eu-west-1:${SECURITY_ACCOUNT}:action/custom/IsolateInstance`,
    ],
  ])(
    'a custom action of %s matches no rule; sent straight to the function with a real GuardDuty finding, nothing changes',
    async (_name, actionArn) => {
      const target = await instance(ISOLATE);
      const before = await target.groups();
      const finding = held(guardDutyFinding(ISOLATE, target.arn));
      const event = customActionEvent(actionArn, [finding]);
      expect((await chain.putEvent(event)).rules).toEqual([]);
      const direct = await chain.lambda.invokeAsync(chain.functionName('remediate-ec2'), event);
      expect(direct.at(-1)).toMatchObject({
        functionError: 'Unhandled',
        payload: {
          errorType: 'InvalidEventError',
          errorMessage: expect.stringMatching(
            /event.resources: expected one custom action target of this stack \(arn:aws:securityhub:us-east-1:123456789012:action\/custom\/<id>\)/,
          ),
        },
      });
      expect(await target.groups()).toEqual(before);
      expect(await runsOf(finding.Id)).toEqual([]);
      // The same for the Rollback action of another account, sent straight to the rollback function.
      const rollback = await chain.lambda.invokeAsync(
        chain.functionName('rollback'),
        customActionEvent(actionArn.replace('IsolateInstance', 'Rollback'), [finding]),
      );
      expect(rollback.at(-1)).toMatchObject({
        functionError: 'Unhandled',
        payload: { errorMessage: expect.stringMatching(/custom action target of this stack/) },
      });
    },
  );
});

test("an account-level resource whose Region is not the finding's: refused, no trail is created, nothing is recorded", async () => {
  await (await member(TRAIL, S3Client)).send(new CreateBucketCommand({ Bucket: 'chain-people-trail-logs' }));
  const cloudtrail = await member(TRAIL, CloudTrailClient);
  const finding = held(
    controlFinding({
      securityControlId: 'CloudTrail.1',
      accountId: TRAIL,
      resource: { Type: 'AwsAccount', Id: `AWS::::Account:${TRAIL}`, Region: 'eu-west-1' },
    }),
  );
  expect(finding.Region).toBe(REGION);
  const delivery = await chain.putEvent(importedEvent(finding));
  expect(delivery.executions[0]).toMatchObject({ status: 'Failed' });
  expect(delivery.executions[0].steps[0].result.payload).toMatchObject({
    errorMessage: expect.stringMatching(
      /resource AWS::::Account:520000000004 is in eu-west-1, not the finding's Region us-east-1/,
    ),
  });
  expect((await cloudtrail.send(new DescribeTrailsCommand({}))).trailList ?? []).toEqual([]);
  expect(await runsOf(finding.Id)).toEqual([]);
});

test('one SSM execution whose step is delivered twice makes one run: the second delivery changes nothing a person set since', async () => {
  const s3control = await member(OPERATOR, S3ControlClient);
  const open = {
    BlockPublicAcls: false,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: false,
  };
  await s3control.send(new PutPublicAccessBlockCommand({ AccountId: OPERATOR, PublicAccessBlockConfiguration: open }));
  const finding = held(
    controlFinding({
      securityControlId: 'S3.1',
      accountId: OPERATOR,
      resource: { Type: 'AwsAccount', Id: `AWS::::Account:${OPERATOR}` },
    }),
  );
  const execution = await chain.ssm.start('SecurityHubRemediation-EnableS3AccountBlockPublicAccess', {
    FindingId: [finding.Id],
    ProductArn: [finding.ProductArn],
    Trigger: ['Operator'],
    AutomationAssumeRole: [chain.automationRoleArn()],
  });
  const first = (execution.steps[0].result.payload as Json).results[0];
  expect(first).toMatchObject({ outcome: 'REMEDIATED' });
  expect((await accountBlockPublicAccess(OPERATOR))?.BlockPublicPolicy).toBe(true);

  // A person opens one setting again on purpose and reopens the finding; then SSM delivers the
  // same step a second time (a retried step, which may also arrive before the first run's mark).
  const chosen = {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: true,
  };
  await s3control.send(
    new PutPublicAccessBlockCommand({ AccountId: OPERATOR, PublicAccessBlockConfiguration: chosen }),
  );
  chain.local.securityhub.state.findings.get(finding.ProductArn, finding.Id)!.finding.Workflow = { Status: 'NOTIFIED' };
  const again = await chain.lambda.invoke(chain.functionName('remediate-s3'), execution.steps[0].payload);
  expect((again.payload as Json).results[0]).toMatchObject({ outcome: 'REMEDIATED', runId: first.runId });
  expect(await accountBlockPublicAccess(OPERATOR)).toEqual(chosen);
  expect((await runsOf(finding.Id)).map((r) => r.runId)).toEqual([first.runId]);
});

test('the Imported rule and the Remediate action at the same moment: one run changes, the other reports the change made by it; nothing is dead-lettered', async () => {
  const group = await openGroup(RACE);
  const finding = held(
    controlFinding({
      securityControlId: 'EC2.19',
      accountId: RACE,
      resource: { Type: 'AwsEc2SecurityGroup', Id: group.groupArn },
    }),
  );
  await chain.deadLetters();
  // Both runs read the group before either revokes: the first revoke is held until the second arrives.
  const raced = chain.gaps.hold('RevokeSecurityGroupIngress', 2, 90_000);
  const [imported, remediate] = await Promise.all([
    chain.putEvent(importedEvent(finding)),
    chain.putEvent(customActionEvent(chain.actionTargetArn('Remediate'), [finding])),
  ]);
  expect(await raced).toBe(2);
  const fromImported = (imported.executions[0].steps[0].result.payload as Json).results[0];
  const fromAction = (
    remediate.invocations.find((i) => i.functionName === chain.functionName('remediate-ec2-network'))?.payload as Json
  ).results[0];
  const results = [fromImported, fromAction];
  expect(results.map((r) => r.outcome)).toEqual(['REMEDIATED', 'REMEDIATED']);
  expect(fromImported.runId).not.toBe(fromAction.runId);
  const reported = results.filter((r) => /already made by concurrent run/.test(r.reason ?? ''));
  expect(reported).toHaveLength(1);
  expect(reported[0].reason).toContain(results.find((r) => r !== reported[0]).runId);
  expect(await group.ingress()).toEqual([]);
  expect((await runsOf(finding.Id)).map((r) => r.status)).toEqual(['REMEDIATED', 'REMEDIATED']);
  expect(await chain.deadLetters()).toEqual([]);
}, 180_000);

test('what a member imports that AWS refuses is refused by local AWS; nothing is stored and nothing changes', async () => {
  chain.local.securityhub.enableHub(IMPORTER, REGION);
  const securityhub = memberSecurityHub(IMPORTER);
  const base = controlFinding({
    securityControlId: 'S3.1',
    accountId: IMPORTER,
    resource: { Type: 'AwsAccount', Id: `AWS::::Account:${IMPORTER}` },
  });
  const forged = [
    base,
    { ...guardDutyFinding(IMPORTER, `arn:aws:ec2:${REGION}:${IMPORTER}:instance/i-0aaa`) },
    { ...base, Id: `${base.Id}-other`, AwsAccountId: PRODUCTION },
    {
      ...base,
      Id: `${base.Id}-theirs`,
      ProductArn: `arn:aws:securityhub:${REGION}:${PRODUCTION}:product/${PRODUCTION}/default`,
    },
  ];
  const before = chain.local.securityhub.state.findings.size;
  const result = await securityhub.send(new BatchImportFindingsCommand({ Findings: forged as never }));
  expect(result).toMatchObject({ SuccessCount: 0, FailedCount: 4 });
  expect(result.FailedFindings?.map((f) => f.ErrorCode)).toEqual([
    'AccessDeniedException',
    'AccessDeniedException',
    'AccessDeniedException',
    'AccessDeniedException',
  ]);
  expect(chain.local.securityhub.state.findings.size).toBe(before);
  expect(await accountBlockPublicAccess(IMPORTER)).toBeUndefined();
});
