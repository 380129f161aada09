import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GetResourcesCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateAccountCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudTrailClient, CreateTrailCommand, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { BatchGetProjectsCommand, CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { REGION } from './harness';
import { EXEMPT_TAG, EXEMPT_TAGS, unique, type CaseContext, type Resource, type RunbookCase } from './runbook-cases';

/* Scenarios of the load balancer, API Gateway, enhanced monitoring, trail delivery, CodeBuild and stopped instance runbooks. */

const lastPart = (r: Resource, separator: string) => r.Id.split(separator).pop() as string;
const exemptMap = (exempt: boolean): Record<string, string> => (exempt ? { [EXEMPT_TAG.key]: EXEMPT_TAG.value } : {});

/** An Application Load Balancer with an HTTPS listener and an HTTP listener that forwards (default action and one path rule). */
async function loadBalancer(c: CaseContext, exempt: boolean): Promise<Resource> {
  const elb = c.clients.get('elasticloadbalancing', ElasticLoadBalancingV2Client);
  const vpcId = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc?.VpcId as string;
  const subnets = await Promise.all(
    ['a', 'b'].map(
      async (zone, i) =>
        (
          await c.ec2.send(
            new CreateSubnetCommand({
              VpcId: vpcId,
              CidrBlock: `10.40.${i}.0/24`,
              AvailabilityZone: `${REGION}${zone}`,
            }),
          )
        ).Subnet?.SubnetId as string,
    ),
  );
  const lb = (
    await elb.send(
      new CreateLoadBalancerCommand({
        Name: unique('web'),
        Subnets: subnets,
        Type: 'application',
        Tags: exempt ? EXEMPT_TAGS : [],
      }),
    )
  ).LoadBalancers?.[0];
  const targetGroup = (
    await elb.send(new CreateTargetGroupCommand({ Name: unique('web-tg'), Protocol: 'HTTP', Port: 80, VpcId: vpcId }))
  ).TargetGroups?.[0]?.TargetGroupArn as string;
  const forward = [{ Type: 'forward' as const, TargetGroupArn: targetGroup }];
  const certificate = (
    await c.clients.get('iam', IAMClient).send(
      new UploadServerCertificateCommand({
        ServerCertificateName: unique('web-cert'),
        CertificateBody: '-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----',
        PrivateKey: '-----BEGIN PRIVATE KEY-----\ntest\n-----END PRIVATE KEY-----',
      }),
    )
  ).ServerCertificateMetadata?.Arn as string;
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb?.LoadBalancerArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: certificate }],
      DefaultActions: forward,
    }),
  );
  const http = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb?.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: forward,
      }),
    )
  ).Listeners?.[0]?.ListenerArn;
  await elb.send(
    new CreateRuleCommand({
      ListenerArn: http,
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
      Actions: forward,
    }),
  );
  return { Type: 'AwsElbv2LoadBalancer', Id: lb?.LoadBalancerArn as string };
}

/** What the HTTP listener does: its default actions and its rules' actions, as `type[:protocol port status]`. */
async function httpListener(c: CaseContext, r: Resource): Promise<{ defaultActions: string[]; rules: string[] }> {
  const elb = c.clients.get('elasticloadbalancing', ElasticLoadBalancingV2Client);
  const listener = ((await elb.send(new DescribeListenersCommand({ LoadBalancerArn: r.Id }))).Listeners ?? []).find(
    (l) => l.Protocol === 'HTTP',
  );
  const describe = (a: {
    Type?: string;
    TargetGroupArn?: string;
    RedirectConfig?: { Protocol?: string; Port?: string; StatusCode?: string };
  }) =>
    a.Type === 'redirect'
      ? `redirect:${a.RedirectConfig?.Protocol} ${a.RedirectConfig?.Port} ${a.RedirectConfig?.StatusCode}`
      : `${a.Type}:${a.TargetGroupArn?.split('/')[1]}`;
  const rules = ((await elb.send(new DescribeRulesCommand({ ListenerArn: listener?.ListenerArn }))).Rules ?? []).filter(
    (x) => !x.IsDefault,
  );
  return {
    defaultActions: (listener?.DefaultActions ?? []).map(describe),
    rules: rules.flatMap((x) => (x.Actions ?? []).map(describe)),
  };
}

/** A REST API with one deployed stage; `configure` sets its method settings. */
async function restApiStage(
  c: CaseContext,
  exempt: boolean,
  settings: { path: string; value: string }[],
): Promise<Resource> {
  const api = c.clients.get('apigateway', APIGatewayClient);
  const restApiId = (await api.send(new CreateRestApiCommand({ name: unique('orders-api') }))).id as string;
  const root = (await api.send(new GetResourcesCommand({ restApiId }))).items?.[0]?.id;
  await api.send(new PutMethodCommand({ restApiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await api.send(new PutIntegrationCommand({ restApiId, resourceId: root, httpMethod: 'GET', type: 'MOCK' }));
  const deploymentId = (await api.send(new CreateDeploymentCommand({ restApiId }))).id;
  await api.send(
    new CreateStageCommand({
      restApiId,
      stageName: 'prod',
      deploymentId,
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
      tags: exemptMap(exempt),
    }),
  );
  if (settings.length > 0)
    await api.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: settings.map((s) => ({ op: 'replace', ...s })),
      }),
    );
  return { Type: 'AwsApiGatewayStage', Id: `arn:aws:apigateway:${REGION}::/restapis/${restApiId}/stages/prod` };
}

async function stageSettings(
  c: CaseContext,
  r: Resource,
): Promise<{ logging: string; caching: boolean; encrypted: boolean | null }> {
  const [, restApiId, stageName] = /\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(r.Id) as RegExpExecArray;
  const all = (await c.clients.get('apigateway', APIGatewayClient).send(new GetStageCommand({ restApiId, stageName })))
    .methodSettings?.['*/*'];
  return {
    logging: all?.loggingLevel ?? 'OFF',
    caching: all?.cachingEnabled ?? false,
    encrypted: all?.cacheDataEncrypted ?? null,
  };
}

/** Scenarios of the ELB.1, APIGateway.1, APIGateway.5, RDS.6, CloudTrail.5, CodeBuild.2 and EC2.4 runbooks. */
export const LOGGING_AND_TRAFFIC_CASES: RunbookCase[] = [
  {
    name: 'ELB.1 HTTP listener forwards (default action and a path rule; Remediate custom action)',
    id: 'ELB.1',
    scope: 'resource',
    setup: loadBalancer,
    read: httpListener,
    compliant: (s: { defaultActions: string[]; rules: string[] }) =>
      [...s.defaultActions, ...s.rules].every((a) => a === 'redirect:HTTPS 443 HTTP_301') && s.rules.length === 1,
  },
  {
    name: 'APIGateway.1 REST API stage without execution logging',
    id: 'APIGateway.1',
    scope: 'resource',
    setup: async (c, exempt) => {
      // The account's CloudWatch Logs role for API Gateway, without which nothing can be logged.
      await c.clients.get('apigateway', APIGatewayClient).send(
        new UpdateAccountCommand({
          patchOperations: [
            { op: 'replace', path: '/cloudwatchRoleArn', value: `arn:aws:iam::${c.accountId}:role/apigateway-logs` },
          ],
        }),
      );
      return restApiStage(c, exempt, []);
    },
    read: async (c, r) => (await stageSettings(c, r)).logging,
    compliant: (level: string) => level === 'ERROR',
  },
  {
    name: 'APIGateway.5 REST API stage caches without encryption',
    id: 'APIGateway.5',
    scope: 'resource',
    setup: (c, exempt) =>
      restApiStage(c, exempt, [
        { path: '/*/*/caching/enabled', value: 'true' },
        { path: '/*/*/caching/dataEncrypted', value: 'false' },
      ]),
    read: stageSettings,
    compliant: (s: { caching: boolean; encrypted: boolean | null }) => s.caching && s.encrypted === true,
  },
  {
    name: 'RDS.6 DB instance without enhanced monitoring',
    id: 'RDS.6',
    scope: 'resource',
    parameters: async () => ({ MonitoringRoleArn: 'arn:aws:iam::{AccountId}:role/rds-monitoring' }),
    setup: async (c, exempt) => {
      const created = await c.clients.get('rds', RDSClient).send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: unique('db'),
          Engine: 'postgres',
          DBInstanceClass: 'db.t3.micro',
          AllocatedStorage: 20,
          MasterUsername: 'admin1',
          MasterUserPassword: 'password-123',
          Tags: exempt ? EXEMPT_TAGS : [],
        }),
      );
      return { Type: 'AwsRdsDbInstance', Id: created.DBInstance?.DBInstanceArn as string };
    },
    read: async (c, r) => {
      const db = (
        await c.clients
          .get('rds', RDSClient)
          .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: lastPart(r, ':') }))
      ).DBInstances?.[0];
      // With monitoring off the role is not used, whatever RDS still reports.
      return (db?.MonitoringInterval ?? 0) > 0 ? `${db?.MonitoringInterval} ${db?.MonitoringRoleArn}` : 'off';
    },
    compliant: (s: string) => /^60 arn:aws:iam::\d{12}:role\/rds-monitoring$/.test(s),
  },
  {
    name: 'CloudTrail.5 trail not delivering to CloudWatch Logs',
    id: 'CloudTrail.5',
    scope: 'resource',
    parameters: async () => ({
      LogGroupArn: 'arn:aws:logs:{Region}:{AccountId}:log-group:trail-events:*',
      RoleArn: 'arn:aws:iam::{AccountId}:role/trail-to-logs',
    }),
    setup: async (c, exempt) => {
      const bucket = unique(`trail-logs-${c.accountId}`);
      await c.clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: bucket }));
      const trail = await c.clients
        .get('cloudtrail', CloudTrailClient)
        .send(
          new CreateTrailCommand({ Name: unique('trail'), S3BucketName: bucket, TagsList: exempt ? EXEMPT_TAGS : [] }),
        );
      return { Type: 'AwsCloudTrailTrail', Id: trail.TrailARN as string };
    },
    read: async (c, r) => {
      const t = (await c.clients.get('cloudtrail', CloudTrailClient).send(new GetTrailCommand({ Name: r.Id }))).Trail;
      // Local AWS keeps the empty strings that turn delivery off; AWS leaves the fields out.
      return { logGroup: t?.CloudWatchLogsLogGroupArn || null, role: t?.CloudWatchLogsRoleArn || null };
    },
    compliant: (s: { logGroup: string | null; role: string | null }) =>
      /^arn:aws:logs:us-east-1:\d{12}:log-group:trail-events:\*$/.test(s.logGroup ?? '') &&
      /^arn:aws:iam::\d{12}:role\/trail-to-logs$/.test(s.role ?? ''),
  },
  {
    name: 'CodeBuild.2 project with AWS credentials in plain-text variables (notify only)',
    id: 'CodeBuild.2',
    scope: 'resource',
    setup: async (c, exempt) => {
      const project = await c.clients.get('codebuild', CodeBuildClient).send(
        new CreateProjectCommand({
          name: unique('deploy'),
          source: { type: 'S3', location: `artifacts-${c.accountId}/source.zip` },
          artifacts: { type: 'NO_ARTIFACTS' },
          serviceRole: `arn:aws:iam::${c.accountId}:role/codebuild`,
          environment: {
            type: 'LINUX_CONTAINER',
            image: 'aws/codebuild/standard:7.0',
            computeType: 'BUILD_GENERAL1_SMALL',
            environmentVariables: [
              { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE', type: 'PLAINTEXT' },
              { name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', type: 'PLAINTEXT' },
              { name: 'STAGE', value: 'prod', type: 'PLAINTEXT' },
            ],
          },
          tags: exempt ? [{ key: EXEMPT_TAG.key, value: EXEMPT_TAG.value }] : [],
        }),
      );
      return { Type: 'AwsCodeBuildProject', Id: project.project?.arn as string };
    },
    read: async (c, r) =>
      (
        (
          await c.clients
            .get('codebuild', CodeBuildClient)
            .send(new BatchGetProjectsCommand({ names: [lastPart(r, '/')] }))
        ).projects?.[0]?.environment?.environmentVariables ?? []
      ).map((v) => `${v.name} ${v.type}`),
    compliant: () => false,
  },
  {
    name: 'EC2.4 stopped instance (notify only, never terminated)',
    id: 'EC2.4',
    scope: 'resource',
    setup: async (c, exempt) => {
      const instanceId = (
        await c.ec2.send(
          new RunInstancesCommand({
            ImageId: 'ami-12c6146b',
            MinCount: 1,
            MaxCount: 1,
            InstanceType: 't3.micro',
            TagSpecifications: exempt ? [{ ResourceType: 'instance', Tags: EXEMPT_TAGS }] : [],
          }),
        )
      ).Instances?.[0]?.InstanceId as string;
      await c.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
      return { Type: 'AwsEc2Instance', Id: `arn:aws:ec2:${REGION}:${c.accountId}:instance/${instanceId}` };
    },
    read: async (c, r) =>
      (await c.ec2.send(new DescribeInstancesCommand({ InstanceIds: [lastPart(r, '/')] }))).Reservations?.[0]
        ?.Instances?.[0]?.State?.Name,
    compliant: () => false,
  },
];
