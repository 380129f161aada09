import { invalidInput } from '../errors';
import { isObject, type JsonObject } from '../validate';
import { pathForField, valuesAt } from './fields';
import { FILTER_KINDS } from './filters';

/** One parsed SortCriteria entry. */
export interface SortCriterion {
  readonly field: string;
  readonly path: string;
  readonly descending: boolean;
}

/**
 * Reads SortCriteria: each entry names a finding attribute (a filter attribute name such as
 * `SeverityNormalized`, or a dotted ASFF path) and `asc` or `desc`; `asc` when SortOrder is absent.
 * @throws InvalidInputException for unknown fields and orders
 */
export function readSortCriteria(value: unknown): SortCriterion[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidInput('SortCriteria must be a list');
  return value.map((entry) => {
    if (!isObject(entry) || typeof entry.Field !== 'string')
      throw invalidInput('Each SortCriteria entry needs a Field');
    const path = pathForField(entry.Field);
    if (!path) throw invalidInput(`Invalid sort field: ${entry.Field}`);
    const order = entry.SortOrder ?? 'asc';
    if (order !== 'asc' && order !== 'desc') throw invalidInput(`Invalid SortOrder ${String(order)}: use asc or desc`);
    return { field: entry.Field, path, descending: order === 'desc' };
  });
}

// Severity labels sort by severity, not alphabetically, so "desc" puts CRITICAL first.
const SEVERITY_RANK: Readonly<Record<string, number>> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

type SortKey = number | string | undefined;

function keyOf(finding: JsonObject, criterion: SortCriterion): SortKey {
  const value = valuesAt(finding, criterion.path)[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return JSON.stringify(value);
  if (criterion.path.endsWith('Severity.Label')) return SEVERITY_RANK[value] ?? -1;
  if (FILTER_KINDS[criterion.field] === 'date') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : ms;
  }
  return value;
}

function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  // Findings without the attribute come last in either order.
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  let result: number;
  if (typeof a === 'number' && typeof b === 'number') result = a - b;
  else {
    const sa = String(a);
    const sb = String(b);
    result = sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return descending ? -result : result;
}

/**
 * Sorts findings by the criteria, in place order preserved for ties (Array.prototype.sort is
 * stable), so pages stay deterministic. Keys are computed once per finding, not per comparison.
 */
export function sortFindings<T>(
  items: T[],
  findingOf: (item: T) => JsonObject,
  criteria: readonly SortCriterion[],
): T[] {
  if (criteria.length === 0) return items;
  const keyed = items.map((item) => ({ item, keys: criteria.map((c) => keyOf(findingOf(item), c)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < criteria.length; i++) {
      const order = compareKeys(x.keys[i], y.keys[i], criteria[i].descending);
      if (order !== 0) return order;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}
