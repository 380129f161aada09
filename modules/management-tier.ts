import { type TerraformProvider, Construct } from './framework';
import { GuardrailPolicy } from './guardrail-policy';
import { OrganizationAdmin } from './organization-admin';
import { OrganizationsReadDelegation, type OrganizationsReadDelegationProps } from './organizations-read-delegation';

/** Properties of {@link ManagementTier}. */
export interface ManagementTierProps {
  /** The security account: delegated administrator of the security services. */
  readonly securityAccountId: string;
  /** The Organizations management account. */
  readonly managementAccountId: string;
  /** Providers of the management account, home Region first, one per Region to administer GuardDuty, Inspector and Macie in. */
  readonly regionalProviders: readonly TerraformProvider[];
  /** Partition. @default aws */
  readonly partition?: string;
  /**
   * Let the security account read the OU structure through the organization's resource policy
   * (remediation and the report place accounts in tiers with it). @default false
   */
  readonly delegateOrganizationsRead?: boolean;
  /**
   * Statements of the organization's resource policy that other services or teams wrote, kept beside
   * the read delegation's own, and the policy id to adopt an existing policy with.
   * @default only the delegation's own statement, a new policy
   */
  readonly organizationsResourcePolicy?: Pick<OrganizationsReadDelegationProps, 'additionalStatements' | 'importId'>;
  /** The guardrail SCP's targets (OU and account ids) and the roles it exempts; omit for no guardrail. @default no guardrail */
  readonly guardrail?: { readonly targets: readonly string[]; readonly exemptRoleNames?: readonly string[] };
}

/**
 * The management tier: what only the Organizations management account can do. Delegated
 * administrators for the security services, optionally the Organizations read delegation, and
 * the guardrail SCP on the workload OUs. Pieces keep the ids they have as direct children of a
 * stack (`organization-admin`, `organizations-read`, `guardrail`); with the id `Default` their
 * Terraform addresses are the same.
 */
export class ManagementTier extends Construct {
  /** The delegations to the security account. */
  public readonly organizationAdmin: OrganizationAdmin;
  /** The organization's resource policy, when delegated. */
  public readonly organizationsRead?: OrganizationsReadDelegation;
  /** The guardrail SCP, when asked for. */
  public readonly guardrail?: GuardrailPolicy;

  constructor(scope: Construct, id: string, props: ManagementTierProps) {
    super(scope, id);
    this.organizationAdmin = new OrganizationAdmin(this, 'organization-admin', {
      adminAccountId: props.securityAccountId,
      managementAccountId: props.managementAccountId,
      regionalProviders: props.regionalProviders,
    });
    if (props.delegateOrganizationsRead) {
      this.organizationsRead = new OrganizationsReadDelegation(this, 'organizations-read', {
        accountId: props.securityAccountId,
        partition: props.partition ?? 'aws',
        ...props.organizationsResourcePolicy,
      });
    }
    if (props.guardrail) {
      this.guardrail = new GuardrailPolicy(this, 'guardrail', {
        targets: props.guardrail.targets,
        exemptRoleNames: props.guardrail.exemptRoleNames,
      });
    }
  }
}
