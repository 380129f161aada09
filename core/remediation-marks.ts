/**
 * The UserDefinedFields keys a remediation writes on a finding. The compliance report reads the
 * same keys, so they are defined here once and imported by both.
 */

/** Run id of the remediation that last acted on the finding (the ledger key, and the STS session name suffix). */
export const REMEDIATION_RUN_FIELD = 'securityhub-remediation-run';
/** ISO-8601 time of that run's last mark. */
export const REMEDIATION_AT_FIELD = 'securityhub-remediation-at';
/** What that run did; one of {@link REMEDIATION_OUTCOMES}. */
export const REMEDIATION_OUTCOME_FIELD = 'securityhub-remediation-outcome';

/**
 * What a remediation run did to a finding's resource.
 * - REMEDIATED: the resource is compliant now (changed, or found already compliant).
 * - SHADOW: mode is shadow; the plan was recorded, nothing was changed.
 * - NOTIFIED: the control cannot be fixed in place; instructions were sent instead.
 * - SKIPPED_EXEMPT: an exemption covers the resource; nothing was changed.
 * - FAILED: nothing (or not everything) was changed; the note and the ledger say why.
 * - ROLLED_BACK: the state recorded before the run was restored.
 */
export const REMEDIATION_OUTCOMES = [
  'REMEDIATED',
  'SHADOW',
  'NOTIFIED',
  'SKIPPED_EXEMPT',
  'FAILED',
  'ROLLED_BACK',
] as const;

/** One of {@link REMEDIATION_OUTCOMES}. */
export type RemediationOutcome = (typeof REMEDIATION_OUTCOMES)[number];

/** Workflow status a finding gets for each outcome; undefined leaves the status as it is. */
export const WORKFLOW_STATUS_FOR_OUTCOME: Readonly<Record<RemediationOutcome, 'RESOLVED' | 'NOTIFIED' | undefined>> = {
  REMEDIATED: 'RESOLVED',
  NOTIFIED: 'NOTIFIED',
  FAILED: 'NOTIFIED',
  ROLLED_BACK: 'NOTIFIED',
  // Shadow and exempt runs changed nothing, so the finding stays where its owner left it.
  SHADOW: undefined,
  SKIPPED_EXEMPT: undefined,
};

/** The three marks as a UserDefinedFields map. */
export function remediationMarks(runId: string, outcome: RemediationOutcome, at: Date): Record<string, string> {
  return {
    [REMEDIATION_RUN_FIELD]: runId,
    [REMEDIATION_AT_FIELD]: at.toISOString(),
    [REMEDIATION_OUTCOME_FIELD]: outcome,
  };
}
