import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { RemediationFailedError } from './errors';
import type { RollbackRequest } from './events';
import type { RemediationLedger } from './ledger';
import { jsonLogger, type Logger } from './log';
import type { RollbackResult } from './rollback-service';
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
  constructor(ledger: RemediationLedger, lambda: LambdaClient, findings: Pick<RollbackTargetDependencies, 'findingSource' | 'findings'>, logger: Logger = jsonLogger) {
    this.#ledger = ledger;
    this.#lambda = lambda;
    this.#findings = findings;
    this.#logger = logger;
  }

  /**
   * @throws RemediationFailedError after every run was tried, when any rollback was refused or failed
   */
  public async handle(request: RollbackRequest): Promise<RollbackResult[]> {
    const results: RollbackResult[] = [];
    const targets: { runId: string; findingId?: string }[] = [...request.runs];
    if (request.findings && request.findings.length > 0) {
      for (const r of await rollbackTargets(request.findings, { ...this.#findings, ledger: this.#ledger, logger: this.#logger })) {
        if (isRollbackTarget(r)) targets.push(r);
        else results.push(r);
      }
    }
    for (const target of targets) {
      results.push(await this.#route(target.runId, target.findingId, request));
    }
    const failed = results.filter((r) => r.outcome !== 'ROLLED_BACK');
    if (failed.length > 0) throw new RemediationFailedError(failed.map((r) => ({ findingId: r.findingId ?? '', runId: r.runId, reason: r.reason ?? r.outcome })));
    return results;
  }

  async #route(runId: string, findingId: string | undefined, request: RollbackRequest): Promise<RollbackResult> {
    const refuse = (reason: string): RollbackResult => {
      this.#logger.error('rollback refused', { runId, findingId, reason });
      return { runId, findingId, outcome: 'REFUSED', reason, undone: [] };
    };
    const run = await this.#ledger.get(runId);
    if (!run) return refuse(`run ${runId} is not in the ledger`);
    if (!run.remediationFunction) return refuse(`run ${runId} does not record which function ran it; roll it back with the CLI`);
    const response = await this.#lambda.send(new InvokeCommand({
      FunctionName: run.remediationFunction,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify({ runId, requestedBy: request.requestedBy, reason: request.reason })),
    }));
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : '{}';
    if (response.FunctionError) {
      const message = (JSON.parse(text) as { errorMessage?: string }).errorMessage ?? text;
      this.#logger.error('rollback failed', { runId, findingId, function: run.remediationFunction, reason: message });
      return { runId, findingId, outcome: 'FAILED', reason: message, undone: [] };
    }
    const result = (JSON.parse(text) as { rollbacks?: RollbackResult[] }).rollbacks?.[0];
    this.#logger.info('rollback routed', { runId, findingId, function: run.remediationFunction, outcome: result?.outcome });
    return result ?? { runId, findingId, outcome: 'FAILED', reason: `${run.remediationFunction} returned no rollback result`, undone: [] };
  }
}
