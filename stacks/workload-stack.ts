import { TerraformStack, type Construct } from '../modules/framework';
import { partitionOf } from '../config/regions';
import type { OrganizationConfig, TierConfig } from '../config/schema';
import { WorkloadTierRemediation } from '../modules/workload-tier-remediation';
import { configureStateBackend } from '../modules/state-backend';
import { accountProvider } from './account-provider';

/** What a workload tier's member accounts need so the security tier can remediate them. */
export interface MemberRemediationAccess {
  /** Role name created in every member account of the tier. */
  readonly roleName: string;
  /** The union of IAM actions the tier's enabled runbooks need. */
  readonly actions: readonly string[];
  /** The remediation functions' role in the security account. */
  readonly trustedRoleArn: string;
}

/**
 * One workload tier (staging, production, sandbox, ...): what every member account of the tier
 * needs locally, delivered from the management account by a service-managed StackSet so accounts
 * created later receive it too. Per-account Security Hub settings are not here: they travel through
 * the tier's configuration policy in the security stack.
 */
export class WorkloadTierStack extends TerraformStack {
  /** The tier this stack serves. */
  public readonly tier: TierConfig;

  constructor(scope: Construct, config: OrganizationConfig, tier: TierConfig, access?: MemberRemediationAccess) {
    super(scope, workloadStackName(tier));
    this.tier = tier;
    const org = config.organization;
    configureStateBackend(
      this,
      workloadStackName(tier),
      config.stateBackend,
      config.stateBackendOverrides[workloadStackName(tier)],
    );
    accountProvider(this, 'aws', {
      accountId: org.managementAccountId,
      region: org.homeRegion,
      roleName: config.deployment.roleName,
      tags: config.tags,
    });

    if (access && access.actions.length > 0) {
      // `Default` keeps the resources at the addresses they had as the stack's own children.
      new WorkloadTierRemediation(this, 'Default', {
        tier: tier.name,
        roleName: access.roleName,
        actions: access.actions,
        trustedRoleArn: access.trustedRoleArn,
        organizationalUnits: tier.organizationalUnits,
        accounts: tier.accounts,
        region: org.homeRegion,
        partition: partitionOf(org.homeRegion),
      });
    }
  }
}

/** The stack name of a workload tier. */
export function workloadStackName(tier: TierConfig): string {
  return `workload-${tier.name}`;
}
