import { isRecord } from './values';

/*
 * The RemediationPolicy is the runtime form of the `remediation` part of the org config:
 * `config/remediation-schema.ts` builds it at synth time, the stacks hand it to the functions
 * (SSM parameter or environment variable), and the functions read it here. It is plain JSON so
 * the functions need no schema library.
 */

/**
 * What started a run. `imported` runs only in auto mode; `custom-action` (a person picked the
 * findings in the console) and `operator` (a person started the SSM Automation document by hand)
 * run in manual or auto mode.
 */
export type RemediationTrigger = 'imported' | 'custom-action' | 'operator';

/** Remediation modes, from least to most active. */
export const REMEDIATION_MODES = ['off', 'shadow', 'manual', 'auto'] as const;

/**
 * - off: findings are ignored.
 * - shadow: the runbook inspects and records what it would change in the ledger; it changes nothing.
 * - manual: the runbook runs only when a person asks (the `Remediate` custom action or the SSM document started by hand).
 * - auto: the runbook runs on every FAILED finding EventBridge delivers, and when a person asks.
 */
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

/** A value a runbook parameter holds. */
export type PolicyParameterValue = string | number | boolean;

/** One workload tier: which accounts it holds and the mode of every runbook in it. */
export interface PolicyTier {
  readonly name: string;
  /** `staging`, `production`, `sandbox` or `development`, as in the org config. */
  readonly environment: string;
  readonly accounts: readonly string[];
  /** OU ids; an account in a child OU belongs to the tier too. */
  readonly organizationalUnits: readonly string[];
  /** Effective mode per security control id or custom action id; ids not listed are `off`. */
  readonly modes: Readonly<Record<string, RemediationMode>>;
}

/**
 * A resource or account that a runbook must leave alone. Criteria of different kinds must all
 * match (accounts AND tag); values of one kind are alternatives (account A OR account B).
 */
export interface PolicyExemption {
  /** Security control id or custom action id, or `*` for every runbook. */
  readonly securityControlId: string;
  readonly accounts: readonly string[];
  readonly organizationalUnits: readonly string[];
  readonly resourceTag?: { readonly key: string; readonly value: string };
  readonly owner: string;
  readonly reason: string;
  /** Last day (UTC, `YYYY-MM-DD`) the exemption applies. */
  readonly expires: string;
}

/** Everything the remediation functions need to decide whether and how to act on a finding. */
export interface RemediationPolicy {
  readonly version: 1;
  readonly tiers: readonly PolicyTier[];
  readonly exemptions: readonly PolicyExemption[];
  /** Runs that change something, per member account per clock hour; later ones end FAILED and go to the DLQ. */
  readonly rateLimitPerAccountPerHour: number;
  /** Runbook name by security control id or custom action id, for every id some tier runs (not off). */
  readonly runbooks: Readonly<Record<string, string>>;
  /** Ids in {@link runbooks} that are custom actions (e.g. `IsolateInstance`) rather than controls. */
  readonly customActions: readonly string[];
  /** Runbook parameter values by runbook name, catalogue defaults already filled in. */
  readonly parameters: Readonly<Record<string, Readonly<Record<string, PolicyParameterValue>>>>;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new Error(`RemediationPolicy ${path}: expected ${expected}, received ${JSON.stringify(value)?.slice(0, 80)}.`);
}

function strings(value: unknown, path: string, pattern?: RegExp): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && (!pattern || pattern.test(v)))) {
    fail(path, `a list of strings${pattern ? ` matching ${pattern}` : ''}`, value);
  }
  return value as string[];
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, 'non-empty text', value);
  return value;
}

/**
 * Checks JSON read from the environment or an SSM parameter against the policy shape, so a
 * hand-edited parameter fails loudly at load time rather than halfway through a run.
 * @throws Error naming the field, what was expected and what was received
 */
export function parseRemediationPolicy(value: unknown): RemediationPolicy {
  if (!isRecord(value)) fail('(top level)', 'a JSON object', value);
  if (value.version !== 1) fail('version', '1', value.version);
  if (!Array.isArray(value.tiers)) fail('tiers', 'a list', value.tiers);
  const tiers = value.tiers.map((t, i): PolicyTier => {
    const at = `tiers[${i}]`;
    if (!isRecord(t)) fail(at, 'an object', t);
    if (!isRecord(t.modes)) fail(`${at}.modes`, 'an object of control id -> mode', t.modes);
    for (const [id, mode] of Object.entries(t.modes)) {
      if (!(REMEDIATION_MODES as readonly unknown[]).includes(mode))
        fail(`${at}.modes["${id}"]`, REMEDIATION_MODES.join(' | '), mode);
    }
    return {
      name: text(t.name, `${at}.name`),
      environment: text(t.environment, `${at}.environment`),
      accounts: strings(t.accounts, `${at}.accounts`, /^\d{12}$/),
      organizationalUnits: strings(t.organizationalUnits, `${at}.organizationalUnits`),
      modes: t.modes as Record<string, RemediationMode>,
    };
  });
  if (!Array.isArray(value.exemptions)) fail('exemptions', 'a list', value.exemptions);
  const exemptions = value.exemptions.map((e, i): PolicyExemption => {
    const at = `exemptions[${i}]`;
    if (!isRecord(e)) fail(at, 'an object', e);
    const tag = e.resourceTag;
    if (tag !== undefined && !(isRecord(tag) && typeof tag.key === 'string' && typeof tag.value === 'string'))
      fail(`${at}.resourceTag`, '{ key, value }', tag);
    const expires = text(e.expires, `${at}.expires`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires)) fail(`${at}.expires`, 'a date YYYY-MM-DD', expires);
    return {
      securityControlId: text(e.securityControlId, `${at}.securityControlId`),
      accounts: strings(e.accounts, `${at}.accounts`, /^\d{12}$/),
      organizationalUnits: strings(e.organizationalUnits, `${at}.organizationalUnits`),
      resourceTag: tag as PolicyExemption['resourceTag'],
      owner: text(e.owner, `${at}.owner`),
      reason: text(e.reason, `${at}.reason`),
      expires,
    };
  });
  const rate = value.rateLimitPerAccountPerHour;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1)
    fail('rateLimitPerAccountPerHour', 'a whole number of at least 1', rate);
  if (!isRecord(value.runbooks) || !Object.values(value.runbooks).every((r) => typeof r === 'string'))
    fail('runbooks', 'an object of control id -> runbook name', value.runbooks);
  const customActions = strings(value.customActions, 'customActions');
  if (!isRecord(value.parameters) || !Object.values(value.parameters).every(isRecord))
    fail('parameters', 'an object of runbook -> { name: value }', value.parameters);
  return {
    version: 1,
    tiers,
    exemptions,
    rateLimitPerAccountPerHour: rate,
    runbooks: value.runbooks as Record<string, string>,
    customActions,
    parameters: value.parameters as RemediationPolicy['parameters'],
  };
}

/**
 * True when deciding about this account needs its OU path: it is in no tier by account id and
 * some tier is defined by OUs, or an exemption is scoped to OUs.
 */
export function needsOrganizationalUnits(policy: RemediationPolicy, accountId: string): boolean {
  const listed = policy.tiers.some((t) => t.accounts.includes(accountId));
  return (
    (!listed && policy.tiers.some((t) => t.organizationalUnits.length > 0)) ||
    policy.exemptions.some((e) => e.organizationalUnits.length > 0)
  );
}

/** What tier matching reads of a tier: the accounts it lists and its OUs. */
export type TierMembership = Pick<PolicyTier, 'accounts' | 'organizationalUnits'>;

/**
 * The tier an account belongs to: a tier that lists the account by id wins; otherwise the tier
 * that lists the nearest OU on the account's path to the root.
 * @param policy the policy, or anything else with tiers (the compliance report passes the org config's)
 * @param organizationalUnitPath the account's parent OU first, then its parent, up to (not including) the root
 */
export function tierForAccount<T extends TierMembership>(
  policy: { readonly tiers: readonly T[] },
  accountId: string,
  organizationalUnitPath: readonly string[] = [],
): T | undefined {
  const byAccount = policy.tiers.find((t) => t.accounts.includes(accountId));
  if (byAccount) return byAccount;
  for (const ou of organizationalUnitPath) {
    const byOu = policy.tiers.find((t) => t.organizationalUnits.includes(ou));
    if (byOu) return byOu;
  }
  return undefined;
}

/** The mode of a control or custom action in a tier; `off` outside any tier or when not listed. */
export function modeOf(tier: PolicyTier | undefined, id: string): RemediationMode {
  return tier?.modes[id] ?? 'off';
}

/** What the runtime does with a finding, given the mode and what started the run. */
export type Decision =
  { readonly action: 'execute' | 'shadow' } | { readonly action: 'ignore'; readonly reason: string };

/** Applies the mode table: imported findings need auto; a person's request needs manual or auto; shadow always only records. */
export function decide(mode: RemediationMode, trigger: RemediationTrigger): Decision {
  switch (mode) {
    case 'off':
      return { action: 'ignore', reason: 'mode is off' };
    case 'shadow':
      return { action: 'shadow' };
    case 'manual':
      return trigger === 'imported'
        ? {
            action: 'ignore',
            reason:
              'mode is manual: runs only when a person picks the Remediate custom action or starts the SSM document',
          }
        : { action: 'execute' };
    case 'auto':
      return { action: 'execute' };
  }
}

/** What an exemption is matched against. */
export interface ExemptionSubject {
  readonly id: string;
  readonly accountId: string;
  readonly organizationalUnitPath: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /** Today in UTC, `YYYY-MM-DD`; exemptions that expired before it do not apply. */
  readonly today: string;
}

/** Whether an exemption's criteria other than tags already rule the subject out (so live tags need not be read). */
function scopeMatchesWithoutTags(e: PolicyExemption, s: ExemptionSubject): boolean {
  if (e.securityControlId !== '*' && e.securityControlId !== s.id) return false;
  if (e.expires < s.today) return false;
  if (e.accounts.length > 0 && !e.accounts.includes(s.accountId)) return false;
  if (e.organizationalUnits.length > 0 && !e.organizationalUnits.some((ou) => s.organizationalUnitPath.includes(ou)))
    return false;
  return true;
}

/** The first exemption in force that covers the subject, if any. */
export function findExemption(policy: RemediationPolicy, subject: ExemptionSubject): PolicyExemption | undefined {
  return policy.exemptions.find(
    (e) =>
      scopeMatchesWithoutTags(e, subject) &&
      (!e.resourceTag || subject.tags[e.resourceTag.key] === e.resourceTag.value),
  );
}

/** True when some exemption in force would cover the subject if the resource carried its tag: live tags are worth reading. */
export function hasTagExemptionFor(policy: RemediationPolicy, subject: Omit<ExemptionSubject, 'tags'>): boolean {
  return policy.exemptions.some(
    (e) => e.resourceTag !== undefined && scopeMatchesWithoutTags(e, { ...subject, tags: {} }),
  );
}
