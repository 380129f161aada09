import { RunbookParameters, type Runbook, type RunbookContext } from '../runbooks/types';
import { RollbackRefusedError, RemediationFailedError } from './errors';
import type { RollbackRequest } from './events';
import { markWithRuns, type FindingUpdater } from './finding-updates';
import type { RemediationLedger, RunRecord } from './ledger';
import { errorFields, jsonLogger, type Logger } from './log';
import type { Notifier } from './notifier';
import type { MemberAccess } from './execution-role';

/** How long a started rollback holds the run against a second one (a crashed one frees it after this). */
const ROLLBACK_LEASE_MS = 15 * 60_000;

/** What the rollback service is built from (a subset of the remediation service's dependencies). */
export interface RollbackDependencies {
  readonly ledger: RemediationLedger;
  readonly findings: FindingUpdater;
  readonly notifier: Notifier;
  readonly roles: MemberAccess;
  /** @default JSON lines on stdout/stderr */
  readonly logger?: Logger;
  /** @default the system clock */
  readonly clock?: () => Date;
  /** Finds a runbook implementation by name. */
  readonly runbooks: (name: string) => Promise<Runbook>;
}

/** What a rollback did. */
export interface RollbackResult {
  readonly runId?: string;
  readonly findingId?: string;
  readonly outcome: 'ROLLED_BACK' | 'REFUSED' | 'FAILED';
  readonly reason?: string;
  /** The changes the rollback undid. */
  readonly undone: readonly string[];
}

/**
 * Restores the before-state a remediation run recorded, by run id. The CLI calls
 * {@link RollbackService.rollback} directly; a remediation function calls {@link RollbackService.handle} with the runs the rollback function routes to it.
 */
export class RollbackService {
  readonly #deps: RollbackDependencies;
  readonly #logger: Logger;
  readonly #clock: () => Date;

  constructor(deps: RollbackDependencies) {
    this.#deps = deps;
    this.#logger = deps.logger ?? jsonLogger;
    this.#clock = deps.clock ?? (() => new Date());
  }

  /**
   * Rolls back every run of the request.
   * @throws RemediationFailedError after all runs were tried, when any was refused or failed
   */
  public async handle(request: RollbackRequest): Promise<RollbackResult[]> {
    const results: RollbackResult[] = [];
    // Findings (the Rollback custom action) are resolved to runs by the rollback function's router.
    if (request.findings && request.findings.length > 0) throw new Error('the rollback service takes runs by id; the rollback function resolves findings to runs');
    const targets: { runId: string; findingId?: string }[] = [...request.runs];
    for (const target of targets) {
      try {
        results.push(await this.rollback(target.runId, request.requestedBy, request.reason));
      } catch (error) {
        results.push({ runId: target.runId, findingId: target.findingId, outcome: error instanceof RollbackRefusedError ? 'REFUSED' : 'FAILED', reason: (error as Error).message, undone: [] });
      }
    }
    const failed = results.filter((r) => r.outcome !== 'ROLLED_BACK');
    if (failed.length > 0) throw new RemediationFailedError(failed.map((r) => ({ findingId: r.findingId ?? '', runId: r.runId, reason: r.reason ?? r.outcome })));
    return results;
  }

  /**
   * Restores the state recorded before run `runId`, marks the finding ROLLED_BACK and notifies.
   * @throws RollbackRefusedError when the run is unknown, changed nothing, is being or was rolled back
   * @throws Error when the rollback itself failed (the ledger keeps the error; try again)
   */
  public async rollback(runId: string, requestedBy: string, reason?: string): Promise<RollbackResult> {
    const run = await this.#deps.ledger.get(runId);
    if (!run) throw this.#refuse(runId, `run ${runId} is not in the ledger`);
    const refusal = await this.refusalOf(run);
    if (refusal) throw this.#refuse(runId, refusal);
    const runbook = await this.#deps.runbooks(run.runbook);
    if (!runbook.rollback) throw this.#refuse(runId, `runbook ${run.runbook} has no rollback`);

    const startedAt = this.#clock().toISOString();
    // Checked again against the stored record, so a rollback that began since the read wins.
    await this.#deps.ledger.update(runId, { rollbackStartedAt: startedAt }, (current) => this.#heldByRollback(current)).catch((error: Error) => {
      throw this.#refuse(runId, error.message);
    });

    const log = { runId, findingId: run.findingId, accountId: run.accountId, region: run.region, runbook: run.runbook, requestedBy };
    try {
      const clients = await this.#deps.roles.clientsFor({ accountId: run.accountId, partition: run.partition, region: run.region, runId });
      const ctx: RunbookContext = {
        runId,
        accountId: run.accountId,
        partition: run.partition,
        region: run.region,
        resource: { Type: run.resourceType, Id: run.resourceId, Region: run.region },
        finding: { Id: run.findingId, ProductArn: run.productArn, AwsAccountId: run.accountId, Region: run.region },
        clients,
        parameters: new RunbookParameters(run.runbook, run.parameters ?? {}),
      };
      await runbook.rollback(ctx, run.before);
    } catch (error) {
      await this.#deps.ledger.update(runId, { rollbackStartedAt: undefined, rollbackError: (error as Error).message });
      this.#logger.error('rollback failed', { ...log, ...errorFields(error) });
      throw error;
    }

    const at = this.#clock();
    const done: RunRecord = await this.#deps.ledger.update(runId, {
      status: 'ROLLED_BACK', rolledBackAt: at.toISOString(), rolledBackBy: requestedBy, rollbackReason: reason, rollbackStartedAt: undefined, rollbackError: undefined,
    });
    const note = `Run ${runId} rolled back by ${requestedBy}${reason ? ` (${reason})` : ''}: undid ${run.changes.join('; ')}. Automatic runs for this finding wait for a person.`;
    await markWithRuns(this.#deps.findings, this.#deps.ledger, { findingId: run.findingId, productArn: run.productArn, runId, outcome: 'ROLLED_BACK', note, at });
    await this.#deps.notifier.notify(done, note);
    this.#logger.info('remediation rolled back', { ...log, undone: run.changes });
    return { runId, findingId: run.findingId, outcome: 'ROLLED_BACK', undone: run.changes };
  }

  /**
   * Why a rollback of this run would be refused, in the words {@link rollback} uses; undefined
   * when it would go ahead. Reads nothing but the record and the runbook table, so a dry run can ask.
   */
  public async refusalOf(run: RunRecord): Promise<string | undefined> {
    if (run.rolledBackAt) return this.#heldByRollback(run);
    const changed = run.applyStartedAt !== undefined && (run.status === 'REMEDIATED' || run.status === 'FAILED');
    if (!changed) return `run ${run.runId} ended ${run.status} without changing anything; there is nothing to roll back`;
    if (!(await this.#deps.runbooks(run.runbook)).rollback) return `runbook ${run.runbook} has no rollback`;
    return this.#heldByRollback(run);
  }

  /** Why a rollback that finished, or one that started within its lease, keeps another from starting. */
  #heldByRollback(run: RunRecord): string | undefined {
    if (run.rolledBackAt) return `run ${run.runId} was rolled back already at ${run.rolledBackAt} by ${run.rolledBackBy}`;
    if (run.rollbackStartedAt && Date.parse(run.rollbackStartedAt) > this.#clock().getTime() - ROLLBACK_LEASE_MS) {
      return `run ${run.runId} is being rolled back since ${run.rollbackStartedAt}`;
    }
    return undefined;
  }

  #refuse(runId: string, reason: string): RollbackRefusedError {
    this.#logger.error('rollback refused', { runId, reason });
    return new RollbackRefusedError(reason);
  }
}
