/**
 * Which standard a requirement id belongs to. AWS writes a control's related requirements as one
 * list on the control reference pages (`PCI DSS v4.0.1/8.3.1, NIST.800-53.r5 AC-2`); the prefix
 * names the framework and its version, and so the standard. The API gives them per standard
 * already (RelatedRequirements of each standards control association); this mapping is for the
 * reference pages. Each standard's prefix is a column of the standards table (controls.json).
 */

import { STANDARDS_TABLE, type StandardsId } from '../../domain/standards-table';

/** Requirement id prefixes and the standards ids they belong to, from the standards table, longest first. */
const PREFIXES: readonly (readonly [string, StandardsId])[] = STANDARDS_TABLE.flatMap((s) =>
  s.requirementPrefix === undefined ? [] : [[s.requirementPrefix, s.standardsId] as const],
).sort(([a], [b]) => b.length - a.length);

/** The standards id a requirement id belongs to, or undefined for a prefix this project does not know. */
export function standardOfRequirement(requirementId: string): StandardsId | undefined {
  return PREFIXES.find(([prefix]) => requirementId.startsWith(prefix))?.[1];
}

/**
 * Groups a control's requirement ids by standard, each list sorted and without repeats.
 * @returns the groups, and the ids whose standard is not known
 */
export function requirementsByStandard(requirementIds: readonly string[]): {
  byStandard: Record<string, string[]>;
  unknown: string[];
} {
  const byStandard: Record<string, string[]> = {};
  const unknown: string[] = [];
  for (const id of requirementIds) {
    const standardsId = standardOfRequirement(id);
    if (!standardsId) unknown.push(id);
    else if (!(byStandard[standardsId] ??= []).includes(id)) byStandard[standardsId].push(id);
  }
  for (const ids of Object.values(byStandard)) ids.sort(compareRequirementIds);
  return { byStandard: Object.fromEntries(Object.entries(byStandard).sort(([a], [b]) => a.localeCompare(b))), unknown };
}

/** Orders `PCI DSS v4.0.1/2.2.1` before `PCI DSS v4.0.1/10.2.1`, `AC-2` before `AC-2(1)` before `AC-3`. */
export function compareRequirementIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
