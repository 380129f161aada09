import { ROLLBACK_ACTION_ID } from '../../core/custom-action-ids';
import { RemediationFailedError } from '../shared/errors';
import { functionHomeOf, parseRollbackEvent } from '../shared/events';
import { errorFields, jsonLogger, type Logger } from '../shared/log';
import type { RollbackRouter } from '../shared/rollback-router';
import type { RollbackResult } from '../shared/rollback-service';

/** What the rollback function returns. */
export interface RollbackResponse {
  readonly rollbacks: readonly RollbackResult[];
}

/**
 * The rollback function: validates the event, then routes each run to the remediation function
 * that ran it. The handler takes Lambda's context second: the Rollback action must be of the
 * invoked function's account and Region. A request by run id (the command, an operator) gets every
 * result as data, refused or not. A Rollback custom action event has no one waiting for the answer:
 * when any of its findings was not rolled back, the invocation fails after all were tried, so the
 * event reaches the dead-letter queue.
 * @param router resolves the router (built once per container)
 */
export function createRollbackHandler(
  router: () => Promise<RollbackRouter>,
  logger: Logger = jsonLogger,
): (event: unknown, context?: unknown) => Promise<RollbackResponse> {
  return async (event, context) => {
    let request;
    try {
      request = parseRollbackEvent(event, ROLLBACK_ACTION_ID, functionHomeOf(context));
    } catch (error) {
      logger.error('rollback request rejected; nothing was done', errorFields(error));
      throw error;
    }
    const rollbacks = await (await router()).handle(request);
    const notDone = rollbacks.filter((r) => r.kind !== 'ROLLED_BACK');
    if (request.findings && request.findings.length > 0 && notDone.length > 0) {
      throw new RemediationFailedError(
        notDone.map((r) => ({
          findingId: r.findingId ?? '',
          runId: r.runId,
          reason: `${r.kind}: ${'reason' in r ? r.reason : ''}`,
        })),
      );
    }
    return { rollbacks };
  };
}

let built: Promise<RollbackRouter> | undefined;

function fromEnvironment(): Promise<RollbackRouter> {
  built ??= Promise.all([
    import('../shared/environment'),
    import('../shared/rollback-router'),
    import('@aws-sdk/client-lambda'),
  ]).then(
    ([environment, router, lambda]) =>
      new router.RollbackRouter(
        environment.ledgerFromEnvironment(),
        new lambda.LambdaClient({ region: process.env.AWS_REGION }),
        environment.findingAccessFromEnvironment(),
      ),
  );
  built.catch(() => {
    built = undefined;
  });
  return built;
}

/**
 * Lambda entry point. Takes `{ runId, requestedBy?, reason? }`, or a Security Hub
 * "Security Hub Findings - Custom Action" event for the `Rollback` action: each finding is
 * re-read from Security Hub and its latest run that changed something is rolled back (see
 * rollbackTargets for the checks).
 */
export const handler = createRollbackHandler(fromEnvironment);
