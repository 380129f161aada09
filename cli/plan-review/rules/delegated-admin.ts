import type { ResourceChange } from '../plan';
import { valueAt } from '../values';
import { flag, inspect, type RiskFlag } from './rule';

/** Delegated administrator resources, with the service each delegates and the attribute holding the account. */
const DELEGATIONS: Readonly<Record<string, { service: string; account: string }>> = {
  aws_securityhub_organization_admin_account: { service: 'Security Hub', account: 'admin_account_id' },
  aws_guardduty_organization_admin_account: { service: 'GuardDuty', account: 'admin_account_id' },
  aws_inspector2_delegated_admin_account: { service: 'Inspector', account: 'account_id' },
  aws_macie2_organization_admin_account: { service: 'Macie', account: 'admin_account_id' },
  aws_organizations_delegated_administrator: { service: 'AWS Organizations', account: 'account_id' },
};

/** A delegated administrator (Security Hub, GuardDuty, Inspector, Macie, or an Organizations delegation) destroyed or replaced. High. */
export function delegatedAdministratorRemoved(change: ResourceChange): RiskFlag[] {
  const delegation = DELEGATIONS[change.type];
  const c = inspect(change);
  if (!delegation || !c || (c.kind !== 'destroy' && c.kind !== 'replace')) return [];
  const account = String(valueAt(c.before, [delegation.account]) ?? 'unknown account');
  const principal = valueAt(c.before, ['service_principal']);
  const service = typeof principal === 'string' ? principal : delegation.service;
  const what = `${service} delegated administrator ${account}`;
  const summary =
    c.kind === 'destroy'
      ? `${what} removed: the security account stops administering ${service} for the organization.`
      : `${what} replaced: the delegation is removed and made again, and the service's organization-wide settings may be reset.`;
  const details = [
    `${delegation.account}: ${account}${c.kind === 'replace' && valueAt(c.after, [delegation.account]) !== undefined ? ` -> ${String(valueAt(c.after, [delegation.account]))}` : ''}`,
  ];
  if (typeof principal === 'string') details.push(`service_principal: ${principal}`);
  return [flag('delegated-administrator-removed', 'high', change, summary, details)];
}
