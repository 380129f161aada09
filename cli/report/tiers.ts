import { tierForAccount } from '../../core/remediation-policy';
import type { OrgTier } from '../org-config';
import type { TierAccounts } from './build-report';

/** Tiers and accounts placed in them, with what the report must say about how. */
export interface TierPlacement {
  /** Every tier of the config, in config order, with the accounts placed in it. */
  readonly tiers: readonly TierAccounts[];
  /** Sentences for the report's notes. */
  readonly notes: readonly string[];
}

/** True when some tier is defined by OUs, so listed accounts alone may not place every account. */
export function tiersNameOrganizationalUnits(tiers: readonly OrgTier[]): boolean {
  return tiers.some((t) => t.organizationalUnits.length > 0);
}

/** Accounts that no tier lists by id: only these need their OU path. */
export function accountsNotListed(tiers: readonly OrgTier[], accounts: readonly string[]): string[] {
  const listed = new Set(tiers.flatMap((t) => t.accounts));
  return [...new Set(accounts)].filter((a) => !listed.has(a)).sort();
}

/**
 * Places accounts in tiers the way the remediation functions do (`tierForAccount`): a tier that
 * lists the account by id wins, else the tier that names the nearest OU on its path to the root.
 * Accounts without a path (not looked up, or in no tier's OU) stay where their listing puts them.
 * @param paths OU path per account, the account's parent OU first
 */
export function placeInTiers(
  tiers: readonly OrgTier[],
  paths: ReadonlyMap<string, readonly string[]> = new Map(),
): TierAccounts[] {
  const members = new Map(tiers.map((t) => [t, new Set(t.accounts)]));
  for (const [account, path] of paths) {
    const tier = tierForAccount({ tiers }, account, path);
    if (tier) members.get(tier)!.add(account);
  }
  return tiers.map((t) => ({ name: t.name, accounts: [...members.get(t)!].sort() }));
}

/**
 * Tiers by their listed accounts only, for a report read from a file: findings say nothing of
 * OUs. When some tier is defined by OUs, the note says what that means and how to do better.
 */
export function placeByListedAccounts(tiers: readonly OrgTier[]): TierPlacement {
  return {
    tiers: placeInTiers(tiers),
    notes: tiersNameOrganizationalUnits(tiers)
      ? [
          'Tiers were matched by the accounts they list only: findings say nothing of OUs, so accounts that belong to a tier through its OUs show as unassigned; add --resolve-ous to place them by their OU path in AWS Organizations.',
        ]
      : [],
  };
}

/** The note for a report whose tiers could not be matched by OU. */
export function ousUnavailableNote(reason: string): string {
  return `Tiers by OU were not available: ${reason}. Accounts were placed only in the tiers that list them by id, so accounts that belong to a tier through its OUs show as unassigned; the principal needs organizations:ListParents (the security account has it through the management stack's Organizations resource policy).`;
}
