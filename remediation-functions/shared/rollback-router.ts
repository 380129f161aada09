import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { RollbackRequest } from './events';
import type { RemediationLedger } from './ledger';
import { jsonLogger, type Logger } from './log';
import { rollbackResultOf, type RollbackResult } from './rollback-result';
import { isRollbackTarget, rollbackTargets, type RollbackTargetDependencies } from './rollback-targets';

/**
 * Sends each rollback to the remediation function that ran the run (recorded in the ledger),
 * since only that function holds the runbook. Used by the Rollback custom action, whose
 * findings may come from runbooks of several functions.
 */
export class RollbackRouter {
  readonly #ledger: RemediationLedger;
  readonly #lambda: LambdaClient;
  readonly #findings: Pick<RollbackTargetDependencies, 'findingSource' | 'findings'>;
  readonly #logger: Logger;

  /**
   * @param ledger the remediation ledger
   * @param lambda client that invokes the remediation functions
   * @param findings re-reads the findings of a Rollback custom action and notes refusals on them
   */
  constructor(
    ledger: RemediationLedger,
    lambda: LambdaClient,
    findings: Pick<RollbackTargetDependencies, 'findingSource' | 'findings'>,
    logger: Logger = jsonLogger,
  ) {
    this.#ledger = ledger;
    this.#lambda = lambda;
    this.#findings = findings;
    this.#logger = logger;
  }

  /**
   * Rolls back every run of the request (for findings, the run each resolves to); a refusal or
   * failure does not stop the others. Each result says what happened as data.
   */
  public async handle(request: RollbackRequest): Promise<RollbackResult[]> {
    const results: RollbackResult[] = [];
    const targets: { runId: string; findingId?: string }[] = [...request.runs];
    if (request.findings && request.findings.length > 0) {
      for (const r of await rollbackTargets(request.findings, {
        ...this.#findings,
        ledger: this.#ledger,
        logger: this.#logger,
      })) {
        if (isRollbackTarget(r)) targets.push(r);
        else results.push(r);
      }
    }
    for (const target of targets) {
      results.push(await this.#route(target.runId, target.findingId, request));
    }
    return results;
  }

  async #route(runId: string, findingId: string | undefined, request: RollbackRequest): Promise<RollbackResult> {
    const run = await this.#ledger.get(runId);
    const refuse = (kind: 'NOT_FOUND' | 'REFUSED', reason: string): RollbackResult => {
      this.#logger.error('rollback refused', { runId, findingId, kind, reason });
      return { kind, runId, findingId, reason };
    };
    if (!run) return refuse('NOT_FOUND', `run ${runId} is not in the ledger`);
    if (!run.remediationFunction)
      return refuse('REFUSED', `run ${runId} does not record which function ran it; roll it back with the CLI`);
    const response = await this.#lambda.send(
      new InvokeCommand({
        FunctionName: run.remediationFunction,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(
          JSON.stringify({
            runId,
            requestedBy: request.requestedBy,
            reason: request.reason,
            ...(request.force ? { force: true } : {}),
          }),
        ),
      }),
    );
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : '{}';
    const failed = (reason: string): RollbackResult => {
      this.#logger.error('rollback failed', { runId, findingId, function: run.remediationFunction, reason });
      return { kind: 'FAILED', runId, findingId, reason };
    };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return failed(`${run.remediationFunction} answered with something other than JSON: ${text.slice(0, 200)}`);
    }
    // A function error is a crash (an unusable request, a timeout): refusals and failures of the rollback itself come back as results.
    if (response.FunctionError)
      return failed(String((body as { errorMessage?: unknown } | null)?.errorMessage ?? text.slice(0, 500)));
    const result = rollbackResultOf((body as { rollbacks?: unknown[] } | null)?.rollbacks?.[0]);
    if (!result) return failed(`${run.remediationFunction} returned no rollback result: ${text.slice(0, 200)}`);
    this.#logger.info('rollback routed', { runId, findingId, function: run.remediationFunction, kind: result.kind });
    return { ...result, runId, ...(findingId ? { findingId } : {}) } as RollbackResult;
  }
}
