import {
  CreateDetectorCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import type { Runbook, RunbookContext } from './types';

function guardduty(ctx: RunbookContext): GuardDutyClient {
  return ctx.clients.get('guardduty', GuardDutyClient);
}

/** The Region's detector before the run: none, or its id and whether it was enabled. */
interface DetectorState {
  readonly detectorId?: string;
  readonly enabled?: boolean;
  /** The detector this runbook created, when there was none. */
  readonly createdDetectorId?: string;
}

/** GuardDuty.1: GuardDuty has an enabled detector in the Region. */
export const enableGuardDuty: Runbook<DetectorState> = {
  name: 'EnableGuardDuty',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const detectorId = (await guardduty(ctx).send(new ListDetectorsCommand({}))).DetectorIds?.[0];
    if (!detectorId) return { before: {}, changes: [`create an enabled GuardDuty detector in ${ctx.region}`] };
    const enabled =
      (await guardduty(ctx).send(new GetDetectorCommand({ DetectorId: detectorId }))).Status === 'ENABLED';
    return {
      before: { detectorId, enabled },
      changes: enabled ? [] : [`enable GuardDuty detector ${detectorId} in ${ctx.region}`],
    };
  },
  async apply(ctx, { before }) {
    if (before.detectorId) {
      await guardduty(ctx).send(new UpdateDetectorCommand({ DetectorId: before.detectorId, Enable: true }));
      return undefined;
    }
    const created = await guardduty(ctx).send(
      new CreateDetectorCommand({ Enable: true, Tags: { 'securityhub-remediation-run': ctx.runId } }),
    );
    return { createdDetectorId: created.DetectorId };
  },
  async rollback(ctx, before) {
    // Suspends rather than deletes: deleting a detector deletes its findings.
    const detectorId = before.detectorId ?? before.createdDetectorId;
    if (detectorId && before.enabled !== true)
      await guardduty(ctx).send(new UpdateDetectorCommand({ DetectorId: detectorId, Enable: false }));
  },
};
