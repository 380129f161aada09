/**
 * Finding filters as written in config (the API's field names, e.g. `SeverityLabel`) turned into
 * the AWS provider's block shape (e.g. `severityLabel`). Insights and automation rules share the
 * string and map filter shapes, so one conversion serves both.
 */

/** A string comparison on one finding field. */
export interface StringFilter {
  /** EQUALS, PREFIX, NOT_EQUALS, PREFIX_NOT_EQUALS, CONTAINS or NOT_CONTAINS. */
  readonly comparison: string;
  /** The value compared against. */
  readonly value: string;
}

/** A comparison on one key of a map field such as `ResourceTags`. */
export interface MapFilter {
  /** The map key, e.g. a tag key. */
  readonly key: string;
  /** EQUALS, NOT_EQUALS, CONTAINS or NOT_CONTAINS. */
  readonly comparison: string;
  /** The value compared against. */
  readonly value: string;
}

/** Filters by API field name (`AwsAccountId`, `SeverityLabel`, `ResourceTags`, ...). */
export type FindingFilters = Readonly<Record<string, readonly (StringFilter | MapFilter)[] | undefined>>;

/**
 * Converts API field names to the provider's camel-case block names, keeping comparisons in
 * their written order (Terraform compares lists in order, so reordering would show a diff).
 */
export function toProviderFilters(filters: FindingFilters): Record<string, (StringFilter | MapFilter)[]> {
  const out: Record<string, (StringFilter | MapFilter)[]> = {};
  for (const [field, comparisons] of Object.entries(filters)) {
    if (!comparisons || comparisons.length === 0) continue;
    out[field.charAt(0).toLowerCase() + field.slice(1)] = comparisons.map((c) => ({ ...c }));
  }
  return out;
}
