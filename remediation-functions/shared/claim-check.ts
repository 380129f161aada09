import { parseArn } from '../../core/arn';
import { isAwsServiceProductArn, isSecurityHubProductArn } from '../../core/security-hub-product';
import type { RemediationTrigger } from '../../core/remediation-policy';
import { securityControlIdOf, type ClaimedFinding, type FindingResource, type SecurityHubFinding } from './finding';

/**
 * The Workflow statuses a finding may have for a remediation to act on it. The same for every
 * trigger: a finding someone SUPPRESSED (an exemption, an automation rule) or RESOLVED is left
 * alone even when a person picks the Remediate custom action on it; they set it back to NEW or
 * NOTIFIED first, which leaves a trace in the finding's history. A rolled-back finding is
 * NOTIFIED, so Remediate works on it again.
 */
export const REMEDIABLE_WORKFLOW_STATUSES: readonly string[] = ['NEW', 'NOTIFIED'];

/**
 * Why the runtime must not act on a claimed finding at all, before it reads anything: the
 * product is not Security Hub's own or, for a custom action with its own runbook, not an AWS
 * service's (GuardDuty, Inspector: products a member account cannot file findings under).
 * @param customAction true for custom actions with their own runbook (IsolateInstance)
 */
export function productRefusal(claim: ClaimedFinding, customAction = false): string | undefined {
  if (customAction ? isAwsServiceProductArn(claim.ProductArn) : isSecurityHubProductArn(claim.ProductArn))
    return undefined;
  return customAction
    ? `ProductArn ${JSON.stringify(claim.ProductArn)} is not an AWS service's product (arn:<partition>:securityhub:<region>::product/aws/<service>); custom actions act only on findings of Security Hub, GuardDuty and the other AWS services`
    : `ProductArn ${JSON.stringify(claim.ProductArn)} is not Security Hub's own product (arn:<partition>:securityhub:<region>::product/aws/securityhub); only Security Hub's control findings start a remediation`;
}

/**
 * Where the event's claim disagrees with the finding Security Hub holds: account, control or
 * resources. Any disagreement means the event did not come from that finding as it is.
 */
export function claimMismatch(claim: ClaimedFinding, held: SecurityHubFinding): string | undefined {
  if (claim.AwsAccountId !== undefined && claim.AwsAccountId !== held.AwsAccountId) {
    return `the event names account ${claim.AwsAccountId}, Security Hub holds the finding for account ${held.AwsAccountId}`;
  }
  const control = securityControlIdOf(held);
  if (claim.securityControlId !== undefined && claim.securityControlId !== control) {
    return `the event names control ${claim.securityControlId}, Security Hub holds the finding for ${control ?? 'no control'}`;
  }
  if (claim.resourceIds !== undefined) {
    const heldIds = (held.Resources ?? []).map((r) => r.Id);
    if (claim.resourceIds.length !== heldIds.length || claim.resourceIds.some((id, i) => id !== heldIds[i])) {
      return `the event names resources ${JSON.stringify(claim.resourceIds).slice(0, 300)}, Security Hub holds ${JSON.stringify(heldIds).slice(0, 300)}`;
    }
  }
  return undefined;
}

/**
 * Why the finding Security Hub holds is not one to remediate now: not FAILED, not ACTIVE, or a
 * Workflow status outside {@link REMEDIABLE_WORKFLOW_STATUSES}. Undefined when it qualifies.
 * @param controlOptional true for custom actions with their own runbook (IsolateInstance): a
 *   person may pick them on a Security Hub finding that has no compliance status; one that has
 *   a status must still be FAILED
 */
export function heldStateRefusal(
  held: SecurityHubFinding,
  trigger: RemediationTrigger,
  controlOptional = false,
): string | undefined {
  if (held.RecordState !== 'ACTIVE')
    return `Security Hub holds the finding as ${held.RecordState ?? 'without a RecordState'}, not ACTIVE`;
  const status = held.Compliance?.Status;
  if (status !== 'FAILED' && !(controlOptional && status === undefined))
    return `Security Hub holds the finding with compliance status ${status ?? 'none'}, not FAILED`;
  const workflow = held.Workflow?.Status;
  if (!workflow || !REMEDIABLE_WORKFLOW_STATUSES.includes(workflow)) {
    return `Security Hub holds the finding with Workflow ${workflow ?? 'none'}; ${trigger === 'imported' ? 'automatic runs' : 'remediations'} act only on ${REMEDIABLE_WORKFLOW_STATUSES.join(' or ')} findings`;
  }
  return undefined;
}

/**
 * Whether a resource belongs to the finding's account and Region, from its id: an ARN whose
 * account (when the ARN has one) is the finding's and whose Region (when it has one) is the
 * run's, or `AWS::::Account:<id>` of the finding's account; and the resource's own `Region`,
 * when it names one, is the finding's (account-level resources included). S3 bucket ARNs name neither: the
 * run's credentials are the finding's account's execution role, so a bucket of another account
 * is out of reach unless that account's bucket policy grants the role, which the runbooks do
 * not rely on (and the S3 runbooks name the finding's account as ExpectedBucketOwner). API Gateway
 * stage ARNs name no account either; API Gateway finds a REST API only in the caller's account.
 * @returns why the resource is refused, or undefined when it belongs
 */
export function ownershipRefusal(resource: FindingResource, accountId: string, region: string): string | undefined {
  const account = /^AWS::::Account:(\d{12})$/.exec(resource.Id);
  if (account) {
    if (account[1] !== accountId)
      return `resource ${resource.Id} is account ${account[1]}, not the finding's account ${accountId}`;
    // An account-level control is evaluated per Region (S3.1, CloudTrail.1, EC2.7 each act in one
    // Region's endpoint), so the resource's Region must be the finding's like any other's.
    if (resource.Region !== undefined && resource.Region !== region)
      return `resource ${resource.Id} is in ${resource.Region}, not the finding's Region ${region}`;
    return undefined;
  }
  const arn = parseArn(resource.Id);
  if (!arn)
    return `resource id ${JSON.stringify(resource.Id.slice(0, 200))} is not an ARN, so it cannot be shown to belong to account ${accountId}`;
  if (arn.account !== '' && arn.account !== accountId)
    return `resource ${resource.Id} belongs to account ${arn.account}, not the finding's account ${accountId}`;
  if (arn.region !== '' && arn.region !== region)
    return `resource ${resource.Id} is in ${arn.region}, not the finding's Region ${region}`;
  if (resource.Region !== undefined && resource.Region !== region)
    return `resource ${resource.Id} is in ${resource.Region}, not the finding's Region ${region}`;
  return undefined;
}
