import { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  OrganizationsAccountDirectory,
  type AccountDirectory,
} from '../../remediation-functions/shared/account-directory';
import type { OrgTier } from '../org-config';
import {
  accountsNotListed,
  ousUnavailableNote,
  placeInTiers,
  tiersNameOrganizationalUnits,
  type TierPlacement,
} from '../report/tiers';
import { clientSettings, describeAwsError, type AwsConnectionOptions } from './securityhub-client';

/**
 * ListParents chains read at once. Organizations allows few requests a second per account;
 * the adaptive retry mode slows down further if it throttles.
 */
export const OU_LOOKUP_CONCURRENCY = 4;

/** Errors that mean "this account is not in the organization" (it left, or never joined). */
const NOT_IN_ORGANIZATION = new Set(['ChildNotFoundException', 'AccountNotFoundException']);

/**
 * An Organizations client with the same credentials, retries and endpoint as the Security Hub
 * one. Organizations has one global endpoint, which the SDK picks whatever the Region.
 * @throws UsageError when --endpoint-url is not a URL
 */
export function createOrganizationsClient(options: AwsConnectionOptions): OrganizationsClient {
  return new OrganizationsClient(clientSettings(options));
}

/**
 * Runs `task` for every item, at most `limit` at a time. The first failure stops new tasks and is
 * thrown once the tasks already running have settled (so no request outlives its client).
 */
async function forEachBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Places accounts in tiers by their OU path: one ListParents chain per account that no tier
 * lists by id (the directory caches each account's path), a few accounts at a time. If
 * Organizations cannot be read (access denied, no delegation, an endpoint without Organizations,
 * retries spent), the tiers fall back to their listed accounts and a note says why: the report
 * is still made. Accounts Organizations does not know are left unassigned, with a note.
 * @param accounts every account the report covers
 */
export async function placeByOrganizationalUnits(
  tiers: readonly OrgTier[],
  accounts: readonly string[],
  directory: AccountDirectory,
  concurrency = OU_LOOKUP_CONCURRENCY,
): Promise<TierPlacement> {
  const toLookUp = tiersNameOrganizationalUnits(tiers) ? accountsNotListed(tiers, accounts) : [];
  if (toLookUp.length === 0) return { tiers: placeInTiers(tiers), notes: [] };
  const paths = new Map<string, string[]>();
  const outside: string[] = [];
  try {
    await forEachBounded(toLookUp, concurrency, async (account) => {
      try {
        paths.set(account, await directory.organizationalUnitPath(account));
      } catch (e) {
        if (!NOT_IN_ORGANIZATION.has((e as Error)?.name)) throw e;
        outside.push(account);
      }
    });
  } catch (e) {
    return {
      tiers: placeInTiers(tiers),
      notes: [ousUnavailableNote(`organizations:ListParents failed (${describeAwsError(e)})`)],
    };
  }
  outside.sort();
  const notes =
    outside.length === 0
      ? []
      : [
          `${outside.length} account${outside.length === 1 ? ' is' : 's are'} not in the organization as ListParents sees it (${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', ...' : ''}), so no OU places ${outside.length === 1 ? 'it' : 'them'} in a tier.`,
        ];
  return { tiers: placeInTiers(tiers, paths), notes };
}

/**
 * Reads OU paths from AWS Organizations with the given connection and places the accounts in
 * tiers; see {@link placeByOrganizationalUnits}. No request is made when no tier names an OU.
 */
export async function readTierPlacement(
  tiers: readonly OrgTier[],
  accounts: readonly string[],
  connection: AwsConnectionOptions,
): Promise<TierPlacement> {
  if (!tiersNameOrganizationalUnits(tiers)) return { tiers: placeInTiers(tiers), notes: [] };
  const client = createOrganizationsClient(connection);
  try {
    return await placeByOrganizationalUnits(tiers, accounts, new OrganizationsAccountDirectory(client));
  } finally {
    client.destroy();
  }
}
