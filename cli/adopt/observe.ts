import { allPages as pages } from '../aws/pages';
import {
  BatchGetAutomationRulesCommand,
  BatchGetSecurityControlsCommand,
  DescribeActionTargetsCommand,
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  DescribeProductsCommand,
  GetConfigurationPolicyCommand,
  GetEnabledStandardsCommand,
  GetFindingAggregatorCommand,
  GetInsightsCommand,
  ListAutomationRulesCommand,
  ListConfigurationPoliciesCommand,
  ListConfigurationPolicyAssociationsCommand,
  ListEnabledProductsForImportCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  ListSecurityControlDefinitionsCommand,
  BatchGetStandardsControlAssociationsCommand,
  type AutomationRulesConfig,
  type ConfigurationPolicyAssociationSummary,
  type ParameterConfiguration as Parameter,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { CliError } from '../errors';
import { describeAwsError } from '../aws/securityhub-client';

/** One configuration policy as GetConfigurationPolicy returns it, with its applied targets. */
export interface ObservedPolicy {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly serviceEnabled: boolean;
  readonly standardArns: readonly string[];
  /** Disabled controls, or undefined when the policy lists enabled controls instead. */
  readonly disabledControls?: readonly string[];
  /** Set when the policy lists the controls it enables (a shape tiers do not model). */
  readonly enabledControls?: readonly string[];
  readonly parameters: Readonly<Record<string, Readonly<Record<string, Parameter>>>>;
  /** Targets the policy is applied to directly (not inherited). */
  readonly targets: readonly { readonly id: string; readonly type: string }[];
}

/** A control the administrator's own account disabled (LOCAL configuration). */
export interface ObservedDisabledControl {
  readonly securityControlId: string;
  /** The reason AWS holds for the change, when one was given. */
  readonly reason?: string;
}

/** Everything `securityhub adopt` reads from the delegated administrator's home Region. */
export interface ObservedOrganization {
  readonly accountId: string;
  readonly region: string;
  readonly hub: {
    readonly arn: string;
    readonly autoEnableControls?: boolean;
    readonly controlFindingGenerator?: string;
  };
  readonly configurationType: 'CENTRAL' | 'LOCAL';
  readonly autoEnable?: boolean;
  readonly autoEnableStandards?: string;
  readonly aggregator?: { readonly arn: string; readonly linkingMode: string; readonly regions: readonly string[] };
  readonly policies: readonly ObservedPolicy[];
  /** Associations Security Hub holds that no policy of this administrator owns (self-managed accounts). */
  readonly selfManagedTargets: readonly { readonly id: string; readonly type: string }[];
  /** LOCAL configuration: the administrator's own standards, disabled controls and custom parameters. */
  readonly local?: {
    readonly standardArns: readonly string[];
    readonly disabledControls: readonly ObservedDisabledControl[];
    /** Controls disabled in some enabled standards but not all, with the standards they are disabled in. */
    readonly partlyDisabled: readonly { readonly securityControlId: string; readonly disabledIn: readonly string[] }[];
    readonly parameters: Readonly<Record<string, Readonly<Record<string, Parameter>>>>;
  };
  readonly members: readonly string[];
  readonly productSubscriptions: readonly { readonly subscriptionArn: string; readonly productArn?: string }[];
  readonly actionTargets: readonly { readonly arn: string; readonly name: string; readonly description: string }[];
  readonly automationRules: readonly AutomationRulesConfig[];
  readonly insights: readonly {
    readonly arn: string;
    readonly name: string;
    readonly groupBy: string;
    readonly filters: Record<string, unknown>;
  }[];
}

/** AWS's policy id for "the account manages itself", which association listings carry. */
const SELF_MANAGED = 'SELF_MANAGED_SECURITY_HUB';

const refused = (e: unknown) => /InvalidAccess|AccessDenied|NotAdministrator/i.test((e as Error)?.name ?? '');

/**
 * Reads the live Security Hub setup of a delegated administrator in `region`.
 * @throws CliError when the caller is not the delegated administrator, or `region` is not the aggregation Region
 */
export async function observeOrganization(
  client: SecurityHubClient,
  accountId: string,
  region: string,
): Promise<ObservedOrganization> {
  let hub;
  try {
    hub = await client.send(new DescribeHubCommand({}));
  } catch (e) {
    if (refused(e))
      throw new CliError(
        `Security Hub is not on in account ${accountId} in ${region} (${describeAwsError(e)}); run adopt with the delegated administrator's credentials in the aggregation Region (--region).`,
      );
    throw e;
  }
  const aggregators = await pages(async (NextToken) => {
    const r = await client.send(new ListFindingAggregatorsCommand({ NextToken }));
    return { items: r.FindingAggregators, next: r.NextToken };
  });
  let aggregator: ObservedOrganization['aggregator'];
  if (aggregators.length > 0) {
    const arn = aggregators[0].FindingAggregatorArn!;
    const home = arn.split(':')[3];
    if (home !== region) {
      throw new CliError(
        `${region} is not the aggregation Region: the finding aggregator ${arn} is in ${home}. Run adopt with --region ${home}. Nothing was written.`,
      );
    }
    const got = await client.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: arn }));
    aggregator = { arn, linkingMode: got.RegionLinkingMode ?? 'ALL_REGIONS', regions: got.Regions ?? [] };
  }

  let organization;
  try {
    organization = await client.send(new DescribeOrganizationConfigurationCommand({}));
  } catch (e) {
    if (refused(e)) {
      throw new CliError(
        `account ${accountId} is a member account, not the Security Hub delegated administrator (${describeAwsError(e)}); run adopt with the delegated administrator's credentials. Nothing was written.`,
      );
    }
    throw e;
  }

  const configurationType =
    organization.OrganizationConfiguration?.ConfigurationType === 'CENTRAL' ? 'CENTRAL' : 'LOCAL';
  const policies: ObservedPolicy[] = [];
  const selfManagedTargets: { id: string; type: string }[] = [];
  if (configurationType === 'CENTRAL') {
    const associations = await pages<ConfigurationPolicyAssociationSummary>(async (NextToken) => {
      const r = await client.send(
        new ListConfigurationPolicyAssociationsCommand({ NextToken, Filters: { AssociationType: 'APPLIED' } }),
      );
      return { items: r.ConfigurationPolicyAssociationSummaries, next: r.NextToken };
    });
    const summaries = await pages(async (NextToken) => {
      const r = await client.send(new ListConfigurationPoliciesCommand({ NextToken }));
      return { items: r.ConfigurationPolicySummaries, next: r.NextToken };
    });
    for (const summary of summaries) {
      const p = await client.send(new GetConfigurationPolicyCommand({ Identifier: summary.Id! }));
      const sh = p.ConfigurationPolicy?.SecurityHub;
      const controls = sh?.SecurityControlsConfiguration;
      policies.push({
        id: p.Id!,
        arn: p.Arn!,
        name: p.Name!,
        description: p.Description,
        serviceEnabled: sh?.ServiceEnabled === true,
        standardArns: sh?.EnabledStandardIdentifiers ?? [],
        disabledControls: controls?.EnabledSecurityControlIdentifiers
          ? undefined
          : (controls?.DisabledSecurityControlIdentifiers ?? []),
        enabledControls: controls?.EnabledSecurityControlIdentifiers,
        parameters: Object.fromEntries(
          (controls?.SecurityControlCustomParameters ?? []).map((c) => [c.SecurityControlId!, c.Parameters ?? {}]),
        ),
        targets: associations
          .filter((a) => a.ConfigurationPolicyId === p.Id)
          .map((a) => ({ id: a.TargetId!, type: a.TargetType ?? 'ACCOUNT' })),
      });
    }
    selfManagedTargets.push(
      ...associations
        .filter((a) => a.ConfigurationPolicyId === SELF_MANAGED)
        .map((a) => ({ id: a.TargetId!, type: a.TargetType ?? 'ACCOUNT' })),
    );
  }

  const local = configurationType === 'LOCAL' ? await observeOwnControls(client) : undefined;
  const members = (
    await pages(async (NextToken) => {
      const r = await client.send(new ListMembersCommand({ NextToken, OnlyAssociated: true }));
      return { items: r.Members, next: r.NextToken };
    })
  )
    .map((m) => m.AccountId!)
    .filter((id) => id !== accountId);

  const subscriptions = await pages(async (NextToken) => {
    const r = await client.send(new ListEnabledProductsForImportCommand({ NextToken }));
    return { items: r.ProductSubscriptions, next: r.NextToken };
  });
  const products =
    subscriptions.length > 0
      ? await pages(async (NextToken) => {
          const r = await client.send(new DescribeProductsCommand({ NextToken }));
          return { items: r.Products, next: r.NextToken };
        })
      : [];
  const productSubscriptions = subscriptions.map((subscriptionArn) => {
    const path = subscriptionArn.replace(/^.*:product-subscription\//, '');
    return {
      subscriptionArn,
      productArn: products.find((p) => p.ProductArn?.endsWith(`:product/${path}`))?.ProductArn,
    };
  });

  const actionTargets = (
    await pages(async (NextToken) => {
      const r = await client.send(new DescribeActionTargetsCommand({ NextToken }));
      return { items: r.ActionTargets, next: r.NextToken };
    })
  ).map((t) => ({ arn: t.ActionTargetArn!, name: t.Name!, description: t.Description! }));

  const ruleArns = (
    await pages(async (NextToken) => {
      const r = await client.send(new ListAutomationRulesCommand({ NextToken }));
      return { items: r.AutomationRulesMetadata, next: r.NextToken };
    })
  ).map((r) => r.RuleArn!);
  const automationRules: AutomationRulesConfig[] = [];
  for (let i = 0; i < ruleArns.length; i += 100) {
    const got = await client.send(
      new BatchGetAutomationRulesCommand({ AutomationRulesArns: ruleArns.slice(i, i + 100) }),
    );
    automationRules.push(...(got.Rules ?? []));
  }

  const insights = (
    await pages(async (NextToken) => {
      const r = await client.send(new GetInsightsCommand({ NextToken }));
      return { items: r.Insights, next: r.NextToken };
    })
  )
    // Managed insights are AWS's own (arn:...:insight/securityhub/default/N); only custom ones are the organization's.
    .filter((i) => /:insight\/\d{12}\/custom\//.test(i.InsightArn ?? ''))
    .map((i) => ({
      arn: i.InsightArn!,
      name: i.Name!,
      groupBy: i.GroupByAttribute!,
      filters: (i.Filters ?? {}) as Record<string, unknown>,
    }));

  return {
    accountId,
    region,
    hub: {
      arn: hub.HubArn!,
      autoEnableControls: hub.AutoEnableControls,
      controlFindingGenerator: hub.ControlFindingGenerator,
    },
    configurationType,
    autoEnable: organization.AutoEnable,
    autoEnableStandards: organization.AutoEnableStandards,
    aggregator,
    policies,
    selfManagedTargets,
    local,
    members,
    productSubscriptions,
    actionTargets,
    automationRules,
    insights,
  };
}

/**
 * LOCAL configuration: the administrator account's own standards, the controls it disabled (with
 * the reason AWS holds) and custom parameters. A control disabled in every enabled standard that
 * has it becomes a disabled control of the tier; one disabled in some standards only is reported
 * apart, since a tier disables a control in all standards or none.
 */
async function observeOwnControls(client: SecurityHubClient): Promise<NonNullable<ObservedOrganization['local']>> {
  const standards = await pages(async (NextToken) => {
    const r = await client.send(new GetEnabledStandardsCommand({ NextToken }));
    return { items: r.StandardsSubscriptions, next: r.NextToken };
  });
  const enabled = standards.filter((s) => s.StandardsStatus !== 'DELETING').map((s) => s.StandardsArn!);
  const pairs: { StandardsArn: string; SecurityControlId: string }[] = [];
  for (const StandardsArn of enabled) {
    const inStandard = await pages(async (NextToken) => {
      const r = await client.send(new ListSecurityControlDefinitionsCommand({ NextToken, StandardsArn }));
      return { items: r.SecurityControlDefinitions, next: r.NextToken };
    });
    for (const d of inStandard) pairs.push({ StandardsArn, SecurityControlId: d.SecurityControlId! });
  }
  const byControl = new Map<string, { standardsArn: string; status: string; reason?: string }[]>();
  for (let i = 0; i < pairs.length; i += 100) {
    const got = await client.send(
      new BatchGetStandardsControlAssociationsCommand({ StandardsControlAssociationIds: pairs.slice(i, i + 100) }),
    );
    for (const a of got.StandardsControlAssociationDetails ?? []) {
      const list = byControl.get(a.SecurityControlId!) ?? [];
      list.push({ standardsArn: a.StandardsArn!, status: a.AssociationStatus ?? 'ENABLED', reason: a.UpdatedReason });
      byControl.set(a.SecurityControlId!, list);
    }
  }
  const disabledControls: ObservedDisabledControl[] = [];
  const partlyDisabled: { securityControlId: string; disabledIn: string[] }[] = [];
  for (const [securityControlId, associations] of [...byControl].sort(([a], [b]) => a.localeCompare(b))) {
    const off = associations.filter((a) => a.status === 'DISABLED');
    if (off.length === 0) continue;
    if (off.length === associations.length)
      disabledControls.push({ securityControlId, reason: off.find((a) => a.reason)?.reason });
    else partlyDisabled.push({ securityControlId, disabledIn: off.map((a) => a.standardsArn) });
  }
  const parameters: Record<string, Record<string, Parameter>> = {};
  const ids = [...byControl.keys()].sort();
  for (let i = 0; i < ids.length; i += 100) {
    const got = await client.send(new BatchGetSecurityControlsCommand({ SecurityControlIds: ids.slice(i, i + 100) }));
    for (const control of got.SecurityControls ?? []) {
      const custom = Object.entries(control.Parameters ?? {}).filter(([, p]) => p.ValueType === 'CUSTOM');
      if (custom.length > 0) parameters[control.SecurityControlId!] = Object.fromEntries(custom);
    }
  }
  return { standardArns: enabled, disabledControls, partlyDisabled, parameters };
}
