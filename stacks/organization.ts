import type { App } from 'cdktf';
import type { OrganizationConfig } from '../config/schema';
import { ManagementStack } from './management-stack';
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
  const management = new ManagementStack(app, config);
  const security = new SecurityStack(app, config);
  security.addDependency(management);
  const workloads = config.tiers.map((tier) => {
    const stack = new WorkloadTierStack(app, config, tier);
    stack.addDependency(security);
    return stack;
  });
  return { management, security, workloads };
}
