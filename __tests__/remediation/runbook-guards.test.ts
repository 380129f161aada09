import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { remediationSchema, tierRemediationSchema } from '../../config/remediation-schema';
import { buildRemediationPolicy } from '../../domain/remediation-plan';
import { controlFinding, customActionEvent, importedEvent, RemediationHarness, REGION } from './harness';

/*
 * Where the load balancer, API Gateway and CodeBuild runbooks must change nothing: a redirect to
 * HTTPS with no HTTPS listener, execution logging without the account's CloudWatch Logs role, and
 * a credential value that must never leave the project.
 */

const ACCOUNTS = ['240000000001', '240000000002', '240000000003'];

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

function policy(controls: Record<string, string>): void {
  h.policy.set(
    buildRemediationPolicy(remediationSchema.parse({}), [
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

/** The first result of an event, or the failure the handler threw for it. */
async function outcomeOf(event: unknown): Promise<{ outcome: string; reason?: string; runId?: string }> {
  try {
    return (await h.handler()(event)).results?.[0] as { outcome: string; reason?: string; runId: string };
  } catch (error) {
    const failure = (error as { failures?: { reason: string; runId?: string }[] }).failures?.[0];
    if (!failure) throw error;
    return { outcome: 'FAILED', reason: failure.reason, runId: failure.runId };
  }
}

test('ELB.1 on a load balancer with no HTTPS listener: FAILED with the create-listener step, the HTTP listener keeps forwarding', async () => {
  const accountId = ACCOUNTS[0];
  const clients = await h.member(accountId);
  const ec2 = clients.get('ec2', EC2Client);
  const elb = clients.get('elasticloadbalancing', ElasticLoadBalancingV2Client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc?.VpcId as string;
  const subnets = await Promise.all(
    ['a', 'b'].map(
      async (zone, i) =>
        (
          await ec2.send(
            new CreateSubnetCommand({
              VpcId: vpcId,
              CidrBlock: `10.50.${i}.0/24`,
              AvailabilityZone: `${REGION}${zone}`,
            }),
          )
        ).Subnet?.SubnetId as string,
    ),
  );
  const lb = (
    await elb.send(new CreateLoadBalancerCommand({ Name: 'http-only', Subnets: subnets, Type: 'application' }))
  ).LoadBalancers?.[0];
  const targetGroup = (
    await elb.send(new CreateTargetGroupCommand({ Name: 'http-only-tg', Protocol: 'HTTP', Port: 80, VpcId: vpcId }))
  ).TargetGroups?.[0]?.TargetGroupArn;
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb?.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroup }],
    }),
  );
  policy({ 'ELB.1': 'manual' });
  const finding = h.loadFinding(
    controlFinding({
      securityControlId: 'ELB.1',
      accountId,
      resource: { Type: 'AwsElbv2LoadBalancer', Id: lb?.LoadBalancerArn as string },
    }),
  );
  const result = await outcomeOf(customActionEvent('Remediate', [finding]));
  expect(result.outcome).toBe('FAILED');
  expect(result.reason).toContain('load balancer http-only has no HTTPS listener');
  expect(result.reason).toContain(
    `aws elbv2 create-listener --load-balancer-arn ${lb?.LoadBalancerArn} --protocol HTTPS`,
  );
  const listeners =
    (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb?.LoadBalancerArn }))).Listeners ?? [];
  expect(listeners.map((l) => `${l.Protocol} ${l.DefaultActions?.map((a) => a.Type).join(',')}`)).toEqual([
    'HTTP forward',
  ]);
});

test('APIGateway.1 in an account without a CloudWatch Logs role for API Gateway: FAILED with the steps, logging stays off', async () => {
  const accountId = ACCOUNTS[1];
  const api = (await h.member(accountId)).get('apigateway', APIGatewayClient);
  const restApiId = (await api.send(new CreateRestApiCommand({ name: 'no-role-api' }))).id as string;
  const root = (await api.send(new GetResourcesCommand({ restApiId }))).items?.[0]?.id;
  await api.send(new PutMethodCommand({ restApiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await api.send(new PutIntegrationCommand({ restApiId, resourceId: root, httpMethod: 'GET', type: 'MOCK' }));
  await api.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  policy({ 'APIGateway.1': 'auto' });
  const finding = h.loadFinding(
    controlFinding({
      securityControlId: 'APIGateway.1',
      accountId,
      resource: { Type: 'AwsApiGatewayStage', Id: `arn:aws:apigateway:${REGION}::/restapis/${restApiId}/stages/prod` },
    }),
  );
  const result = await outcomeOf(importedEvent([finding]));
  expect(result.outcome).toBe('FAILED');
  expect(result.reason).toContain(`API Gateway in account ${accountId} ${REGION} has no CloudWatch Logs role`);
  expect(result.reason).toContain('path=/cloudwatchRoleArn');
  expect((await api.send(new GetStageCommand({ restApiId, stageName: 'prod' }))).methodSettings).toEqual({});
});

test('CodeBuild.2 names the credential variables; their values reach neither the ledger, the finding nor the notification', async () => {
  const accountId = ACCOUNTS[2];
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYGUARDTEST';
  const keyId = 'AKIAGUARDTEST0000001';
  const project = await (await h.member(accountId)).get('codebuild', CodeBuildClient).send(
    new CreateProjectCommand({
      name: 'release',
      source: { type: 'S3', location: `artifacts-${accountId}/source.zip` },
      artifacts: { type: 'NO_ARTIFACTS' },
      serviceRole: `arn:aws:iam::${accountId}:role/codebuild`,
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: [
          { name: 'AWS_SECRET_ACCESS_KEY', value: secret, type: 'PLAINTEXT' },
          // A key id under another name is found by its shape.
          { name: 'DEPLOY_KEY', value: keyId, type: 'PLAINTEXT' },
          { name: 'AWS_ACCESS_KEY_ID', value: '/ci/deploy-key-id', type: 'PARAMETER_STORE' },
          { name: 'STAGE', value: 'prod', type: 'PLAINTEXT' },
        ],
      },
    }),
  );
  policy({ 'CodeBuild.2': 'auto' });
  const finding = h.loadFinding(
    controlFinding({
      securityControlId: 'CodeBuild.2',
      accountId,
      resource: { Type: 'AwsCodeBuildProject', Id: project.project?.arn as string },
    }),
  );
  const result = await outcomeOf(importedEvent([finding]));
  expect(result.outcome).toBe('NOTIFIED');
  const run = await h.ledger.get(result.runId as string);
  expect(run?.before).toEqual({ projectName: 'release', variableNames: ['AWS_SECRET_ACCESS_KEY', 'DEPLOY_KEY'] });
  expect(run?.instructions).toContain('keeps AWS_SECRET_ACCESS_KEY, DEPLOY_KEY as plain-text environment variables');
  const everything = JSON.stringify([run, h.storedFinding(finding), await h.notifications()]);
  expect(everything).toContain('DEPLOY_KEY');
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain(keyId);
});
