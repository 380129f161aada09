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

/**
 * Matches only findings filed under Security Hub's own product in a partition, in any Region
 * (`arn:<partition>:securityhub:<region>::product/aws/securityhub`). Any member account can
 * import findings with any control id and status under its own default product
 * (`...:<region>:<account>:product/<account>/default`); the empty account field and the
 * `product/aws/securityhub` suffix are what those cannot have. The functions check the exact
 * ARN again, so this filter only keeps forged events from being delivered and billed.
 */
export function securityHubProductFilter(partition: string): readonly Record<string, string>[] {
  return [{ wildcard: `arn:${partition}:securityhub:*::product/aws/securityhub` }];
}

/**
 * Findings of AWS's own services (Security Hub, GuardDuty, Inspector, ...) in a partition: what
 * custom actions with their own runbook and the Rollback action take. Member accounts can file
 * findings only under their own default product, which this does not match.
 */
export function awsServiceProductFilter(partition: string): readonly Record<string, string>[] {
  return [{ wildcard: `arn:${partition}:securityhub:*::product/aws/*` }];
}

/**
 * Every product's findings except those a member account files under its own default product
 * (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`): what the findings
 * export takes with `allProducts`. A member can also import under a partner's product it has
 * enabled (partners send findings from inside the customer's account), and nothing in an event
 * tells such a finding from the partner's own; the default product is the one forgery a pattern
 * can name. Reports still count control results only under Security Hub's own product.
 */
export function memberDefaultProductExcluded(partition: string): readonly Record<string, unknown>[] {
  return [{ 'anything-but': { wildcard: `arn:${partition}:securityhub:*:product/*/default` } }];
}

/**
 * Imported findings to export (the FindingsExport rule): Security Hub's own control findings of
 * every Region (aggregated findings keep the Region they were produced in, and so does their
 * product ARN), or with `allProducts` every product's findings but a member's own default product.
 * @param partition the findings' partition @default aws
 */
export function exportedFindingsPattern(
  options: { readonly partition?: string; readonly allProducts?: boolean } = {},
): EventPattern {
  const partition = options.partition ?? 'aws';
  return {
    source: ['aws.securityhub'],
    'detail-type': [FINDINGS_IMPORTED],
    detail: {
      findings: {
        ProductArn: options.allProducts ? memberDefaultProductExcluded(partition) : securityHubProductFilter(partition),
      },
    },
  };
}

/** The partition of an ARN (`arn:<partition>:...`); `aws` when it is not an ARN (an unresolved token). */
function partitionOfArn(arn: string): string {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1] ?? 'aws';
}

/** What selects the findings an automatic remediation acts on. */
export interface FailedControlSelection {
  /** The partition the findings come from. @default aws */
  readonly partition?: string;
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
        ProductArn: securityHubProductFilter(selection.partition ?? 'aws'),
        Compliance: {
          Status: ['FAILED'],
          SecurityControlId: [...selection.securityControlIds].sort(),
        },
        RecordState: ['ACTIVE'],
        // Suppressed findings (exemptions, automation rules) and ones a person resolved are left alone.
        Workflow: { Status: ['NEW', 'NOTIFIED'] },
        ...(selection.accountIds && selection.accountIds.length > 0
          ? { AwsAccountId: [...selection.accountIds].sort() }
          : {}),
      },
    },
  };
}

/**
 * Findings sent to one custom action (matched by the action target's ARN in `resources`). With
 * control ids (the Remediate action) at least one must be a Security Hub control finding of those
 * controls; without (IsolateInstance, Rollback) a finding of any AWS service, so a person can
 * isolate an instance from a GuardDuty finding and roll that back from the same finding.
 * EventBridge matches an array when any element matches, so the functions still check every
 * finding an event carries.
 * @param partition the findings' partition @default the action target ARN's (`aws` while it is a token)
 */
export function customActionPattern(
  actionTargetArn: string,
  securityControlIds?: readonly string[],
  partition: string = partitionOfArn(actionTargetArn),
): EventPattern {
  return {
    source: ['aws.securityhub'],
    'detail-type': [FINDINGS_CUSTOM_ACTION],
    resources: [actionTargetArn],
    detail: {
      findings: {
        ...(securityControlIds
          ? {
              ProductArn: securityHubProductFilter(partition),
              Compliance: { SecurityControlId: [...securityControlIds].sort() },
            }
          : { ProductArn: awsServiceProductFilter(partition) }),
      },
    },
  };
}
