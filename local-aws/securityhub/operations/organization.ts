import { conflict, invalidInput, notFound, SecurityHubError } from '../errors';
import type { Caller } from '../identity';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import type { EmulatorState, Hub } from '../state';
import { readBoolean, readEnum, readObject, readString } from '../validate';

/**
 * The caller's hub, when the caller is the organization's delegated administrator in this Region.
 * @throws InvalidAccessException otherwise, as the service answers other accounts
 */
export function requireOrganizationAdmin(state: EmulatorState, caller: Caller): Hub {
  const hub = state.requireHub(caller);
  if (state.organizationAdmins.get(caller.region) !== caller.accountId) {
    throw new SecurityHubError(
      'InvalidAccessException',
      `Account ${caller.accountId} is not an administrator for this organization`,
    );
  }
  return hub;
}

/** The delegated administrator of the organization, and the organization-wide configuration it sets. */
export const ORGANIZATION_OPERATIONS: readonly Operation[] = [
  {
    name: 'EnableOrganizationAdminAccount',
    method: 'POST',
    path: '/organization/admin/enable',
    handler: ({ caller, state, body }) => {
      const adminId = readString(body, 'AdminAccountId', { required: true, pattern: /^\d{12}$/ });
      readEnum(body, 'Feature', ['SecurityHub', 'SecurityHubV2'] as const);
      if (state.managementAccountId && state.managementAccountId !== caller.accountId) {
        throw new SecurityHubError(
          'AccessDeniedException',
          'Only the organization management account can designate the delegated administrator',
        );
      }
      const current = state.organizationAdmins.get(caller.region);
      if (current && current !== adminId)
        throw conflict(`Account ${current} is already the delegated administrator for the organization`);
      state.managementAccountId = caller.accountId;
      state.organizationAdmins.set(caller.region, adminId);
      return { AdminAccountId: adminId, Feature: 'SecurityHub' };
    },
  },
  {
    name: 'DisableOrganizationAdminAccount',
    method: 'POST',
    path: '/organization/admin/disable',
    handler: ({ caller, state, body }) => {
      const adminId = readString(body, 'AdminAccountId', { required: true, pattern: /^\d{12}$/ });
      if (state.organizationAdmins.get(caller.region) !== adminId)
        throw notFound(`Account ${adminId} is not the delegated administrator in ${caller.region}`);
      state.organizationAdmins.delete(caller.region);
      const adminHub = state.hubOf(adminId, caller.region);
      if (adminHub) adminHub.organizationConfiguration = undefined;
      if (state.organizationAdmins.size === 0) state.managementAccountId = undefined;
      return {};
    },
  },
  {
    name: 'ListOrganizationAdminAccounts',
    method: 'GET',
    path: '/organization/admin',
    handler: (ctx) => {
      const { caller, state } = ctx;
      const maxResults = readMaxResults(ctx, 10);
      const admin = state.organizationAdmins.get(caller.region);
      const admins = admin ? [{ AccountId: admin, Status: 'ENABLED' }] : [];
      const page = state.tokens.page(
        admins,
        scopeOf('ListOrganizationAdminAccounts', caller.accountId, caller.region, {}),
        { nextToken: readNextToken(ctx), maxResults },
      );
      return compact({ AdminAccounts: page.items, NextToken: page.nextToken, Feature: 'SecurityHub' });
    },
  },
  {
    name: 'DescribeOrganizationConfiguration',
    method: 'GET',
    path: '/organization/configuration',
    handler: ({ caller, state }) => {
      const hub = requireOrganizationAdmin(state, caller);
      const config = hub.organizationConfiguration ?? {
        autoEnable: false,
        autoEnableStandards: 'DEFAULT',
        configurationType: 'LOCAL',
      };
      return {
        AutoEnable: config.autoEnable,
        MemberAccountLimitReached: false,
        AutoEnableStandards: config.autoEnableStandards,
        OrganizationConfiguration: { ConfigurationType: config.configurationType, Status: 'ENABLED' },
      };
    },
  },
  {
    name: 'UpdateOrganizationConfiguration',
    method: 'POST',
    path: '/organization/configuration',
    handler: ({ caller, state, body }) => {
      const autoEnable = readBoolean(body, 'AutoEnable');
      if (autoEnable === undefined) throw invalidInput('Missing required parameter: AutoEnable');
      const autoEnableStandards = readEnum(body, 'AutoEnableStandards', ['NONE', 'DEFAULT'] as const);
      const organization = readObject(body, 'OrganizationConfiguration');
      const type = organization
        ? readEnum(organization, 'ConfigurationType', ['CENTRAL', 'LOCAL'] as const)
        : undefined;
      const hub = requireOrganizationAdmin(state, caller);
      const current = hub.organizationConfiguration ?? {
        autoEnable: false,
        autoEnableStandards: 'DEFAULT',
        configurationType: 'LOCAL' as const,
      };
      const next = {
        autoEnable,
        autoEnableStandards: autoEnableStandards ?? current.autoEnableStandards,
        configurationType: type ?? current.configurationType,
      };
      if (next.configurationType === 'CENTRAL') {
        // Central configuration is run from the home Region, which must aggregate findings, and
        // replaces auto-enabling: the service rejects both switched on together.
        if (!hub.aggregator)
          throw invalidInput(
            `Central configuration requires a finding aggregator in ${caller.region}, the home Region`,
          );
        if (next.autoEnable || next.autoEnableStandards !== 'NONE') {
          throw invalidInput(
            'AutoEnable must be false and AutoEnableStandards must be NONE when ConfigurationType is CENTRAL',
          );
        }
      }
      hub.organizationConfiguration = next;
      return {};
    },
  },
];
