import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  ModifySnapshotAttributeCommand,
  RunInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  CreateRoleCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, GetKeyRotationStatusCommand, KMSClient, TagResourceCommand } from '@aws-sdk/client-kms';
import { AddPermissionCommand, CreateFunctionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { deflateRawSync } from 'node:zlib';
import { remediationSchema, tierRemediationSchema } from '../../config/remediation-schema';
import { buildRemediationPolicy } from '../../domain/remediation-plan';
import { RUNBOOKS, runbookFor, type RunbookDefinition } from '../../domain/catalogue/remediations';
import { RemediationFailedError } from '../../remediation-functions/shared/errors';
import { loadRunbook } from '../../remediation-functions/runbooks';
import { runbookContextOf } from '../../remediation-functions/shared/rollback-service';
import { REMEDIATION_OUTCOME_FIELD } from '../../core/remediation-marks';
import type { PolicyParameterValue } from '../../core/remediation-policy';
import { parseArn } from '../../core/arn';
import { controlFinding, customActionEvent, importedEvent, RemediationHarness, REGION } from './harness';

/*
 * Every runbook against local AWS (moto_server for the member-account services, the Security
 * Hub emulator for findings). For each: create the non-compliant resource, send the finding as
 * EventBridge delivers it, check the resource is compliant; run again and check nothing changes;
 * for runbooks that replace settings, have a person put the old settings back and check a rollback
 * is refused and changes nothing; roll back and check the before-state is back; run in shadow mode and check nothing changes and
 * the plan is in the ledger; run on an exempt resource (by tag, or by account for account-level
 * controls) and check nothing changes. Each case has its own member account.
 */

import {
  accountResource,
  BREADTH_CASES,
  EXEMPT_TAG,
  EXEMPT_TAGS,
  unique,
  type CaseContext,
  type Resource,
  type RunbookCase,
} from './runbook-cases';
import { LOGGING_AND_TRAFFIC_CASES } from './runbook-cases-logging';

async function newVpc(c: CaseContext): Promise<string> {
  return (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId as string;
}

async function securityGroup(c: CaseContext, exempt: boolean, permissions: IpPermission[]): Promise<Resource> {
  const vpcId = await newVpc(c);
  const groupId = (
    await c.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: unique('web'),
        Description: 'test group',
        VpcId: vpcId,
        TagSpecifications: exempt ? [{ ResourceType: 'security-group', Tags: EXEMPT_TAGS }] : [],
      }),
    )
  ).GroupId as string;
  await c.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions }));
  return { Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:${REGION}:${c.accountId}:security-group/${groupId}` };
}

/** Ingress as sorted `proto from-to source` strings. */
async function ingressOf(c: CaseContext, r: Resource): Promise<string[]> {
  const groupId = r.Id.split('/').pop() as string;
  const group = (await c.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
  return (group?.IpPermissions ?? [])
    .flatMap((p) => [
      ...(p.IpRanges ?? []).map((x) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} ${x.CidrIp}`),
      ...(p.Ipv6Ranges ?? []).map((x) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} ${x.CidrIpv6}`),
    ])
    .sort();
}

const OPEN_RULES: IpPermission[] = [
  {
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    Ipv6Ranges: [{ CidrIpv6: '::/0' }],
  },
  {
    IpProtocol: 'tcp',
    FromPort: 3389,
    ToPort: 3389,
    IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    Ipv6Ranges: [{ CidrIpv6: '::/0' }],
  },
  {
    IpProtocol: 'tcp',
    FromPort: 3306,
    ToPort: 3306,
    IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'db' }, { CidrIp: '10.0.0.0/8' }],
  },
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
];

function sgCase(name: string, id: string, openRules: string[]): RunbookCase {
  return {
    name,
    id,
    scope: 'resource',
    setup: (c, exempt) => securityGroup(c, exempt, OPEN_RULES),
    read: ingressOf,
    // Only the named world-open rules go; 443 from anywhere and 3306 from 10/8 stay.
    compliant: (rules: string[]) =>
      openRules.every((o) => !rules.includes(o)) &&
      rules.includes('tcp 443-443 0.0.0.0/0') &&
      rules.includes('tcp 3306-3306 10.0.0.0/8'),
  };
}

async function bucket(c: CaseContext, exempt: boolean): Promise<{ name: string; resource: Resource }> {
  const name = unique(`bucket-${c.accountId}`);
  const s3 = c.clients.get('s3', S3Client);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  if (exempt) await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: EXEMPT_TAGS } }));
  return { name, resource: { Type: 'AwsS3Bucket', Id: `arn:aws:s3:::${name}` } };
}

const bucketName = (r: Resource) => r.Id.slice('arn:aws:s3:::'.length);

async function bucketBlockPublicAccess(c: CaseContext, r: Resource): Promise<unknown> {
  try {
    return (await c.clients.get('s3', S3Client).send(new GetPublicAccessBlockCommand({ Bucket: bucketName(r) })))
      .PublicAccessBlockConfiguration;
  } catch {
    return 'none';
  }
}

const allOn = (s: unknown) =>
  JSON.stringify(s) ===
  JSON.stringify({
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  });

function bucketBpaCase(id: string): RunbookCase {
  return {
    name: `${id} bucket Block Public Access`,
    id,
    scope: 'resource',
    setup: async (c, exempt) => (await bucket(c, exempt)).resource,
    read: bucketBlockPublicAccess,
    compliant: allOn,
  };
}

async function trail(
  c: CaseContext,
  exempt: boolean,
  options: { multiRegion?: boolean; name?: string } = {},
): Promise<Resource> {
  const bucketNameForTrail = unique(`trail-logs-${c.accountId}`);
  await c.clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: bucketNameForTrail }));
  const created = await c.clients.get('cloudtrail', CloudTrailClient).send(
    new CreateTrailCommand({
      Name: options.name ?? unique('trail'),
      S3BucketName: bucketNameForTrail,
      IsMultiRegionTrail: options.multiRegion ?? false,
      TagsList: exempt ? EXEMPT_TAGS : [],
    }),
  );
  return { Type: 'AwsCloudTrailTrail', Id: created.TrailARN as string };
}

async function trailDescription(c: CaseContext, r: Resource): Promise<Record<string, unknown>> {
  const t = (
    await c.clients.get('cloudtrail', CloudTrailClient).send(new DescribeTrailsCommand({ trailNameList: [r.Id] }))
  ).trailList?.[0];
  // moto keeps the empty KmsKeyId that turns encryption off; AWS leaves the field out.
  return { kms: t?.KmsKeyId || null, validation: t?.LogFileValidationEnabled ?? false };
}

async function accountTrails(c: CaseContext): Promise<unknown> {
  const client = c.clients.get('cloudtrail', CloudTrailClient);
  const trails = (await client.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [];
  return Promise.all(
    trails.map(async (t) => ({
      name: t.Name,
      multiRegion: t.IsMultiRegionTrail,
      logging: (await client.send(new GetTrailStatusCommand({ Name: t.Name }))).IsLogging,
      selectors: (await client.send(new GetEventSelectorsCommand({ TrailName: t.Name }))).EventSelectors ?? [],
    })),
  );
}

async function passwordPolicy(c: CaseContext): Promise<unknown> {
  try {
    return (await c.clients.get('iam', IAMClient).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  } catch {
    return 'none';
  }
}

const strongPolicy = (p: Record<string, unknown>) =>
  typeof p === 'object' &&
  (p.MinimumPasswordLength as number) >= 14 &&
  (p.PasswordReusePrevention as number) >= 24 &&
  (p.MaxPasswordAge as number) <= 90 &&
  p.RequireSymbols === true &&
  p.RequireNumbers === true &&
  p.RequireUppercaseCharacters === true &&
  p.RequireLowercaseCharacters === true;

function passwordCase(id: string, weakPolicyBefore: boolean): RunbookCase {
  return {
    name: `${id} password policy${weakPolicyBefore ? ' (weak policy before)' : ' (no policy before)'}`,
    id,
    scope: 'account',
    setup: async (c) => {
      if (weakPolicyBefore)
        await c.clients.get('iam', IAMClient).send(
          new UpdateAccountPasswordPolicyCommand({
            MinimumPasswordLength: 8,
            RequireNumbers: true,
            MaxPasswordAge: 365,
          }),
        );
      return accountResource(c);
    },
    read: passwordPolicy,
    compliant: strongPolicy,
  };
}

async function instance(c: CaseContext, exempt: boolean): Promise<{ instanceId: string; resource: Resource }> {
  const vpcId = await newVpc(c);
  const group = (
    await c.ec2.send(new CreateSecurityGroupCommand({ GroupName: unique('app'), Description: 'app', VpcId: vpcId }))
  ).GroupId as string;
  const { CreateSubnetCommand } = await import('@aws-sdk/client-ec2');
  const subnetId = (await c.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24' }))).Subnet
    ?.SubnetId;
  const created = await c.ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      SubnetId: subnetId,
      SecurityGroupIds: [group],
      MetadataOptions: { HttpTokens: 'optional' },
      TagSpecifications: exempt ? [{ ResourceType: 'instance', Tags: EXEMPT_TAGS }] : [],
    }),
  );
  const instanceId = created.Instances?.[0].InstanceId as string;
  return {
    instanceId,
    resource: { Type: 'AwsEc2Instance', Id: `arn:aws:ec2:${REGION}:${c.accountId}:instance/${instanceId}` },
  };
}

async function describeInstance(c: CaseContext, r: Resource) {
  return (await c.ec2.send(new DescribeInstancesCommand({ InstanceIds: [r.Id.split('/').pop() as string] })))
    .Reservations?.[0].Instances?.[0];
}

async function dbInstance(
  c: CaseContext,
  exempt: boolean,
  options: { publiclyAccessible?: boolean; autoMinorVersionUpgrade?: boolean } = {},
): Promise<Resource> {
  const id = unique('db');
  const created = await c.clients.get('rds', RDSClient).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: id,
      Engine: 'postgres',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'admin1',
      MasterUserPassword: 'password-123',
      PubliclyAccessible: options.publiclyAccessible ?? false,
      AutoMinorVersionUpgrade: options.autoMinorVersionUpgrade ?? true,
      StorageEncrypted: false,
      Tags: exempt ? EXEMPT_TAGS : [],
    }),
  );
  return { Type: 'AwsRdsDbInstance', Id: created.DBInstance?.DBInstanceArn as string };
}

async function dbDescription(c: CaseContext, r: Resource) {
  return (
    await c.clients
      .get('rds', RDSClient)
      .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: r.Id.split(':').pop() }))
  ).DBInstances?.[0];
}

const CASES: RunbookCase[] = [
  {
    name: 'S3.1 account Block Public Access (partly on before)',
    id: 'S3.1',
    scope: 'account',
    setup: async (c) => {
      await c.clients.get('s3control', S3ControlClient).send(
        new PutPublicAccessBlockCommand({
          AccountId: c.accountId,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: false,
            BlockPublicPolicy: false,
            RestrictPublicBuckets: false,
          },
        }),
      );
      return accountResource(c);
    },
    read: async (c) =>
      (
        await c.clients
          .get('s3control', S3ControlClient)
          .send(new GetAccountPublicAccessBlockCommand({ AccountId: c.accountId }))
      ).PublicAccessBlockConfiguration,
    compliant: allOn,
  },
  bucketBpaCase('S3.2'),
  bucketBpaCase('S3.3'),
  bucketBpaCase('S3.8'),
  // The bucket a trail delivers to, as CloudTrail.6 names it.
  bucketBpaCase('CloudTrail.6'),
  {
    name: 'S3.5 SSL-only bucket policy (merged into an existing policy)',
    id: 'S3.5',
    scope: 'resource',
    setup: async (c, exempt) => {
      const b = await bucket(c, exempt);
      await c.clients.get('s3', S3Client).send(
        new PutBucketPolicyCommand({
          Bucket: b.name,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ReadForAnalytics',
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::999999999999:root' },
                Action: 's3:GetObject',
                Resource: `arn:aws:s3:::${b.name}/*`,
              },
            ],
          }),
        }),
      );
      return b.resource;
    },
    read: async (c, r) =>
      JSON.parse(
        (await c.clients.get('s3', S3Client).send(new GetBucketPolicyCommand({ Bucket: bucketName(r) })))
          .Policy as string,
      ),
    compliant: (p: { Statement: { Sid: string; Effect: string; Condition?: unknown }[] }) =>
      p.Statement.some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      ) && p.Statement.some((s) => s.Sid === 'ReadForAnalytics'),
  },
  {
    name: 'CloudTrail.1 multi-Region trail (none before: created)',
    id: 'CloudTrail.1',
    scope: 'account',
    parameters: async (c) => {
      const name = `org-trail-${c.accountId}`;
      await c.clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: name }));
      return { TrailBucketName: name };
    },
    setup: async (c) => accountResource(c),
    read: accountTrails,
    compliant: (trails: { multiRegion: boolean; logging: boolean }[]) => trails.some((t) => t.multiRegion && t.logging),
  },
  {
    name: 'CloudTrail.1 multi-Region trail (single-Region trail before: repaired)',
    id: 'CloudTrail.1',
    scope: 'account',
    parameters: async (c) => {
      const name = `org-trail-${c.accountId}`;
      await c.clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: name }));
      return { TrailBucketName: name };
    },
    setup: async (c) => {
      await trail(c, false, { name: 'securityhub-multi-region-trail', multiRegion: false });
      // Write events only, so management reads are not recorded either.
      await c.clients.get('cloudtrail', CloudTrailClient).send(
        new PutEventSelectorsCommand({
          TrailName: 'securityhub-multi-region-trail',
          EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
        }),
      );
      return accountResource(c);
    },
    read: accountTrails,
    compliant: (trails: { multiRegion: boolean; logging: boolean }[]) => trails.some((t) => t.multiRegion && t.logging),
  },
  {
    name: 'CloudTrail.2 trail encryption',
    id: 'CloudTrail.2',
    scope: 'resource',
    parameters: async (c) => ({
      KmsKeyArn: (await c.clients.get('kms', KMSClient).send(new CreateKeyCommand({ Description: 'trail key' })))
        .KeyMetadata?.Arn as string,
    }),
    setup: (c, exempt) => trail(c, exempt),
    read: trailDescription,
    compliant: (t: { kms: string | null }) => t.kms !== null,
  },
  {
    name: 'CloudTrail.4 log file validation',
    id: 'CloudTrail.4',
    scope: 'resource',
    setup: (c, exempt) => trail(c, exempt),
    read: trailDescription,
    compliant: (t: { validation: boolean }) => t.validation,
  },
  {
    name: 'EC2.1 public EBS snapshots',
    id: 'EC2.1',
    scope: 'account',
    setup: async (c) => {
      for (const makePublic of [true, false]) {
        const volume = (await c.ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 1 })))
          .VolumeId;
        const snapshot = (await c.ec2.send(new CreateSnapshotCommand({ VolumeId: volume }))).SnapshotId as string;
        if (makePublic)
          await c.ec2.send(
            new ModifySnapshotAttributeCommand({
              SnapshotId: snapshot,
              Attribute: 'createVolumePermission',
              OperationType: 'add',
              GroupNames: ['all'],
            }),
          );
      }
      return accountResource(c);
    },
    read: async (c) => {
      const { DescribeSnapshotsCommand } = await import('@aws-sdk/client-ec2');
      // moto ignores the OwnerIds filter and lists the snapshots of its public AMIs too.
      const snapshots = (
        (await c.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? []
      ).filter((s) => s.OwnerId === c.accountId);
      const entries = await Promise.all(
        snapshots.map(async (s) => [
          s.SnapshotId,
          (
            (
              await c.ec2.send(
                new DescribeSnapshotAttributeCommand({ SnapshotId: s.SnapshotId, Attribute: 'createVolumePermission' }),
              )
            ).CreateVolumePermissions ?? []
          ).some((p) => p.Group === 'all'),
        ]),
      );
      return Object.fromEntries(entries.sort());
    },
    compliant: (snapshots: Record<string, boolean>) =>
      Object.keys(snapshots).length === 2 && Object.values(snapshots).every((isPublic) => !isPublic),
  },
  {
    name: 'EC2.2 default security group (Remediate custom action)',
    id: 'EC2.2',
    scope: 'resource',
    setup: async (c, exempt) => {
      const vpcId = await newVpc(c);
      const group = (
        await c.ec2.send(
          new DescribeSecurityGroupsCommand({
            Filters: [
              { Name: 'vpc-id', Values: [vpcId] },
              { Name: 'group-name', Values: ['default'] },
            ],
          }),
        )
      ).SecurityGroups?.[0];
      const groupId = group?.GroupId as string;
      await c.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      );
      if (exempt) await c.ec2.send(new CreateTagsCommand({ Resources: [groupId], Tags: EXEMPT_TAGS }));
      return { Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:${REGION}:${c.accountId}:security-group/${groupId}` };
    },
    read: async (c, r) => {
      const group = (
        await c.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [r.Id.split('/').pop() as string] }))
      ).SecurityGroups?.[0];
      const rules = (ps: IpPermission[] = []) =>
        ps
          .map((p) =>
            JSON.stringify([
              p.IpProtocol,
              p.FromPort,
              p.ToPort,
              p.IpRanges?.map((x) => x.CidrIp),
              p.UserIdGroupPairs?.map((x) => x.GroupId),
            ]),
          )
          .sort();
      return { ingress: rules(group?.IpPermissions), egress: rules(group?.IpPermissionsEgress) };
    },
    compliant: (g: { ingress: string[]; egress: string[] }) => g.ingress.length === 0 && g.egress.length === 0,
  },
  {
    name: 'EC2.6 VPC flow logs',
    id: 'EC2.6',
    scope: 'resource',
    parameters: async (c) => {
      const name = `flow-logs-${c.accountId}`;
      await c.clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: name }));
      return { FlowLogBucketArn: `arn:aws:s3:::${name}` };
    },
    setup: async (c, exempt) => {
      const vpcId = await newVpc(c);
      if (exempt) await c.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: EXEMPT_TAGS }));
      return { Type: 'AwsEc2Vpc', Id: `arn:aws:ec2:${REGION}:${c.accountId}:vpc/${vpcId}` };
    },
    read: async (c, r) =>
      (
        (
          await c.ec2.send(
            new DescribeFlowLogsCommand({
              Filter: [{ Name: 'resource-id', Values: [r.Id.split('/').pop() as string] }],
            }),
          )
        ).FlowLogs ?? []
      ).map((f) => `${f.TrafficType} ${f.LogDestinationType} ${f.LogDestination}`),
    compliant: (logs: string[]) => logs.some((l) => l.startsWith('REJECT s3 arn:aws:s3:::flow-logs-')),
  },
  {
    name: 'EC2.7 EBS default encryption',
    id: 'EC2.7',
    scope: 'account',
    setup: async (c) => accountResource(c),
    read: async (c) => (await c.ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault,
    compliant: (enabled: boolean) => enabled,
  },
  {
    name: 'EC2.8 IMDSv2 (Remediate custom action)',
    id: 'EC2.8',
    scope: 'resource',
    setup: async (c, exempt) => (await instance(c, exempt)).resource,
    read: async (c, r) => (await describeInstance(c, r))?.MetadataOptions?.HttpTokens,
    compliant: (tokens: string) => tokens === 'required',
  },
  sgCase('EC2.13 port 22 open to the world', 'EC2.13', ['tcp 22-22 0.0.0.0/0', 'tcp 22-22 ::/0']),
  sgCase('EC2.14 port 3389 open to the world', 'EC2.14', ['tcp 3389-3389 0.0.0.0/0', 'tcp 3389-3389 ::/0']),
  sgCase('EC2.19 high-risk ports open to the world', 'EC2.19', [
    'tcp 22-22 0.0.0.0/0',
    'tcp 22-22 ::/0',
    'tcp 3389-3389 0.0.0.0/0',
    'tcp 3389-3389 ::/0',
    'tcp 3306-3306 0.0.0.0/0',
  ]),
  sgCase('EC2.53 admin ports open to 0.0.0.0/0', 'EC2.53', ['tcp 22-22 0.0.0.0/0', 'tcp 3389-3389 0.0.0.0/0']),
  sgCase('EC2.54 admin ports open to ::/0', 'EC2.54', ['tcp 22-22 ::/0', 'tcp 3389-3389 ::/0']),
  {
    name: 'IAM.4 root access key (notify only)',
    id: 'IAM.4',
    scope: 'account',
    setup: async (c) => accountResource(c),
    read: async (c) =>
      (await c.clients.get('iam', IAMClient).send(new GetAccountSummaryCommand({}))).SummaryMap
        ?.AccountAccessKeysPresent ?? 0,
    compliant: () => false,
  },
  passwordCase('IAM.7', true),
  passwordCase('IAM.10', true),
  passwordCase('IAM.11', false),
  passwordCase('IAM.12', true),
  passwordCase('IAM.13', false),
  passwordCase('IAM.14', true),
  passwordCase('IAM.15', false),
  passwordCase('IAM.16', true),
  passwordCase('IAM.17', false),
  {
    name: 'KMS.4 key rotation',
    id: 'KMS.4',
    scope: 'resource',
    setup: async (c, exempt) => {
      const kms = c.clients.get('kms', KMSClient);
      const key = (await kms.send(new CreateKeyCommand({ Description: 'data key' }))).KeyMetadata;
      if (exempt)
        await kms.send(
          new TagResourceCommand({ KeyId: key?.KeyId, Tags: [{ TagKey: EXEMPT_TAG.key, TagValue: EXEMPT_TAG.value }] }),
        );
      return { Type: 'AwsKmsKey', Id: key?.Arn as string };
    },
    read: async (c, r) =>
      (await c.clients.get('kms', KMSClient).send(new GetKeyRotationStatusCommand({ KeyId: r.Id }))).KeyRotationEnabled,
    compliant: (enabled: boolean) => enabled,
  },
  {
    name: 'Config.1 AWS Config recorder',
    id: 'Config.1',
    scope: 'account',
    parameters: async (c) => {
      const name = `config-${c.accountId}`;
      await c.clients.get('s3', S3Client).send(new CreateBucketCommand({ Bucket: name }));
      return { DeliveryBucketName: name };
    },
    setup: async (c) => accountResource(c),
    read: async (c) => {
      const config = c.clients.get('config', ConfigServiceClient);
      const recorders = (await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
      const status = recorders.length
        ? ((await config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [])
        : [];
      const channels = (await config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
      return {
        recorders: recorders.map((r) => [r.name, r.roleARN, r.recordingGroup?.allSupported]),
        recording: status.map((s) => s.recording),
        channels: channels.map((ch) => [ch.name, ch.s3BucketName]),
      };
    },
    compliant: (s: { recorders: unknown[][]; recording: boolean[]; channels: unknown[] }) =>
      s.recorders.length === 1 &&
      String(s.recorders[0][1]).endsWith('/AWSServiceRoleForConfig') &&
      s.recorders[0][2] === true &&
      s.recording[0] === true &&
      s.channels.length === 1,
  },
  {
    name: 'GuardDuty.1 detector',
    id: 'GuardDuty.1',
    scope: 'account',
    setup: async (c) => accountResource(c),
    read: async (c) => {
      const gd = c.clients.get('guardduty', GuardDutyClient);
      const ids = (await gd.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
      return Promise.all(ids.map(async (id) => (await gd.send(new GetDetectorCommand({ DetectorId: id }))).Status));
    },
    compliant: (statuses: string[]) => statuses.includes('ENABLED'),
    // Rollback suspends the detector it created instead of deleting it: deleting a detector deletes its findings.
    restored: (before: string[], after: string[]) => {
      expect(before).toEqual([]);
      expect(after).toEqual(['DISABLED']);
    },
  },
  {
    name: 'Lambda.1 public function policy (Remediate custom action)',
    id: 'Lambda.1',
    scope: 'resource',
    setup: async (c, exempt) => {
      const role = `arn:aws:iam::${c.accountId}:role/fn-role`;
      await c.clients
        .get('iam', IAMClient)
        .send(
          new CreateRoleCommand({
            RoleName: 'fn-role',
            AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
          }),
        )
        .catch(() => undefined);
      const lambda = c.clients.get('lambda', LambdaClient);
      const name = unique('fn');
      const fn = await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Role: role,
          Handler: 'index.handler',
          Code: { ZipFile: zip('index.js', 'exports.handler = async () => 1;') },
          Tags: exempt ? { [EXEMPT_TAG.key]: EXEMPT_TAG.value } : {},
        }),
      );
      await lambda.send(
        new AddPermissionCommand({
          FunctionName: name,
          StatementId: 'public-invoke',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
        }),
      );
      await lambda.send(
        new AddPermissionCommand({
          FunctionName: name,
          StatementId: 's3-trigger',
          Action: 'lambda:InvokeFunction',
          Principal: 's3.amazonaws.com',
          SourceAccount: c.accountId,
        }),
      );
      return { Type: 'AwsLambdaFunction', Id: fn.FunctionArn as string };
    },
    read: async (c, r) =>
      (
        JSON.parse(
          (await c.clients.get('lambda', LambdaClient).send(new GetPolicyCommand({ FunctionName: r.Id })))
            .Policy as string,
        ) as { Statement: { Sid: string }[] }
      ).Statement.map((s) => s.Sid).sort(),
    compliant: (sids: string[]) => JSON.stringify(sids) === '["s3-trigger"]',
  },
  {
    name: 'RDS.1 public DB snapshot',
    id: 'RDS.1',
    scope: 'resource',
    setup: async (c, exempt) => {
      const db = await dbInstance(c, false);
      const rds = c.clients.get('rds', RDSClient);
      const snapshot = await rds.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: db.Id.split(':').pop(),
          DBSnapshotIdentifier: unique('snap'),
          Tags: exempt ? EXEMPT_TAGS : [],
        }),
      );
      await rds.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: snapshot.DBSnapshot?.DBSnapshotIdentifier,
          AttributeName: 'restore',
          ValuesToAdd: ['all'],
        }),
      );
      return { Type: 'AwsRdsDbSnapshot', Id: snapshot.DBSnapshot?.DBSnapshotArn as string };
    },
    read: async (c, r) =>
      (
        (
          await c.clients
            .get('rds', RDSClient)
            .send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: r.Id.split(':').pop() }))
        ).DBSnapshotAttributesResult?.DBSnapshotAttributes ?? []
      ).flatMap((a) => a.AttributeValues ?? []),
    compliant: (values: string[]) => !values.includes('all'),
  },
  {
    name: 'RDS.2 public DB instance',
    id: 'RDS.2',
    scope: 'resource',
    setup: (c, exempt) => dbInstance(c, exempt, { publiclyAccessible: true }),
    read: async (c, r) => (await dbDescription(c, r))?.PubliclyAccessible,
    compliant: (isPublic: boolean) => isPublic === false,
  },
  {
    name: 'RDS.3 unencrypted DB instance (notify only)',
    id: 'RDS.3',
    scope: 'resource',
    setup: (c, exempt) => dbInstance(c, exempt),
    read: async (c, r) => (await dbDescription(c, r))?.StorageEncrypted,
    compliant: () => false,
  },
  {
    name: 'RDS.13 automatic minor version upgrades',
    id: 'RDS.13',
    scope: 'resource',
    setup: (c, exempt) => dbInstance(c, exempt, { autoMinorVersionUpgrade: false }),
    read: async (c, r) => (await dbDescription(c, r))?.AutoMinorVersionUpgrade,
    compliant: (enabled: boolean) => enabled === true,
  },
  {
    name: 'IsolateInstance custom action',
    id: 'IsolateInstance',
    scope: 'resource',
    setup: async (c, exempt) => (await instance(c, exempt)).resource,
    read: async (c, r) => {
      const found = await describeInstance(c, r);
      const groups = (found?.NetworkInterfaces ?? []).flatMap((n) => (n.Groups ?? []).map((g) => g.GroupName));
      return groups.sort();
    },
    compliant: (groups: string[]) => JSON.stringify(groups) === '["securityhub-isolation"]',
  },
  ...BREADTH_CASES,
  ...LOGGING_AND_TRAFFIC_CASES,
];

/** A one-file zip archive (stored with deflate), enough for CreateFunction. */
function zip(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const deflated = deflateRawSync(data);
  const crc = crc32(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 10);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(0, 12);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 30);
  central.writeUInt32LE(0, 34);
  central.writeUInt32LE(0, 38);
  central.writeUInt32LE(0, 42);
  const localPart = Buffer.concat([local, nameBytes, deflated]);
  const centralPart = Buffer.concat([central, nameBytes]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** IAM action of an SDK call, where it differs from `<service>:<Command>`. */
const IAM_ACTION_OF: Record<string, string> = {
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3control:PutPublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  's3control:DeletePublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:DeletePublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:DeleteBucketLifecycle': 's3:PutLifecycleConfiguration',
  // API Gateway's IAM actions are the HTTP verbs of its REST calls.
  'apigateway:GetAccount': 'apigateway:GET',
  'apigateway:GetStage': 'apigateway:GET',
  'apigateway:UpdateStage': 'apigateway:PATCH',
};

describe('runbooks against local AWS', () => {
  let h: RemediationHarness;
  const accounts = CASES.map((_, i) => `2200000${String(i + 10).padStart(5, '0')}`);
  /** A member account of the same tier whose own findings name the cases' resources. */
  const OTHER_ACCOUNT = '229999999999';
  const parameters: Record<string, Record<string, PolicyParameterValue>> = {};

  /** The policy: every case account in one staging tier, in the given mode, with the given exemptions. */
  function setPolicy(defaultMode: 'auto' | 'shadow', exemptions: unknown[] = []): void {
    h.policy.set(
      buildRemediationPolicy(remediationSchema.parse({ parameters, exemptions }), [
        {
          name: 'staging',
          environment: 'staging',
          accounts: [...accounts, OTHER_ACCOUNT],
          organizationalUnits: [],
          remediation: tierRemediationSchema.parse({ defaultMode }),
        },
      ]),
    );
  }

  beforeAll(async () => {
    // AWS managed policies exist in every account; moto loads them only when asked (IAM.18 attaches AWSSupportAccess).
    process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
    try {
      h = await RemediationHarness.start({
        version: 1,
        tiers: [],
        exemptions: [],
        rateLimitPerAccountPerHour: 1000,
        runbooks: {},
        customActions: [],
        parameters: {},
      });
    } finally {
      delete process.env.MOTO_IAM_LOAD_MANAGED_POLICIES;
    }
  });
  afterAll(() => h?.stop());

  describe.each(CASES.map((kase, i) => ({ ...kase, accountId: accounts[i] })))('$name', (kase) => {
    const definition = runbookFor(kase.id) as RunbookDefinition;
    const notifyOnly = !definition.fixesInPlace;
    let c: CaseContext;
    let resource: Resource;
    let finding: Record<string, unknown>;
    let before: unknown;
    let after: unknown;
    let runId: string | undefined;

    /** Sends the finding the way this runbook is started: Imported events for safe runbooks, a custom action otherwise. */
    const send = async (f: Record<string, unknown>) => {
      h.label = definition.runbook;
      const trigger =
        kase.id === 'IsolateInstance'
          ? customActionEvent('IsolateInstance', [f])
          : definition.safeToAutomate
            ? importedEvent([f])
            : customActionEvent('Remediate', [f]);
      try {
        const response = await h.handler()(trigger);
        return response.results?.[0] as { outcome: string; runId: string; changes: string[]; reason?: string };
      } finally {
        h.label = 'setup';
      }
    };
    /** A finding held in Security Hub for the resource, of the case's account unless another is given. */
    const newFinding = (r: Resource, accountId = c.accountId) =>
      h.loadFinding(
        kase.id === 'IsolateInstance'
          ? {
              ...controlFinding({ securityControlId: 'GuardDuty', accountId, resource: r }),
              GeneratorId: 'arn:aws:guardduty:us-east-1:finding/backdoor',
              Compliance: undefined,
              Title: 'Backdoor:EC2/C&CActivity.B',
            }
          : controlFinding({ securityControlId: kase.id, accountId, resource: r }),
      );
    /** Sends a finding whose run must fail: the invocation throws, so the event reaches the dead-letter queue. */
    const sendFailing = async (f: Record<string, unknown>) => {
      const error = await send(f).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RemediationFailedError);
      return (error as RemediationFailedError).failures[0];
    };

    beforeAll(async () => {
      h.label = 'setup';
      const clients = await h.member(kase.accountId);
      c = { h, accountId: kase.accountId, clients, ec2: clients.get('ec2', EC2Client) };
      if (kase.parameters)
        parameters[definition.runbook] = { ...parameters[definition.runbook], ...(await kase.parameters(c)) };
      resource = await kase.setup(c, false);
      finding = newFinding(resource);
      before = await kase.read(c, resource);
    });

    beforeEach(() => setPolicy('auto'));

    test('remediates (or, for controls that cannot be fixed in place, notifies with instructions)', async () => {
      expect(kase.compliant(before as never)).toBe(false);
      const result = await send(finding);
      runId = result.runId;
      after = await kase.read(c, resource);
      const stored = h.storedFinding(finding) as {
        Workflow: { Status: string };
        Note: { Text: string };
        UserDefinedFields: Record<string, string>;
      };
      if (notifyOnly) {
        expect(result).toMatchObject({ outcome: 'NOTIFIED', changes: [] });
        expect(after).toEqual(before);
        expect(stored.Workflow.Status).toBe('NOTIFIED');
        expect(stored.Note.Text).toMatch(/cannot be fixed in place/);
        expect((await h.ledger.get(result.runId))?.instructions).toMatch(/nothing was changed|Nothing was changed/i);
      } else {
        expect(result).toMatchObject({ outcome: 'REMEDIATED' });
        expect(result.changes.length).toBeGreaterThan(0);
        expect(kase.compliant(after as never)).toBe(true);
        expect(stored.Workflow.Status).toBe('RESOLVED');
        expect(stored.UserDefinedFields[REMEDIATION_OUTCOME_FIELD]).toBe('REMEDIATED');
        expect((await h.ledger.get(result.runId))?.before).toBeDefined();
      }
    });

    test('changes nothing when run again on a new evaluation', async () => {
      // Resolved findings are left alone; Security Hub reopens one that fails again.
      const result = await send(h.reopen(h.reevaluate(finding)));
      expect(result).toMatchObject({ outcome: notifyOnly ? 'NOTIFIED' : 'REMEDIATED', changes: [] });
      expect(await kase.read(c, resource)).toEqual(after);
    });

    test('a rollback after a person changed the resource since the run is refused (replace runbooks); nothing changes', async () => {
      const runbook = await loadRunbook(definition.runbook);
      // Additive runbooks have no drift to refuse, and create runbooks' objects cannot be made again with the same ids: the chain suite covers both.
      if (notifyOnly || (runbook.rollbackKind ?? 'replace') !== 'replace') return;
      const run = await h.ledger.get(runId as string);
      const ctx = runbookContextOf(run!, c.clients);
      // A person puts the old settings back by hand.
      await runbook.rollback!(ctx, run!.before);
      const changed = await kase.read(c, resource);
      h.label = definition.runbook;
      const response = await h.handler()({ runId, requestedBy: 'jest' });
      h.label = 'setup';
      expect(response.rollbacks?.[0]).toMatchObject({ kind: 'REFUSED_DRIFT', runId });
      expect(await kase.read(c, resource)).toEqual(changed);
      expect(await h.ledger.get(runId as string)).toMatchObject({
        status: 'REMEDIATED',
        rollbackRefusal: { requestedBy: 'jest' },
      });
      expect((h.storedFinding(finding).Note as { Text: string }).Text).toMatch(
        /A rollback of run .* was refused: .* --force/,
      );
      // And makes it compliant again the way the run did, so the rollback below starts from the state the run left.
      await runbook.apply!(ctx, await runbook.inspect(ctx));
      expect(await kase.read(c, resource)).toEqual(after);
    });

    test('rolls back to the recorded before-state', async () => {
      h.label = definition.runbook;
      if (notifyOnly) {
        expect((await h.handler()({ runId, requestedBy: 'jest' })).rollbacks).toEqual([
          expect.objectContaining({ kind: 'NOTHING_TO_ROLL_BACK', runId }),
        ]);
        await expect(h.rollbackService().rollback(runId as string, 'jest')).resolves.toMatchObject({
          kind: 'NOTHING_TO_ROLL_BACK',
          reason: expect.stringMatching(/without changing anything; there is nothing to roll back/),
        });
        return;
      }
      const response = await h.handler()({ runId, requestedBy: 'jest', reason: 'test' });
      h.label = 'setup';
      expect(response.rollbacks?.[0]).toMatchObject({ kind: 'ROLLED_BACK', runId });
      const restored = await kase.read(c, resource);
      if (kase.restored) kase.restored(before as never, restored as never);
      else expect(restored).toEqual(before);
      expect((h.storedFinding(finding).UserDefinedFields as Record<string, string>)[REMEDIATION_OUTCOME_FIELD]).toBe(
        'ROLLED_BACK',
      );
      expect(await h.ledger.get(runId as string)).toMatchObject({ status: 'ROLLED_BACK', rolledBackBy: 'jest' });
      // A second rollback of the same run is refused.
      await expect(h.rollbackService().rollback(runId as string, 'jest')).resolves.toMatchObject({
        kind: 'ALREADY_ROLLED_BACK',
        reason: expect.stringMatching(/rolled back already/),
      });
      // An automatic run for the rolled-back finding waits for a person.
      if (definition.safeToAutomate && kase.id !== 'IsolateInstance') {
        expect((await h.handler()(importedEvent([h.reopen(h.reevaluate(finding))]))).results?.[0]).toMatchObject({
          outcome: 'IGNORED',
          reason: expect.stringMatching(/rolled back/),
        });
      }
    });

    test('shadow mode records the plan and changes nothing', async () => {
      setPolicy('shadow');
      const state = await kase.read(c, resource);
      const result = await send(newFinding(resource));
      expect(result.outcome).toBe('SHADOW');
      expect(await kase.read(c, resource)).toEqual(state);
      const run = await h.ledger.get(result.runId);
      expect(run).toMatchObject({ status: 'SHADOW', mode: 'shadow' });
      if (!notifyOnly && !kase.restored) expect(run?.changes.length).toBeGreaterThan(0);
    });

    test(`leaves an exempt ${kase.scope === 'account' ? 'account' : 'resource (by tag)'} alone`, async () => {
      const exemption = {
        securityControlId: kase.id,
        owner: 'platform-team',
        reason: 'public website bucket, reviewed',
        expires: '2099-12-31',
      };
      setPolicy('auto', [
        kase.scope === 'account'
          ? { ...exemption, scope: { accounts: [c.accountId] } }
          : { ...exemption, scope: { resourceTag: EXEMPT_TAG } },
      ]);
      const target = kase.scope === 'account' ? resource : await kase.setup(c, true);
      const state = await kase.read(c, target);
      const result = await send(newFinding(target));
      expect(result.outcome).toBe('SKIPPED_EXEMPT');
      expect(await kase.read(c, target)).toEqual(state);
      expect((await h.ledger.get(result.runId))?.exemption).toEqual({
        owner: 'platform-team',
        reason: 'public website bucket, reviewed',
        expires: '2099-12-31',
      });
    });

    test("refuses another account's finding that names this account's resource; nothing changes", async () => {
      const victim = c.accountId;
      const state = await kase.read(c, resource);
      const firstCall = h.memberCalls.length;
      h.logger.clear();
      // The other account's own finding, held by Security Hub, naming this account's resource.
      const foreign = newFinding(resource, OTHER_ACCOUNT);
      const noteOf = () => (h.storedFinding(foreign).Note as { Text: string } | undefined)?.Text;

      // The event claims the victim's account; Security Hub holds the finding for the other one.
      const claimed = await sendFailing({ ...foreign, AwsAccountId: victim });
      expect(claimed.reason).toContain(
        `the event names account ${victim}, Security Hub holds the finding for account ${OTHER_ACCOUNT}`,
      );
      expect(noteOf()).toMatch(/A remediation request was refused: .*Nothing was changed/);
      expect(h.memberCalls.slice(firstCall)).toEqual([]);

      // The held finding as it is: bucket ARNs name no account, so S3 refuses the other account as owner instead.
      const arn = parseArn(resource.Id);
      // API Gateway stage ARNs name no account (S3 bucket ARNs neither; those are handled by ExpectedBucketOwner below).
      const accountless = arn?.account === '' && arn.service !== 's3';
      const ended = accountless ? await send(foreign) : undefined;
      const failure = accountless ? undefined : await sendFailing(foreign);
      const runs = (await h.runs()).filter((r) => r.findingId === foreign.Id);
      const calls = h.memberCalls.slice(firstCall);
      if (arn?.service === 's3') {
        const bucket = resource.Id.slice('arn:aws:s3:::'.length);
        expect(failure?.reason).toContain(
          `AccessDenied for bucket ${bucket} with ExpectedBucketOwner ${OTHER_ACCOUNT}: another account owns it`,
        );
        expect(runs).toEqual([
          expect.objectContaining({ status: 'FAILED', accountId: OTHER_ACCOUNT, resourceId: resource.Id, changes: [] }),
        ]);
        expect(runs[0].applyStartedAt).toBeUndefined();
        expect(noteOf()).toMatch(/failed: .*AccessDenied for bucket .*Nothing was changed/);
        expect(h.logger.lines).toContainEqual(
          expect.objectContaining({
            message: 'remediation failed',
            fields: expect.objectContaining({ findingId: foreign.Id, accountId: OTHER_ACCOUNT }),
          }),
        );
        // The other account's role reached the bucket only to be refused.
        expect(calls.length).toBeGreaterThan(0);
        expect(
          calls.filter(
            (call) => call.account !== OTHER_ACCOUNT || call.bucket !== bucket || call.error !== 'AccessDenied',
          ),
        ).toEqual([]);
      } else if (accountless) {
        // API Gateway looks a REST API up in the caller's account only: the other account's role
        // finds nothing, and the run fails without a change.
        expect(ended).toMatchObject({ outcome: 'FAILED', changes: [] });
        expect(runs).toEqual([
          expect.objectContaining({ status: 'FAILED', accountId: OTHER_ACCOUNT, resourceId: resource.Id, changes: [] }),
        ]);
        expect(runs[0].error).toMatch(new RegExp(`does not exist in account ${OTHER_ACCOUNT}`));
        expect(calls.length).toBeGreaterThan(0);
        expect(calls.filter((call) => call.account !== OTHER_ACCOUNT)).toEqual([]);
      } else {
        expect(failure?.reason).toContain(resource.Id);
        expect(failure?.reason).toMatch(new RegExp(`${victim}.*not the finding's account ${OTHER_ACCOUNT}`));
        expect(runs).toEqual([]);
        expect(noteOf()).toMatch(
          new RegExp(`A remediation request was refused: resource .*${victim}.*Nothing was changed`),
        );
        expect(h.logger.lines).toContainEqual(
          expect.objectContaining({
            message: 'finding refused; nothing was changed',
            fields: expect.objectContaining({ findingId: foreign.Id, reason: expect.stringContaining(resource.Id) }),
          }),
        );
        // Refused before any role was assumed: not one call in either account.
        expect(calls).toEqual([]);
      }
      expect(await kase.read(c, resource)).toEqual(state);
    });
  });

  test('every runbook was exercised, and every call it made is in its catalogue permissions', () => {
    const runbooks: Record<string, RunbookDefinition> = RUNBOOKS;
    expect([...h.calls.keys()].filter((k) => k !== 'setup').sort()).toEqual(Object.keys(runbooks).sort());
    for (const [runbook, calls] of h.calls) {
      if (runbook === 'setup') continue;
      const actions = [...calls].map((call) => IAM_ACTION_OF[call] ?? call);
      const missing = actions.filter((a) => !runbooks[runbook].permissions.includes(a));
      expect({ runbook, missing }).toEqual({ runbook, missing: [] });
    }
  });
});
