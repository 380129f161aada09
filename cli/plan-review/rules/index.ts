import { adoptedResourceChanged } from './adoption';
import { delegatedAdministratorRemoved } from './delegated-admin';
import { guardrailDetached, guardrailWeakened } from './guardrail';
import { iamPolicyWidened, stackSetIamWidened } from './iam';
import { lambdaRuntimeDeprecated } from './lambda';
import { organizationsResourcePolicyChanged } from './organizations-policy';
import { productionAutoRemediationEnabled } from './remediation';
import type { RiskRule } from './rule';
import {
  configurationPolicyAssociationRemoved,
  controlDisabled,
  findingAggregatorRemoved,
  hubDisabled,
  organizationConfigurationLeftCentral,
  standardDisabled,
} from './security-hub';

export type { PlanContext, RiskFlag, RiskRule, Severity } from './rule';

/** Every risk rule, in the order reviews list their flags. */
export const RISK_RULES: readonly RiskRule[] = [
  {
    name: 'standard-disabled',
    title: 'standard disabled',
    check: standardDisabled,
    description:
      'high: a configuration policy stops enabling a standard (enabled_standard_arns shrinks, the policy is destroyed, or service_enabled turns false), or a standards subscription is destroyed or replaced',
  },
  {
    name: 'control-disabled',
    title: 'control disabled',
    check: controlDisabled,
    description:
      'high when a CRITICAL control is among them, else medium: a configuration policy disables more controls (disabled_control_identifiers grows, or enabled_control_identifiers shrinks), or a standard control is set to DISABLED',
  },
  {
    name: 'configuration-policy-association-removed',
    title: 'configuration policy association removed',
    check: configurationPolicyAssociationRemoved,
    description: 'high: an OU or account is no longer associated with its configuration policy',
  },
  {
    name: 'finding-aggregator-removed',
    title: 'finding aggregator removed',
    check: findingAggregatorRemoved,
    description: 'high: the cross-Region finding aggregator is destroyed or replaced',
  },
  {
    name: 'delegated-administrator-removed',
    title: 'delegated administrator removed',
    check: delegatedAdministratorRemoved,
    description:
      'high: a Security Hub, GuardDuty, Inspector, Macie or Organizations delegated administrator is destroyed or replaced',
  },
  {
    name: 'organization-configuration-left-central',
    title: 'organization configuration left CENTRAL',
    check: organizationConfigurationLeftCentral,
    description:
      'high: the Security Hub organization configuration changes from CENTRAL, or is destroyed while CENTRAL',
  },
  {
    name: 'adopted-resource-changed',
    title: 'adopted resource changed',
    check: adoptedResourceChanged,
    description:
      'medium: a resource the plan imports (an adoption, docs/adopt.md) is also updated, naming the attributes that change; high: it is replaced or destroyed',
  },
  {
    name: 'hub-disabled',
    title: 'Security Hub disabled',
    check: hubDisabled,
    description: 'high: aws_securityhub_account is destroyed or replaced (Security Hub disabled in the account)',
  },
  {
    name: 'production-auto-remediation-enabled',
    title: 'automatic remediation in production',
    check: productionAutoRemediationEnabled,
    description:
      'high: controls that start being remediated automatically in production: an EventBridge rule tagged securityhub:remediation-mode = auto and securityhub:environment including production is created, switched on or its Compliance.SecurityControlId list grows, narrowed to the controls the remediation policy parameter runs in auto in production; or that policy alone turns to auto a control an unchanged rule routes',
  },
  {
    name: 'lambda-runtime-deprecated',
    title: 'deprecated Lambda runtime',
    check: lambdaRuntimeDeprecated,
    description:
      'high: a Lambda function created or updated on a runtime AWS Lambda has deprecated (e.g. nodejs20.x, python3.9); medium: on one deprecated within 180 days',
  },
  {
    name: 'guardrail-weakened',
    title: 'guardrail SCP weakened',
    check: guardrailWeakened,
    description:
      'high: a service control policy is destroyed or its Deny statements lose actions; medium: its Deny conditions (exemptions) change',
  },
  {
    name: 'guardrail-detached',
    title: 'guardrail SCP detached',
    check: guardrailDetached,
    description: 'high: a policy attachment is destroyed or moved to another target',
  },
  {
    name: 'organizations-resource-policy-changed',
    title: 'organization resource policy changed',
    check: organizationsResourcePolicyChanged,
    description:
      "high: the organization's resource policy (aws_organizations_resource_policy) is updated, replaced or deleted, naming the statement Sids removed, added and changed; medium: it is created",
  },
  {
    name: 'iam-policy-widened',
    title: 'IAM permissions widened',
    check: iamPolicyWidened,
    description:
      'medium: an IAM policy, inline policy or trust policy allows more actions or principals, or a managed policy is attached; high: a wildcard action, Resource "*", Principal "*" or an administrator managed policy appears',
  },
  {
    name: 'stack-set-iam-widened',
    title: 'StackSet IAM role widened',
    check: stackSetIamWidened,
    description:
      'medium: an IAM role in a CloudFormation StackSet or stack template allows more actions or principals; high: a wildcard action or Resource "*" appears',
  },
];
