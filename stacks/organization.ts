import type { App } from '../modules/framework';
import { partitionOf } from '../config/regions';
import type { OrganizationConfig } from '../config/schema';
import { RemediationFunctions } from '../modules/remediation-functions';
import { ManagementStack } from './management-stack';
import { planRemediation } from '../domain/remediation-plan';
import { SecurityStack } from './security-stack';
import { WorkloadTierStack } from './workload-stack';

/** The stacks of one organization, by tier. */
export interface OrganizationStacks {
  /** The management account's stack. */
  readonly management: ManagementStack;
  /** The delegated administrator's stack. */
  readonly security: SecurityStack;
  /** One stack per workload tier, in config order. */
  readonly workloads: readonly WorkloadTierStack[];
}

/**
 * Builds every stack of an organization from its (validated) config, with deploy order
 * management -> security -> workload tiers, which `cdktf deploy '*'` follows.
 */
export function buildOrganizationStacks(app: App, config: OrganizationConfig): OrganizationStacks {
  const remediation = planRemediation(config);
  const management = new ManagementStack(app, config, remediation !== undefined);
  const security = new SecurityStack(app, config, remediation);
  security.addDependency(management);
  const workloads = config.tiers.map((tier) => {
    const actions = remediation?.tierActions.get(tier.name) ?? [];
    const stack = new WorkloadTierStack(
      app,
      config,
      tier,
      actions.length > 0
        ? {
            roleName: config.remediation.executionRoleName,
            actions,
            trustedRoleArn: `arn:${partitionOf(config.organization.homeRegion)}:iam::${config.organization.securityAccountId}:role/${RemediationFunctions.functionRoleName()}`,
          }
        : undefined,
    );
    stack.addDependency(security);
    return stack;
  });
  return { management, security, workloads };
}
