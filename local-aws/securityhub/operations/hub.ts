import { STANDARDS } from '../catalogue';
import { conflict, invalidInput, notFound } from '../errors';
import type { Operation } from '../operation';
import { compact } from '../operation';
import type { EmulatorState, Hub } from '../state';
import { readBoolean, readEnum, readTags } from '../validate';
import { subscribe } from './standards';

const GENERATORS = ['STANDARD_CONTROL', 'SECURITY_CONTROL'] as const;

/** Turns Security Hub on or off for an account in a Region, and reads or changes the hub's settings. */
export const HUB_OPERATIONS: readonly Operation[] = [
  {
    name: 'EnableSecurityHub',
    method: 'POST',
    path: '/accounts',
    handler: ({ caller, state, body, now }) => {
      const tags = readTags(body);
      const enableDefaults = readBoolean(body, 'EnableDefaultStandards') ?? true;
      const generator = readEnum(body, 'ControlFindingGenerator', GENERATORS);
      if (state.hubOf(caller.accountId, caller.region))
        throw conflict(`Account ${caller.accountId} is already subscribed to Security Hub`);
      const hub = state.addHub(caller, now);
      if (generator) hub.controlFindingGenerator = generator;
      if (tags) state.tags.set(hub.arn, { ...tags });
      if (enableDefaults) {
        for (const entry of STANDARDS.filter((s) => s.enabledByDefault)) subscribe(hub, entry.standard, {});
      }
      return {};
    },
  },
  {
    name: 'DescribeHub',
    method: 'GET',
    path: '/accounts',
    handler: ({ caller, state, query }) => {
      const hub = state.requireHub(caller);
      const arn = query.get('HubArn');
      if (arn && arn !== hub.arn) throw notFound(`Hub ${arn} not found`);
      return compact({
        HubArn: hub.arn,
        SubscribedAt: hub.subscribedAt,
        AutoEnableControls: hub.autoEnableControls,
        ControlFindingGenerator: hub.controlFindingGenerator,
      });
    },
  },
  {
    name: 'UpdateSecurityHubConfiguration',
    method: 'PATCH',
    path: '/accounts',
    handler: ({ caller, state, body }) => {
      const autoEnable = readBoolean(body, 'AutoEnableControls');
      const generator = readEnum(body, 'ControlFindingGenerator', GENERATORS);
      const hub = state.requireHub(caller);
      if (autoEnable !== undefined) hub.autoEnableControls = autoEnable;
      if (generator) hub.controlFindingGenerator = generator;
      return {};
    },
  },
  {
    name: 'DisableSecurityHub',
    method: 'DELETE',
    path: '/accounts',
    handler: ({ caller, state }) => {
      const hub = state.requireHub(caller);
      if (state.organizationAdmins.get(caller.region) === caller.accountId) {
        throw invalidInput(
          'Cannot disable Security Hub on the Security Hub administrator account while it is the delegated administrator for the organization',
        );
      }
      disableHub(state, hub);
      return {};
    },
  },
];

/** Disables a hub: its member relationships end, and what it held is dropped. */
export function disableHub(state: EmulatorState, hub: Hub): void {
  // A member's administrator loses the relationship; an administrator's members lose theirs.
  const admin = hub.administrator ? state.hubOf(hub.administrator.accountId, hub.region) : undefined;
  admin?.members.delete(hub.accountId);
  for (const member of hub.members.values()) {
    const memberHub = state.hubOf(member.accountId, hub.region);
    if (memberHub?.administrator?.accountId === hub.accountId) memberHub.administrator = undefined;
    memberHub?.invitations.delete(hub.accountId);
  }
  state.removeHub(hub);
}

/** Reads a query-string member that the API marks required. */
export function requiredQuery(query: URLSearchParams, member: string): string {
  const value = query.get(member);
  if (!value) throw invalidInput(`Missing required parameter: ${member}`);
  return value;
}
