import { DescribeOrganizationalUnitCommand, ListDelegatedAdministratorsCommand, ListDelegatedServicesForAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { clientSettings, describeAwsError, type AwsConnectionOptions } from '../aws/securityhub-client';
import { CliError } from '../errors';

/** Service principals the management stack delegates to the security account (modules/organization-admin.ts). */
const DELEGATED_SERVICES: Readonly<Record<string, string>> = {
  'securityhub.amazonaws.com': 'Security Hub',
  'guardduty.amazonaws.com': 'GuardDuty',
  'inspector2.amazonaws.com': 'Inspector',
  'macie.amazonaws.com': 'Macie',
  'config.amazonaws.com': 'AWS Config',
  'config-multiaccountsetup.amazonaws.com': 'AWS Config (multi-account setup)',
};

/**
 * Reads, with the management account's profile, which accounts administer the security services,
 * and says what the management stack would change about them; and the names of `organizationalUnits`.
 * @throws CliError when the profile is not the management account's
 */
export async function readDelegatedAdministrators(connection: AwsConnectionOptions, securityAccountId: string, organizationalUnits: readonly string[] = []): Promise<{ changes: string[]; notExpressed: string[]; ouNames: Map<string, string> }> {
  const client = new OrganizationsClient(clientSettings(connection));
  const changes: string[] = [];
  try {
    const admins = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListDelegatedAdministratorsCommand({ NextToken: token }));
      admins.push(...(page.DelegatedAdministrators ?? []));
      token = page.NextToken;
    } while (token);
    const byService = new Map<string, string[]>();
    for (const admin of admins) {
      let next: string | undefined;
      do {
        const page = await client.send(new ListDelegatedServicesForAccountCommand({ AccountId: admin.Id!, NextToken: next }));
        for (const s of page.DelegatedServices ?? []) byService.set(s.ServicePrincipal!, [...(byService.get(s.ServicePrincipal!) ?? []), admin.Id!]);
        next = page.NextToken;
      } while (next);
    }
    for (const [principal, service] of Object.entries(DELEGATED_SERVICES)) {
      const accounts = byService.get(principal) ?? [];
      if (accounts.length === 0) changes.push(`${service}: the management stack makes ${securityAccountId} its delegated administrator (none today).`);
      else if (!accounts.includes(securityAccountId)) changes.push(`${service}: the management stack makes ${securityAccountId} its delegated administrator (today ${accounts.join(', ')}; AWS refuses a second one, so remove that delegation first).`);
    }
    // OU names, for the comments on each tier's organizationalUnits.
    const ouNames = new Map<string, string>();
    for (const id of new Set(organizationalUnits)) {
      const ou = (await client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }))).OrganizationalUnit;
      if (ou?.Name) ouNames.set(id, ou.Name);
    }
    return { changes, notExpressed: [], ouNames };
  } catch (e) {
    throw new CliError(`--management-profile ${connection.profile}: cannot list the organization's delegated administrators (${describeAwsError(e)}); give the management account's profile. Nothing was written.`);
  } finally {
    client.destroy();
  }
}
