import { RunbookParameters, type DriftChange, type Runbook, type RunbookContext } from '../runbooks/types';
import { describeDrift, driftSinceRun } from './drift';
import type { RollbackRequest } from './events';
import { markWithRuns, noteRefusal, type FindingUpdater } from './finding-updates';
import type { RemediationLedger, RunRecord } from './ledger';
import { errorFields, jsonLogger, type Logger } from './log';
import type { Notifier } from './notifier';
import type { MemberAccess } from './execution-role';
import type { RollbackRefused, RollbackResult } from './rollback-result';

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

export type { RollbackResult } from './rollback-result';

/** How a person asked for a rollback. */
export interface RollbackOptions {
  readonly reason?: string;
  /** Restore the before-state even where the resource changed since the run (`securityhub rollback --force`). */
  readonly force?: boolean;
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
   * Rolls back every run of the request, one after the other; a refusal or failure does not stop
   * the others. Each result says what happened as data; nothing is thrown for a run.
   */
  public async handle(request: RollbackRequest): Promise<RollbackResult[]> {
    const results: RollbackResult[] = [];
    // Findings (the Rollback custom action) are resolved to runs by the rollback function's router.
    if (request.findings && request.findings.length > 0) throw new Error('the rollback service takes runs by id; the rollback function resolves findings to runs');
    for (const { runId } of request.runs) {
      try {
        results.push(await this.rollback(runId, request.requestedBy, { reason: request.reason, force: request.force }));
      } catch (error) {
        results.push({ kind: 'FAILED', runId, reason: (error as Error).message });
      }
    }
    return results;
  }

  /**
   * Restores the state recorded before run `runId`, marks the finding ROLLED_BACK and notifies;
   * unless the resource changed since the run (drift, by the runbook's rollback kind), which is
   * refused, recorded in the ledger and noted on the finding, or restored anyway with `force`.
   * @returns ROLLED_BACK, or why nothing was done
   * @throws Error when the rollback itself failed (the ledger keeps the error; try again)
   */
  public async rollback(runId: string, requestedBy: string, options: RollbackOptions = {}): Promise<RollbackResult> {
    const { reason, force = false } = options;
    const run = await this.#deps.ledger.get(runId);
    if (!run) return this.#refuse({ kind: 'NOT_FOUND', runId, reason: `run ${runId} is not in the ledger` });
    const refusal = await this.refusalOf(run);
    if (refusal) return this.#refuse(refusal);
    const runbook = await this.#deps.runbooks(run.runbook);
    if (!runbook.rollback) return this.#refuse({ kind: 'NOTHING_TO_ROLL_BACK', runId, findingId: run.findingId, reason: `runbook ${run.runbook} has no rollback` });

    const startedAt = this.#clock().toISOString();
    // Checked again against the stored record, so a rollback that began since the read wins.
    try {
      await this.#deps.ledger.update(runId, { rollbackStartedAt: startedAt }, (current) => this.#heldByRollback(current)?.reason);
    } catch (error) {
      const held = this.#heldByRollback((await this.#deps.ledger.get(runId)) ?? run);
      if (held) return this.#refuse(held);
      throw error;
    }

    const log = { runId, findingId: run.findingId, accountId: run.accountId, region: run.region, runbook: run.runbook, requestedBy };
    let forcedOver: readonly DriftChange[] = [];
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
      const drift = await driftSinceRun(runbook, ctx, run);
      if (drift.length > 0 && !force) {
        // How to proceed comes before the details, so a note clipped to Security Hub's limit keeps it.
        const why = `${run.resourceId} changed since run ${runId}, and putting the before-state back would undo that change `
          + `(to restore it anyway, run \`securityhub rollback ${runId} --force\`): ${describeDrift(drift)}`;
        await this.#deps.ledger.update(runId, { rollbackStartedAt: undefined, rollbackRefusal: { at: this.#clock().toISOString(), requestedBy, reason: why, drift } });
        this.#logger.warn('rollback refused: the resource changed since the run', { ...log, drift });
        await noteRefusal(this.#deps.findings, this.#logger, { findingId: run.findingId, productArn: run.productArn }, `A rollback of run ${runId} by ${requestedBy}`, why);
        return { kind: 'REFUSED_DRIFT', runId, findingId: run.findingId, drift, reason: `${why}. Nothing was changed` };
      }
      forcedOver = drift;
      await runbook.rollback(ctx, run.before);
    } catch (error) {
      await this.#deps.ledger.update(runId, { rollbackStartedAt: undefined, rollbackError: (error as Error).message });
      this.#logger.error('rollback failed', { ...log, ...errorFields(error) });
      throw error;
    }

    const at = this.#clock();
    const done: RunRecord = await this.#deps.ledger.update(runId, {
      status: 'ROLLED_BACK', rolledBackAt: at.toISOString(), rolledBackBy: requestedBy, rollbackReason: reason, rollbackStartedAt: undefined, rollbackError: undefined,
      ...(forcedOver.length > 0 ? { rollbackForcedOver: forcedOver } : {}),
    });
    const over = forcedOver.length > 0 ? ` Forced over changes made since the run: ${describeDrift(forcedOver)}.` : '';
    const note = `Run ${runId} rolled back by ${requestedBy}${reason ? ` (${reason})` : ''}: undid ${run.changes.join('; ')}.${over} Automatic runs for this finding wait for a person.`;
    await markWithRuns(this.#deps.findings, this.#deps.ledger, { findingId: run.findingId, productArn: run.productArn, runId, outcome: 'ROLLED_BACK', note, at });
    await this.#deps.notifier.notify(done, note);
    this.#logger.info('remediation rolled back', { ...log, undone: run.changes, ...(forcedOver.length > 0 ? { forcedOver } : {}) });
    return { kind: 'ROLLED_BACK', runId, findingId: run.findingId, undone: run.changes, ...(forcedOver.length > 0 ? { forcedOver } : {}) };
  }

  /**
   * Why a rollback of this run would be refused, from the record and the runbook table alone
   * (so a dry run can ask); undefined when it would go ahead as far as the ledger knows. Drift is
   * checked only by a rollback, which reads the resource.
   */
  public async refusalOf(run: RunRecord): Promise<RollbackRefused | undefined> {
    const subject = { runId: run.runId, findingId: run.findingId };
    if (run.rolledBackAt) return this.#heldByRollback(run);
    const changed = run.applyStartedAt !== undefined && (run.status === 'REMEDIATED' || run.status === 'FAILED');
    if (!changed) return { kind: 'NOTHING_TO_ROLL_BACK', ...subject, reason: `run ${run.runId} ended ${run.status} without changing anything; there is nothing to roll back` };
    if (!(await this.#deps.runbooks(run.runbook)).rollback) return { kind: 'NOTHING_TO_ROLL_BACK', ...subject, reason: `runbook ${run.runbook} has no rollback` };
    return this.#heldByRollback(run);
  }

  /** Why a rollback that finished, or one that started within its lease, keeps another from starting. */
  #heldByRollback(run: RunRecord): RollbackRefused | undefined {
    const subject = { runId: run.runId, findingId: run.findingId };
    if (run.rolledBackAt) return { kind: 'ALREADY_ROLLED_BACK', ...subject, reason: `run ${run.runId} was rolled back already at ${run.rolledBackAt} by ${run.rolledBackBy}` };
    if (run.rollbackStartedAt && Date.parse(run.rollbackStartedAt) > this.#clock().getTime() - ROLLBACK_LEASE_MS) {
      return { kind: 'IN_PROGRESS', ...subject, reason: `run ${run.runId} is being rolled back since ${run.rollbackStartedAt}` };
    }
    return undefined;
  }

  #refuse(refusal: RollbackRefused): RollbackRefused {
    this.#logger.error('rollback refused', { runId: refusal.runId, kind: refusal.kind, reason: refusal.reason });
    return refusal;
  }
}
