import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { controlFinding } from '../harness';
import { customActionEvent, importedEvent, RemediationChain, REGION } from './chain';

/*
 * People acting between a run and its rollback, through the synthesized chain (rules, input
 * transformers, SSM documents, function packages) against local AWS. A rollback goes ahead only
 * where the resource is still as the run left it: for each rollback kind (replace: S3.1 and
 * IsolateInstance; create: CloudTrail.1; additive: EC2.19) a person changes the resource after
 * the run, and the assertions read the resources themselves. `--force` (the command's flag, sent
 * to the rollback function as `force`) restores the before-state anyway. A suppression made after
 * the run re-read the finding and before its change is kept.
 */

const [S3_ACCOUNT, ISOLATE_ACCOUNT, TRAIL_ACCOUNT, EC2_ACCOUNT, SUPPRESS_ACCOUNT, PLAIN_ACCOUNT] = [
  '520000000001',
  '520000000002',
  '520000000003',
  '520000000004',
  '520000000005',
  '520000000006',
];

const CONFIG = `
organization:
  name: drift
  managementAccountId: "999988887777"
  securityAccountId: "123456789012"
  homeRegion: us-east-1
  linkedRegions: [us-east-1]
remediation:
  parameters:
    EnableMultiRegionCloudTrail: { TrailBucketName: drift-trail-logs }
tiers:
  - name: staging
    environment: staging
    accounts: ["${[S3_ACCOUNT, ISOLATE_ACCOUNT, TRAIL_ACCOUNT, EC2_ACCOUNT, SUPPRESS_ACCOUNT, PLAIN_ACCOUNT].join('", "')}"]
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

const held = (finding: Json): Json => chain.held(finding);

const stored = (finding: Json): Json => chain.stored(finding);

/** A person changes the finding's workflow status in Security Hub. */
function setWorkflow(finding: Json, status: string): void {
  chain.local.securityhub.state.findings.get(finding.ProductArn, finding.Id)!.finding.Workflow = { Status: status };
}

async function ledgerRun(runId: string): Promise<Json | undefined> {
  return (await chain.ledgerItems()).find((r) => r.runId === runId);
}

/** The run a remediation delivery made (SSM path or custom action). */
function runOf(delivery: {
  executions: { steps: { result: { payload: unknown } }[] }[];
  invocations: { payload: unknown }[];
}): Json {
  const payload = (delivery.executions[0]?.steps[0].result.payload ?? delivery.invocations[0]?.payload) as Json;
  return payload.results[0] as Json;
}

/** The Rollback custom action on a finding: the rollback function's answer (it fails the invocation, for the DLQ, when anything was refused). */
async function rollbackAction(finding: Json): Promise<Json> {
  const delivery = await chain.putEvent(customActionEvent(chain.actionTargetArn('Rollback'), [stored(finding)]));
  expect(delivery.rules).toEqual(['securityhub-action-rollback']);
  return delivery.invocations.at(-1) as Json;
}

/** The command's path: `securityhub rollback RUN_ID [--force] --via-function` invokes the rollback function with this payload. */
async function rollbackByRunId(runId: string, force: boolean): Promise<Json> {
  const answer = await chain.lambda.invoke(chain.functionName('rollback'), {
    runId,
    requestedBy: 'arn:aws:iam::123456789012:user/responder',
    ...(force ? { force: true } : {}),
  });
  expect(answer.functionError).toBeUndefined();
  return (answer.payload as Json).rollbacks[0] as Json;
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

const accountFinding = (id: string, accountId: string): Json =>
  controlFinding({
    securityControlId: id,
    accountId,
    resource: { Type: 'AwsAccount', Id: `AWS::::Account:${accountId}` },
  });

describe('a rollback after a person changed the resource is refused, recorded and noted; nothing changes; --force restores', () => {
  test('replace (S3.1): a person changed account Block Public Access after the run', async () => {
    const s3control = await member(S3_ACCOUNT, S3ControlClient);
    const partly = {
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    };
    await s3control.send(
      new PutPublicAccessBlockCommand({ AccountId: S3_ACCOUNT, PublicAccessBlockConfiguration: partly }),
    );
    const finding = held(accountFinding('S3.1', S3_ACCOUNT));
    const run = runOf(await chain.putEvent(importedEvent(finding)));
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await ledgerRun(run.runId)).toMatchObject({
      after: {
        configuration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
    });

    // A person turns BlockPublicPolicy off again (a reviewed public dataset, say).
    const personal = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: true,
    };
    await s3control.send(
      new PutPublicAccessBlockCommand({ AccountId: S3_ACCOUNT, PublicAccessBlockConfiguration: personal }),
    );

    const refused = await rollbackAction(finding);
    expect(refused).toMatchObject({
      functionError: 'Unhandled',
      payload: {
        errorMessage: expect.stringMatching(
          /REFUSED_DRIFT: .*configuration\.BlockPublicPolicy was true after the run, is false now/,
        ),
      },
    });
    expect(await accountBlockPublicAccess(S3_ACCOUNT)).toEqual(personal);
    const record = await ledgerRun(run.runId);
    expect(record).toMatchObject({
      status: 'REMEDIATED',
      rollbackRefusal: { drift: [{ field: 'configuration.BlockPublicPolicy', afterRun: true, now: false }] },
    });
    expect(record?.rolledBackAt).toBeUndefined();
    expect(stored(finding).Note.Text).toMatch(
      new RegExp(
        `A rollback of run ${run.runId} by custom action Rollback .* was refused: .*securityhub rollback ${run.runId} --force.*BlockPublicPolicy was true after the run, is false now`,
      ),
    );
    expect(stored(finding).UserDefinedFields['securityhub-remediation-outcome']).toBe('REMEDIATED');

    // The command's path without --force answers the same, as data.
    expect(await rollbackByRunId(run.runId, false)).toMatchObject({
      kind: 'REFUSED_DRIFT',
      runId: run.runId,
      drift: [{ field: 'configuration.BlockPublicPolicy', afterRun: true, now: false }],
    });
    expect(await accountBlockPublicAccess(S3_ACCOUNT)).toEqual(personal);

    // A person who means it: --force restores the recorded before-state over the change, and the ledger says what it overrode.
    expect(await rollbackByRunId(run.runId, true)).toMatchObject({
      kind: 'ROLLED_BACK',
      runId: run.runId,
      forcedOver: [{ field: 'configuration.BlockPublicPolicy' }],
    });
    expect(await accountBlockPublicAccess(S3_ACCOUNT)).toEqual(partly);
    expect(await ledgerRun(run.runId)).toMatchObject({
      status: 'ROLLED_BACK',
      rollbackForcedOver: [{ field: 'configuration.BlockPublicPolicy', afterRun: true, now: false }],
    });
  });

  test('replace (IsolateInstance): the responder moved the isolated instance to a forensic group', async () => {
    const ec2 = await member(ISOLATE_ACCOUNT, EC2Client);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc?.VpcId;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24' }))).Subnet
      ?.SubnetId;
    const app = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpcId })))
      .GroupId as string;
    const forensic = (
      await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: 'forensic', Description: 'forensic capture only', VpcId: vpcId }),
      )
    ).GroupId as string;
    const instance = (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          SecurityGroupIds: [app],
        }),
      )
    ).Instances?.[0];
    const instanceId = instance?.InstanceId as string;
    const groups = async () =>
      (
        (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0].Instances?.[0]
          .SecurityGroups ?? []
      )
        .map((g) => g.GroupName)
        .sort();
    const finding = held(
      controlFinding({
        securityControlId: 'EC2.8',
        accountId: ISOLATE_ACCOUNT,
        resource: { Type: 'AwsEc2Instance', Id: `arn:aws:ec2:${REGION}:${ISOLATE_ACCOUNT}:instance/${instanceId}` },
      }),
    );
    const run = runOf(await chain.putEvent(customActionEvent(chain.actionTargetArn('IsolateInstance'), [finding])));
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await groups()).toEqual(['securityhub-isolation']);

    // The responder moves the instance to the forensic group (its primary interface's groups are the instance's).
    const eni = instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId as string;
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni, Groups: [forensic] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: [forensic] }));
    expect(await groups()).toEqual(['forensic']);

    const refused = await rollbackAction(finding);
    expect(refused).toMatchObject({
      functionError: 'Unhandled',
      payload: {
        errorMessage: expect.stringMatching(
          new RegExp(`REFUSED_DRIFT: .*interfaces was .* after the run, is .*${forensic}.* now`),
        ),
      },
    });
    // The containment stands: the instance did not go back to its open groups.
    expect(await groups()).toEqual(['forensic']);
    expect((await ledgerRun(run.runId))?.rollbackRefusal?.drift).toEqual([
      expect.objectContaining({ field: 'interfaces' }),
    ]);
    expect(stored(finding).Note.Text).toMatch(/A rollback of run .* was refused: .*--force/);

    expect(await rollbackByRunId(run.runId, true)).toMatchObject({
      kind: 'ROLLED_BACK',
      forcedOver: [expect.objectContaining({ field: 'interfaces' })],
    });
    expect(await groups()).toEqual(['app']);
  });

  test('create (CloudTrail.1): a person stopped logging on the trail the run created', async () => {
    await (await member(TRAIL_ACCOUNT, S3Client)).send(new CreateBucketCommand({ Bucket: 'drift-trail-logs' }));
    const cloudtrail = await member(TRAIL_ACCOUNT, CloudTrailClient);
    const trails = async () =>
      ((await cloudtrail.send(new DescribeTrailsCommand({}))).trailList ?? []).map((t) => t.Name);
    const finding = held(accountFinding('CloudTrail.1', TRAIL_ACCOUNT));
    const run = runOf(await chain.putEvent(importedEvent(finding)));
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    const [name] = await trails();
    expect(name).toBeDefined();

    await cloudtrail.send(new StopLoggingCommand({ Name: name }));
    expect(await rollbackByRunId(run.runId, false)).toMatchObject({
      kind: 'REFUSED_DRIFT',
      reason: expect.stringMatching(/start logging on trail .* again/),
    });
    expect(await trails()).toEqual([name]);
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: name }))).IsLogging).toBe(false);

    expect(await rollbackByRunId(run.runId, true)).toMatchObject({ kind: 'ROLLED_BACK' });
    expect(await trails()).toEqual([]);
  });

  test('additive (EC2.19): a narrower rule a person added since stays, and the rollback goes ahead', async () => {
    const ec2 = await member(EC2_ACCOUNT, EC2Client);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc?.VpcId;
    const groupId = (
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'open', Description: 'open', VpcId: vpcId }))
    ).GroupId as string;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const ingress = async () =>
      (
        (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0]
          .IpPermissions ?? []
      )
        .flatMap((p) => (p.IpRanges ?? []).map((r) => `${p.IpProtocol} ${p.FromPort} ${r.CidrIp}`))
        .sort();
    const finding = held(
      controlFinding({
        securityControlId: 'EC2.19',
        accountId: EC2_ACCOUNT,
        resource: { Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:${REGION}:${EC2_ACCOUNT}:security-group/${groupId}` },
      }),
    );
    const run = runOf(await chain.putEvent(importedEvent(finding)));
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
      }),
    );

    expect((await rollbackAction(finding)).payload).toMatchObject({
      rollbacks: [{ kind: 'ROLLED_BACK', runId: run.runId }],
    });
    expect(await ingress()).toEqual(['tcp 22 0.0.0.0/0', 'tcp 22 10.0.0.0/8']);
  });
});

describe('a workflow status a person set after the run read the finding', () => {
  test("suppressed between the run's re-read and its change: the mark keeps SUPPRESSED and adds its note; so does the rollback's", async () => {
    const finding = held(accountFinding('S3.1', SUPPRESS_ACCOUNT));
    // The security team suppresses the finding at the moment the run changes the account's settings.
    chain.beforeMemberRequest = async (request) => {
      if (request.method === 'PUT' && request.url.includes('/configuration/publicAccessBlock'))
        setWorkflow(finding, 'SUPPRESSED');
    };
    let run: Json;
    try {
      run = runOf(await chain.putEvent(importedEvent(finding)));
    } finally {
      chain.beforeMemberRequest = undefined;
    }
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(await accountBlockPublicAccess(SUPPRESS_ACCOUNT)).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const marked = stored(finding);
    expect(marked.Workflow.Status).toBe('SUPPRESSED');
    expect(marked.UserDefinedFields).toMatchObject({
      'securityhub-remediation-run': run.runId,
      'securityhub-remediation-outcome': 'REMEDIATED',
    });
    expect(marked.Note.Text).toMatch(
      new RegExp(`Left SUPPRESSED as a person set it\\. Remediated by run ${run.runId}`),
    );

    expect(await rollbackByRunId(run.runId, false)).toMatchObject({ kind: 'ROLLED_BACK' });
    expect(await accountBlockPublicAccess(SUPPRESS_ACCOUNT)).toBeUndefined();
    const rolledBack = stored(finding);
    expect(rolledBack.Workflow.Status).toBe('SUPPRESSED');
    expect(rolledBack.UserDefinedFields['securityhub-remediation-outcome']).toBe('ROLLED_BACK');
    expect(rolledBack.Note.Text).toMatch(/Left SUPPRESSED as a person set it\. Run .* rolled back/);
  });

  test('not suppressed: the mark sets RESOLVED as before', async () => {
    const finding = held(accountFinding('S3.1', PLAIN_ACCOUNT));
    const run = runOf(await chain.putEvent(importedEvent(finding)));
    expect(run).toMatchObject({ outcome: 'REMEDIATED' });
    expect(stored(finding).Workflow.Status).toBe('RESOLVED');
    expect(stored(finding).Note.Text).not.toMatch(/SUPPRESSED/);
  });
});
