/**
 * EventBridge event patterns for Security Hub events, in one place so the notification and
 * remediation rules filter the same way. Filtering happens in the pattern, not in handlers:
 * events that a handler would ignore are never delivered, billed or retried.
 */

import { FINDINGS_CUSTOM_ACTION, FINDINGS_IMPORTED } from '../core/detail-types';

export { FINDINGS_CUSTOM_ACTION, FINDINGS_IMPORTED };

/** An EventBridge pattern, as the `event_pattern` JSON of a rule. */
export interface EventPattern {
  readonly source: readonly string[];
  readonly 'detail-type': readonly string[];
  readonly resources?: readonly string[];
  readonly account?: readonly string[];
  readonly detail?: Record<string, unknown>;
}

/**
 * New, active findings at the given severities: what the notification topic announces.
 * Workflow NEW keeps a finding from being announced again each time it is updated.
 */
export function newFindingsPattern(severities: readonly string[]): EventPattern {
  return {
    source: ['aws.securityhub'],
    'detail-type': [FINDINGS_IMPORTED],
    detail: {
      findings: {
        Severity: { Label: [...severities] },
        RecordState: ['ACTIVE'],
        Workflow: { Status: ['NEW'] },
      },
    },
  };
}

/** What selects the findings an automatic remediation acts on. */
export interface FailedControlSelection {
  /** Security control ids in auto (or shadow) mode. */
  readonly securityControlIds: readonly string[];
  /**
   * Accounts whose findings qualify. Omit when tiers are defined by OUs: an event carries no OU,
   * so the function resolves each account's tier itself. @default every account
   */
  readonly accountIds?: readonly string[];
}

/**
 * FAILED, ACTIVE control findings still NEW or NOTIFIED (not already resolved or suppressed by a
 * person or an automation rule) for the given controls and accounts.
 */
export function failedControlFindingsPattern(selection: FailedControlSelection): EventPattern {
  return {
    source: ['aws.securityhub'],
    'detail-type': [FINDINGS_IMPORTED],
    detail: {
      findings: {
        Compliance: {
          Status: ['FAILED'],
          SecurityControlId: [...selection.securityControlIds].sort(),
        },
        RecordState: ['ACTIVE'],
        // Suppressed findings (exemptions, automation rules) and ones a person resolved are left alone.
        Workflow: { Status: ['NEW', 'NOTIFIED'] },
        ...(selection.accountIds && selection.accountIds.length > 0 ? { AwsAccountId: [...selection.accountIds].sort() } : {}),
      },
    },
  };
}

/**
 * Findings sent to one custom action (matched by the action target's ARN in `resources`),
 * optionally only when at least one of them is a finding of the given controls.
 */
export function customActionPattern(actionTargetArn: string, securityControlIds?: readonly string[]): EventPattern {
  return {
    source: ['aws.securityhub'],
    'detail-type': [FINDINGS_CUSTOM_ACTION],
    resources: [actionTargetArn],
    ...(securityControlIds ? { detail: { findings: { Compliance: { SecurityControlId: [...securityControlIds].sort() } } } } : {}),
  };
}
