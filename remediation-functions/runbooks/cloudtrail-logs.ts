import { CloudTrailClient, GetTrailCommand, ListTagsCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { trailOf } from './cloudtrail';
import { tagMap, type Runbook, type RunbookContext } from './types';

/** A parameter with `{AccountId}` and `{Region}` replaced by the trail's. */
const placeholders = (ctx: RunbookContext, name: string, region: string): string =>
  ctx.parameters
    .string(name)
    .replace(/\{AccountId\}/g, ctx.accountId)
    .replace(/\{Region\}/g, region);

/** The trail's CloudWatch Logs delivery, as it was. */
interface TrailLogsState {
  readonly trailName: string;
  readonly region: string;
  readonly logGroupArn: string | null;
  readonly roleArn: string | null;
}

/** CloudTrail.5: the trail also delivers its events to a CloudWatch Logs group. */
export const enableCloudTrailCloudWatchLogs: Runbook<TrailLogsState> = {
  name: 'EnableCloudTrailCloudWatchLogs',
  resourceTypes: ['AwsCloudTrailTrail'],
  async inspect(ctx) {
    const { name, region } = trailOf(ctx);
    const client = ctx.clients.get('cloudtrail', CloudTrailClient, region);
    let trail;
    try {
      trail = (await client.send(new GetTrailCommand({ Name: name }))).Trail;
    } catch (error) {
      if (!isAwsError(error, 'TrailNotFoundException')) throw error;
    }
    if (!trail?.TrailARN) throw new ResourceNotFoundError(`trail ${name} no longer exists`);
    const tags = (await client.send(new ListTagsCommand({ ResourceIdList: [trail.TrailARN] }))).ResourceTagList?.[0]
      ?.TagsList;
    const logGroupArn = trail.CloudWatchLogsLogGroupArn || null;
    return {
      before: { trailName: name, region, logGroupArn, roleArn: trail.CloudWatchLogsRoleArn || null },
      changes: logGroupArn
        ? []
        : [
            `deliver the events of trail ${name} to CloudWatch Logs group ${placeholders(ctx, 'LogGroupArn', region)} with role ${placeholders(ctx, 'RoleArn', region)}`,
          ],
      tags: tagMap(tags),
    };
  },
  async apply(ctx, { before }) {
    await ctx.clients.get('cloudtrail', CloudTrailClient, before.region).send(
      new UpdateTrailCommand({
        Name: before.trailName,
        CloudWatchLogsLogGroupArn: placeholders(ctx, 'LogGroupArn', before.region),
        CloudWatchLogsRoleArn: placeholders(ctx, 'RoleArn', before.region),
      }),
    );
  },
  async rollback(ctx, before) {
    // Empty strings turn the delivery off.
    await ctx.clients.get('cloudtrail', CloudTrailClient, before.region).send(
      new UpdateTrailCommand({
        Name: before.trailName,
        CloudWatchLogsLogGroupArn: before.logGroupArn ?? '',
        CloudWatchLogsRoleArn: before.roleArn ?? '',
      }),
    );
  },
};
