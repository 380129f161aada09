import { describeInstance, ec2IdOf } from './ec2-client';
import { tagMap, type Runbook } from './types';

/** When the instance stopped, from its state transition reason (`User initiated (2026-01-02 03:04:05 GMT)`), if EC2 says. */
function stoppedAt(reason: string | undefined): string | undefined {
  return /\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)/
    .exec(reason ?? '')?.[1]
    ?.replace(' ', 'T')
    .concat('Z');
}

/**
 * EC2.4: a stopped instance is kept past the allowed period. Terminating it deletes its
 * delete-on-termination volumes, so this runbook never does: it sends the steps to keep an image
 * and then terminate, for the instance's owner.
 */
export const notifyStoppedInstance: Runbook<{
  readonly instanceId: string;
  readonly state: string;
  readonly stoppedAt?: string;
}> = {
  name: 'NotifyStoppedInstance',
  resourceTypes: ['AwsEc2Instance'],
  async inspect(ctx) {
    const instance = await describeInstance(ctx);
    const id = instance.InstanceId ?? ec2IdOf(ctx, 'instance');
    const state = instance.State?.Name ?? 'unknown';
    const since = stoppedAt(instance.StateTransitionReason);
    const tags = tagMap(instance.Tags);
    const volumes = (instance.BlockDeviceMappings ?? []).map(
      (b) => `${b.Ebs?.VolumeId} (${b.DeviceName}${b.Ebs?.DeleteOnTermination ? ', deleted on termination' : ''})`,
    );
    const instructions =
      state !== 'stopped'
        ? `Instance ${id} is ${state} now; nothing was changed, and the finding clears at the next evaluation if it stays running.`
        : [
            `Instance ${id} has been stopped since ${since ?? 'a time EC2 no longer reports'} (${instance.StateTransitionReason ?? 'no reason recorded'}). Terminating it would delete its volumes that are deleted on termination, so nothing was changed. If nobody needs it:`,
            `1. Ask its owner (tags: ${
              Object.entries(tags)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ') || 'none'
            }). Volumes: ${volumes.join(', ') || 'none'}.`,
            `2. Keep an image of it: aws ec2 create-image --region ${ctx.region} --instance-id ${id} --name ${id}-before-termination --no-reboot, then aws ec2 wait image-available --region ${ctx.region} --image-ids <image id>.`,
            `3. aws ec2 terminate-instances --region ${ctx.region} --instance-ids ${id} (if termination protection is on, turn it off first with aws ec2 modify-instance-attribute --instance-id ${id} --no-disable-api-termination).`,
            `4. The image and its snapshots can launch a copy later (aws ec2 run-instances --image-id <image id>); delete them once nobody will.`,
            'If the instance must stay stopped, add an exemption with scope.resourceTag (owner, reason and expiry date) instead.',
          ].join('\n');
    return {
      before: { instanceId: id, state, ...(since ? { stoppedAt: since } : {}) },
      changes: [],
      instructions,
      tags,
    };
  },
};
