import { RunbookParameters, type DriftChange, type Runbook, type RunbookContext } from '../runbooks/types';
import { describeDrift, driftSinceRun } from './drift';
import type { RollbackRequest } from './events';
import { markWithRuns, noteRefusal, type FindingUpdater } from './finding-updates';
import type { RemediationLedger, RunRecord } from './ledger';
import { errorFields, jsonLogger, type Logger } from './log';
import type { Notifier } from './notifier';
import type { AwsClients } from './clients';
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
    // Only runs by id come here (parseRunRollbackEvent): the rollback function resolves the Rollback custom action's findings to runs.
    for (const { runId } of request.runs) {
      try {
        results.push(await this.rollback(runId, request.requestedBy, request));
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
    const { reason, force } = options;
    const run = await this.#deps.ledger.get(runId);
    const refusal = run
      ? await this.refusalOf(run)
      : { kind: 'NOT_FOUND' as const, runId, reason: `run ${runId} is not in the ledger` };
    if (refusal || !run) return this.#refuse(refusal as RollbackRefused);
    const runbook = await this.#deps.runbooks(run.runbook);

    // Checked again against the stored record, so a rollback that began since the read wins.
    let held: RollbackRefused | undefined;
    await this.#deps.ledger
      .update(
        runId,
        { rollbackStartedAt: this.#clock().toISOString() },
        (current) => (held = this.#heldByRollback(current))?.reason,
      )
      .catch((error: Error) => {
        if (!held) throw error;
      });
    if (held) return this.#refuse(held);

    const { findingId, productArn, accountId, region } = run;
    const log = { runId, findingId, accountId, region, runbook: run.runbook, requestedBy };
    let drift: readonly DriftChange[];
    try {
      const ctx = runbookContextOf(run, await this.#deps.roles.clientsFor(run));
      drift = await driftSinceRun(runbook, ctx, run);
      if (drift.length === 0 || force) await runbook.rollback?.(ctx, run.before);
    } catch (error) {
      await this.#deps.ledger.update(runId, { rollbackStartedAt: undefined, rollbackError: (error as Error).message });
      this.#logger.error('rollback failed', { ...log, ...errorFields(error) });
      throw error;
    }
    const at = this.#clock();
    const changed = drift.length > 0 ? drift : undefined;
    if (changed && !force) {
      // How to proceed comes before the details, so a note clipped to Security Hub's limit keeps it.
      const why = `${run.resourceId} changed since run ${runId} (\`securityhub rollback ${runId} --force\` restores the before-state over it): ${describeDrift(drift)}`;
      await this.#deps.ledger.update(runId, {
        rollbackStartedAt: undefined,
        rollbackRefusal: { at: at.toISOString(), requestedBy, reason: why, drift },
      });
      this.#logger.warn('rollback refused: drift', { ...log, drift });
      await noteRefusal(
        this.#deps.findings,
        this.#logger,
        { findingId, productArn },
        `A rollback of run ${runId} by ${requestedBy}`,
        why,
      );
      return { kind: 'REFUSED_DRIFT', runId, findingId, drift, reason: `${why}. Nothing was changed` };
    }

    const done: RunRecord = await this.#deps.ledger.update(runId, {
      status: 'ROLLED_BACK',
      rolledBackAt: at.toISOString(),
      rolledBackBy: requestedBy,
      rollbackReason: reason,
      rollbackStartedAt: undefined,
      rollbackError: undefined,
      rollbackForcedOver: changed,
    });
    const over = changed ? ` Forced over: ${describeDrift(drift)}.` : '';
    const note = `Run ${runId} rolled back by ${requestedBy}${reason ? ` (${reason})` : ''}: undid ${run.changes.join('; ')}.${over} Automatic runs for this finding wait for a person.`;
    await markWithRuns(this.#deps.findings, this.#deps.ledger, {
      findingId,
      productArn,
      runId,
      outcome: 'ROLLED_BACK',
      note,
      at,
    });
    await this.#deps.notifier.notify(done, note);
    this.#logger.info('remediation rolled back', { ...log, undone: run.changes });
    return { kind: 'ROLLED_BACK', runId, findingId, undone: run.changes, forcedOver: changed };
  }

  /**
   * Why a rollback of this run would be refused, from the record and the runbook table alone
   * (so a dry run can ask); undefined when it would go ahead as far as the ledger knows. Drift is
   * checked only by a rollback, which reads the resource.
   */
  public async refusalOf(run: RunRecord): Promise<RollbackRefused | undefined> {
    if (run.rolledBackAt) return this.#heldByRollback(run);
    const changed = run.applyStartedAt !== undefined && (run.status === 'REMEDIATED' || run.status === 'FAILED');
    if (!changed)
      return refused(
        'NOTHING_TO_ROLL_BACK',
        run,
        `run ${run.runId} ended ${run.status} without changing anything; there is nothing to roll back`,
      );
    if (!(await this.#deps.runbooks(run.runbook)).rollback)
      return refused('NOTHING_TO_ROLL_BACK', run, `runbook ${run.runbook} has no rollback`);
    return this.#heldByRollback(run);
  }

  /** Why a rollback that finished, or one that started within its lease, keeps another from starting. */
  #heldByRollback(run: RunRecord): RollbackRefused | undefined {
    if (run.rolledBackAt)
      return refused(
        'ALREADY_ROLLED_BACK',
        run,
        `run ${run.runId} was rolled back already at ${run.rolledBackAt} by ${run.rolledBackBy}`,
      );
    if (run.rollbackStartedAt && Date.parse(run.rollbackStartedAt) > this.#clock().getTime() - ROLLBACK_LEASE_MS) {
      return refused('IN_PROGRESS', run, `run ${run.runId} is being rolled back since ${run.rollbackStartedAt}`);
    }
    return undefined;
  }

  #refuse(refusal: RollbackRefused): RollbackRefused {
    this.#logger.error('rollback refused', { runId: refusal.runId, kind: refusal.kind, reason: refusal.reason });
    return refusal;
  }
}

function refused(kind: RollbackRefused['kind'], run: RunRecord, reason: string): RollbackRefused {
  return { kind, runId: run.runId, findingId: run.findingId, reason };
}

/**
 * What a runbook gets to read or restore a recorded run's resource: the run's account, Region,
 * resource and parameters, and the finding as far as the ledger knows it.
 * @param clients acting as the execution role in the run's account
 */
export function runbookContextOf(run: RunRecord, clients: AwsClients): RunbookContext {
  const { runId, accountId, partition, region } = run;
  return {
    runId,
    accountId,
    partition,
    region,
    clients,
    resource: { Type: run.resourceType, Id: run.resourceId, Region: region },
    // The control too: a runbook serving several controls (CloudWatch.1-14) reads which one from the finding.
    finding: {
      Id: run.findingId,
      ProductArn: run.productArn,
      AwsAccountId: accountId,
      Region: region,
      Compliance: { SecurityControlId: run.securityControlId },
    },
    parameters: new RunbookParameters(run.runbook, run.parameters ?? {}),
  };
}
