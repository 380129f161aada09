import type { OrganizationConfig, TierConfig } from '../config/schema';

/** The OU and account ids a tier's policies and guardrails attach to, OUs first, each once. */
export function tierTargets(tier: TierConfig): string[] {
  return [...new Set([...tier.organizationalUnits, ...tier.accounts])];
}

/**
 * The Regions where per-Region delegations (GuardDuty, Inspector, Macie) are made: the listed
 * linked Regions, or only the home Region when linking is ALL_REGIONS / allExcept (the Regions an
 * organization has opted into cannot be known offline; list them to administer each).
 */
export function regionsToAdminister(config: OrganizationConfig): string[] {
  const linked = config.organization.linkedRegions;
  return Array.isArray(linked) ? [...linked] : [config.organization.homeRegion];
}
