import { FINDINGS_CUSTOM_ACTION, FINDINGS_IMPORTED } from '../../core/detail-types';
import { AUTOMATION_TRIGGERS, IMPORTED_TRIGGER } from '../../core/remediation-contract';
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

/** Trigger values the SSM Automation documents pass in `Trigger` (declared with the documents' other contract in core/). */
export { AUTOMATION_TRIGGERS };

const ACTION_TARGET_ARN = /^arn:aws[a-z-]*:securityhub:([^:]*):(\d{12}):action\/custom\/([A-Za-z0-9]{1,20})$/;

/** The custom action target id from `arn:...:securityhub:<region>:<account>:action/custom/<id>`. */
export function customActionIdOf(resources: unknown): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const arn of resources) {
    const match = typeof arn === 'string' ? ACTION_TARGET_ARN.exec(arn) : null;
    if (match) return match[3];
  }
  return undefined;
}

/**
 * Where a function runs: the security account and home Region, where the stack creates its
 * custom action targets. Read from the Lambda context (`invokedFunctionArn`), which the caller
 * of the function cannot choose.
 */
export interface FunctionHome {
  readonly accountId: string;
  readonly region: string;
}

/**
 * The account and Region of the invoked function, from the Lambda context Lambda passes the
 * handler (`invokedFunctionArn`: `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`).
 * @returns undefined when the context names no function ARN
 */
export function functionHomeOf(context: unknown): FunctionHome | undefined {
  const arn = isRecord(context) ? context.invokedFunctionArn : undefined;
  const match = typeof arn === 'string' ? /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:/.exec(arn) : null;
  return match ? { region: match[1], accountId: match[2] } : undefined;
}

/**
 * The id of the custom action a "Security Hub Findings - Custom Action" event names, after
 * checking that the action is one of this stack's: Security Hub names exactly one action target
 * in `resources`, and a stack's targets live in its security account and home Region, where the
 * functions run. An event naming another account's or Region's action (sent straight to the
 * function by anyone who may invoke it) is refused before anything is read.
 * @throws InvalidEventError naming `event.resources`, what was received and what is expected
 */
function ownCustomActionIdOf(resources: unknown, home: FunctionHome | undefined): string {
  const match =
    Array.isArray(resources) && resources.length === 1 && typeof resources[0] === 'string'
      ? ACTION_TARGET_ARN.exec(resources[0])
      : null;
  const own = home && match && match[2] === home.accountId && match[1] === home.region;
  if (!own) {
    throw invalidValue(
      'event.resources',
      `one custom action target of this stack (arn:aws:securityhub:${home ? `${home.region}:${home.accountId}` : '<Region and account of the function>'}:action/custom/<id>)`,
      resources,
    );
  }
  return (match as RegExpExecArray)[3];
}

function findingsOf(detail: unknown, path: string): ClaimedFinding[] {
  if (!isRecord(detail) || !Array.isArray(detail.findings)) {
    throw invalidValue(`${path}.findings`, 'a list of ASFF findings', isRecord(detail) ? detail.findings : detail);
  }
  if (detail.findings.length === 0)
    throw new InvalidEventError(`${path}.findings: the list is empty; there is nothing to remediate.`);
  if (detail.findings.length > INPUT_LIMITS.findings)
    throw new InvalidEventError(
      `${path}.findings: ${detail.findings.length} findings, more than the ${INPUT_LIMITS.findings} an event carries.`,
    );
  return detail.findings.map((f, i) => parseClaimedFinding(f, `${path}.findings[${i}]`));
}

/**
 * Reads what a remediation function was invoked with: a Security Hub EventBridge event
 * (Imported or Custom Action) or the payload of the SSM Automation step
 * `{ FindingId, ProductArn, Runbook, Trigger, AutomationExecutionId, ActionId? }`. Every size,
 * depth and format limit is checked here, before anything is read or changed.
 * @param home where the function runs (see functionHomeOf); a custom action must be one of its
 *   account and Region, and without it custom actions are refused
 * @throws InvalidEventError saying which field is wrong; nothing has been done at that point
 */
export function parseRemediationEvent(event: unknown, home?: FunctionHome): RemediationRequest {
  if (!isRecord(event)) throw invalidValue('event', 'a JSON object', event);
  checkEventShape(event);

  if ('detail-type' in event || 'source' in event) {
    if (event.source !== 'aws.securityhub') {
      throw invalidValue('event.source', '"aws.securityhub"', event.source);
    }
    if (typeof event.id !== 'string' || event.id === '')
      throw invalidValue('event.id', 'the EventBridge event id', event.id);
    checkText(event.id, 'event.id', 128);
    const detailType = event['detail-type'];
    const requestedAt =
      typeof event.time === 'string' && !Number.isNaN(Date.parse(event.time)) ? event.time : undefined;
    if (detailType === FINDINGS_IMPORTED) {
      return {
        trigger: 'imported',
        requestId: event.id,
        requestedAt,
        findings: findingsOf(event.detail, 'event.detail'),
      };
    }
    if (detailType === FINDINGS_CUSTOM_ACTION) {
      const actionId = ownCustomActionIdOf(event.resources, home);
      return {
        trigger: 'custom-action',
        requestId: event.id,
        requestedAt,
        actionId,
        findings: findingsOf(event.detail, 'event.detail'),
      };
    }
    throw invalidValue(
      'event.detail-type',
      `${JSON.stringify(FINDINGS_IMPORTED)} or ${JSON.stringify(FINDINGS_CUSTOM_ACTION)}`,
      detailType,
    );
  }

  if ('FindingId' in event || 'Finding' in event) {
    if ('Finding' in event) {
      throw new InvalidEventError(
        "Finding: the SSM Automation documents pass the finding's FindingId and ProductArn, not the finding; update the document (remediation-functions/ssm-documents) and start the execution again.",
      );
    }
    const finding = parseClaimedFinding({ Id: event.FindingId, ProductArn: event.ProductArn }, 'payload');
    const executionId = event.AutomationExecutionId;
    if (typeof executionId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(executionId)) {
      throw invalidValue('AutomationExecutionId', 'the SSM Automation execution id', executionId);
    }
    const triggerName = event.Trigger ?? IMPORTED_TRIGGER;
    const triggers: Readonly<Record<string, RemediationTrigger>> = AUTOMATION_TRIGGERS;
    const trigger =
      typeof triggerName === 'string' && Object.hasOwn(triggers, triggerName) ? triggers[triggerName] : undefined;
    if (!trigger) throw invalidValue('Trigger', `one of ${Object.keys(AUTOMATION_TRIGGERS).join(', ')}`, triggerName);
    if (
      event.Runbook !== undefined &&
      (typeof event.Runbook !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(event.Runbook))
    )
      throw invalidValue('Runbook', 'a runbook name', event.Runbook);
    if (
      event.ActionId !== undefined &&
      (typeof event.ActionId !== 'string' || !/^[A-Za-z0-9]{0,20}$/.test(event.ActionId))
    )
      throw invalidValue('ActionId', 'a custom action id', event.ActionId);
    const actionId = typeof event.ActionId === 'string' && event.ActionId !== '' ? event.ActionId : undefined;
    return {
      trigger,
      requestId: executionId,
      runbook: event.Runbook as string | undefined,
      actionId,
      findings: [finding],
    };
  }

  throw new InvalidEventError(
    `event: expected a Security Hub EventBridge event (with "detail-type") or an SSM Automation payload (with "FindingId" and "ProductArn"), received an object with keys ${describe(Object.keys(event))}.`,
  );
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
 * @param home where the function runs (see functionHomeOf); the Rollback action must be of its account and Region
 * @throws InvalidEventError saying which field is wrong
 */
export function parseRollbackEvent(event: unknown, rollbackActionId: string, home?: FunctionHome): RollbackRequest {
  if (!isRecord(event)) throw invalidValue('event', 'a JSON object', event);
  checkEventShape(event);
  if ('detail-type' in event) {
    if (event.source !== 'aws.securityhub' || event['detail-type'] !== FINDINGS_CUSTOM_ACTION) {
      throw new InvalidEventError(
        `event.detail-type: the rollback function takes only ${JSON.stringify(FINDINGS_CUSTOM_ACTION)} events from aws.securityhub, received ${describe(event['detail-type'])} from ${describe(event.source)}.`,
      );
    }
    const actionId = ownCustomActionIdOf(event.resources, home);
    if (actionId !== rollbackActionId) {
      throw invalidValue('event.resources', `the ${JSON.stringify(rollbackActionId)} custom action`, event.resources);
    }
    if (typeof event.id !== 'string' || event.id === '')
      throw invalidValue('event.id', 'the EventBridge event id', event.id);
    checkText(event.id, 'event.id', 128);
    return {
      requestedBy: `custom action ${rollbackActionId} (event ${event.id})`,
      runs: [],
      findings: findingsOf(event.detail, 'event.detail'),
    };
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
  if (event.force !== undefined && typeof event.force !== 'boolean')
    throw invalidValue('force', 'true or false', event.force);
  return {
    runs: [{ runId: event.runId }],
    requestedBy: (event.requestedBy as string | undefined) ?? 'direct invocation',
    reason: event.reason as string | undefined,
    force: event.force === true,
  };
}
