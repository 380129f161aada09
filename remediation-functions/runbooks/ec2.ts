import {
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DisableEbsEncryptionByDefaultCommand,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifyNetworkInterfaceAttributeCommand,
  ModifySnapshotAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type HttpTokensState,
} from '@aws-sdk/client-ec2';
import { ResourceNotFoundError } from '../shared/errors';
import { describeInstance, ec2, ec2IdOf, withoutDescriptions } from './ec2-client';
import { existing } from './lookup';
import { tagMap, type Runbook, type RunbookContext } from './types';

/** EC2.7: EBS encryption by default is on in the Region. */
export const enableEbsDefaultEncryption: Runbook<{ readonly enabled: boolean }> = {
  name: 'EnableEbsDefaultEncryption',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const enabled = (await ec2(ctx).send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault ?? false;
    return { before: { enabled }, changes: enabled ? [] : [`turn on EBS encryption by default in ${ctx.region}`] };
  },
  async apply(ctx) {
    await ec2(ctx).send(new EnableEbsEncryptionByDefaultCommand({}));
  },
  async rollback(ctx, before) {
    if (!before.enabled) await ec2(ctx).send(new DisableEbsEncryptionByDefaultCommand({}));
  },
};

/** EC2.8: the instance requires IMDSv2 session tokens. */
export const requireImdsV2: Runbook<{ readonly instanceId: string; readonly httpTokens: string }> = {
  name: 'RequireImdsV2',
  resourceTypes: ['AwsEc2Instance'],
  async inspect(ctx) {
    const instance = await describeInstance(ctx);
    const httpTokens = instance.MetadataOptions?.HttpTokens ?? 'optional';
    const instanceId = instance.InstanceId ?? ec2IdOf(ctx, 'instance');
    // With the metadata endpoint off there is no IMDSv1 to close; the endpoint is left as it is.
    const compliant = httpTokens === 'required' || instance.MetadataOptions?.HttpEndpoint === 'disabled';
    return {
      before: { instanceId, httpTokens },
      changes: compliant
        ? []
        : [`require IMDSv2 session tokens on ${instanceId} (HttpTokens ${httpTokens} -> required)`],
      tags: tagMap(instance.Tags),
    };
  },
  async apply(ctx, { before }) {
    await ec2(ctx).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: before.instanceId, HttpTokens: 'required' }),
    );
  },
  async rollback(ctx, before) {
    await ec2(ctx).send(
      new ModifyInstanceMetadataOptionsCommand({
        InstanceId: before.instanceId,
        HttpTokens: before.httpTokens as HttpTokensState,
      }),
    );
  },
};

/** EC2.1: the account's snapshots in the Region that were public. */
interface PublicSnapshotsState {
  readonly snapshotIds: string[];
}

/** EC2.1: no EBS snapshot of the account is restorable by everyone. */
export const makeEbsSnapshotsPrivate: Runbook<PublicSnapshotsState> = {
  name: 'MakeEbsSnapshotsPrivate',
  rollbackKind: 'additive',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const snapshotIds: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ec2(ctx).send(
        new DescribeSnapshotsCommand({ OwnerIds: ['self'], RestorableByUserIds: ['all'], NextToken: nextToken }),
      );
      for (const snapshot of page.Snapshots ?? []) {
        // Only the account's own snapshots: shared or Amazon-owned ones are not the account's to change.
        if (!snapshot.SnapshotId || snapshot.OwnerId !== ctx.accountId) continue;
        // Checked one by one: the restorable-by filter is a hint some endpoints ignore.
        const attribute = await ec2(ctx).send(
          new DescribeSnapshotAttributeCommand({
            SnapshotId: snapshot.SnapshotId,
            Attribute: 'createVolumePermission',
          }),
        );
        if ((attribute.CreateVolumePermissions ?? []).some((p) => p.Group === 'all'))
          snapshotIds.push(snapshot.SnapshotId);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return {
      before: { snapshotIds },
      changes: snapshotIds.map((id) => `remove public create-volume permission from snapshot ${id}`),
    };
  },
  async apply(ctx, { before }) {
    for (const id of before.snapshotIds) {
      await ec2(ctx).send(
        new ModifySnapshotAttributeCommand({
          SnapshotId: id,
          Attribute: 'createVolumePermission',
          OperationType: 'remove',
          GroupNames: ['all'],
        }),
      );
    }
  },
  async rollback(ctx, before) {
    for (const id of before.snapshotIds) {
      await ec2(ctx).send(
        new ModifySnapshotAttributeCommand({
          SnapshotId: id,
          Attribute: 'createVolumePermission',
          OperationType: 'add',
          GroupNames: ['all'],
        }),
      );
    }
  },
};

/** An instance's network interfaces and the groups each had before isolation. */
interface IsolationState {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly interfaces: { readonly networkInterfaceId: string; readonly groupIds: string[] }[];
  /** The isolation group, when it existed already; otherwise the runbook creates it. */
  readonly isolationGroupId?: string;
}

async function isolationGroup(ctx: RunbookContext, vpcId: string): Promise<string | undefined> {
  const groups = await ec2(ctx).send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [ctx.parameters.string('IsolationGroupName')] },
      ],
    }),
  );
  return groups.SecurityGroups?.[0]?.GroupId;
}

/** IsolateInstance custom action: every network interface of the instance gets only a no-traffic group. */
export const isolateEc2Instance: Runbook<IsolationState> = {
  name: 'IsolateEc2Instance',
  resourceTypes: ['AwsEc2Instance'],
  async inspect(ctx) {
    const instance = await describeInstance(ctx);
    const instanceId = instance.InstanceId ?? ec2IdOf(ctx, 'instance');
    const vpcId = instance.VpcId;
    if (!vpcId) throw new ResourceNotFoundError(`instance ${instanceId} has no VPC (EC2-Classic or terminated)`);
    const groupId = await isolationGroup(ctx, vpcId);
    const interfaces = (instance.NetworkInterfaces ?? []).map((n) => ({
      networkInterfaceId: n.NetworkInterfaceId ?? '',
      groupIds: (n.Groups ?? []).map((g) => g.GroupId ?? '').filter((g) => g !== ''),
    }));
    const isolated =
      groupId !== undefined && interfaces.every((n) => n.groupIds.length === 1 && n.groupIds[0] === groupId);
    const name = ctx.parameters.string('IsolationGroupName');
    return {
      before: { instanceId, vpcId, interfaces, isolationGroupId: groupId },
      changes: isolated
        ? []
        : [
            ...(groupId ? [] : [`create security group ${name} in ${vpcId} with no inbound and no outbound rules`]),
            ...interfaces.map(
              (n) =>
                `replace groups ${n.groupIds.join(', ')} of ${n.networkInterfaceId} (${instanceId}) with ${groupId ?? name}`,
            ),
          ],
      tags: tagMap(instance.Tags),
    };
  },
  async apply(ctx, { before }) {
    let groupId = before.isolationGroupId ?? (await isolationGroup(ctx, before.vpcId));
    if (!groupId) {
      const created = await ec2(ctx).send(
        new CreateSecurityGroupCommand({
          GroupName: ctx.parameters.string('IsolationGroupName'),
          Description: 'Security Hub remediation: isolates instances; allows no traffic',
          VpcId: before.vpcId,
          TagSpecifications: [
            { ResourceType: 'security-group', Tags: [{ Key: 'securityhub-remediation-run', Value: ctx.runId }] },
          ],
        }),
      );
      groupId = created.GroupId as string;
    }
    // A new group allows all outbound traffic (IPv6 too in dual-stack VPCs), and someone may have
    // added rules to an existing one: isolation means no rules at all.
    const group = (await ec2(ctx).send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
    if (group?.IpPermissions?.length)
      await ec2(ctx).send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: withoutDescriptions(group.IpPermissions),
        }),
      );
    if (group?.IpPermissionsEgress?.length)
      await ec2(ctx).send(
        new RevokeSecurityGroupEgressCommand({
          GroupId: groupId,
          IpPermissions: withoutDescriptions(group.IpPermissionsEgress),
        }),
      );
    for (const n of before.interfaces) {
      await ec2(ctx).send(
        new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: n.networkInterfaceId, Groups: [groupId] }),
      );
    }
  },
  async rollback(ctx, before) {
    // The isolation group stays (other instances may use it); each interface gets its own groups back.
    for (const n of before.interfaces) {
      if (n.groupIds.length > 0)
        await ec2(ctx).send(
          new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: n.networkInterfaceId, Groups: n.groupIds }),
        );
    }
  },
};

/** EC2.3: an attached EBS volume cannot be encrypted in place, so this runbook says how to move it to an encrypted copy. */
export const notifyEbsVolumeEncryption: Runbook<{ readonly volumeId: string; readonly encrypted: boolean }> = {
  name: 'NotifyEbsVolumeEncryption',
  resourceTypes: ['AwsEc2Volume'],
  async inspect(ctx) {
    const volumeId = ec2IdOf(ctx, 'volume');
    const volume = await existing(
      `volume ${volumeId}`,
      async () => (await ec2(ctx).send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0],
      'InvalidVolume.NotFound',
    );
    const encrypted = volume.Encrypted ?? false;
    const attachment = volume.Attachments?.[0];
    const region = ctx.resource.Region ?? ctx.region;
    const instructions = encrypted
      ? `Volume ${volumeId} is encrypted now; nothing was changed, and the finding clears at the next evaluation.`
      : [
          `EBS volume ${volumeId} (${volume.Size} GiB ${volume.VolumeType} in ${volume.AvailabilityZone}${attachment ? `, attached to ${attachment.InstanceId} as ${attachment.Device}` : ''}) is not encrypted. An EBS volume cannot be encrypted in place, so nothing was changed. In a maintenance window:`,
          `1. aws ec2 create-snapshot --region ${region} --volume-id ${volumeId} --description "before encryption"`,
          `2. aws ec2 copy-snapshot --region ${region} --source-region ${region} --source-snapshot-id <snapshot from step 1> --encrypted --kms-key-id <KMS key ARN, or leave out for aws/ebs>`,
          `3. aws ec2 create-volume --region ${region} --availability-zone ${volume.AvailabilityZone} --snapshot-id <snapshot from step 2> --volume-type ${volume.VolumeType}`,
          attachment
            ? `4. Stop ${attachment.InstanceId}, aws ec2 detach-volume --volume-id ${volumeId}, aws ec2 attach-volume --volume-id <new volume> --instance-id ${attachment.InstanceId} --device ${attachment.Device}, start the instance and check it.`
            : '4. Use the new volume in place of the old one.',
          `5. Keep the old volume and the first snapshot until the workload is verified, then delete them. Turn on EBS encryption by default (EC2.7) so new volumes are encrypted.`,
        ].join('\n');
    return { before: { volumeId, encrypted }, changes: [], instructions, tags: tagMap(volume.Tags) };
  },
};
