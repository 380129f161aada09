import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { partitionOf } from '../config/regions';
import type { OrganizationConfig } from '../config/schema';
import { AutomationRules } from '../modules/automation-rules';
import { CentralConfiguration } from '../modules/central-configuration';
import { ConfigurationPolicy } from '../modules/configuration-policy';
import { CustomActions } from '../modules/custom-actions';
import { FindingAggregator, type RegionLinking } from '../modules/finding-aggregator';
import { Insights } from '../modules/insights';
import { FindingNotifications } from '../modules/notifications';
import { ProductIntegrations } from '../modules/product-integrations';
import { SecurityHub } from '../modules/security-hub';
import { SecurityStandard } from '../modules/security-standard';
import { configureStateBackend } from '../modules/state-backend';
import { accountProvider } from './account-provider';
import { tierTargets } from './tier-targets';

/** The security stack's name (and state key). */
export const SECURITY_STACK = 'security';

/**
 * The security tier: everything the delegated administrator runs in the home Region. The hub,
 * the finding aggregator, CENTRAL organization configuration with one configuration policy per
 * workload tier, product integrations, custom actions, automation rules, insights and the
 * notification topic. Resource order follows AWS's rules: hub, then aggregator, then CENTRAL
 * configuration, then policies and their associations.
 */
export class SecurityStack extends TerraformStack {
  /** The delegated administrator's hub. */
  public readonly hub: SecurityHub;
  /** Custom actions by id, for one-click remediation routing. */
  public readonly customActions: CustomActions;
  /** The notification topic and its rule. */
  public readonly notifications: FindingNotifications;
  /** One configuration policy per workload tier, by tier name. */
  public readonly configurationPolicies: ReadonlyMap<string, ConfigurationPolicy>;

  constructor(scope: Construct, config: OrganizationConfig) {
    super(scope, SECURITY_STACK);
    const org = config.organization;
    const region = org.homeRegion;
    const partition = partitionOf(region);
    configureStateBackend(this, SECURITY_STACK, config.stateBackend, config.stateBackendOverrides[SECURITY_STACK]);
    accountProvider(this, 'aws', { accountId: org.securityAccountId, region, roleName: config.deployment.roleName, tags: config.tags });

    this.hub = new SecurityHub(this, 'hub');
    const aggregator = new FindingAggregator(this, 'finding-aggregator', { linking: regionLinking(config), hub: this.hub.account });
    const central = new CentralConfiguration(this, 'central-configuration', { findingAggregator: aggregator.aggregator });

    const policies = new Map<string, ConfigurationPolicy>();
    for (const tier of config.tiers) {
      policies.set(tier.name, new ConfigurationPolicy(this, `policy-${tier.name}`, {
        name: `${tier.name}`,
        standards: tier.standards.map((id) => SecurityStandard.fromId(id)!),
        region,
        partition,
        disabledControls: tier.disabledControls,
        controlParameters: tier.controlParameters,
        targets: tierTargets(tier),
        organizationConfiguration: central.organizationConfiguration,
      }));
    }
    this.configurationPolicies = policies;
    // Reasons are not a field of configuration policies; an output keeps them beside the plan for reviewers and auditors.
    new TerraformOutput(this, 'disabled-control-reasons', {
      description: 'Why each control is disabled, by tier',
      value: Object.fromEntries(config.tiers.map((t) => [t.name, Object.fromEntries(t.disabledControls.map((d) => [d.securityControlId, d.reason]))])),
    });

    new ProductIntegrations(this, 'product-integrations', {
      awsProducts: config.integrations.products,
      productArns: config.integrations.productArns,
      region,
      partition,
      hub: this.hub.account,
    });
    this.customActions = new CustomActions(this, 'custom-actions', { actions: config.customActions, hub: this.hub.account });
    new AutomationRules(this, 'automation-rules', { rules: config.automationRules, hub: this.hub.account });
    new Insights(this, 'insights', { insights: config.insights, hub: this.hub.account });
    this.notifications = new FindingNotifications(this, 'notifications', {
      severities: config.notifications.severities,
      emailSubscribers: config.notifications.emailSubscribers,
      accountId: org.securityAccountId,
      partition,
    });
  }
}

/** The aggregator's linking from the config's linkedRegions; the home Region is implied, so it is left out. */
export function regionLinking(config: OrganizationConfig): RegionLinking {
  const { linkedRegions, homeRegion } = config.organization;
  if (linkedRegions === 'ALL_REGIONS') return { mode: 'ALL_REGIONS' };
  if (!Array.isArray(linkedRegions)) return { mode: 'ALL_REGIONS_EXCEPT_SPECIFIED', regions: linkedRegions.allExcept };
  const others = linkedRegions.filter((r) => r !== homeRegion);
  // Only the home Region listed: nothing to link, but the aggregator must still exist for CENTRAL configuration.
  return others.length > 0 ? { mode: 'SPECIFIED_REGIONS', regions: others } : { mode: 'NO_REGIONS' };
}
