import { readFileSync } from 'node:fs';
import type { LocalAws } from './lifecycle';
import { SecurityHubEmulator, type LoadResult } from './securityhub/emulator';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './securityhub/identity';
import { isObject } from './securityhub/validate';
import { buildSeedOrganization, organizationOf, type SeedOrganization } from './seed-organization';

/** How seeded findings are made visible. */
export interface SeedOptions {
  /**
   * The administrator account that sees every seeded finding, in the finding's own Region.
   * Defaults to the account the default credentials act as, 123456789012.
   */
  readonly administratorAccountId?: string;
  /**
   * The Region for findings that name none (neither `Region` nor a Region in `ProductArn`), and
   * the organization's home (aggregation) Region.
   */
  readonly defaultRegion?: string;
}

/** The outcome of seeding, with the Regions the administrator's hub was enabled in. */
export interface SeedResult extends LoadResult {
  readonly administratorAccountId: string;
  readonly regions: readonly string[];
  /** The organization built around the findings: members, Regions, standards, home Region. */
  readonly organization: SeedOrganization;
}

/** A seed file that cannot be read as findings; the message says which line or why. */
export class SeedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedFormatError';
  }
}

/**
 * Reads findings from text: the JSON that `aws securityhub get-findings` prints (an object with a
 * `Findings` array), a bare JSON array of findings, one finding object, or JSON Lines with one
 * finding per line.
 * @throws SeedFormatError when the text is none of these
 */
export function parseFindings(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (Array.isArray(parsed)) return parsed;
    if (isObject(parsed) && Array.isArray(parsed.Findings)) return parsed.Findings;
    if (isObject(parsed) && parsed.SchemaVersion !== undefined) return [parsed];
    throw new SeedFormatError(
      'expected an object with a Findings array (as `aws securityhub get-findings` prints), an array of findings, or JSON Lines',
    );
  } catch (err) {
    if (err instanceof SeedFormatError) throw err;
  }
  return trimmed.split(/\r?\n/).flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      throw new SeedFormatError(`line ${i + 1} is not valid JSON`);
    }
  });
}

/** Reads a seed file (see {@link parseFindings}). */
export function readSeedFile(path: string): unknown[] {
  return parseFindings(readFileSync(path, 'utf8'));
}

function regionOf(finding: unknown, fallback: string): string {
  if (!isObject(finding)) return fallback;
  if (typeof finding.Region === 'string' && finding.Region) return finding.Region;
  const fromArn = typeof finding.ProductArn === 'string' ? finding.ProductArn.split(':')[3] : undefined;
  return fromArn || fallback;
}

/**
 * Loads findings into the emulator as if the service had produced them (any product, any member
 * account), inside an organization like the one a real delegated administrator sees: the
 * administrator's hub in every Region the findings name (and the default Region, the home
 * Region), the standards the control findings count for enabled in every account and Region, a
 * finding aggregator in the home Region linking the others, and every other account of the
 * findings an enabled member with its own hubs. So GetFindings in the home Region returns the
 * findings of every Region, and ListMembers, GetEnabledStandards and GetFindingAggregator answer
 * as in AWS. Findings go through the same format checks as BatchImportFindings; the ones that
 * fail are reported, not loaded, and do not shape the organization.
 * @param target a running local AWS (from `startLocalAws`) or a bare emulator
 */
export function seedFindings(
  target: SecurityHubEmulator | LocalAws,
  findings: readonly unknown[],
  options: SeedOptions = {},
): SeedResult {
  const emulator = target instanceof SecurityHubEmulator ? target : target.securityhub;
  const administratorAccountId =
    options.administratorAccountId ?? emulator.state.administratorAccountId ?? DEFAULT_ACCOUNT_ID;
  const defaultRegion = options.defaultRegion ?? DEFAULT_REGION;
  const result = emulator.loadFindings(findings, defaultRegion);
  const failed = new Set(result.failed.map((f) => f.index));
  const loaded = findings.filter((_, i) => !failed.has(i));
  const organization = organizationOf(loaded, administratorAccountId, defaultRegion, (f) => regionOf(f, defaultRegion));
  buildSeedOrganization(emulator, organization);
  return { ...result, administratorAccountId, regions: organization.regions, organization };
}
