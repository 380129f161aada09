import { SecurityStandard } from '../domain/security-standard';
import { findingAggregatorArn } from './securityhub/arns';
import type { SecurityHubEmulator } from './securityhub/emulator';
import { newResourceId } from './securityhub/operations/action-targets';
import { subscribe } from './securityhub/operations/standards';
import type { Hub } from './securityhub/state';
import { isObject } from './securityhub/validate';

/**
 * The organization a seed describes: who administers it, where it aggregates, which accounts
 * are in it (and in which Regions), and which standards it runs.
 */
export interface SeedOrganization {
  /** The delegated administrator account. */
  readonly administratorAccountId: string;
  /** The aggregation Region (the administrator's home Region). */
  readonly homeRegion: string;
  /** Every Region of the organization, the home Region included, sorted. */
  readonly regions: readonly string[];
  /** Member accounts (the administrator excluded), sorted. */
  readonly memberAccountIds: readonly string[];
  /** The standards enabled in every account and Region, in catalogue order. */
  readonly standards: readonly SecurityStandard[];
}

/**
 * What Security Hub enables when an account turns it on with default standards (FSBP and CIS
 * v1.2.0): the standards of a seed whose findings name none.
 */
const DEFAULT_STANDARDS: readonly SecurityStandard[] = [
  SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0,
  SecurityStandard.CIS_1_2_0,
];

/** The standards ids a finding names: its AssociatedStandards, else the one in ProductFields. */
function standardsNamedBy(finding: Record<string, unknown>): string[] {
  const compliance = isObject(finding.Compliance) ? finding.Compliance : undefined;
  const associated = Array.isArray(compliance?.AssociatedStandards) ? compliance.AssociatedStandards : [];
  const ids = associated.flatMap((s) => (isObject(s) && typeof s.StandardsId === 'string' ? [s.StandardsId] : []));
  if (ids.length > 0) return ids;
  const fields = isObject(finding.ProductFields) ? finding.ProductFields : {};
  const fromProduct = fields.StandardsArn ?? fields.StandardsGuideArn;
  return typeof fromProduct === 'string' ? [fromProduct] : [];
}

/**
 * Works out the organization behind a set of findings: every account they name is a member
 * (except the administrator), every Region they name is linked to the home Region, and the
 * standards are those their control findings count for (Security Hub's default standards when
 * none does).
 * @param regionOf the Region a finding lands in (as the seed places it)
 */
export function organizationOf(
  findings: readonly unknown[],
  administratorAccountId: string,
  homeRegion: string,
  regionOf: (finding: unknown) => string,
): SeedOrganization {
  const accounts = new Set<string>();
  const regions = new Set([homeRegion]);
  const standardIds = new Set<string>();
  for (const finding of findings) {
    if (!isObject(finding)) continue;
    if (typeof finding.AwsAccountId === 'string') accounts.add(finding.AwsAccountId);
    regions.add(regionOf(finding));
    for (const id of standardsNamedBy(finding)) standardIds.add(id);
  }
  accounts.delete(administratorAccountId);
  const named = SecurityStandard.ALL.filter((s) => [...standardIds].some((id) => SecurityStandard.fromId(id) === s));
  return {
    administratorAccountId,
    homeRegion,
    regions: [...regions].sort(),
    memberAccountIds: [...accounts].sort(),
    standards: named.length > 0 ? named : DEFAULT_STANDARDS,
  };
}

/** Turns Security Hub on for an account in a Region with the organization's standards. */
function enableWithStandards(
  emulator: SecurityHubEmulator,
  accountId: string,
  region: string,
  standards: readonly SecurityStandard[],
): Hub {
  emulator.enableHub(accountId, region);
  const hub = emulator.state.hubOf(accountId, region) as Hub;
  for (const standard of standards) subscribe(hub, standard, {});
  return hub;
}

/**
 * Builds the organization in the emulator the way a real one looks from its delegated
 * administrator, so `securityhub report` and the console-style reads show what they show in AWS:
 * the administrator is the organization's Security Hub administrator in every Region, with its
 * hub and the standards enabled there; a finding aggregator in the home Region links the other
 * Regions; every member account has its hub and standards in each Region and is an enabled
 * member of the administrator (ListMembers lists it). Hubs and settings that exist are kept.
 */
export function buildSeedOrganization(emulator: SecurityHubEmulator, organization: SeedOrganization): void {
  const { administratorAccountId: admin, homeRegion, regions, memberAccountIds, standards } = organization;
  const state = emulator.state;
  const now = new Date().toISOString();
  state.administratorAccountId = admin;
  for (const region of regions) {
    state.organizationAdmins.set(region, admin);
    const adminHub = enableWithStandards(emulator, admin, region, standards);
    for (const member of memberAccountIds) {
      const memberHub = enableWithStandards(emulator, member, region, standards);
      memberHub.administrator ??= {
        accountId: admin,
        invitationId: newResourceId(),
        status: 'Enabled',
        invitedAt: now,
      };
      if (!adminHub.members.has(member))
        adminHub.members.set(member, {
          accountId: member,
          administratorId: admin,
          status: 'Enabled',
          invitedAt: now,
          updatedAt: now,
        });
    }
  }
  const home = state.hubOf(admin, homeRegion) as Hub;
  const hasAggregator = [...state.hubs.values()].some((h) => h.accountId === admin && h.aggregator);
  if (!hasAggregator) {
    const linked = regions.filter((r) => r !== homeRegion);
    home.aggregator = {
      arn: findingAggregatorArn(home.caller, newResourceId()),
      region: homeRegion,
      // One Region alone links every Region, as an organization that has not chosen would.
      linkingMode: linked.length > 0 ? 'SPECIFIED_REGIONS' : 'ALL_REGIONS',
      regions: linked,
    };
  }
}
