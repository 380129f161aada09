/**
 * The `UserDefinedFields` keys this project's remediation functions write on a finding they
 * acted on, and that `securityhub report` reads to count "Auto-Remediated This Month".
 * Remediation code imports these same names so the writer and the reader cannot drift apart.
 * This module has no imports, so a Lambda bundle can take it alone.
 */
export const REMEDIATION_MARK_KEYS = {
  /** The remediation run's id (the SSM Automation execution id or the function's request id). */
  runId: 'securityhub-remediation-run',
  /** When the remediation acted, as an ISO 8601 timestamp. */
  at: 'securityhub-remediation-at',
  /** What the run did; see REMEDIATION_OUTCOMES. */
  outcome: 'securityhub-remediation-outcome',
} as const;

/** Values of the outcome key. Only REMEDIATED counts as auto-remediated in reports. */
export const REMEDIATION_OUTCOMES = {
  /** The run changed the resource so the control passes. */
  remediated: 'REMEDIATED',
} as const;
