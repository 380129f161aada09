import { buildRemediationPolicy, controlsReceivingFindings, activeRemediationIds, serializeRemediationPolicy, type RemediationPolicy, type PolicyTier } from '../config/remediation-schema';
import type { OrganizationConfig } from '../config/schema';
import { isReadOnlyAction } from '../modules/member-permissions';
import { executionRolePermissions, isCustomActionRunbook, REMEDIATE_ACTION_ID, ROLLBACK_ACTION_ID, runbookFor } from '../modules/catalogue/remediations';
import type { AutomationRuleDefinition } from '../modules/automation-rules';
import type { CustomActionDefinition } from '../modules/custom-actions';
import type { RemediateFunctionName } from '../modules/remediation-functions';
import type { AutomaticRoute } from '../modules/remediation-routing';

/**
 * What the stacks deploy for remediation, worked out from the config alone (no constructs), so
 * the security and workload stacks agree and tests can read it directly.
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
  { id: REMEDIATE_ACTION_ID, name: 'Remediate', description: 'Run the remediation runbook for the selected control findings' },
  { id: ROLLBACK_ACTION_ID, name: 'Roll back', description: 'Restore the state recorded before the last remediation of the selected findings' },
  { id: 'IsolateInstance', name: 'Isolate instance', description: 'Isolate EC2 instance by replacing security groups' },
];

/**
 * The remediation plan of a config, or undefined when every tier has every runbook off (then no
 * remediation resource is deployed at all).
 */
export function planRemediation(config: OrganizationConfig): RemediationPlan | undefined {
  const policy = buildRemediationPolicy(config.remediation, config.tiers);
  if (policy.tiers.every((t) => Object.keys(t.modes).length === 0)) return undefined;
  const functionOf = (id: string) => runbookFor(id)!.remediationFunction as RemediateFunctionName;

  const runbooks = new Map<string, RemediateFunctionName>();
  for (const tier of policy.tiers) for (const id of activeRemediationIds(tier)) runbooks.set(runbookFor(id)!.runbook, functionOf(id));

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
  const automatic: AutomaticRoute[] = [...byRunbook.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([runbook, e]) => {
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
    runbooks: [...runbooks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([runbook, fn]) => ({ runbook, function: fn })),
    automatic,
    remediateActionControls,
    customActionRunbooks: [...customActionRunbooks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([actionId, fn]) => ({ actionId, function: fn })),
    tierActions: new Map(policy.tiers.map((t) => [t.name, tierActions(t)])),
  };
}

function tierActions(tier: PolicyTier): string[] {
  const acting = activeRemediationIds(tier).filter((id) => tier.modes[id] !== 'shadow');
  const shadow = activeRemediationIds(tier).filter((id) => tier.modes[id] === 'shadow');
  return [...new Set([...executionRolePermissions(acting), ...executionRolePermissions(shadow).filter(isReadOnlyAction)])].sort();
}

/**
 * Automation rules that suppress the findings of exemptions Security Hub can match itself
 * (accounts, resource tags), with a note naming owner, reason and expiry. Suppressed findings no
 * longer match the remediation routes. OU-scoped exemptions have no finding field to match:
 * the functions apply them. Expired exemptions get no rule.
 * @param today `YYYY-MM-DD` (UTC)
 */
export function exemptionAutomationRules(config: OrganizationConfig, today: string): AutomationRuleDefinition[] {
  return config.remediation.exemptions.flatMap((e, i): AutomationRuleDefinition[] => {
    if (e.expires < today) return [];
    const accounts = e.scope.accounts ?? [];
    const tag = e.scope.resourceTag;
    if (accounts.length === 0 && !tag) return [];
    return [{
      name: `Exemption ${e.securityControlId} ${i + 1}`,
      description: `Exempt from remediation until ${e.expires} (owner ${e.owner}): ${e.reason}`.slice(0, 1024),
      // After the rules a config declares, which use lower numbers.
      order: 900 + i,
      criteria: {
        ...(e.securityControlId === '*' ? {} : { ComplianceSecurityControlId: [{ comparison: 'EQUALS', value: e.securityControlId }] }),
        ...(accounts.length > 0 ? { AwsAccountId: accounts.map((value) => ({ comparison: 'EQUALS', value })) } : {}),
        ...(tag ? { ResourceTags: [{ key: tag.key, comparison: 'EQUALS', value: tag.value }] } : {}),
        ComplianceStatus: [{ comparison: 'EQUALS', value: 'FAILED' }],
      },
      actions: {
        workflowStatus: 'SUPPRESSED',
        note: `Exempt until ${e.expires} (owner ${e.owner}): ${e.reason}`.slice(0, 512),
      },
    }];
  });
}
