/**
 * Which standard a requirement id belongs to. AWS writes a control's related requirements as one
 * list on the control reference pages (`PCI DSS v4.0.1/8.3.1, NIST.800-53.r5 AC-2`); the prefix
 * names the framework and its version, and so the standard. The API gives them per standard
 * already (RelatedRequirements of each standards control association); this mapping is for the
 * reference pages.
 */

/** Requirement id prefixes and the standards ids they belong to, most specific first. */
const PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^NIST\.800-53\.r5 /, 'standards/nist-800-53/v/5.0.0'],
  [/^NIST\.800-171\.r2 /, 'standards/nist-800-171/v/2.0.0'],
  [/^PCI DSS v3\.2\.1\//, 'standards/pci-dss/v/3.2.1'],
  [/^PCI DSS v4\.0\.1\//, 'standards/pci-dss/v/4.0.1'],
  [/^CIS AWS Foundations Benchmark v1\.2\.0\//, 'ruleset/cis-aws-foundations-benchmark/v/1.2.0'],
  [/^CIS AWS Foundations Benchmark v1\.4\.0\//, 'standards/cis-aws-foundations-benchmark/v/1.4.0'],
  [/^CIS AWS Foundations Benchmark v3\.0\.0\//, 'standards/cis-aws-foundations-benchmark/v/3.0.0'],
  [/^CIS AWS Foundations Benchmark v5\.0\.0\//, 'standards/cis-aws-foundations-benchmark/v/5.0.0'],
];

/** The standards id a requirement id belongs to, or undefined for a prefix this project does not know. */
export function standardOfRequirement(requirementId: string): string | undefined {
  return PREFIXES.find(([prefix]) => prefix.test(requirementId))?.[1];
}

/**
 * Groups a control's requirement ids by standard, each list sorted and without repeats.
 * @returns the groups, and the ids whose standard is not known
 */
export function requirementsByStandard(requirementIds: readonly string[]): { byStandard: Record<string, string[]>; unknown: string[] } {
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
