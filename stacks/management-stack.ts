import { TerraformStack, type Construct, type TerraformResource } from '../modules/framework';
import type { OrganizationConfig } from '../config/schema';
import { ManagementTier } from '../modules/management-tier';
import type { OrganizationAdmin } from '../modules/organization-admin';
import { partitionOf } from '../config/regions';
import { configureStateBackend } from '../modules/state-backend';
import { accountProvider } from './account-provider';
import { tierTargets, regionsToAdminister } from './tier-targets';

/** The management stack's name (and state key). */
export const MANAGEMENT_STACK = 'management';

/**
 * The management tier: what only the Organizations management account can do. Delegated
 * administrators for the security services, and the guardrail SCP on the workload OUs. Nothing else
 * runs with management-account credentials.
 */
export class ManagementStack extends TerraformStack {
  /** The delegation of Security Hub to the security account. */
  public readonly organizationAdmin: OrganizationAdmin;

  /**
   * @param remediation whether remediation is deployed; its functions then read the OU structure
   *   from the security account, through the organization's resource policy
   */
  constructor(scope: Construct, config: OrganizationConfig, remediation = false) {
    super(scope, MANAGEMENT_STACK);
    const org = config.organization;
    configureStateBackend(this, MANAGEMENT_STACK, config.stateBackend, config.stateBackendOverrides[MANAGEMENT_STACK]);
    const common = { accountId: org.managementAccountId, roleName: config.deployment.roleName, tags: config.tags };
    const home = accountProvider(this, 'aws', { ...common, region: org.homeRegion });
    const others = regionsToAdminister(config)
      .filter((r) => r !== org.homeRegion)
      .map((region) => accountProvider(this, `aws-${region}`, { ...common, region, alias: region }));

    // `Default` keeps the tier's resources at the addresses they had as the stack's own children.
    this.organizationAdmin = new ManagementTier(this, 'Default', {
      securityAccountId: org.securityAccountId,
      managementAccountId: org.managementAccountId,
      regionalProviders: [home, ...others],
      partition: partitionOf(org.homeRegion),
      delegateOrganizationsRead: remediation && config.deployment.delegateOrganizationsRead,
      organizationsResourcePolicy: config.deployment.organizationsResourcePolicy,
      guardrail: config.guardrail.enabled
        ? {
            targets: config.tiers.flatMap(tierTargets),
            exemptRoleNames: [
              ...config.guardrail.exemptRoleNames,
              ...(config.deployment.roleName ? [config.deployment.roleName] : []),
            ],
          }
        : undefined,
    }).organizationAdmin;
    // An organization that already delegated the security services adopts the delegations (docs/adopt.md).
    const adopted = config.adoption.securityHubAdministrator;
    if (adopted !== undefined) this.organizationAdmin.securityHubAdmin.importFrom(adopted);
    const delegated = config.adoption.delegatedAdministrators;
    const admin = this.organizationAdmin.node;
    const adopt = (childId: string, id: string) => {
      const resource = admin.tryFindChild(childId) as TerraformResource | undefined;
      resource?.importFrom(id, resource.provider);
    };
    for (const [service, regions] of [
      ['guardduty', delegated.guardduty],
      ['inspector', delegated.inspector],
      ['macie', delegated.macie],
    ] as const) {
      for (const region of regions)
        adopt(`${service}-${region === org.homeRegion ? 'home' : region}`, org.securityAccountId);
    }
    for (const principal of delegated.servicePrincipals) {
      adopt(
        principal === 'config.amazonaws.com' ? 'config' : 'config-multiaccountsetup',
        `${org.securityAccountId}/${principal}`,
      );
    }
  }
}
