import {
  GuarddutyOrganizationAdminAccount,
  Inspector2DelegatedAdminAccount,
  Macie2OrganizationAdminAccount,
  OrganizationsDelegatedAdministrator,
  SecurityhubOrganizationAdminAccount,
  type TerraformProvider,
  Construct,
} from './framework';
import { ValidationError } from './validation-error';

/** Properties of {@link OrganizationAdmin}. */
export interface OrganizationAdminProps {
  /** The security account that administers the security services for the organization. */
  readonly adminAccountId: string;
  /** The management account; it may not administer itself. */
  readonly managementAccountId: string;
  /**
   * Providers of the management account, one per Region where GuardDuty, Inspector and Macie are
   * administered (those three take a delegated administrator per Region). The first is the home
   * Region, where Security Hub's and AWS Config's delegation is made.
   */
  readonly regionalProviders: readonly TerraformProvider[];
}

/**
 * Makes the security account the delegated administrator of Security Hub, GuardDuty, Inspector,
 * Macie and AWS Config, from the organization's management account. Security Hub central
 * configuration requires its administrator not to be the management account, which is checked here.
 */
export class OrganizationAdmin extends Construct {
  /** The Security Hub delegation; the security tier's resources depend on it having been applied. */
  public readonly securityHubAdmin: SecurityhubOrganizationAdminAccount;

  constructor(scope: Construct, id: string, props: OrganizationAdminProps) {
    super(scope, id);
    if (props.adminAccountId === props.managementAccountId) {
      throw new ValidationError(
        this,
        `adminAccountId ${props.adminAccountId} is the management account; Security Hub central configuration needs a different delegated administrator.`,
      );
    }
    if (props.regionalProviders.length === 0) {
      throw new ValidationError(this, `regionalProviders is empty; pass at least the home Region's provider.`);
    }
    const [home] = props.regionalProviders;
    const adminAccountId = props.adminAccountId;
    this.securityHubAdmin = new SecurityhubOrganizationAdminAccount(this, 'securityhub', {
      adminAccountId,
      provider: home,
    });
    // AWS Config aggregation and conformance packs across the organization.
    new OrganizationsDelegatedAdministrator(this, 'config', {
      accountId: adminAccountId,
      servicePrincipal: 'config.amazonaws.com',
      provider: home,
    });
    new OrganizationsDelegatedAdministrator(this, 'config-multiaccountsetup', {
      accountId: adminAccountId,
      servicePrincipal: 'config-multiaccountsetup.amazonaws.com',
      provider: home,
    });
    for (const provider of props.regionalProviders) {
      const region = provider.alias ?? 'home';
      new GuarddutyOrganizationAdminAccount(this, `guardduty-${region}`, { adminAccountId, provider });
      new Inspector2DelegatedAdminAccount(this, `inspector-${region}`, { accountId: adminAccountId, provider });
      new Macie2OrganizationAdminAccount(this, `macie-${region}`, { adminAccountId, provider });
    }
  }
}
