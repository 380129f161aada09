import { SecurityStandard } from '../../domain/security-standard';

/** A standard's display names; unknown standards (new ones, service-managed ones) show their id. */
export function standardNames(standardsId: string): { name: string; shortName: string } {
  const known = SecurityStandard.fromId(standardsId);
  return known ? { name: known.name, shortName: known.shortName } : { name: standardsId, shortName: standardsId };
}

/** The standards ARN for a standards id in a Region; the global CIS v1.2.0 ruleset has no Region. */
export function standardsArnOf(standardsId: string, region: string, partition: string): string {
  const known = SecurityStandard.fromId(standardsId);
  return known ? known.arn(region, partition) : `arn:${partition}:securityhub:${region}::${standardsId}`;
}

/** Orders standards ids as the catalogue lists them, unknown ones last by id, so reports are stable. */
export function compareStandardsIds(a: string, b: string): number {
  const rank = (id: string) => {
    const s = SecurityStandard.fromId(id);
    return s ? SecurityStandard.ALL.indexOf(s) : SecurityStandard.ALL.length;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
