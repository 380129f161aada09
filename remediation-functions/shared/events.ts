import { FINDINGS_CUSTOM_ACTION, FINDINGS_IMPORTED } from '../../core/detail-types';
import type { RemediationTrigger } from '../../core/remediation-policy';
import { InvalidEventError, invalidValue } from './errors';
import { describe, isRecord, parseClaimedFinding, type ClaimedFinding } from './finding';
import { checkEventShape, checkText, INPUT_LIMITS } from './limits';

export { FINDINGS_CUSTOM_ACTION, FINDINGS_IMPORTED };

export type { RemediationTrigger };

/** A validated request to remediate one or more findings. */
export interface RemediationRequest {
  readonly trigger: RemediationTrigger;
  /**
   * EventBridge event id or SSM Automation execution id. Runs a person asked for (custom action,
   * operator) derive their id from it, so a redelivered request reuses its run; runs of imported
   * findings derive theirs from the finding's evaluation instead (see runIdFor).
   */
  readonly requestId: string;
  /** When the request was made (EventBridge event time); part of a requested run's id, so it must be the same on a retry. */
  readonly requestedAt?: string;
  /** Custom action target id (`IsolateInstance`, `Remediate`), for custom-action triggers. */
  readonly actionId?: string;
  /** Runbook the SSM document was written for; the runtime checks the finding's control agrees. */
  readonly runbook?: string;
  /** What the event says about each finding; the runtime re-reads each from Security Hub before acting. */
  readonly findings: readonly ClaimedFinding[];
}

/** Trigger values the SSM Automation documents pass in `Trigger`. */
export const AUTOMATION_TRIGGERS: Readonly<Record<string, RemediationTrigger>> = {
  SecurityHubFindingsImported: 'imported',
  SecurityHubCustomAction: 'custom-action',
  Operator: 'operator',
};

/** The custom action target id from `arn:...:securityhub:<region>:<account>:action/custom/<id>`. */
export function customActionIdOf(resources: unknown): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const arn of resources) {
    const match = typeof arn === 'string' ? /^arn:aws[a-z-]*:securityhub:[^:]*:\d{12}:action\/custom\/([A-Za-z0-9]{1,20})$/.exec(arn) : null;
    if (match) return match[1];
  }
  return undefined;
}

function findingsOf(detail: unknown, path: string): ClaimedFinding[] {
  if (!isRecord(detail) || !Array.isArray(detail.findings)) {
    throw invalidValue(`${path}.findings`, 'a list of ASFF findings', isRecord(detail) ? detail.findings : detail);
  }
  if (detail.findings.length === 0) throw new InvalidEventError(`${path}.findings: the list is empty; there is nothing to remediate.`);
  if (detail.findings.length > INPUT_LIMITS.findings) throw new InvalidEventError(`${path}.findings: ${detail.findings.length} findings, more than the ${INPUT_LIMITS.findings} an event carries.`);
  return detail.findings.map((f, i) => parseClaimedFinding(f, `${path}.findings[${i}]`));
}

/**
 * Reads what a remediation function was invoked with: a Security Hub EventBridge event
 * (Imported or Custom Action) or the payload of the SSM Automation step
 * `{ FindingId, ProductArn, Runbook, Trigger, AutomationExecutionId, ActionId? }`. Every size,
 * depth and format limit is checked here, before anything is read or changed.
 * @throws InvalidEventError saying which field is wrong; nothing has been done at that point
 */
export function parseRemediationEvent(event: unknown): RemediationRequest {
  if (!isRecord(event)) throw invalidValue('event', 'a JSON object', event);
  checkEventShape(event);

  if ('detail-type' in event || 'source' in event) {
    if (event.source !== 'aws.securityhub') {
      throw invalidValue('event.source', '"aws.securityhub"', event.source);
    }
    if (typeof event.id !== 'string' || event.id === '') throw invalidValue('event.id', 'the EventBridge event id', event.id);
    checkText(event.id, 'event.id', 128);
    const detailType = event['detail-type'];
    const requestedAt = typeof event.time === 'string' && !Number.isNaN(Date.parse(event.time)) ? event.time : undefined;
    if (detailType === FINDINGS_IMPORTED) {
      return { trigger: 'imported', requestId: event.id, requestedAt, findings: findingsOf(event.detail, 'event.detail') };
    }
    if (detailType === FINDINGS_CUSTOM_ACTION) {
      const actionId = customActionIdOf(event.resources);
      if (!actionId) throw invalidValue('event.resources', 'a custom action target ARN (arn:aws:securityhub:<region>:<account>:action/custom/<id>)', event.resources);
      return { trigger: 'custom-action', requestId: event.id, requestedAt, actionId, findings: findingsOf(event.detail, 'event.detail') };
    }
    throw invalidValue('event.detail-type', `${JSON.stringify(FINDINGS_IMPORTED)} or ${JSON.stringify(FINDINGS_CUSTOM_ACTION)}`, detailType);
  }

  if ('FindingId' in event || 'Finding' in event) {
    if ('Finding' in event) {
      throw new InvalidEventError('Finding: the SSM Automation documents pass the finding\'s FindingId and ProductArn, not the finding; update the document (remediation-functions/ssm-documents) and start the execution again.');
    }
    const finding = parseClaimedFinding({ Id: event.FindingId, ProductArn: event.ProductArn }, 'payload');
    const executionId = event.AutomationExecutionId;
    if (typeof executionId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(executionId)) {
      throw invalidValue('AutomationExecutionId', 'the SSM Automation execution id', executionId);
    }
    const triggerName = event.Trigger ?? 'SecurityHubFindingsImported';
    const trigger = typeof triggerName === 'string' ? AUTOMATION_TRIGGERS[triggerName] : undefined;
    if (!trigger) throw invalidValue('Trigger', `one of ${Object.keys(AUTOMATION_TRIGGERS).join(', ')}`, triggerName);
    if (event.Runbook !== undefined && (typeof event.Runbook !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(event.Runbook))) throw invalidValue('Runbook', 'a runbook name', event.Runbook);
    if (event.ActionId !== undefined && (typeof event.ActionId !== 'string' || !/^[A-Za-z0-9]{0,20}$/.test(event.ActionId))) throw invalidValue('ActionId', 'a custom action id', event.ActionId);
    const actionId = typeof event.ActionId === 'string' && event.ActionId !== '' ? event.ActionId : undefined;
    return { trigger, requestId: executionId, runbook: event.Runbook as string | undefined, actionId, findings: [finding] };
  }

  throw new InvalidEventError(`event: expected a Security Hub EventBridge event (with "detail-type") or an SSM Automation payload (with "FindingId" and "ProductArn"), received an object with keys ${describe(Object.keys(event))}.`);
}

/** A validated request to roll back remediation runs. */
export interface RollbackRequest {
  /** Runs named by id (the CLI, an operator, the rollback router). */
  readonly runs: readonly { readonly runId: string }[];
  /**
   * Findings sent to the Rollback custom action: each is re-read from Security Hub, and the
   * latest run of that finding that changed something is rolled back (see RollbackTargets).
   */
  readonly findings?: readonly ClaimedFinding[];
  /** Who asked: an IAM principal, the custom action, or the CLI user. */
  readonly requestedBy: string;
  readonly reason?: string;
  /** Restore the before-state even where the resource changed since the run (a person asked with `--force`); never set by the custom action. */
  readonly force?: boolean;
}

/** Run ids look like `rr-20250223T101500Z-0123456789abcdef`. */
export const RUN_ID_PATTERN = /^rr-\d{8}T\d{6}Z-[0-9a-f]{16}$/;

/**
 * Reads what the rollback function was invoked with: `{ runId, requestedBy?, reason? }` (the
 * CLI and operators), or a Security Hub custom action event for the `Rollback` action, whose
 * findings carry the run id in UserDefinedFields.
 * @throws InvalidEventError saying which field is wrong
 */
export function parseRollbackEvent(event: unknown, rollbackActionId: string): RollbackRequest {
  if (!isRecord(event)) throw invalidValue('event', 'a JSON object', event);
  checkEventShape(event);
  if ('detail-type' in event) {
    if (event.source !== 'aws.securityhub' || event['detail-type'] !== FINDINGS_CUSTOM_ACTION) {
      throw new InvalidEventError(`event.detail-type: the rollback function takes only ${JSON.stringify(FINDINGS_CUSTOM_ACTION)} events from aws.securityhub, received ${describe(event['detail-type'])} from ${describe(event.source)}.`);
    }
    const actionId = customActionIdOf(event.resources);
    if (actionId !== rollbackActionId) {
      throw invalidValue('event.resources', `the ${JSON.stringify(rollbackActionId)} custom action`, event.resources);
    }
    if (typeof event.id !== 'string' || event.id === '') throw invalidValue('event.id', 'the EventBridge event id', event.id);
    checkText(event.id, 'event.id', 128);
    return { requestedBy: `custom action ${rollbackActionId} (event ${event.id})`, runs: [], findings: findingsOf(event.detail, 'event.detail') };
  }
  return runRollbackOf(event);
}

/**
 * Reads a rollback by run id, `{ runId, requestedBy?, reason? }`: what the rollback router, the CLI
 * and operators send a remediation function (the Rollback custom action goes to the rollback
 * function, which resolves findings to runs).
 * @throws InvalidEventError saying which field is wrong
 */
export function parseRunRollbackEvent(event: unknown): RollbackRequest {
  if (!isRecord(event)) throw invalidValue('event', 'a JSON object', event);
  checkEventShape(event);
  return runRollbackOf(event);
}

function runRollbackOf(event: Record<string, unknown>): RollbackRequest {
  if (typeof event.runId !== 'string' || !RUN_ID_PATTERN.test(event.runId)) {
    throw invalidValue('runId', 'a remediation run id such as "rr-20250223T101500Z-0123456789abcdef"', event.runId);
  }
  for (const field of ['requestedBy', 'reason'] as const) {
    if (event[field] === undefined) continue;
    if (typeof event[field] !== 'string') throw invalidValue(field, 'text', event[field]);
    checkText(event[field] as string, field, 256);
  }
  if (event.force !== undefined && typeof event.force !== 'boolean') throw invalidValue('force', 'true or false', event.force);
  return { runs: [{ runId: event.runId }], requestedBy: (event.requestedBy as string | undefined) ?? 'direct invocation', reason: event.reason as string | undefined, force: event.force === true };
}
