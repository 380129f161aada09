import { REMEDIATION_RUN_FIELD } from '../../core/remediation-marks';
import { showValue as describe } from '../../core/values';
import { claimMismatch, productRefusal } from './claim-check';
import { RUN_ID_PATTERN } from './events';
import type { ClaimedFinding } from './finding';
import type { FindingSource } from './finding-source';
import { noteRefusal, type FindingUpdater } from './finding-updates';
import { isRunOfFinding, type RemediationLedger } from './ledger';
import type { Logger } from './log';
import type { RollbackFailed, RollbackRefused } from './rollback-result';

/** What finding rollback targets are resolved with. */
export interface RollbackTargetDependencies {
  readonly ledger: RemediationLedger;
  readonly findingSource: FindingSource;
  /** Notes refusals on the findings Security Hub holds. */
  readonly findings: FindingUpdater;
  readonly logger: Logger;
}

/** The run to roll back for one finding sent to the Rollback custom action. */
export interface RollbackTarget {
  readonly runId: string;
  readonly findingId: string;
}

/**
 * Turns the findings of a Rollback custom action into the runs to roll back. For each finding:
 * Security Hub's own product, re-read from Security Hub, the event agrees with it; the run its
 * UserDefinedFields name (anyone who can update the finding can write that field) must look like
 * a run id (checked before it is a ledger key) and be a run
 * of this very finding, ProductArn and account in the ledger; and the run rolled back is the
 * latest run of the finding that changed something, from the ledger's list of its runs, so
 * later runs that changed nothing (a redelivered event, a repeated custom action) never hide it.
 * @returns per finding, the run to roll back or the refusal (logged, and noted on a held finding);
 *   a finding whose look-up fails gets a FAILED result of its own, and the others are still resolved
 */
export async function rollbackTargets(
  claims: readonly ClaimedFinding[],
  deps: RollbackTargetDependencies,
): Promise<(RollbackTarget | RollbackRefused | RollbackFailed)[]> {
  const out: (RollbackTarget | RollbackRefused | RollbackFailed)[] = [];
  for (const claim of claims) {
    try {
      out.push(await targetOf(claim, deps));
    } catch (error) {
      // One finding's failure (a throttled read, a value DynamoDB refuses) is that finding's outcome; the others go on.
      deps.logger.error('rollback target not resolved', {
        findingId: claim.Id,
        productArn: claim.ProductArn,
        reason: (error as Error).message,
      });
      out.push({
        kind: 'FAILED',
        findingId: claim.Id,
        reason: `could not resolve the run to roll back: ${(error as Error).message}; nothing was changed`,
      });
    }
  }
  return out;
}

async function targetOf(
  claim: ClaimedFinding,
  deps: RollbackTargetDependencies,
): Promise<RollbackTarget | RollbackRefused> {
  const refuse = async (
    reason: string,
    noteOn?: { findingId: string; productArn: string },
    kind: RollbackRefused['kind'] = 'REFUSED',
  ): Promise<RollbackRefused> => {
    deps.logger.error('rollback refused', { findingId: claim.Id, productArn: claim.ProductArn, kind, reason });
    if (noteOn) await noteRefusal(deps.findings, deps.logger, noteOn, 'A rollback', reason);
    return { kind, findingId: claim.Id, reason: `${reason}; nothing was changed` };
  };
  // The Rollback action is picked on the finding a run noted, which for a custom action runbook
  // (IsolateInstance) can be a GuardDuty or Inspector finding; it undoes only that finding's runs.
  const product = productRefusal(claim, true);
  if (product) return refuse(product);
  const held = await deps.findingSource.get(claim);
  if (!held)
    return refuse(`Security Hub holds no finding ${claim.Id} under ${claim.ProductArn}`, undefined, 'NOT_FOUND');
  const on = { findingId: held.Id, productArn: held.ProductArn };
  const mismatch = claimMismatch(claim, held);
  if (mismatch) return refuse(mismatch, on);
  const named = held.UserDefinedFields?.[REMEDIATION_RUN_FIELD];
  // The field is the finding owner's to write (up to 1,024 characters, any Unicode): only a value
  // shaped like a run id is ever a ledger key, so no member-written value reaches DynamoDB.
  if (named && !RUN_ID_PATTERN.test(named)) {
    return refuse(
      `the finding's UserDefinedFields.${REMEDIATION_RUN_FIELD} holds ${describe(named)}, which is not a remediation run id (rr-<yyyymmddThhmmssZ>-<16 hex>); set it back with BatchUpdateFindings or remove it`,
      on,
    );
  }
  if (named) {
    const run = await deps.ledger.get(named);
    if (!run) return refuse(`the finding names run ${named}, which is not in the ledger`, on, 'NOT_FOUND');
    if (!isRunOfFinding(run, held)) {
      return refuse(
        `the finding names run ${named}, which is a run of another finding (account ${run.accountId}), not of this finding of account ${held.AwsAccountId}`,
        on,
      );
    }
  }
  const latest = await deps.ledger.latestChangeOfFinding(held.ProductArn, held.Id);
  if (!latest)
    return refuse(`no run of this finding changed anything; there is nothing to roll back`, on, 'NOTHING_TO_ROLL_BACK');
  if (!isRunOfFinding(latest, held))
    return refuse(
      `the ledger's latest run ${latest.runId} for this finding records another account (${latest.accountId})`,
      on,
    );
  return { runId: latest.runId, findingId: held.Id };
}

/** True for a resolved target, false for a refusal. */
export function isRollbackTarget(value: RollbackTarget | RollbackRefused | RollbackFailed): value is RollbackTarget {
  return !('kind' in value);
}
