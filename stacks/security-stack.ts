import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { TerraformOutput, TerraformStack } from 'cdktf';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../config/package-root';
import type { Construct } from 'constructs';
import { partitionOf } from '../config/regions';
import type { OrganizationConfig } from '../config/schema';
import { AutomationRules } from '../modules/automation-rules';
import { CentralConfiguration } from '../modules/central-configuration';
import { ConfigurationPolicy } from '../modules/configuration-policy';
import { CustomActions } from '../modules/custom-actions';
import { FindingAggregator, type RegionLinking } from '../modules/finding-aggregator';
import { FindingsExport } from '../modules/findings-export';
import { Insights } from '../modules/insights';
import { FindingNotifications } from '../modules/notifications';
import { ProductIntegrations } from '../modules/product-integrations';
import { SecurityHub } from '../modules/security-hub';
import { SecurityStandard } from '../modules/security-standard';
import { configureStateBackend } from '../modules/state-backend';
import { RemediationFunctions } from '../modules/remediation-functions';
import { RemediationLedger } from '../modules/remediation-ledger';
import { RemediationRouting, type CustomActionRoute } from '../modules/remediation-routing';
import { RemediationRunbooks } from '../modules/remediation-runbooks';
import { REMEDIATE_ACTION_ID, ROLLBACK_ACTION_ID } from '../modules/catalogue/remediations';
import { accountProvider } from './account-provider';
import { exemptionAutomationRules, REMEDIATION_ACTIONS, type RemediationPlan } from './remediation-plan';
import { tierTargets } from './tier-targets';

/** Where `npm run bundle:functions` puts the remediation function bundles. */
export const FUNCTION_BUNDLE_DIR = path.join(PACKAGE_ROOT, 'remediation-functions', 'dist');
/** The committed SSM Automation documents of the runbooks. */
export const SSM_DOCUMENTS_DIR = path.join(PACKAGE_ROOT, 'remediation-functions', 'ssm-documents');

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
  /** The remediation functions, when some tier runs a runbook. */
  public readonly remediationFunctions?: RemediationFunctions;

  /**
   * @param remediation what remediation deploys (planRemediation(config)); none when every runbook is off
   * @param today `YYYY-MM-DD`: exemptions that expired before it get no suppression rule
   */
  constructor(scope: Construct, config: OrganizationConfig, remediation?: RemediationPlan, today: string = new Date().toISOString().slice(0, 10)) {
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
    // Remediation's own actions are added when the config does not declare them.
    const declared = new Set(config.customActions.map((a) => a.id));
    const actions = [...config.customActions, ...(remediation ? REMEDIATION_ACTIONS.filter((a) => !declared.has(a.id)) : [])];
    this.customActions = new CustomActions(this, 'custom-actions', { actions, hub: this.hub.account });
    new AutomationRules(this, 'automation-rules', { rules: [...config.automationRules, ...exemptionAutomationRules(config, today)], hub: this.hub.account });
    new Insights(this, 'insights', { insights: config.insights, hub: this.hub.account });
    this.notifications = new FindingNotifications(this, 'notifications', {
      severities: config.notifications.severities,
      emailSubscribers: config.notifications.emailSubscribers,
      accountId: org.securityAccountId,
      partition,
    });
    if (remediation) this.remediationFunctions = this.addRemediation(config, remediation, partition);
    if (config.findingsExport.enabled) new FindingsExport(this, 'findings-export', { accountId: org.securityAccountId, region, partition, ...config.findingsExport });
  }

  /** Ledger, functions, runbook documents and routing in the home Region (see docs/remediation/wiring.md). */
  private addRemediation(config: OrganizationConfig, plan: RemediationPlan, partition: string): RemediationFunctions {
    const org = config.organization;
    const where = { accountId: org.securityAccountId, region: org.homeRegion, partition };
    const ledger = new RemediationLedger(this, 'remediation-ledger', { tableName: config.remediation.ledger.tableName });
    const organization = new DataAwsOrganizationsOrganization(this, 'organization');
    const functions = new RemediationFunctions(this, 'remediation-functions', {
      ...where,
      functions: plan.functions,
      bundleDir: FUNCTION_BUNDLE_DIR,
      policy: plan.policyJson,
      ledger: { name: ledger.table.name, arn: ledger.table.arn },
      ledgerRetentionDays: config.remediation.ledger.retentionDays,
      topic: { arn: this.notifications.topic.arn, keyArn: this.notifications.key.arn },
      executionRoleName: config.remediation.executionRoleName,
      organizationId: organization.id,
    });
    const fn = (name: string) => functions.functions.get(name)!;
    const runbooks = new RemediationRunbooks(this, 'remediation-runbooks', {
      documentsDir: SSM_DOCUMENTS_DIR,
      runbooks: plan.runbooks.map((r) => ({ runbook: r.runbook, functionArn: fn(r.function).arn })),
    });
    const actionArn = (id: string) => this.customActions.targets.get(id)!.arn;
    const customActions: CustomActionRoute[] = [
      ...[...plan.remediateActionControls.entries()].map(([name, controls]) => ({
        name: `${REMEDIATE_ACTION_ID.toLowerCase()}-${name}`, actionTargetArn: actionArn(REMEDIATE_ACTION_ID), function: fn(name), securityControlIds: controls,
      })),
      ...plan.customActionRunbooks.map((a) => ({ name: a.actionId.toLowerCase(), actionTargetArn: actionArn(a.actionId), function: fn(a.function) })),
      { name: ROLLBACK_ACTION_ID.toLowerCase(), actionTargetArn: actionArn(ROLLBACK_ACTION_ID), function: fn('rollback') },
    ];
    new RemediationRouting(this, 'remediation-routing', {
      ...where,
      automatic: plan.automatic,
      customActions,
      documentNames: new Map([...runbooks.documents.keys()].map((runbook) => [runbook, RemediationRunbooks.documentName(runbook)])),
      automationRoleArn: runbooks.automationRole.arn,
      deadLetterQueue: { arn: functions.deadLetterQueue.arn, url: functions.deadLetterQueue.url },
    });
    return functions;
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
