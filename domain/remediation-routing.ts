/*
 * The EventBridge routes of remediation as plain data: the remediation plan decides them and the
 * RemediationRouting construct turns them into rules and targets.
 */

/** Automatic routing of one runbook: the controls whose FAILED findings start its document. */
export interface AutomaticRoute {
  /** Runbook name (the SSM document `SecurityHubRemediation-<runbook>`). */
  readonly runbook: string;
  /** Controls in auto or shadow mode in at least one tier. */
  readonly securityControlIds: readonly string[];
  /** Accounts to match; omit when tiers are defined by OUs. @default every account */
  readonly accountIds?: readonly string[];
  /** The most active mode among the tiers (`auto` or `shadow`), tagged on the rule for reviewers. */
  readonly mode: 'auto' | 'shadow';
  /** Environments (staging, production, ...) where the runbook runs in auto, tagged on the rule. */
  readonly autoEnvironments: readonly string[];
}
