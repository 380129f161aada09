import { loadOrganizationConfig } from '../config/load';
import type { OrganizationConfig } from '../config/schema';
import { UsageError } from './errors';
import { messageOf } from '../core/error-message';

/** A workload tier as the org config defines it. */
export interface OrgTier {
  /** Tier name. */
  readonly name: string;
  /** Accounts listed by id (those outside the tier's OUs). */
  readonly accounts: readonly string[];
  /** OU ids; every account below one of them belongs to the tier unless another tier lists it. */
  readonly organizationalUnits: readonly string[];
}

/** What the command uses from the organization config. */
export interface OrgContext {
  /** Organization name for report headers. */
  readonly organization: string;
  /** The delegated Security Hub administrator (security account). */
  readonly administratorAccount: string;
  /** The aggregation Region. */
  readonly homeRegion: string;
  /** Workload tiers: the accounts each lists and the OUs that define it (an account in a child OU belongs too). */
  readonly tiers: readonly OrgTier[];
  /** Target scores per standard and their due day, when the config sets them. */
  readonly remediationWindow?: OrganizationConfig['remediationWindow'];
}

/**
 * Loads `--config` with the project's own loader (schema and cross-field validation).
 * @param today judges exemption expiry, as synth would on that day
 * @throws UsageError with the loader's first problem on one line (and how many more there are)
 */
export function loadOrgConfigForCli(file: string, today?: Date): OrganizationConfig {
  try {
    return loadOrganizationConfig(file, today ? { today } : {});
  } catch (e) {
    const lines = messageOf(e).split('\n').filter(Boolean);
    const more =
      lines.length > 1
        ? ` (and ${lines.length - 1} more problem${lines.length === 2 ? '' : 's'}; run \`npm run synth\` to see them all)`
        : '';
    throw new UsageError(`--config ${file}: ${lines[0] ?? 'cannot be used'}${more}`);
  }
}

/**
 * Loads `--config` and keeps what reports need.
 * @throws UsageError as loadOrgConfigForCli does
 */
export function loadOrgContext(file: string): OrgContext {
  const config = loadOrgConfigForCli(file);
  return {
    organization: config.organization.name,
    administratorAccount: config.organization.securityAccountId,
    homeRegion: config.organization.homeRegion,
    tiers: config.tiers.map((t) => ({
      name: t.name,
      accounts: [...(t.accounts ?? [])],
      organizationalUnits: [...(t.organizationalUnits ?? [])],
    })),
    ...(config.remediationWindow ? { remediationWindow: config.remediationWindow } : {}),
  };
}
