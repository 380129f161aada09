import { configurationPolicyArn } from '../arns';
import { controlById, standardByArn } from '../catalogue';
import { accessDenied, conflict, invalidInput, limitExceeded, notFound } from '../errors';
import type { Caller } from '../identity';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import type { ConfigurationPolicyState, EmulatorState, Hub, PolicyAssociationState } from '../state';
import {
  isObject,
  readBoolean,
  readList,
  readObject,
  readString,
  readStringList,
  readTags,
  type JsonObject,
} from '../validate';
import { newResourceId } from './action-targets';
import { checkParameterValue } from './controls';

/** Security Hub allows 20 configuration policies per organization. */
export const MAX_CONFIGURATION_POLICIES = 20;

/** The policy id that hands an account back to its own (self-managed) configuration. */
export const SELF_MANAGED = 'SELF_MANAGED_SECURITY_HUB';

/**
 * The caller's hub when it is the delegated administrator with central configuration on. The
 * message is the service's, which the provider matches to treat associations as gone.
 */
function requireCentralAdmin(state: EmulatorState, caller: Caller): Hub {
  const hub = state.requireHub(caller);
  if (
    state.organizationAdmins.get(caller.region) !== caller.accountId ||
    hub.organizationConfiguration?.configurationType !== 'CENTRAL'
  ) {
    throw accessDenied('Must be a Security Hub delegated administrator with Central Configuration enabled');
  }
  return hub;
}

function checkSecurityHubPolicy(policy: JsonObject, region: string): void {
  const securityHub = readObject(policy, 'SecurityHub', true) as JsonObject;
  const enabled = readBoolean(securityHub, 'ServiceEnabled');
  if (enabled === undefined) throw invalidInput('Missing required parameter: ServiceEnabled');
  const standards = readStringList(securityHub, 'EnabledStandardIdentifiers');
  const controls = readObject(securityHub, 'SecurityControlsConfiguration');
  if (!enabled) {
    if (standards || controls)
      throw invalidInput(
        'EnabledStandardIdentifiers and SecurityControlsConfiguration must be omitted when ServiceEnabled is false',
      );
    return;
  }
  if (!standards) throw invalidInput('EnabledStandardIdentifiers is required when ServiceEnabled is true');
  for (const arn of standards)
    if (!standardByArn(arn, region)) throw invalidInput(`${arn} is not a valid standard in ${region}`);
  if (!controls) throw invalidInput('SecurityControlsConfiguration is required when ServiceEnabled is true');
  const enabledIds = readStringList(controls, 'EnabledSecurityControlIdentifiers');
  const disabledIds = readStringList(controls, 'DisabledSecurityControlIdentifiers');
  if ((enabledIds === undefined) === (disabledIds === undefined)) {
    throw invalidInput(
      'Specify exactly one of EnabledSecurityControlIdentifiers and DisabledSecurityControlIdentifiers',
    );
  }
  for (const id of [...(enabledIds ?? []), ...(disabledIds ?? [])])
    if (!controlById(id)) throw invalidInput(`${id} is not a valid security control`);
  for (const custom of readList(controls, 'SecurityControlCustomParameters') ?? []) {
    if (!isObject(custom)) throw invalidInput('Each SecurityControlCustomParameter must be an object');
    const id = readString(custom, 'SecurityControlId', { required: true });
    const control = controlById(id);
    if (!control) throw invalidInput(`${id} is not a valid security control`);
    for (const [name, value] of Object.entries(readObject(custom, 'Parameters', true) as JsonObject)) {
      const definition = control.parameters.find((p) => p.name === name);
      if (!definition) throw invalidInput(`Security control ${id} has no parameter ${name}`);
      checkParameterValue(id, definition, value);
    }
  }
}

function policyOf(hub: Hub, identifier: string): ConfigurationPolicyState {
  for (const policy of hub.configurationPolicies.values())
    if (policy.id === identifier || policy.arn === identifier) return policy;
  throw notFound(`Configuration policy ${identifier} not found`);
}

function render(policy: ConfigurationPolicyState): JsonObject {
  return compact({
    Arn: policy.arn,
    Id: policy.id,
    Name: policy.name,
    Description: policy.description,
    UpdatedAt: policy.updatedAt,
    CreatedAt: policy.createdAt,
    ConfigurationPolicy: policy.policy,
  });
}

type Target = { id: string; type: PolicyAssociationState['targetType'] };

function readTarget(body: JsonObject): Target {
  const target = readObject(body, 'Target', true) as JsonObject;
  const entries = Object.entries(target).filter(([, v]) => v !== undefined && v !== null);
  if (entries.length !== 1 || typeof entries[0][1] !== 'string')
    throw invalidInput('Target must have exactly one of AccountId, OrganizationalUnitId, RootId');
  const [member, id] = entries[0] as [string, string];
  const types: Record<string, [Target['type'], RegExp]> = {
    AccountId: ['ACCOUNT', /^\d{12}$/],
    OrganizationalUnitId: ['ORGANIZATIONAL_UNIT', /^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/],
    RootId: ['ROOT', /^r-[a-z0-9]{4,32}$/],
  };
  const spec = types[member];
  if (!spec) throw invalidInput(`Unknown Target member ${member}`);
  if (!spec[1].test(id)) throw invalidInput(`${id} is not a valid ${member}`);
  return { id, type: spec[0] };
}

function renderAssociation(a: PolicyAssociationState): JsonObject {
  return {
    ConfigurationPolicyId: a.policyId,
    TargetId: a.targetId,
    TargetType: a.targetType,
    AssociationType: 'APPLIED',
    UpdatedAt: a.updatedAt,
    AssociationStatus: 'SUCCESS',
  };
}

function targetKeyOf(value: unknown): string | undefined {
  if (!isObject(value) || !isObject(value.Target)) return undefined;
  const ids = Object.values(value.Target).filter((v) => typeof v === 'string');
  return ids.length === 1 ? (ids[0] as string) : undefined;
}

/** Central configuration: policies the delegated administrator defines and applies to accounts, OUs and the root. */
export const CONFIGURATION_POLICY_OPERATIONS: readonly Operation[] = [
  {
    name: 'CreateConfigurationPolicy',
    method: 'POST',
    path: '/configurationPolicy/create',
    handler: ({ caller, state, body, now }) => {
      const name = readString(body, 'Name', { required: true, min: 1, max: 128 });
      const description = readString(body, 'Description', { max: 512 });
      const policy = readObject(body, 'ConfigurationPolicy', true) as JsonObject;
      const tags = readTags(body);
      checkSecurityHubPolicy(policy, caller.region);
      const hub = requireCentralAdmin(state, caller);
      if ([...hub.configurationPolicies.values()].some((p) => p.name === name))
        throw conflict(`A configuration policy named ${name} already exists`);
      if (hub.configurationPolicies.size >= MAX_CONFIGURATION_POLICIES)
        throw limitExceeded(`You can create at most ${MAX_CONFIGURATION_POLICIES} configuration policies`);
      const id = newResourceId();
      const created: ConfigurationPolicyState = {
        id,
        arn: configurationPolicyArn(caller, id),
        name,
        description,
        policy,
        createdAt: now,
        updatedAt: now,
      };
      hub.configurationPolicies.set(id, created);
      if (tags) state.tags.set(created.arn, { ...tags });
      return render(created);
    },
  },
  {
    name: 'GetConfigurationPolicy',
    method: 'GET',
    path: '/configurationPolicy/get/{Identifier}',
    handler: ({ caller, state, params }) => render(policyOf(requireCentralAdmin(state, caller), params.Identifier)),
  },
  {
    name: 'UpdateConfigurationPolicy',
    method: 'PATCH',
    path: '/configurationPolicy/{Identifier}',
    handler: ({ caller, state, body, params, now }) => {
      const name = readString(body, 'Name', { min: 1, max: 128 });
      const description = readString(body, 'Description', { max: 512 });
      readString(body, 'UpdatedReason', { max: 512 });
      const policy = readObject(body, 'ConfigurationPolicy');
      if (policy) checkSecurityHubPolicy(policy, caller.region);
      const hub = requireCentralAdmin(state, caller);
      const current = policyOf(hub, params.Identifier);
      if (
        name !== undefined &&
        name !== current.name &&
        [...hub.configurationPolicies.values()].some((p) => p.name === name)
      ) {
        throw conflict(`A configuration policy named ${name} already exists`);
      }
      if (name !== undefined) current.name = name;
      if (description !== undefined) current.description = description;
      if (policy) current.policy = policy;
      current.updatedAt = now;
      return render(current);
    },
  },
  {
    name: 'DeleteConfigurationPolicy',
    method: 'DELETE',
    path: '/configurationPolicy/{Identifier}',
    handler: ({ caller, state, params }) => {
      const hub = requireCentralAdmin(state, caller);
      const policy = policyOf(hub, params.Identifier);
      if ([...hub.policyAssociations.values()].some((a) => a.policyId === policy.id)) {
        throw conflict(`Configuration policy ${policy.id} is still associated with targets; disassociate it first`);
      }
      hub.configurationPolicies.delete(policy.id);
      state.tags.delete(policy.arn);
      return {};
    },
  },
  {
    name: 'ListConfigurationPolicies',
    method: 'GET',
    path: '/configurationPolicy/list',
    handler: (ctx) => {
      const { caller, state } = ctx;
      const maxResults = readMaxResults(ctx, 100);
      const hub = requireCentralAdmin(state, caller);
      const summaries = [...hub.configurationPolicies.values()].map((p) =>
        compact({
          Arn: p.arn,
          Id: p.id,
          Name: p.name,
          Description: p.description,
          UpdatedAt: p.updatedAt,
          ServiceEnabled: isObject(p.policy.SecurityHub) ? p.policy.SecurityHub.ServiceEnabled : undefined,
        }),
      );
      const page = state.tokens.page(
        summaries,
        scopeOf('ListConfigurationPolicies', caller.accountId, caller.region, {}),
        { nextToken: readNextToken(ctx), maxResults },
      );
      return compact({ ConfigurationPolicySummaries: page.items, NextToken: page.nextToken });
    },
  },
  {
    name: 'StartConfigurationPolicyAssociation',
    method: 'POST',
    path: '/configurationPolicyAssociation/associate',
    handler: ({ caller, state, body, now }) => {
      const identifier = readString(body, 'ConfigurationPolicyIdentifier', { required: true });
      const target = readTarget(body);
      const hub = requireCentralAdmin(state, caller);
      const policyId = identifier === SELF_MANAGED ? SELF_MANAGED : policyOf(hub, identifier).id;
      const association: PolicyAssociationState = {
        targetId: target.id,
        targetType: target.type,
        policyId,
        updatedAt: now,
      };
      hub.policyAssociations.set(target.id, association);
      return renderAssociation(association);
    },
  },
  {
    name: 'StartConfigurationPolicyDisassociation',
    method: 'POST',
    path: '/configurationPolicyAssociation/disassociate',
    handler: ({ caller, state, body }) => {
      const identifier = readString(body, 'ConfigurationPolicyIdentifier');
      const target = readTarget(body);
      const hub = requireCentralAdmin(state, caller);
      const association = hub.policyAssociations.get(target.id);
      if (!association) throw notFound(`No configuration policy is associated with ${target.id}`);
      if (identifier && identifier !== association.policyId && policyOf(hub, identifier).id !== association.policyId) {
        throw invalidInput(`Configuration policy ${identifier} is not associated with ${target.id}`);
      }
      hub.policyAssociations.delete(target.id);
      return {};
    },
  },
  {
    name: 'GetConfigurationPolicyAssociation',
    method: 'POST',
    path: '/configurationPolicyAssociation/get',
    handler: ({ caller, state, body }) => {
      const target = readTarget(body);
      const association = requireCentralAdmin(state, caller).policyAssociations.get(target.id);
      if (!association) throw notFound(`No configuration policy is associated with ${target.id}`);
      return renderAssociation(association);
    },
  },
  {
    name: 'BatchGetConfigurationPolicyAssociations',
    method: 'POST',
    path: '/configurationPolicyAssociation/batchget',
    handler: ({ caller, state, body }) => {
      const identifiers = readList(body, 'ConfigurationPolicyAssociationIdentifiers', {
        required: true,
        min: 1,
        max: 100,
      }) as unknown[];
      const hub = requireCentralAdmin(state, caller);
      const found: JsonObject[] = [];
      const missing: JsonObject[] = [];
      for (const identifier of identifiers) {
        const key = targetKeyOf(identifier);
        const association = key ? hub.policyAssociations.get(key) : undefined;
        if (association) found.push(renderAssociation(association));
        else
          missing.push({
            ConfigurationPolicyAssociationIdentifiers: identifier,
            ErrorCode: 'RESOURCE_NOT_FOUND',
            ErrorReason: 'No association for this target',
          });
      }
      return { ConfigurationPolicyAssociations: found, UnprocessedConfigurationPolicyAssociations: missing };
    },
  },
  {
    name: 'ListConfigurationPolicyAssociations',
    method: 'POST',
    path: '/configurationPolicyAssociation/list',
    handler: (ctx) => {
      const { caller, state, body } = ctx;
      const filters = readObject(body, 'Filters') ?? {};
      const maxResults = readMaxResults(ctx, 100, 100, 'body');
      const hub = requireCentralAdmin(state, caller);
      const associations = [...hub.policyAssociations.values()]
        .map(renderAssociation)
        .filter(
          (a) =>
            (filters.ConfigurationPolicyId === undefined ||
              a.ConfigurationPolicyId === filters.ConfigurationPolicyId) &&
            (filters.AssociationType === undefined || a.AssociationType === filters.AssociationType) &&
            (filters.AssociationStatus === undefined || a.AssociationStatus === filters.AssociationStatus),
        );
      const page = state.tokens.page(
        associations,
        scopeOf('ListConfigurationPolicyAssociations', caller.accountId, caller.region, filters),
        {
          nextToken: readNextToken(ctx, 'body'),
          maxResults,
        },
      );
      return compact({ ConfigurationPolicyAssociationSummaries: page.items, NextToken: page.nextToken });
    },
  },
];
