import type { RunRecord } from '../../remediation-functions/shared/ledger';
import type { RollbackResult } from '../../remediation-functions/shared/rollback-result';
import type { DriftChange } from '../../remediation-functions/runbooks/types';

/**
 * What happened to one run id. `WOULD_ROLL_BACK` is a dry run's answer; dry runs say REFUSED
 * for the runs a rollback would refuse.
 */
export type RollbackOutcome = 'ROLLED_BACK' | 'WOULD_ROLL_BACK' | 'REFUSED' | 'FAILED';

/** One output line (or one JSON entry). */
export interface RunOutcome {
  readonly runId: string;
  readonly outcome: RollbackOutcome;
  /** The precise result (`REFUSED_DRIFT`, `NOT_FOUND`, `ALREADY_ROLLED_BACK`, ...); a dry run's `WOULD_ROLL_BACK` has none. */
  readonly kind?: RollbackResult['kind'];
  /** For REFUSED_DRIFT: what changed since the run. For a forced rollback: what it restored over. */
  readonly drift?: readonly DriftChange[];
  /** Why it was refused or failed. */
  readonly reason?: string;
  /** Present when the ledger was read (local rollbacks and dry runs). */
  readonly run?: RunSummary;
  /** The changes the rollback undid, or would undo. */
  readonly undone?: readonly string[];
}

/** What the ledger says about a run, without the internals. */
export interface RunSummary {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly runbook: string;
  readonly securityControlId?: string;
  readonly actionId?: string;
  readonly status: string;
  readonly mode: string;
  readonly startedAt: string;
  readonly findingId: string;
  readonly remediationFunction?: string;
  readonly changes: readonly string[];
  /** The recorded before-state a rollback restores (dry runs only). */
  readonly before?: unknown;
  readonly rolledBackAt?: string;
  readonly rolledBackBy?: string;
}

/** The command's outcome for a rollback result: ROLLED_BACK, FAILED, or REFUSED for every refusal kind. */
export function outcomeOf(result: RollbackResult): RollbackOutcome {
  return result.kind === 'ROLLED_BACK' || result.kind === 'FAILED' ? result.kind : 'REFUSED';
}

/** A rollback result as one output line's data (without the ledger summary). */
export function runOutcomeOf(runId: string, result: RollbackResult): RunOutcome {
  if (result.kind === 'ROLLED_BACK') {
    return {
      runId,
      outcome: 'ROLLED_BACK',
      kind: result.kind,
      undone: result.undone,
      ...(result.forcedOver?.length ? { drift: result.forcedOver } : {}),
    };
  }
  return {
    runId,
    outcome: outcomeOf(result),
    kind: result.kind,
    reason: result.reason,
    ...(result.kind === 'REFUSED_DRIFT' ? { drift: result.drift } : {}),
  };
}

/** The summary of a ledger record; `before` only when asked for. */
export function summarize(run: RunRecord, withBefore: boolean): RunSummary {
  return {
    accountId: run.accountId,
    region: run.region,
    resourceType: run.resourceType,
    resourceId: run.resourceId,
    runbook: run.runbook,
    ...(run.securityControlId ? { securityControlId: run.securityControlId } : {}),
    ...(run.actionId ? { actionId: run.actionId } : {}),
    status: run.status,
    mode: run.mode,
    startedAt: run.startedAt,
    findingId: run.findingId,
    ...(run.remediationFunction ? { remediationFunction: run.remediationFunction } : {}),
    changes: run.changes,
    ...(withBefore ? { before: run.before ?? null } : {}),
    ...(run.rolledBackAt ? { rolledBackAt: run.rolledBackAt, rolledBackBy: run.rolledBackBy } : {}),
  };
}

/** Exit code 0 only when every run was (or would be) rolled back. */
export function allRolledBack(outcomes: readonly RunOutcome[]): boolean {
  return outcomes.every((o) => o.outcome === 'ROLLED_BACK' || o.outcome === 'WOULD_ROLL_BACK');
}

/** One line per run: run id, outcome, account, Region, resource, then what was undone or why not. */
export function renderLine(o: RunOutcome): string {
  const where = o.run ? `${o.run.accountId}  ${o.run.region}  ${o.run.resourceId}` : '-  -  -';
  const detail =
    o.reason ??
    (o.undone?.length ? `${o.outcome === 'WOULD_ROLL_BACK' ? 'would undo' : 'undid'}: ${o.undone.join('; ')}` : '');
  return `${o.runId}  ${o.outcome}  ${where}${detail ? `  ${detail}` : ''}`;
}

/** A dry run's detail under the line: the runbook and the recorded before-state. */
export function renderDryRunDetail(o: RunOutcome): string[] {
  if (!o.run || o.outcome !== 'WOULD_ROLL_BACK') return [];
  const by = o.run.securityControlId ?? o.run.actionId;
  return [
    `    runbook: ${o.run.runbook}${by ? ` (${by})` : ''}, ${o.run.status} ${o.run.startedAt}, resource type ${o.run.resourceType}`,
    `    before: ${JSON.stringify(o.run.before ?? null)}`,
  ];
}

/** The last line of the text output: how many runs were (or would be) rolled back. */
export function renderSummary(outcomes: readonly RunOutcome[], dryRun: boolean): string {
  const done = outcomes.filter((o) => o.outcome === (dryRun ? 'WOULD_ROLL_BACK' : 'ROLLED_BACK')).length;
  const verb = dryRun ? 'would be rolled back; dry run: nothing was changed' : 'rolled back';
  return `${done} of ${outcomes.length} run${outcomes.length === 1 ? '' : 's'} ${verb}.\n`;
}

/** A dry run's text output: a line per run with the detail under it, and the count. */
export function renderDryRun(outcomes: readonly RunOutcome[]): string {
  return `${outcomes.flatMap((o) => [renderLine(o), ...renderDryRunDetail(o)]).join('\n')}\n${renderSummary(outcomes, true)}`;
}

/** The JSON output, for scripts. */
export function renderJson(outcomes: readonly RunOutcome[], dryRun: boolean, via?: string): string {
  const count = (outcome: RollbackOutcome) => outcomes.filter((o) => o.outcome === outcome).length;
  return `${JSON.stringify(
    {
      dryRun,
      ...(via ? { viaFunction: via } : {}),
      rolledBack: count('ROLLED_BACK'),
      ...(dryRun ? { wouldRollBack: count('WOULD_ROLL_BACK') } : {}),
      refused: count('REFUSED'),
      failed: count('FAILED'),
      runs: outcomes,
    },
    null,
    2,
  )}\n`;
}
