import { isReadOnlyAction } from './member-permissions';
import {
  CUSTOM_ACTION_REMEDIATIONS,
  executionRolePermissions,
  isCustomActionRunbook,
  REMEDIATE_ACTION_ID,
  REMEDIATIONS,
  ROLLBACK_ACTION_ID,
  RUNBOOKS,
  runbookFor,
  type RemediationFunctionName,
  type RunbookDefinition,
} from './catalogue/remediations';
import type { PolicyParameterValue, PolicyTier, RemediationMode, RemediationPolicy } from '../core/remediation-policy';
import type { AutomationRuleDefinition } from './automation-rules';
import type { CustomActionDefinition } from './custom-actions';
import type { AutomaticRoute } from './remediation-routing';

/*
 * Remediation planning, in one place: from the remediation settings and the workload tiers to
 * the runtime policy the functions read and the plan of what to deploy (functions, runbooks,
 * routes, member permissions). Pure functions, no constructs: the org config loader validates
 * the settings first, and the remediation constructs only turn a plan into resources.
 */

export type { RemediationMode, RemediationPolicy, PolicyTier, PolicyExemption } from '../core/remediation-policy';

/** The remediation functions that hold runbooks, one per AWS service family (the catalogue's list, so a new family is wired without an edit here). */
export type RemediateFunctionName = RemediationFunctionName;

/** A tier's remediation settings: the default mode and per-control (or custom action) overrides. */
export interface TierRemediationSettings {
  /** Mode of every runbook not listed in `controls`; `auto` runs runbooks not safe to automate in `manual`. */
  readonly defaultMode: RemediationMode;
  /** Mode by security control id (`S3.1`) or custom action id (`IsolateInstance`). */
  readonly controls: Readonly<Record<string, RemediationMode>>;
}

/** A resource or account the runbooks leave alone, with an owner, a reason and an expiry date. */
export interface RemediationExemptionSettings {
  /** Security control id or custom action id, or `*` for every runbook. */
  readonly securityControlId: string;
  readonly scope: {
    readonly accounts?: readonly string[];
    readonly organizationalUnits?: readonly string[];
    readonly resourceTag?: { readonly key: string; readonly value: string };
  };
  readonly owner: string;
  readonly reason: string;
  /** Last day the exemption applies (UTC, `YYYY-MM-DD`). */
  readonly expires: string;
}

/** The organization-wide remediation settings planning reads (the org config's `remediation`). */
export interface RemediationSettings {
  /** Resources and accounts the runbooks leave alone. */
  readonly exemptions: readonly RemediationExemptionSettings[];
  /** Runs that change something, per member account per clock hour. */
  readonly rateLimitPerAccountPerHour: number;
  /** Runbook parameters by runbook name, e.g. `{ EnableMultiRegionCloudTrail: { TrailBucketName: 'org-trail' } }`. */
  readonly parameters: Readonly<Record<string, Readonly<Record<string, PolicyParameterValue>>>>;
}

/** What {@link planRemediation} reads: the remediation settings and the workload tiers. */
export interface RemediationPlanInput {
  readonly remediation: RemediationSettings;
  readonly tiers: readonly RemediationTierInput[];
}

/** What planning reads of a workload tier; the org config's tiers satisfy it. */
export interface RemediationTierInput {
  readonly name: string;
  readonly environment: string;
  readonly accounts: readonly string[];
  readonly organizationalUnits: readonly string[];
  /** @default mode off for everything */
  readonly remediation?: TierRemediationSettings;
}

/** Every id a tier may set a mode for: controls with runbooks, then custom actions with runbooks. */
export function remediableIds(): string[] {
  return [...Object.keys(REMEDIATIONS), ...Object.keys(CUSTOM_ACTION_REMEDIATIONS)];
}

/**
 * The mode every runbook id runs in for a tier: the listed mode, else the default mode, where
 * a default of `auto` means `manual` for runbooks that are not safe to automate and for custom
 * actions (a person starts those).
 */
export function effectiveModes(remediation: TierRemediationSettings | undefined): Record<string, RemediationMode> {
  const modes: Record<string, RemediationMode> = {};
  const defaultMode = remediation?.defaultMode ?? 'off';
  for (const id of remediableIds()) {
    const listed = remediation?.controls[id];
    const definition = runbookFor(id) as RunbookDefinition;
    const safeDefault =
      defaultMode === 'auto' && (!definition.safeToAutomate || isCustomActionRunbook(id)) ? 'manual' : defaultMode;
    modes[id] = listed ?? safeDefault;
  }
  return modes;
}

/**
 * The RemediationPolicy the remediation functions read, from validated settings: each tier
 * with the effective mode of every runbook not off, the exemptions flattened, the control ->
 * runbook table of every id some tier runs, and the parameters (catalogue defaults filled in) of every runbook in use.
 * Pure: the stacks pass the result to the functions as an SSM parameter or environment variable.
 */
export function buildRemediationPolicy(
  remediation: RemediationSettings,
  tiers: readonly RemediationTierInput[],
): RemediationPolicy {
  const runbooks: Record<string, RunbookDefinition> = RUNBOOKS;
  const policyTiers: PolicyTier[] = tiers.map((t) => ({
    name: t.name,
    environment: t.environment,
    accounts: [...t.accounts],
    organizationalUnits: [...t.organizationalUnits],
    modes: Object.fromEntries(Object.entries(effectiveModes(t.remediation)).filter(([, mode]) => mode !== 'off')),
  }));
  const active = new Set(policyTiers.flatMap((t) => Object.keys(t.modes)));
  const inUse = new Set([...active].map((id) => (runbookFor(id) as RunbookDefinition).runbook));
  const parameters: Record<string, Record<string, PolicyParameterValue>> = {};
  for (const runbook of [...inUse].sort()) {
    const defaults = Object.fromEntries(
      runbooks[runbook].parameters
        .filter((p) => p.default !== undefined)
        .map((p) => [p.name, p.default as PolicyParameterValue]),
    );
    const values = { ...defaults, ...remediation.parameters[runbook] };
    if (Object.keys(values).length > 0) parameters[runbook] = values;
  }
  return {
    version: 1,
    tiers: policyTiers,
    exemptions: remediation.exemptions.map((e) => ({
      securityControlId: e.securityControlId,
      accounts: e.scope.accounts ?? [],
      organizationalUnits: e.scope.organizationalUnits ?? [],
      ...(e.scope.resourceTag ? { resourceTag: e.scope.resourceTag } : {}),
      owner: e.owner,
      reason: e.reason,
      expires: e.expires,
    })),
    rateLimitPerAccountPerHour: remediation.rateLimitPerAccountPerHour,
    // Only ids some tier runs: the table then grows with what the organization uses, not with the catalogue, so a small
    // organization's policy still fits an environment variable. No rule or document delivers the other ids.
    runbooks: Object.fromEntries(
      remediableIds()
        .filter((id) => active.has(id))
        .map((id) => [id, (runbookFor(id) as RunbookDefinition).runbook]),
    ),
    customActions: Object.keys(CUSTOM_ACTION_REMEDIATIONS),
    parameters,
  };
}

/** Lambda keeps at most 4 KB of environment variables; larger policies go into an SSM parameter. */
export const ENVIRONMENT_POLICY_LIMIT = 3500;

/** The policy as compact JSON, the form the functions read from REMEDIATION_POLICY or the SSM parameter. */
export function serializeRemediationPolicy(policy: RemediationPolicy): string {
  return JSON.stringify(policy);
}

/**
 * Control ids whose FAILED findings a tier's EventBridge rule must deliver: those in auto (to
 * remediate) or shadow (to record plans). Custom actions are left out: their own rules deliver them.
 */
export function controlsReceivingFindings(tier: PolicyTier): string[] {
  return Object.entries(tier.modes)
    .filter(([id, mode]) => (mode === 'auto' || mode === 'shadow') && !isCustomActionRunbook(id))
    .map(([id]) => id)
    .sort();
}

/** Ids (controls and custom actions) a tier runs in any mode but off: what its execution role and SSM documents must cover. */
export function activeRemediationIds(tier: PolicyTier): string[] {
  return Object.keys(tier.modes).sort();
}

/**
 * What remediation deploys, worked out from the settings alone (no constructs), so the security
 * and workload tiers agree and tests can read it directly.
 */
export interface RemediationPlan {
  /** The runtime policy the functions read. */
  readonly policy: RemediationPolicy;
  /** The policy as the JSON the functions parse. */
  readonly policyJson: string;
  /** Remediation functions holding a runbook some tier uses. */
  readonly functions: readonly RemediateFunctionName[];
  /** Runbooks some tier uses, with their function. */
  readonly runbooks: readonly { readonly runbook: string; readonly function: RemediateFunctionName }[];
  /** EventBridge routes for imported findings, one per runbook with controls in auto or shadow. */
  readonly automatic: readonly AutomaticRoute[];
  /** Control ids in manual or auto mode somewhere, by function: what the Remediate action may send it. */
  readonly remediateActionControls: ReadonlyMap<RemediateFunctionName, readonly string[]>;
  /** Custom action runbooks (IsolateInstance) some tier uses, with their function. */
  readonly customActionRunbooks: readonly { readonly actionId: string; readonly function: RemediateFunctionName }[];
  /**
   * Execution role actions per tier name: every action of the runbooks it runs in manual or auto,
   * and only the read actions of those it runs in shadow (shadow inspects, it changes nothing).
   * Empty for tiers with every runbook off.
   */
  readonly tierActions: ReadonlyMap<string, readonly string[]>;
}

/** The custom actions remediation needs, with the names the console shows when the config does not declare them. */
export const REMEDIATION_ACTIONS: readonly CustomActionDefinition[] = [
  {
    id: REMEDIATE_ACTION_ID,
    name: 'Remediate',
    description: 'Run the remediation runbook for the selected control findings',
  },
  {
    id: ROLLBACK_ACTION_ID,
    name: 'Roll back',
    description: 'Restore the state recorded before the last remediation of the selected findings',
  },
  { id: 'IsolateInstance', name: 'Isolate instance', description: 'Isolate EC2 instance by replacing security groups' },
];

/**
 * The remediation plan of a config, or undefined when every tier has every runbook off (then no
 * remediation resource is deployed at all).
 */
export function planRemediation(config: RemediationPlanInput): RemediationPlan | undefined {
  const policy = buildRemediationPolicy(config.remediation, config.tiers);
  if (policy.tiers.every((t) => Object.keys(t.modes).length === 0)) return undefined;
  const functionOf = (id: string) => runbookFor(id)!.remediationFunction as RemediateFunctionName;

  const runbooks = new Map<string, RemediateFunctionName>();
  for (const tier of policy.tiers)
    for (const id of activeRemediationIds(tier)) runbooks.set(runbookFor(id)!.runbook, functionOf(id));

  // Imported findings: one route per runbook, over every tier that runs one of its controls in auto or shadow.
  const byRunbook = new Map<string, { controls: Set<string>; tiers: Set<PolicyTier>; auto: Set<string> }>();
  for (const tier of policy.tiers) {
    for (const id of controlsReceivingFindings(tier)) {
      const runbook = runbookFor(id)!.runbook;
      const entry = byRunbook.get(runbook) ?? { controls: new Set(), tiers: new Set(), auto: new Set() };
      entry.controls.add(id);
      entry.tiers.add(tier);
      if (tier.modes[id] === 'auto') entry.auto.add(tier.environment);
      byRunbook.set(runbook, entry);
    }
  }
  const automatic: AutomaticRoute[] = [...byRunbook.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([runbook, e]) => {
      const tiers = [...e.tiers];
      // An event names the account, not its OU: accounts can be matched only when no tier involved uses OUs.
      const byAccountOnly = tiers.every((t) => t.organizationalUnits.length === 0);
      return {
        runbook,
        securityControlIds: [...e.controls].sort(),
        accountIds: byAccountOnly ? [...new Set(tiers.flatMap((t) => t.accounts))].sort() : undefined,
        mode: e.auto.size > 0 ? 'auto' : 'shadow',
        autoEnvironments: [...e.auto].sort(),
      };
    });

  const remediateActionControls = new Map<RemediateFunctionName, string[]>();
  const customActionRunbooks = new Map<string, RemediateFunctionName>();
  for (const tier of policy.tiers) {
    for (const [id, mode] of Object.entries(tier.modes)) {
      if (isCustomActionRunbook(id)) {
        customActionRunbooks.set(id, functionOf(id));
      } else if (mode === 'manual' || mode === 'auto') {
        const list = remediateActionControls.get(functionOf(id)) ?? [];
        if (!list.includes(id)) list.push(id);
        remediateActionControls.set(functionOf(id), list);
      }
    }
  }
  for (const list of remediateActionControls.values()) list.sort();

  return {
    policy,
    policyJson: serializeRemediationPolicy(policy),
    functions: [...new Set(runbooks.values())].sort(),
    runbooks: [...runbooks.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([runbook, fn]) => ({ runbook, function: fn })),
    automatic,
    remediateActionControls,
    customActionRunbooks: [...customActionRunbooks.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([actionId, fn]) => ({ actionId, function: fn })),
    tierActions: new Map(policy.tiers.map((t) => [t.name, tierActions(t)])),
  };
}

function tierActions(tier: PolicyTier): string[] {
  const acting = activeRemediationIds(tier).filter((id) => tier.modes[id] !== 'shadow');
  const shadow = activeRemediationIds(tier).filter((id) => tier.modes[id] === 'shadow');
  return [
    ...new Set([...executionRolePermissions(acting), ...executionRolePermissions(shadow).filter(isReadOnlyAction)]),
  ].sort();
}

/**
 * Automation rules that suppress the findings of exemptions Security Hub can match itself
 * (accounts, resource tags), with a note naming owner, reason and expiry. Suppressed findings no
 * longer match the remediation routes. OU-scoped exemptions have no finding field to match:
 * the functions apply them. Expired exemptions get no rule.
 * @param today `YYYY-MM-DD` (UTC)
 */
export function exemptionAutomationRules(
  config: { readonly remediation: Pick<RemediationSettings, 'exemptions'> },
  today: string,
): AutomationRuleDefinition[] {
  return config.remediation.exemptions.flatMap((e, i): AutomationRuleDefinition[] => {
    if (e.expires < today) return [];
    const accounts = e.scope.accounts ?? [];
    const tag = e.scope.resourceTag;
    if (accounts.length === 0 && !tag) return [];
    return [
      {
        name: `Exemption ${e.securityControlId} ${i + 1}`,
        description: `Exempt from remediation until ${e.expires} (owner ${e.owner}): ${e.reason}`.slice(0, 1024),
        // After the rules a config declares, which use lower numbers.
        order: 900 + i,
        criteria: {
          ...(e.securityControlId === '*'
            ? {}
            : { ComplianceSecurityControlId: [{ comparison: 'EQUALS', value: e.securityControlId }] }),
          ...(accounts.length > 0 ? { AwsAccountId: accounts.map((value) => ({ comparison: 'EQUALS', value })) } : {}),
          ...(tag ? { ResourceTags: [{ key: tag.key, comparison: 'EQUALS', value: tag.value }] } : {}),
          ComplianceStatus: [{ comparison: 'EQUALS', value: 'FAILED' }],
        },
        actions: {
          workflowStatus: 'SUPPRESSED',
          note: `Exempt until ${e.expires} (owner ${e.owner}): ${e.reason}`.slice(0, 512),
        },
      },
    ];
  });
}
