import type { ResourceChange } from './plan';

/** What a plan does to a resource, in review terms. */
export type ChangeKind = 'add' | 'change' | 'destroy' | 'replace';

/** The change kinds in the order reviews list them. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['add', 'change', 'destroy', 'replace'];

/**
 * The review kind of a planned change: create is add, update is change, delete is destroy, and
 * delete-then-create (or create-then-delete) is replace. No-ops and data source reads are not
 * changes (undefined).
 */
export function changeKind(change: ResourceChange): ChangeKind | undefined {
  if (change.mode === 'data') return undefined;
  const actions = change.change.actions;
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  if (actions.includes('create')) return 'add';
  if (actions.includes('update')) return 'change';
  if (actions.includes('delete')) return 'destroy';
  return undefined;
}

/** Counts of changes by kind. */
export type ChangeCounts = Record<ChangeKind, number>;

/** One resource type's changes in a stack. */
export interface ResourceTypeChanges {
  readonly type: string;
  readonly counts: ChangeCounts;
  /** Addresses by kind, sorted. */
  readonly addresses: Record<ChangeKind, string[]>;
}

/** A stack's changes: totals, and by resource type (types sorted by name). */
export interface ChangeSummary {
  readonly counts: ChangeCounts;
  readonly byType: readonly ResourceTypeChanges[];
}

/** Zero of each kind. */
export function emptyCounts(): ChangeCounts {
  return { add: 0, change: 0, destroy: 0, replace: 0 };
}

/** Groups a plan's resource changes by type and kind. */
export function summarizeChanges(changes: readonly ResourceChange[]): ChangeSummary {
  const counts = emptyCounts();
  const types = new Map<string, ResourceTypeChanges>();
  for (const change of changes) {
    const kind = changeKind(change);
    if (!kind) continue;
    counts[kind] += 1;
    let entry = types.get(change.type);
    if (!entry) {
      entry = {
        type: change.type,
        counts: emptyCounts(),
        addresses: { add: [], change: [], destroy: [], replace: [] },
      };
      types.set(change.type, entry);
    }
    entry.counts[kind] += 1;
    entry.addresses[kind].push(change.address);
  }
  for (const entry of types.values()) for (const kind of CHANGE_KINDS) entry.addresses[kind].sort();
  return { counts, byType: [...types.values()].sort((a, b) => a.type.localeCompare(b.type)) };
}
