import type { AutomationRulesConfig, ParameterConfiguration } from '@aws-sdk/client-securityhub';
import { AUTOMATION_RULE_ONLY_FIELDS, COMMON_FINDING_FILTER_FIELDS, STRING_COMPARISONS } from '../../config/schema';
import { checkControlId, checkControlParameters } from '../../domain/catalogue/control-checks';
import { AWS_PRODUCTS } from '../../domain/product-integrations';
import { SecurityStandard } from '../../domain/security-standard';
import type { ObservedOrganization, ObservedPolicy } from './observe';

/** The author the stacks write on automation rule notes (modules/automation-rules.ts). */
const NOTE_AUTHOR = 'cdktf-securityhub';

/** A config written by adopt: the data, comments by YAML path, and what it could not carry. */
export interface AdoptedConfig {
  /** The organization config, as plain data in the schema's shape. */
  readonly data: Record<string, unknown>;
  /** Comments placed before the node at each path (`tiers.0`, `customActions.1`). */
  readonly comments: Map<string, string>;
  /** Parts of the live setup the config cannot express: left as they are, not managed. */
  readonly notExpressed: readonly string[];
  /** What the first apply would change on adopted resources, in plain words. */
  readonly changes: string[];
}

/** Who the organization is, from Organizations. */
export interface OrganizationIdentity {
  readonly organizationId: string;
  readonly managementAccountId: string;
}

type Filters = Record<
  string,
  { comparison: string; value: string }[] | { key: string; comparison: string; value: string }[]
>;

/** Turns an API filter set (AwsSecurityFindingFilters) into the config's form, or names the part it cannot carry. */
function configFilters(
  api: Record<string, unknown>,
  allowed: readonly string[],
): { filters?: Filters; problem?: string } {
  const filters: Filters = {};
  for (const [field, list] of Object.entries(api)) {
    if (!Array.isArray(list) || list.length === 0) continue;
    if (field === 'ResourceTags') {
      filters.ResourceTags = list.map((f: { Key?: string; Value?: string; Comparison?: string }) => ({
        key: f.Key ?? '',
        comparison: f.Comparison ?? 'EQUALS',
        value: f.Value ?? '',
      }));
      continue;
    }
    if (!allowed.includes(field))
      return {
        problem: `filters on ${field}, which the config does not model (fields: ${allowed.join(', ')}, ResourceTags)`,
      };
    const out: { comparison: string; value: string }[] = [];
    for (const f of list as { Value?: string; Comparison?: string }[]) {
      if (typeof f.Value !== 'string' || !(STRING_COMPARISONS as readonly string[]).includes(f.Comparison ?? '')) {
        return { problem: `a ${field} filter that is not a string comparison (${JSON.stringify(f)})` };
      }
      out.push({ comparison: f.Comparison!, value: f.Value });
    }
    filters[field] = out;
  }
  return { filters };
}

/** A parameter's value in the config's form (a number, boolean, string or list). */
function parameterValue(p: ParameterConfiguration): unknown {
  const v = (p.Value ?? {}) as Record<string, unknown>;
  for (const key of ['Integer', 'Double', 'Boolean', 'String', 'Enum', 'IntegerList', 'StringList', 'EnumList']) {
    if (v[key] !== undefined) return v[key];
  }
  return undefined;
}

/** A tier name (a stack name) from a policy name: lower case, letters, digits and dashes. */
export function tierName(policyName: string, taken: ReadonlySet<string>): string {
  let base =
    policyName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .replace(/-+$/, '')
      .slice(0, 31) || 'tier';
  if (['management', 'security'].includes(base)) base = `${base}-tier`;
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base.slice(0, 28)}-${n}`;
  return name;
}

/**
 * Builds the organization config that reproduces what {@link observeOrganization} read, with the
 * import id of every existing resource in `adoption`.
 */
export function adoptedConfig(seen: ObservedOrganization, who: OrganizationIdentity): AdoptedConfig {
  const comments = new Map<string, string>();
  const notExpressed: string[] = [];
  const changes: string[] = [];
  const region = seen.region;
  const adoption: Record<string, unknown> = {
    hub: seen.accountId,
    securityHubAdministrator: seen.accountId,
  };
  const policyIds: Record<string, string> = {};
  const associationIds: Record<string, string> = {};

  // Regions: from the aggregator.
  let linkedRegions: unknown = [region];
  if (seen.aggregator) {
    adoption.findingAggregator = seen.aggregator.arn;
    const { linkingMode, regions } = seen.aggregator;
    if (linkingMode === 'ALL_REGIONS') linkedRegions = 'ALL_REGIONS';
    else if (linkingMode === 'ALL_REGIONS_EXCEPT_SPECIFIED') linkedRegions = { allExcept: [...regions].sort() };
    else if (linkingMode === 'SPECIFIED_REGIONS')
      linkedRegions = [region, ...[...regions].filter((r) => r !== region).sort()];
    comments.set('organization.linkedRegions', ` From the finding aggregator ${seen.aggregator.arn} (${linkingMode}).`);
  } else {
    comments.set(
      'organization.linkedRegions',
      ` No finding aggregator exists: the first apply creates one in ${region}, linking no other Region. List linked Regions here to aggregate them.`,
    );
    changes.push(`A finding aggregator is created in ${region}: central configuration needs one.`);
  }

  if (seen.hub.controlFindingGenerator && seen.hub.controlFindingGenerator !== 'SECURITY_CONTROL') {
    changes.push(
      `The administrator's hub switches to consolidated control findings (ControlFindingGenerator ${seen.hub.controlFindingGenerator} -> SECURITY_CONTROL): one finding per control and resource, whatever the number of standards.`,
    );
  }
  if (seen.hub.autoEnableControls === false)
    changes.push(
      "The administrator's hub turns on AutoEnableControls: new controls of enabled standards are enabled as AWS releases them.",
    );

  const taken = new Set<string>();
  const tiers: Record<string, unknown>[] = [];
  const tierFrom = (
    source: string,
    name: string,
    standardArns: readonly string[],
    disabled: readonly { securityControlId: string; reason?: string }[],
    parameters: ObservedPolicy['parameters'],
    targets: readonly { id: string; type: string }[],
  ): Record<string, unknown> | undefined => {
    const standards: string[] = [];
    for (const arn of standardArns) {
      const standard = SecurityStandard.fromId(arn);
      if (standard) standards.push(standard.standardsId);
      else
        notExpressed.push(
          `${source}: standard ${arn} is not one this tool knows (${SecurityStandard.knownIds().join(', ')}); it is left out of the tier, so adopting would disable it.`,
        );
    }
    if (standards.length === 0) {
      notExpressed.push(`${source}: enables no standard this tool knows; a tier needs at least one. Not adopted.`);
      return undefined;
    }
    const ous: string[] = [];
    const accounts: string[] = [];
    for (const t of targets) {
      if (t.type === 'ORGANIZATIONAL_UNIT') ous.push(t.id);
      else if (t.type === 'ACCOUNT') accounts.push(t.id);
      else
        notExpressed.push(
          `${source}: is associated with the organization root ${t.id}; tiers name OUs and accounts, so the root association is not adopted. Associate the policy with the OUs under the root instead.`,
        );
    }
    if (ous.length + accounts.length === 0) {
      notExpressed.push(`${source}: is associated with no OU or account; a tier needs a target. Not adopted.`);
      return undefined;
    }
    const disabledControls = disabled.map((d) => {
      const { error } = checkControlId(d.securityControlId);
      return {
        securityControlId: d.securityControlId,
        reason:
          d.reason && d.reason.length >= 10 ? d.reason : `Disabled before adoption (${source}); replace with why.`,
        ...(error ? { notInCatalogue: true as const } : {}),
      };
    });
    const controlParameters: Record<string, Record<string, unknown>> = {};
    for (const [controlId, values] of Object.entries(parameters)) {
      const custom = Object.fromEntries(
        Object.entries(values)
          .filter(([, p]) => p.ValueType !== 'DEFAULT')
          .map(([k, p]) => [k, parameterValue(p)]),
      );
      if (Object.keys(custom).length === 0) continue;
      const { control, error } = checkControlId(controlId);
      const problems = control ? checkControlParameters(control, custom) : [];
      if (error || !control || problems.length > 0) {
        notExpressed.push(
          `${source}: parameters of ${controlId} (${JSON.stringify(custom)}): ${error ?? problems.map((p) => `${p.name}: ${p.message}`).join('; ')}; left out, so adopting would reset them to Security Hub's defaults.`,
        );
        continue;
      }
      controlParameters[controlId] = custom;
    }
    const tier = tierName(name, taken);
    taken.add(tier);
    return {
      name: tier,
      environment: 'production',
      organizationalUnits: ous,
      accounts,
      standards,
      disabledControls,
      controlParameters,
    };
  };

  if (seen.configurationType === 'CENTRAL') {
    for (const policy of seen.policies) {
      const source = `configuration policy ${JSON.stringify(policy.name)} (${policy.id})`;
      if (!policy.serviceEnabled) {
        notExpressed.push(
          `${source}: turns Security Hub off for its targets; tiers always turn it on. Not adopted: it stays as it is, outside Terraform.`,
        );
        continue;
      }
      if (policy.enabledControls) {
        notExpressed.push(
          `${source}: lists the controls it enables (${policy.enabledControls.length}) instead of those it disables; tiers list disabled controls. Not adopted.`,
        );
        continue;
      }
      const tier = tierFrom(
        source,
        policy.name,
        policy.standardArns,
        (policy.disabledControls ?? []).map((securityControlId) => ({ securityControlId })),
        policy.parameters,
        policy.targets,
      );
      if (!tier) continue;
      const index = tiers.length;
      tiers.push(tier);
      policyIds[tier.name as string] = policy.id;
      for (const t of [...(tier.organizationalUnits as string[]), ...(tier.accounts as string[])])
        associationIds[t] = t;
      comments.set(
        `tiers.${index}`,
        ` From ${source}, ARN ${policy.arn}.${tier.name !== policy.name ? ` The policy is renamed ${JSON.stringify(tier.name)} (tier names are stack names).` : ''}\n environment is a placeholder: choose staging, production, sandbox or development.`,
      );
      if ((tier.disabledControls as unknown[]).length > 0)
        comments.set(
          `tiers.${index}.disabledControls`,
          ' AWS holds no reason for controls a policy disables: replace each placeholder reason with why.',
        );
      if (tier.name !== policy.name)
        changes.push(`Configuration policy ${JSON.stringify(policy.name)} is renamed ${JSON.stringify(tier.name)}.`);
      changes.push(
        `Configuration policy ${JSON.stringify(tier.name)}: its description is rewritten to list its standards and disabled controls${policy.description ? ` (now ${JSON.stringify(policy.description)})` : ''}.`,
      );
    }
    for (const t of seen.selfManagedTargets)
      notExpressed.push(
        `${t.type === 'ROOT' ? 'the root' : t.type === 'ORGANIZATIONAL_UNIT' ? 'OU' : 'account'} ${t.id} is self-managed (SELF_MANAGED_SECURITY_HUB); tiers do not model self-management, so it stays as it is.`,
      );
    adoption.organizationConfiguration = seen.accountId;
  } else {
    const own = seen.local!;
    const source = `the administrator account ${seen.accountId}'s own settings (LOCAL configuration)`;
    const tier = tierFrom(
      source,
      'default',
      own.standardArns,
      own.disabledControls,
      own.parameters,
      seen.members.map((id) => ({ id, type: 'ACCOUNT' })),
    );
    if (tier) {
      tiers.push(tier);
      comments.set(
        'tiers.0',
        ` From ${source}: its standards, disabled controls and custom parameters, applied to every member account (${seen.members.length}).\n Under central configuration the policy governs each member: split members into tiers by OU here.\n environment is a placeholder: choose staging, production, sandbox or development.`,
      );
      changes.push(
        `LOCAL -> CENTRAL: organization configuration becomes CENTRAL (AutoEnable ${seen.autoEnable ?? false} -> false, AutoEnableStandards ${seen.autoEnableStandards ?? 'NONE'} -> NONE); from then on configuration policies, not each account, decide standards and controls.`,
      );
      for (const p of own.partlyDisabled) {
        changes.push(
          `Control ${p.securityControlId} is re-enabled in ${p.disabledIn.map((arn) => SecurityStandard.fromId(arn)?.shortName ?? arn).join(', ')}: it is disabled there but enabled in another standard, and a tier disables a control in every standard or none (list it in disabledControls to keep it off everywhere).`,
        );
      }
      changes.push(
        `Configuration policy ${JSON.stringify(tier.name)} is created and associated with ${seen.members.length} member account(s): controls a member disabled on its own are re-enabled unless this tier disables them, and standards a member subscribed on its own are replaced by the tier's (${(tier.standards as string[]).join(', ')}).`,
      );
    }
    // The organization configuration exists in LOCAL too: it is adopted and updated in place.
    adoption.organizationConfiguration = seen.accountId;
  }
  if (tiers.length === 0)
    notExpressed.push(
      'no configuration policy could be adopted as a tier; the config needs at least one tier, so add one before synth.',
    );

  // Product subscriptions.
  const products: string[] = [];
  const productArns: string[] = [];
  const subscriptionIds: Record<string, string> = {};
  for (const s of seen.productSubscriptions) {
    const path = s.subscriptionArn.replace(/^.*:product-subscription\//, '');
    if (path === 'aws/securityhub') continue; // Security Hub's own findings: always on, not a subscription to manage.
    const name = (Object.entries(AWS_PRODUCTS) as [string, string][]).find(([, p]) => p === path)?.[0];
    const productArn = name
      ? `arn:${s.subscriptionArn.split(':')[1]}:securityhub:${region}::product/${path}`
      : s.productArn;
    if (!productArn) {
      notExpressed.push(
        `product subscription ${s.subscriptionArn}: no product of DescribeProducts matches it; not adopted.`,
      );
      continue;
    }
    if (name) products.push(name);
    else productArns.push(productArn);
    subscriptionIds[name ?? productArn] = `${productArn},${s.subscriptionArn}`;
  }

  const customActions = seen.actionTargets.map((t) => ({
    id: t.arn.replace(/^.*:action\/custom\//, ''),
    name: t.name,
    description: t.description,
  }));
  const customActionIds = Object.fromEntries(customActions.map((a, i) => [a.id, seen.actionTargets[i].arn]));

  const automationRules: Record<string, unknown>[] = [];
  const ruleIds: Record<string, string> = {};
  for (const rule of seen.automationRules) {
    const source = `automation rule ${JSON.stringify(rule.RuleName)} (${rule.RuleArn})`;
    const converted = automationRule(rule);
    if ('problem' in converted) {
      notExpressed.push(`${source}: ${converted.problem}; not adopted, it stays as it is.`);
      continue;
    }
    comments.set(`automationRules.${automationRules.length}`, ` From ${rule.RuleArn}.`);
    automationRules.push(converted.rule);
    ruleIds[rule.RuleName!] = rule.RuleArn!;
    if (converted.noteAuthor && converted.noteAuthor !== NOTE_AUTHOR)
      changes.push(
        `Automation rule ${JSON.stringify(rule.RuleName)}: its note's author becomes ${NOTE_AUTHOR} (now ${converted.noteAuthor}).`,
      );
  }

  const insights: Record<string, unknown>[] = [];
  const insightIds: Record<string, string> = {};
  for (const insight of seen.insights) {
    const { filters, problem } = configFilters(insight.filters, COMMON_FINDING_FILTER_FIELDS);
    if (problem) {
      notExpressed.push(
        `insight ${JSON.stringify(insight.name)} (${insight.arn}): ${problem}; not adopted, it stays as it is.`,
      );
      continue;
    }
    comments.set(`insights.${insights.length}`, ` From ${insight.arn}.`);
    insights.push({ name: insight.name, groupBy: insight.groupBy, filters });
    insightIds[insight.name] = insight.arn;
  }

  Object.assign(adoption, {
    configurationPolicies: policyIds,
    policyAssociations: associationIds,
    productSubscriptions: subscriptionIds,
    customActions: customActionIds,
    automationRules: ruleIds,
    insights: insightIds,
  });

  comments.set(
    'organization',
    ` Read from account ${seen.accountId} (the Security Hub delegated administrator) in ${region}, organization ${who.organizationId}.`,
  );
  comments.set('guardrail', ' The guardrail SCP is new to this organization: it stays off until you turn it on.');
  comments.set('integrations', ` From ListEnabledProductsForImport in ${region}.`);
  comments.set('customActions', ` From DescribeActionTargets in ${region}.`);
  comments.set('notifications', ' New: the stacks add an encrypted SNS topic for new CRITICAL and HIGH findings.');
  comments.set(
    'adoption',
    ' Import ids of the resources that exist: the first plan imports them instead of creating them.\n Remove this section after the first apply; the resources are then in Terraform state.',
  );

  const data: Record<string, unknown> = {
    organization: {
      name: who.organizationId,
      managementAccountId: who.managementAccountId,
      securityAccountId: seen.accountId,
      homeRegion: region,
      linkedRegions,
    },
    guardrail: { enabled: false },
    integrations: { products, productArns },
    customActions,
    automationRules,
    insights,
    notifications: { severities: ['CRITICAL', 'HIGH'], emailSubscribers: [] },
    tiers,
    adoption,
  };
  return { data, comments, notExpressed, changes };
}

/** An automation rule in the config's form, or what keeps it out. */
function automationRule(
  rule: AutomationRulesConfig,
): { rule: Record<string, unknown>; noteAuthor?: string } | { problem: string } {
  const { filters, problem } = configFilters((rule.Criteria ?? {}) as Record<string, unknown>, [
    ...COMMON_FINDING_FILTER_FIELDS,
    ...AUTOMATION_RULE_ONLY_FIELDS,
  ]);
  if (problem) return { problem };
  const acts = rule.Actions ?? [];
  if (acts.length !== 1 || acts[0].Type !== 'FINDING_FIELDS_UPDATE')
    return { problem: 'has an action other than one FINDING_FIELDS_UPDATE' };
  const update = (acts[0].FindingFieldsUpdate ?? {}) as Record<string, unknown> &
    NonNullable<(typeof acts)[0]['FindingFieldsUpdate']>;
  const modelled = ['Workflow', 'Severity', 'Note', 'UserDefinedFields'];
  const extra = Object.keys(update).filter((k) => update[k] !== undefined && !modelled.includes(k));
  if (extra.length > 0)
    return {
      problem: `updates ${extra.join(', ')}, which the config does not model (workflowStatus, severityLabel, note, userDefinedFields)`,
    };
  if (update.Severity && (update.Severity.Normalized !== undefined || update.Severity.Product !== undefined))
    return { problem: 'sets a numeric severity, which the config does not model (severityLabel)' };
  const actions: Record<string, unknown> = {};
  if (update.Workflow?.Status) actions.workflowStatus = update.Workflow.Status;
  if (update.Severity?.Label) actions.severityLabel = update.Severity.Label;
  if (update.Note?.Text) actions.note = update.Note.Text;
  if (update.UserDefinedFields && Object.keys(update.UserDefinedFields).length > 0)
    actions.userDefinedFields = update.UserDefinedFields;
  return {
    rule: {
      name: rule.RuleName,
      description: rule.Description,
      order: rule.RuleOrder,
      terminal: rule.IsTerminal ?? false,
      enabled: rule.RuleStatus !== 'DISABLED',
      criteria: filters,
      actions,
    },
    noteAuthor: update.Note?.UpdatedBy,
  };
}
