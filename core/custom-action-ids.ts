/**
 * Custom action target ids the remediation functions react to by name. The custom-actions
 * construct creates action targets with these ids; the catalogue re-exports them.
 */

/** Runs the runbook of the selected control findings (what `manual` mode waits for). */
export const REMEDIATE_ACTION_ID = 'Remediate';

/** Rolls back the last remediation run recorded on the selected findings. */
export const ROLLBACK_ACTION_ID = 'Rollback';
