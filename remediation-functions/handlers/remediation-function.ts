import { runbookLookup, type RunbookLoaders } from '../runbooks';
import { ROLLBACK_ACTION_ID } from '../../core/custom-action-ids';
import { InvalidEventError } from '../shared/errors';
import {
  customActionIdOf,
  FINDINGS_CUSTOM_ACTION,
  functionHomeOf,
  parseRemediationEvent,
  parseRunRollbackEvent,
  type RemediationRequest,
  type RollbackRequest,
} from '../shared/events';
import { errorFields, jsonLogger, type Logger } from '../shared/log';
import type { RemediationService, RunResult } from '../shared/remediation-service';
import type { RollbackResult, RollbackService } from '../shared/rollback-service';

/** What a remediation function returns (the SSM step output). */
export interface RemediationFunctionResponse {
  /** Set for remediation events. */
  readonly results?: readonly RunResult[];
  /** Set for rollback requests. */
  readonly rollbacks?: readonly RollbackResult[];
}

/** The two services a remediation function runs. */
export interface RemediationFunctionServices {
  readonly remediation: RemediationService;
  readonly rollback: RollbackService;
}

/** A short description of an unusable event for the log line, without echoing the whole payload. */
function eventSummary(event: unknown): Record<string, unknown> {
  if (typeof event !== 'object' || event === null) return { eventType: typeof event };
  const e = event as Record<string, unknown>;
  return {
    eventId: e.id ?? e.AutomationExecutionId,
    detailType: e['detail-type'],
    source: e.source,
    keys: Object.keys(e).slice(0, 10),
  };
}

/** Rollback requests by run id (the rollback router, the CLI): `{ runId }`. */
function isRollbackRequest(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'runId' in event;
}

/** The Rollback custom action, which the rollback function takes (it resolves findings to runs and routes each here by run id). */
function isRollbackAction(event: unknown): boolean {
  const e = event as Record<string, unknown> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e['detail-type'] === FINDINGS_CUSTOM_ACTION &&
    customActionIdOf(e.resources) === ROLLBACK_ACTION_ID
  );
}

/**
 * A remediation function's handler: validates the event, then hands it to the remediation
 * service, or to the rollback service for rollback requests. An unusable event is logged and
 * thrown before anything is loaded or changed, so it reaches the on-failure destination as it was.
 * The returned handler takes Lambda's context as its second argument: a custom action must be
 * one of the invoked function's account and Region (see functionHomeOf).
 * @param services resolves the services (built once per container)
 */
export function createRemediationHandler(
  services: () => Promise<RemediationFunctionServices>,
  logger: Logger = jsonLogger,
): (event: unknown, context?: unknown) => Promise<RemediationFunctionResponse> {
  return async (event, context) => {
    const rollback = isRollbackRequest(event);
    let parsed:
      | { readonly kind: 'rollback'; readonly request: RollbackRequest }
      | { readonly kind: 'remediation'; readonly request: RemediationRequest };
    try {
      if (isRollbackAction(event))
        throw new InvalidEventError(
          'event.resources: the Rollback custom action goes to the rollback function, which routes each run to the function that ran it by run id.',
        );
      parsed = rollback
        ? { kind: 'rollback', request: parseRunRollbackEvent(event) }
        : { kind: 'remediation', request: parseRemediationEvent(event, functionHomeOf(context)) };
    } catch (error) {
      logger.error('event rejected; nothing was done', { ...errorFields(error), ...eventSummary(event) });
      throw error;
    }
    const s = await services();
    if (parsed.kind === 'rollback') return { rollbacks: await s.rollback.handle(parsed.request) };
    return { results: await s.remediation.handle(parsed.request) };
  };
}

/**
 * The Lambda entry point of one remediation function: services built from the environment on
 * first use, with the function's own runbook table.
 * @param name the function's name in the catalogue (`remediate-s3`), for messages
 */
export function remediationFunction(
  name: string,
  runbooks: RunbookLoaders,
): (event: unknown, context?: unknown) => Promise<RemediationFunctionResponse> {
  let built: Promise<RemediationFunctionServices> | undefined;
  return createRemediationHandler(() => {
    built ??= Promise.all([
      import('../shared/environment'),
      import('../shared/remediation-service'),
      import('../shared/rollback-service'),
    ]).then(([environment, remediation, rollback]) => {
      const deps = environment.dependenciesFromEnvironment(runbookLookup(runbooks, name));
      return { remediation: new remediation.RemediationService(deps), rollback: new rollback.RollbackService(deps) };
    });
    // A failed build (a missing variable) is not kept, so fixing the configuration needs no cold start.
    built.catch(() => {
      built = undefined;
    });
    return built;
  });
}
