import {
  GuardDutyClient,
  ListOrganizationAdminAccountsCommand as ListGuardDutyAdminsCommand,
} from '@aws-sdk/client-guardduty';
import { Inspector2Client, ListDelegatedAdminAccountsCommand } from '@aws-sdk/client-inspector2';
import { ListOrganizationAdminAccountsCommand as ListMacieAdminsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import {
  DescribeOrganizationalUnitCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { clientSettings, describeAwsError, type AwsConnectionOptions } from '../aws/securityhub-client';
import { CliError } from '../errors';

/** AWS Config's service principals the management stack registers for the security account (modules/organization-admin.ts). */
const CONFIG_PRINCIPALS = ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'] as const;

/** What the management account shows: delegations to adopt, what the management stack would change, OU names. */
export interface ManagementView {
  /** Delegations to the security account that exist: the config's `adoption.delegatedAdministrators`. */
  readonly delegatedAdministrators: {
    guardduty: string[];
    inspector: string[];
    macie: string[];
    servicePrincipals: string[];
  };
  /** What the management stack would change about the delegations, in plain words. */
  readonly changes: string[];
  /** Names of the given OUs. */
  readonly ouNames: Map<string, string>;
}

/**
 * Reads, with the management account's profile, which accounts administer GuardDuty, Inspector and
 * Macie in each Region and AWS Config in the organization, and the names of `organizationalUnits`.
 * @param regions the Regions the management stack delegates GuardDuty, Inspector and Macie in
 * @throws CliError when the profile cannot read them (not the management account's)
 */
export async function readManagementView(
  connection: AwsConnectionOptions,
  securityAccountId: string,
  regions: readonly string[],
  organizationalUnits: readonly string[] = [],
): Promise<ManagementView> {
  const view: ManagementView = {
    delegatedAdministrators: { guardduty: [], inspector: [], macie: [], servicePrincipals: [] },
    changes: [],
    ouNames: new Map(),
  };
  const settle = (
    service: string,
    key: 'guardduty' | 'inspector' | 'macie',
    region: string,
    admins: readonly string[],
  ) => {
    if (admins.includes(securityAccountId)) view.delegatedAdministrators[key].push(region);
    else if (admins.length === 0)
      view.changes.push(
        `${service} in ${region}: the management stack makes ${securityAccountId} its delegated administrator (none today).`,
      );
    else
      view.changes.push(
        `${service} in ${region}: the management stack makes ${securityAccountId} its delegated administrator (today ${admins.join(', ')}; AWS refuses a second one, so remove that delegation first).`,
      );
  };
  const organizations = new OrganizationsClient(clientSettings(connection));
  try {
    for (const region of regions) {
      const settings = clientSettings({ ...connection, region });
      const guardduty = new GuardDutyClient(settings);
      const inspector = new Inspector2Client(settings);
      const macie = new Macie2Client(settings);
      try {
        const g = (await guardduty.send(new ListGuardDutyAdminsCommand({}))).AdminAccounts ?? [];
        settle(
          'GuardDuty',
          'guardduty',
          region,
          g.filter((a) => a.AdminStatus !== 'DISABLE_IN_PROGRESS').map((a) => a.AdminAccountId!),
        );
        const i = (await inspector.send(new ListDelegatedAdminAccountsCommand({}))).delegatedAdminAccounts ?? [];
        settle(
          'Inspector',
          'inspector',
          region,
          i.filter((a) => a.status !== 'DISABLE_IN_PROGRESS').map((a) => a.accountId!),
        );
        const m = (await macie.send(new ListMacieAdminsCommand({}))).adminAccounts ?? [];
        settle(
          'Macie',
          'macie',
          region,
          m.filter((a) => a.status === 'ENABLED').map((a) => a.accountId!),
        );
      } finally {
        guardduty.destroy();
        inspector.destroy();
        macie.destroy();
      }
    }
    const admins = [];
    let token: string | undefined;
    do {
      const page = await organizations.send(new ListDelegatedAdministratorsCommand({ NextToken: token }));
      admins.push(...(page.DelegatedAdministrators ?? []));
      token = page.NextToken;
    } while (token);
    const byService = new Map<string, string[]>();
    for (const admin of admins) {
      let next: string | undefined;
      do {
        const page = await organizations.send(
          new ListDelegatedServicesForAccountCommand({ AccountId: admin.Id!, NextToken: next }),
        );
        for (const s of page.DelegatedServices ?? [])
          byService.set(s.ServicePrincipal!, [...(byService.get(s.ServicePrincipal!) ?? []), admin.Id!]);
        next = page.NextToken;
      } while (next);
    }
    for (const principal of CONFIG_PRINCIPALS) {
      const accounts = byService.get(principal) ?? [];
      if (accounts.includes(securityAccountId)) view.delegatedAdministrators.servicePrincipals.push(principal);
      else
        view.changes.push(
          `AWS Config (${principal}): the management stack registers ${securityAccountId} as its delegated administrator${accounts.length > 0 ? ` (today ${accounts.join(', ')})` : ''}.`,
        );
    }
    for (const id of new Set(organizationalUnits)) {
      const ou = (await organizations.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id })))
        .OrganizationalUnit;
      if (ou?.Name) view.ouNames.set(id, ou.Name);
    }
    return view;
  } catch (e) {
    throw new CliError(
      `--management-profile ${connection.profile}: cannot read the organization's delegated administrators (${describeAwsError(e)}); give the management account's profile. Nothing was written.`,
    );
  } finally {
    organizations.destroy();
  }
}
