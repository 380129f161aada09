import type { DriftChange, Runbook, RunbookContext } from '../runbooks/types';
import { ResourceNotFoundError } from './errors';
import type { RunRecord } from './ledger';

/** JSON as the ledger keeps it: undefined fields dropped, so a live state compares with a stored one. */
function asStored(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The settings that differ between two states, by path. Objects are compared field by field;
 * lists and values as a whole (a list of groups that changed is one change, shown entire).
 */
export function stateDifferences(afterRun: unknown, now: unknown, field = ''): DriftChange[] {
  const a = asStored(afterRun);
  const b = asStored(now);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => stateDifferences(a[k], b[k], field ? `${field}.${k}` : k));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ field: field || 'state', afterRun: a, now: b }];
}

/** One line per change, for notes, logs and the command's output. */
export function describeDrift(changes: readonly DriftChange[]): string {
  const value = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
  // A change with no field and a text is said as it is: what the runbook found, or that the resource is gone.
  return changes
    .map((c) => (c.field ? `${c.field} was ${value(c.afterRun)} after the run, is ${value(c.now)} now` : String(c.now)))
    .join('; ');
}

/**
 * What changed on the run's resource since the run, by the runbook's rollback kind:
 * `additive` runbooks have nothing to check; the others read the resource again (the runbook's own
 * inspect) and compare it with the after-state the run recorded, or use the runbook's own check.
 * A run recorded without an after-state (by an earlier version) is checked against what the
 * runbook itself knows: as a run leaves it, the resource needs no change.
 * @returns the changes since the run; empty when rollback may go ahead
 */
export async function driftSinceRun(
  runbook: Runbook,
  ctx: RunbookContext,
  run: RunRecord,
): Promise<readonly DriftChange[]> {
  if (runbook.rollbackKind === 'additive') return [];
  let now;
  try {
    now = await runbook.inspect(ctx);
  } catch (error) {
    if (error instanceof ResourceNotFoundError) return [{ field: '', now: error.message }];
    throw error;
  }
  // The record holds the run's before- and after-state as the runbook wrote them.
  if (runbook.driftSince) return runbook.driftSince(run as never, now);
  // What the runbook itself finds to do again: the resource is no longer as any run leaves it.
  const undone = now.changes.map((change) => ({ field: '', now: `the runbook would ${change} again` }));
  // What a run created is summed up by whether it still does its job; settings it replaced are compared one by one.
  if (runbook.rollbackKind === 'create' && undone.length > 0) return undone;
  if (run.after !== undefined) return stateDifferences(run.after, now.before);
  return undone;
}
