import { S3Bucket, TerraformOutput, TerraformStack, type Construct } from '../modules/framework';
import { partitionOf } from '../config/regions';
import type { OrganizationConfig } from '../config/schema';
import type { ConfigurationPolicy } from '../modules/configuration-policy';
import type { CustomActions } from '../modules/custom-actions';
import type { RegionLinking } from '../modules/finding-aggregator';
import type { FindingNotifications } from '../modules/notifications';
import type { RemediationFunctions } from '../modules/remediation-functions';
import type { RemediationLedger } from '../modules/remediation-ledger';
import { exemptionAutomationRules, REMEDIATION_ACTIONS, type RemediationPlan } from '../domain/remediation-plan';
import type { SecurityHub } from '../modules/security-hub';
import { SecurityTier } from '../modules/security-tier';
import { SecurityTierRemediation } from '../modules/security-tier-remediation';
import { FindingsExport } from '../modules/findings-export';
import { ComplianceReview, type ComplianceReviewAthenaSource } from '../modules/compliance-review';
import { FUNCTION_BUNDLE_DIR } from '../modules/remediation-assets';
import { configureStateBackend } from '../modules/state-backend';
import { ValidationError } from '../modules/validation-error';
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
  /** The remediation functions, when some tier runs a runbook. */
  public readonly remediationFunctions?: RemediationFunctions;
  /** The weekly compliance review, when the config has complianceReview. */
  public readonly complianceReview?: ComplianceReview;

  /**
   * @param remediation what remediation deploys (planRemediation(config)); none when every runbook is off
   * @param today `YYYY-MM-DD`: exemptions that expired before it get no suppression rule
   */
  constructor(
    scope: Construct,
    config: OrganizationConfig,
    remediation?: RemediationPlan,
    today: string = new Date().toISOString().slice(0, 10),
  ) {
    super(scope, SECURITY_STACK);
    const org = config.organization;
    const region = org.homeRegion;
    const partition = partitionOf(region);
    configureStateBackend(this, SECURITY_STACK, config.stateBackend, config.stateBackendOverrides[SECURITY_STACK]);
    accountProvider(this, 'aws', {
      accountId: org.securityAccountId,
      region,
      roleName: config.deployment.roleName,
      tags: config.tags,
    });

    // Remediation's own actions are added when the config does not declare them.
    const declared = new Set(config.customActions.map((a) => a.id));
    // `Default` keeps the tier's resources at the addresses they had as the stack's own children.
    const tier = new SecurityTier(this, 'Default', {
      accountId: org.securityAccountId,
      region,
      partition,
      linking: regionLinking(config),
      policies: config.tiers.map((t) => ({
        name: t.name,
        // The loader parsed standards, control ids and parameter values into the constructs' types.
        standards: t.standards,
        disabledControls: t.disabledControls,
        controlParameters: t.controlParameters,
        targets: tierTargets(t),
      })),
      awsProducts: config.integrations.products,
      productArns: config.integrations.productArns,
      customActions: [
        ...config.customActions,
        ...(remediation ? REMEDIATION_ACTIONS.filter((a) => !declared.has(a.id)) : []),
      ],
      automationRules: [...config.automationRules, ...exemptionAutomationRules(config, today)],
      insights: config.insights,
      notificationSeverities: config.notifications.severities,
      emailSubscribers: config.notifications.emailSubscribers,
      imports: config.adoption,
    });
    this.hub = tier.hub;
    this.configurationPolicies = tier.configurationPolicies;
    this.customActions = tier.customActions;
    this.notifications = tier.notifications;
    // Reasons are not a field of configuration policies; an output keeps them beside the plan for reviewers and auditors.
    new TerraformOutput(this, 'disabled-control-reasons', {
      description: 'Why each control is disabled, by tier',
      value: Object.fromEntries(
        config.tiers.map((t) => [
          t.name,
          Object.fromEntries(t.disabledControls.map((d) => [d.securityControlId, d.reason])),
        ]),
      ),
    });

    let ledger: RemediationLedger | undefined;
    if (remediation) {
      // Inside the tier (one `Default` per scope): both ids drop out of addresses, so remediation's stay as they were.
      const tierRemediation = new SecurityTierRemediation(tier, 'Default', {
        plan: remediation,
        customActions: tier.customActions,
        notifications: tier.notifications,
        accountId: org.securityAccountId,
        region,
        partition,
        ledgerTableName: config.remediation.ledger.tableName,
        ledgerRetentionDays: config.remediation.ledger.retentionDays,
        executionRoleName: config.remediation.executionRoleName,
      });
      this.remediationFunctions = tierRemediation.functions;
      ledger = tierRemediation.ledger;
    }
    const findingsExport = config.findingsExport.enabled
      ? new FindingsExport(this, 'findings-export', {
          accountId: org.securityAccountId,
          region,
          partition,
          ...config.findingsExport,
        })
      : undefined;
    if (config.complianceReview) {
      this.complianceReview = new ComplianceReview(this, 'compliance-review', {
        accountId: org.securityAccountId,
        region,
        partition,
        notifications: tier.notifications,
        bundleDir: FUNCTION_BUNDLE_DIR,
        organization: org.name,
        ...config.complianceReview,
        ...(config.remediationWindow ? { remediationWindow: config.remediationWindow } : {}),
        // With the export on, the review reads it through Athena: one scan instead of every finding through GetFindings.
        ...(findingsExport ? { athena: athenaSourceOf(findingsExport) } : {}),
        // The weekly packs list the remediation runs of the week from the ledger.
        ...(ledger ? { ledger } : {}),
      });
    }
  }
}

/** What the review needs of the findings export to query it through Athena. */
function athenaSourceOf(findingsExport: FindingsExport): ComplianceReviewAthenaSource {
  // The Athena results bucket is a child of the export, not a public field of it.
  const results = findingsExport.node.tryFindChild('results');
  if (!(results instanceof S3Bucket))
    throw new ValidationError(
      findingsExport,
      `has no results bucket; the compliance review cannot query it through Athena.`,
    );
  return {
    workgroupName: findingsExport.workgroup.name,
    workgroupArn: findingsExport.workgroup.arn,
    databaseName: findingsExport.database.name,
    tableName: findingsExport.table.name,
    dataBucketArn: findingsExport.bucket.arn,
    resultsBucketArn: results.arn,
    keyArn: findingsExport.key.arn,
  };
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
