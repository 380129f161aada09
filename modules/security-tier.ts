import { Annotations, Construct } from './framework';
import { AutomationRules, type AutomationRuleDefinition } from './automation-rules';
import { CentralConfiguration } from './central-configuration';
import {
  ConfigurationPolicy,
  type AssociationTimeouts,
  type ControlParameters,
  type DisabledControl,
} from './configuration-policy';
import { CustomActions, type CustomActionDefinition } from './custom-actions';
import { FindingAggregator, type RegionLinking } from './finding-aggregator';
import { Insights, type InsightDefinition } from './insights';
import { FindingNotifications } from './notifications';
import { AWS_PRODUCTS, ProductIntegrations, type AwsProductName } from './product-integrations';
import { SecurityHub } from './security-hub';
import { constructMessage } from './validation-error';
import type { StandardInput } from './standards-input';

/** One configuration policy of {@link SecurityTier}: what a workload tier's accounts run. */
export interface SecurityTierPolicy {
  /** Policy name (and construct id suffix: `policy-<name>`). */
  readonly name: string;
  /** Standards the policy enables, as SecurityStandards or their ids (`standards/pci-dss/v/4.0.1`). */
  readonly standards: readonly StandardInput[];
  /** Controls the policy disables, each with its reason. @default none */
  readonly disabledControls?: readonly DisabledControl[];
  /** Control parameters by security control id. @default none */
  readonly controlParameters?: ControlParameters;
  /** OU, account or root ids the policy is associated with. @default none (the policy exists, unassociated) */
  readonly targets?: readonly string[];
  /** How long Terraform waits for each association. @default the provider's timeouts */
  readonly associationTimeouts?: AssociationTimeouts;
}

/**
 * Resources of the tier that already exist, by the Terraform import id of each: the tier then
 * emits `import` blocks, so the first plan adopts them instead of creating second copies.
 * Keys name the tier's own entries (policy names, targets, product names or ARNs, action ids,
 * rule and insight names).
 */
export interface SecurityTierImports {
  /** The administrator's account id, when its hub is on. */
  readonly hub?: string;
  /** The finding aggregator's ARN. */
  readonly findingAggregator?: string;
  /** The administrator's account id, for its organization configuration. */
  readonly organizationConfiguration?: string;
  /** Configuration policy ids by policy name. */
  readonly configurationPolicies?: Readonly<Record<string, string>>;
  /** Association import ids (the target id) by target. */
  readonly policyAssociations?: Readonly<Record<string, string>>;
  /** `PRODUCT_ARN,SUBSCRIPTION_ARN` by AWS product name or product ARN. */
  readonly productSubscriptions?: Readonly<Record<string, string>>;
  /** Action target ARNs by action id. */
  readonly customActions?: Readonly<Record<string, string>>;
  /** Automation rule ARNs by rule name. */
  readonly automationRules?: Readonly<Record<string, string>>;
  /** Insight ARNs by insight name. */
  readonly insights?: Readonly<Record<string, string>>;
}

/** Properties of {@link SecurityTier}. */
export interface SecurityTierProps {
  /** The delegated administrator account (the security account). */
  readonly accountId: string;
  /** The home Region, where findings are aggregated and policies are managed. */
  readonly region: string;
  /** Partition. @default aws */
  readonly partition?: string;
  /** Regions linked to the home Region's aggregator. */
  readonly linking: RegionLinking;
  /** One configuration policy per workload tier. */
  readonly policies: readonly SecurityTierPolicy[];
  /** AWS services whose findings Security Hub receives. @default none */
  readonly awsProducts?: readonly AwsProductName[];
  /** Third-party product ARNs to subscribe to. @default none */
  readonly productArns?: readonly string[];
  /** Custom actions (console buttons). @default none */
  readonly customActions?: readonly CustomActionDefinition[];
  /** Automation rules. @default none */
  readonly automationRules?: readonly AutomationRuleDefinition[];
  /** Custom insights. @default none */
  readonly insights?: readonly InsightDefinition[];
  /** Severity labels of the findings the notification topic receives. */
  readonly notificationSeverities: readonly string[];
  /** Addresses subscribed to the topic by email. @default none */
  readonly emailSubscribers?: readonly string[];
  /** Existing resources to import instead of create. @default none: everything is created */
  readonly imports?: SecurityTierImports;
}

/**
 * The whole security tier, as the delegated administrator runs it in the home Region: the hub,
 * the finding aggregator, CENTRAL organization configuration with one configuration policy per
 * workload tier, product integrations, custom actions, automation rules, insights and the
 * notification topic. Resource order follows AWS's rules: hub, then aggregator, then CENTRAL
 * configuration, then policies and their associations.
 *
 * The pieces get the same construct ids as when they are created one by one in a stack; give the
 * composite the id `Default` and its resources keep the Terraform addresses they would have as
 * direct children of the stack (cdktf leaves `Default` out of addresses).
 */
export class SecurityTier extends Construct {
  /** The delegated administrator's hub. */
  public readonly hub: SecurityHub;
  /** The cross-Region aggregator. */
  public readonly findingAggregator: FindingAggregator;
  /** Organization configuration CENTRAL. */
  public readonly centralConfiguration: CentralConfiguration;
  /** Configuration policies by name. */
  public readonly configurationPolicies: ReadonlyMap<string, ConfigurationPolicy>;
  /** Custom actions by id. */
  public readonly customActions: CustomActions;
  /** The notification topic and its rule. */
  public readonly notifications: FindingNotifications;

  constructor(scope: Construct, id: string, props: SecurityTierProps) {
    super(scope, id);
    const { region, partition } = props;
    this.hub = new SecurityHub(this, 'hub');
    this.findingAggregator = new FindingAggregator(this, 'finding-aggregator', {
      linking: props.linking,
      hub: this.hub.account,
    });
    this.centralConfiguration = new CentralConfiguration(this, 'central-configuration', {
      findingAggregator: this.findingAggregator.aggregator,
    });

    const policies = new Map<string, ConfigurationPolicy>();
    for (const policy of props.policies) {
      policies.set(
        policy.name,
        new ConfigurationPolicy(this, `policy-${policy.name}`, {
          name: policy.name,
          standards: policy.standards,
          region,
          partition,
          disabledControls: policy.disabledControls,
          controlParameters: policy.controlParameters,
          targets: policy.targets,
          associationTimeouts: policy.associationTimeouts,
          organizationConfiguration: this.centralConfiguration.organizationConfiguration,
        }),
      );
    }
    this.configurationPolicies = policies;
    // Tree-wide checks run at synth, so `cdktf synth` lists them with the construct's path.
    this.node.addValidation({ validate: () => targetsInTwoPolicies(props.policies) });
    for (const policy of props.policies) {
      if ((policy.targets ?? []).length === 0) {
        const unused = policies.get(policy.name)!;
        Annotations.of(unused).addWarning(
          constructMessage(
            unused,
            `configuration policy ${JSON.stringify(policy.name)} has no targets, so no account runs it; list OU, account or root ids in targets.`,
          ),
        );
      }
    }

    const products = new ProductIntegrations(this, 'product-integrations', {
      awsProducts: props.awsProducts,
      productArns: props.productArns,
      region,
      partition,
      hub: this.hub.account,
    });
    this.customActions = new CustomActions(this, 'custom-actions', {
      actions: props.customActions ?? [],
      hub: this.hub.account,
    });
    const rules = new AutomationRules(this, 'automation-rules', {
      rules: props.automationRules ?? [],
      hub: this.hub.account,
    });
    const insights = new Insights(this, 'insights', { insights: props.insights ?? [], hub: this.hub.account });
    this.notifications = new FindingNotifications(this, 'notifications', {
      severities: props.notificationSeverities,
      emailSubscribers: props.emailSubscribers,
      accountId: props.accountId,
      partition,
    });

    const imports = props.imports;
    if (imports) {
      const adopt = (resource: { importFrom(id: string): void } | undefined, id: string | undefined) => {
        if (resource && id !== undefined) resource.importFrom(id);
      };
      adopt(this.hub.account, imports.hub);
      adopt(this.findingAggregator.aggregator, imports.findingAggregator);
      adopt(this.centralConfiguration.organizationConfiguration, imports.organizationConfiguration);
      for (const [name, policy] of policies) {
        adopt(policy.policy, imports.configurationPolicies?.[name]);
        for (const [target, association] of policy.associations)
          adopt(association, imports.policyAssociations?.[target]);
      }
      for (const name of props.awsProducts ?? []) {
        adopt(
          products.subscriptions.get(`arn:${partition ?? 'aws'}:securityhub:${region}::product/${AWS_PRODUCTS[name]}`),
          imports.productSubscriptions?.[name],
        );
      }
      for (const arn of props.productArns ?? [])
        adopt(products.subscriptions.get(arn), imports.productSubscriptions?.[arn]);
      for (const [actionId, target] of this.customActions.targets) adopt(target, imports.customActions?.[actionId]);
      (props.automationRules ?? []).forEach((rule, i) => adopt(rules.rules[i], imports.automationRules?.[rule.name]));
      (props.insights ?? []).forEach((insight, i) => adopt(insights.insights[i], imports.insights?.[insight.name]));
    }
  }
}

/** An account or OU can be associated with one configuration policy only; the second association would take it from the first. */
function targetsInTwoPolicies(policies: readonly SecurityTierPolicy[]): string[] {
  const owner = new Map<string, string>();
  const errors: string[] = [];
  for (const policy of policies) {
    for (const target of new Set(policy.targets ?? [])) {
      const first = owner.get(target);
      if (first !== undefined)
        errors.push(
          `target ${target} is in configuration policies ${JSON.stringify(first)} and ${JSON.stringify(policy.name)}; an account or OU runs one policy, so list it in one of them.`,
        );
      else owner.set(target, policy.name);
    }
  }
  return errors;
}
