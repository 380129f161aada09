import type { ResourceChange } from '../plan';
import { canonical } from '../policy-document';
import { flag, inspect, shortList, type RiskFlag } from './rule';

/**
 * A resource the plan imports (adopts) that the same apply also changes: adoption is meant to take
 * what exists under code as it is, so every change on top of the import is something the organization
 * did not have before and a reviewer must see. Replacing or destroying an adopted resource is high.
 */
export function adoptedResourceChanged(change: ResourceChange): RiskFlag[] {
  const importing = change.change.importing;
  if (!importing) return [];
  const c = inspect(change);
  if (!c) return [];
  const id = importing.id ?? 'unknown id';
  if (c.kind === 'replace' || c.kind === 'destroy') {
    return [
      flag(
        'adopted-resource-changed',
        'high',
        change,
        `Imports ${id} and then ${c.kind === 'replace' ? 'replaces it (destroyed and created again)' : 'destroys it'}: adoption must not remove what exists.`,
        [`import id: ${id}`],
      ),
    ];
  }
  if (c.kind !== 'change') return [];
  const before = c.before ?? {};
  const after = c.after ?? {};
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(
      (k) => k !== 'id' && k !== 'tags_all' && after[k] !== undefined && canonical(before[k]) !== canonical(after[k]),
    )
    .sort();
  return [
    flag(
      'adopted-resource-changed',
      'medium',
      change,
      `Imports ${id} and changes ${changed.length > 0 ? shortList(changed) : 'it'} in the same apply.`,
      changed.map((k) => `${k}: ${canonical(before[k])} -> ${canonical(after[k])}`),
    ),
  ];
}
