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
  return [{ field, ...(a !== undefined ? { afterRun: a } : {}), ...(b !== undefined ? { now: b } : {}) }];
}

/** One line per change, for notes, logs and the command's output. */
export function describeDrift(changes: readonly DriftChange[]): string {
  const value = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
  return changes.map((c) => (c.field === '' && c.afterRun === undefined && typeof c.now === 'string'
    ? c.now
    : `${c.field || 'the resource'} was ${value(c.afterRun)} after the run, is ${value(c.now)} now`)).join('; ');
}

/**
 * What changed on the run's resource since the run, by the runbook's rollback kind:
 * `additive` runbooks have nothing to check; the others read the resource again (the runbook's own
 * inspect) and compare it with the after-state the run recorded, or use the runbook's own check.
 * A run recorded without an after-state (by an earlier version) is checked against what the
 * runbook itself knows: as a run leaves it, the resource needs no change.
 * @returns the changes since the run; empty when rollback may go ahead
 */
export async function driftSinceRun(runbook: Runbook, ctx: RunbookContext, run: RunRecord): Promise<DriftChange[]> {
  if ((runbook.rollbackKind ?? 'replace') === 'additive') return [];
  let now;
  try {
    now = await runbook.inspect(ctx);
  } catch (error) {
    if (error instanceof ResourceNotFoundError) return [{ field: '', now: `the resource is gone: ${error.message}` }];
    throw error;
  }
  if (runbook.driftSince) return [...runbook.driftSince({ before: run.before, after: run.after }, now)];
  // What the runbook itself finds to do again: the resource is no longer as any run leaves it.
  const undone = now.changes.map((change) => ({ field: '', now: `no longer as the run left it (the runbook would ${change} again)` }));
  // What a run created is summed up by whether it still does its job; settings it replaced are compared one by one.
  if (runbook.rollbackKind === 'create' && undone.length > 0) return undone;
  if (run.after !== undefined) return stateDifferences(run.after, now.before);
  return undone;
}
