import {
  CreateFlowLogsCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { ec2, ec2IdOf } from './ec2-client';
import { tagMap, type Runbook } from './types';

/** What the flow log runbook created. */
interface FlowLogState {
  readonly vpcId: string;
  /** Filled in once the flow log exists; rollback deletes this one flow log. */
  readonly createdFlowLogId?: string;
}

/** EC2.6: the VPC has a flow log that records rejected traffic. */
export const enableVpcFlowLogs: Runbook<FlowLogState> = {
  name: 'EnableVpcFlowLogs',
  rollbackKind: 'create',
  resourceTypes: ['AwsEc2Vpc'],
  async inspect(ctx) {
    const vpcId = ec2IdOf(ctx, 'vpc');
    let tags: Record<string, string>;
    try {
      const vpc = (await ec2(ctx).send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
      if (!vpc) throw new ResourceNotFoundError(`VPC ${vpcId} no longer exists`);
      tags = tagMap(vpc.Tags);
    } catch (error) {
      if (isAwsError(error, 'InvalidVpcID.NotFound')) throw new ResourceNotFoundError(`VPC ${vpcId} no longer exists`);
      throw error;
    }
    const flowLogs =
      (await ec2(ctx).send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] })))
        .FlowLogs ?? [];
    const covered = flowLogs.some((f) => f.TrafficType === 'REJECT' || f.TrafficType === 'ALL');
    const traffic = ctx.parameters.string('TrafficType');
    const destination = ctx.parameters.string('FlowLogBucketArn');
    return {
      before: { vpcId },
      changes: covered ? [] : [`create a flow log of ${traffic} traffic for ${vpcId} delivering to ${destination}`],
      tags,
    };
  },
  async apply(ctx, inspection) {
    const response = await ec2(ctx).send(
      new CreateFlowLogsCommand({
        ResourceIds: [inspection.before.vpcId],
        ResourceType: 'VPC',
        TrafficType: ctx.parameters.string('TrafficType') as 'REJECT' | 'ALL',
        LogDestinationType: 's3',
        LogDestination: ctx.parameters.string('FlowLogBucketArn'),
        TagSpecifications: [
          { ResourceType: 'vpc-flow-log', Tags: [{ Key: 'securityhub-remediation-run', Value: ctx.runId }] },
        ],
      }),
    );
    const problem = response.Unsuccessful?.[0]?.Error;
    if (problem)
      throw new Error(`CreateFlowLogs refused ${inspection.before.vpcId}: ${problem.Code}: ${problem.Message}`);
    // Recorded with the before-state, so rollback removes exactly this flow log.
    return { createdFlowLogId: response.FlowLogIds?.[0] };
  },
  async rollback(ctx, before) {
    let ids = before.createdFlowLogId ? [before.createdFlowLogId] : [];
    if (ids.length === 0) {
      const created = await ec2(ctx).send(
        new DescribeFlowLogsCommand({
          Filter: [
            { Name: 'resource-id', Values: [before.vpcId] },
            { Name: 'tag:securityhub-remediation-run', Values: [ctx.runId] },
          ],
        }),
      );
      ids = (created.FlowLogs ?? []).map((f) => f.FlowLogId).filter((id): id is string => !!id);
    }
    // Deletes the flow log configuration only; records already delivered stay in the bucket.
    if (ids.length > 0) await ec2(ctx).send(new DeleteFlowLogsCommand({ FlowLogIds: ids }));
  },
};
