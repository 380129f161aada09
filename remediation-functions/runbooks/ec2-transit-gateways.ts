import { DescribeTransitGatewaysCommand, ModifyTransitGatewayCommand } from '@aws-sdk/client-ec2';
import { ec2, ec2IdOf } from './ec2-client';
import { existing } from './lookup';
import { tagMap, type Runbook, type RunbookContext } from './types';

/** The transit gateway's attachment setting before the run. */
interface AutoAcceptState {
  readonly transitGatewayId: string;
  readonly autoAcceptSharedAttachments: 'enable' | 'disable';
}

async function describeTransitGateway(ctx: RunbookContext) {
  const id = ec2IdOf(ctx, 'transit-gateway');
  return existing(
    `transit gateway ${id}`,
    async () => {
      const found = (await ec2(ctx).send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [id] })))
        .TransitGateways?.[0];
      // A deleted transit gateway stays visible for a while in state "deleted".
      return found?.State === 'deleted' || found?.State === 'deleting' ? undefined : found;
    },
    'InvalidTransitGatewayID.NotFound',
    'InvalidTransitGatewayID.Malformed',
  );
}

/** EC2.23: the transit gateway does not accept shared VPC attachment requests on its own. */
export const disableTransitGatewayAutoAccept: Runbook<AutoAcceptState> = {
  name: 'DisableTransitGatewayAutoAccept',
  resourceTypes: ['AwsEc2TransitGateway'],
  async inspect(ctx) {
    const gateway = await describeTransitGateway(ctx);
    const transitGatewayId = gateway.TransitGatewayId ?? ec2IdOf(ctx, 'transit-gateway');
    const autoAcceptSharedAttachments =
      gateway.Options?.AutoAcceptSharedAttachments === 'enable' ? 'enable' : 'disable';
    return {
      before: { transitGatewayId, autoAcceptSharedAttachments },
      changes:
        autoAcceptSharedAttachments === 'enable'
          ? [`set AutoAcceptSharedAttachments to disable on transit gateway ${transitGatewayId}`]
          : [],
      tags: tagMap(gateway.Tags),
    };
  },
  async apply(ctx, { before }) {
    await ec2(ctx).send(
      new ModifyTransitGatewayCommand({
        TransitGatewayId: before.transitGatewayId,
        Options: { AutoAcceptSharedAttachments: 'disable' },
      }),
    );
  },
  async rollback(ctx, before) {
    if (before.autoAcceptSharedAttachments === 'enable') {
      await ec2(ctx).send(
        new ModifyTransitGatewayCommand({
          TransitGatewayId: before.transitGatewayId,
          Options: { AutoAcceptSharedAttachments: 'enable' },
        }),
      );
    }
  },
};
