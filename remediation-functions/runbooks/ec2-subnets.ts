import { DescribeSubnetsCommand, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import { ec2, ec2IdOf } from './ec2-client';
import { existing } from './lookup';
import { tagMap, type Runbook } from './types';

/** EC2.15: the subnet does not give new network interfaces a public IPv4 address. */
export const disableSubnetPublicIpAssignment: Runbook<{
  readonly subnetId: string;
  readonly mapPublicIpOnLaunch: boolean;
}> = {
  name: 'DisableSubnetPublicIpAssignment',
  resourceTypes: ['AwsEc2Subnet'],
  async inspect(ctx) {
    const subnetId = ec2IdOf(ctx, 'subnet');
    const subnet = await existing(
      `subnet ${subnetId}`,
      async () => (await ec2(ctx).send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0],
      'InvalidSubnetID.NotFound',
    );
    const on = subnet.MapPublicIpOnLaunch ?? false;
    return {
      before: { subnetId, mapPublicIpOnLaunch: on },
      changes: on
        ? [
            `turn off MapPublicIpOnLaunch for subnet ${subnetId} (instances launched later get no public IPv4 address unless they ask for one)`,
          ]
        : [],
      tags: tagMap(subnet.Tags),
    };
  },
  async apply(ctx, { before }) {
    await ec2(ctx).send(
      new ModifySubnetAttributeCommand({ SubnetId: before.subnetId, MapPublicIpOnLaunch: { Value: false } }),
    );
  },
  async rollback(ctx, before) {
    await ec2(ctx).send(
      new ModifySubnetAttributeCommand({
        SubnetId: before.subnetId,
        MapPublicIpOnLaunch: { Value: before.mapPublicIpOnLaunch },
      }),
    );
  },
};
