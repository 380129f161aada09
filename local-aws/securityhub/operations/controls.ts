import type { ControlDefinition, ControlParameterDefinition } from '../../../domain/control-catalogue';
import { securityControlArn, standardsControlArn } from '../arns';
import {
  controlById,
  controlDescription,
  CONTROLS,
  parameterDefinition,
  PARAMETER_TYPES,
  remediationUrl,
  standardByArn,
  standardsPath,
} from '../catalogue';
import { invalidInput, notFound } from '../errors';
import type { Caller } from '../identity';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import { associationKey, type Hub } from '../state';
import { isObject, readEnum, readList, readString, type JsonObject } from '../validate';
import { requiredQuery } from './hub';
import { associationOf } from './standards';

/** A control id from a request: the id itself, or a security control ARN. */
function controlIdOf(value: string): string {
  const m = /^arn:[^:]+:securityhub:[^:]*:[^:]*:security-control\/(.+)$/.exec(value);
  return m ? m[1] : value;
}

function renderDefinition(control: ControlDefinition): JsonObject {
  return compact({
    SecurityControlId: control.securityControlId,
    Title: control.title,
    Description: controlDescription(control),
    RemediationUrl: remediationUrl(control.securityControlId),
    SeverityRating: control.severity,
    CurrentRegionAvailability: 'AVAILABLE',
    CustomizableProperties: control.parameters.length > 0 ? ['Parameters'] : undefined,
    ParameterDefinitions:
      control.parameters.length > 0
        ? Object.fromEntries(control.parameters.map((p) => [p.name, parameterDefinition(p)]))
        : undefined,
  });
}

/** The control's parameters as the hub has them: customised values, else DEFAULT with no value. */
function currentParameters(hub: Hub, control: ControlDefinition): JsonObject | undefined {
  if (control.parameters.length === 0) return undefined;
  const custom = hub.controlParameters.get(control.securityControlId)?.parameters ?? {};
  return Object.fromEntries(control.parameters.map((p) => [p.name, custom[p.name] ?? { ValueType: 'DEFAULT' }]));
}

function renderSecurityControl(caller: Caller, hub: Hub, control: ControlDefinition): JsonObject {
  const enabledIn = [...hub.standards.values()].filter((s) => control.standards.includes(s.standard));
  const anyEnabled = enabledIn.some(
    (s) => associationOf(hub, control.securityControlId, s.standardsArn).status === 'ENABLED',
  );
  return compact({
    SecurityControlId: control.securityControlId,
    SecurityControlArn: securityControlArn(caller, control.securityControlId),
    Title: control.title,
    Description: controlDescription(control),
    RemediationUrl: remediationUrl(control.securityControlId),
    SeverityRating: control.severity,
    SecurityControlStatus: anyEnabled ? 'ENABLED' : 'DISABLED',
    UpdateStatus: 'READY',
    Parameters: currentParameters(hub, control),
    LastUpdateReason: hub.controlParameters.get(control.securityControlId)?.lastUpdateReason,
  });
}

function renderAssociation(
  caller: Caller,
  hub: Hub,
  control: ControlDefinition,
  standardsArn: string,
  detail: boolean,
): JsonObject {
  const association = associationOf(hub, control.securityControlId, standardsArn);
  const standard = hub.standards.get(standardsArn)?.standard;
  return compact({
    StandardsArn: standardsArn,
    SecurityControlId: control.securityControlId,
    SecurityControlArn: securityControlArn(caller, control.securityControlId),
    AssociationStatus: association.status,
    RelatedRequirements: standard ? [...(control.requirements?.[standard.standardsId] ?? [])] : [],
    UpdatedAt: association.updatedAt,
    UpdatedReason: association.updatedReason,
    StandardsControlTitle: control.title,
    StandardsControlDescription: controlDescription(control),
    StandardsControlArns:
      detail && standard
        ? [standardsControlArn(caller, standardsPath(standard), control.securityControlId)]
        : undefined,
  });
}

/**
 * Checks one parameter value against its definition: the member must match the parameter's
 * type, numbers must be within bounds and enum values allowed.
 */
export function checkParameterValue(
  controlId: string,
  definition: ControlParameterDefinition,
  configuration: unknown,
): void {
  const where = `${controlId} parameter ${definition.name}`;
  if (!isObject(configuration)) throw invalidInput(`${where} must be an object with ValueType`);
  const valueType = readEnum(configuration, 'ValueType', ['DEFAULT', 'CUSTOM'] as const, true);
  if (valueType === 'DEFAULT') return;
  const value = configuration.Value;
  const member = PARAMETER_TYPES[definition.type];
  if (!isObject(value) || Object.keys(value).length !== 1 || value[member] === undefined)
    throw invalidInput(`${where} needs a Value with the ${member} member`);
  const raw = value[member];
  const items = Array.isArray(raw) ? raw : [raw];
  if (definition.type.endsWith('List') !== Array.isArray(raw))
    throw invalidInput(`${where} must be ${definition.type.endsWith('List') ? 'a list' : 'a single value'}`);
  for (const item of items) {
    if (definition.type.startsWith('integer') || definition.type === 'double') {
      if (typeof item !== 'number' || (definition.type.startsWith('integer') && !Number.isInteger(item)))
        throw invalidInput(`${where} must be a number`);
      if (
        (definition.min !== undefined && item < definition.min) ||
        (definition.max !== undefined && item > definition.max)
      ) {
        throw invalidInput(`${where} must be between ${definition.min} and ${definition.max}`);
      }
    } else if (definition.type === 'boolean') {
      if (typeof item !== 'boolean') throw invalidInput(`${where} must be a boolean`);
    } else if (typeof item !== 'string' || (definition.allowed && !definition.allowed.includes(item))) {
      throw invalidInput(
        `${where} must be ${definition.allowed ? `one of ${definition.allowed.join(', ')}` : 'a string'}`,
      );
    }
  }
}

/** Security controls across standards (the consolidated controls API) and their per-standard associations. */
export const CONTROL_OPERATIONS: readonly Operation[] = [
  {
    name: 'ListSecurityControlDefinitions',
    method: 'GET',
    path: '/securityControls/definitions',
    handler: (ctx) => {
      const { caller, state, query } = ctx;
      const maxResults = readMaxResults(ctx, 100);
      state.requireHub(caller);
      const standardsArn = query.get('StandardsArn') ?? undefined;
      let controls = CONTROLS;
      if (standardsArn) {
        const standard = standardByArn(standardsArn, caller.region);
        if (!standard) throw invalidInput(`StandardsArn ${standardsArn} is not a valid standard in ${caller.region}`);
        controls = controls.filter((c) => c.standards.includes(standard.standard));
      }
      const page = state.tokens.page(
        controls,
        scopeOf('ListSecurityControlDefinitions', caller.accountId, caller.region, { standardsArn }),
        {
          nextToken: readNextToken(ctx),
          maxResults,
        },
      );
      return compact({ SecurityControlDefinitions: page.items.map(renderDefinition), NextToken: page.nextToken });
    },
  },
  {
    name: 'GetSecurityControlDefinition',
    method: 'GET',
    path: '/securityControl/definition',
    handler: ({ caller, state, query }) => {
      const id = requiredQuery(query, 'SecurityControlId');
      state.requireHub(caller);
      const control = controlById(controlIdOf(id));
      if (!control) throw notFound(`Security control ${id} not found`);
      return { SecurityControlDefinition: renderDefinition(control) };
    },
  },
  {
    name: 'BatchGetSecurityControls',
    method: 'POST',
    path: '/securityControls/batchGet',
    handler: ({ caller, state, body }) => {
      const ids = readList(body, 'SecurityControlIds', { required: true, min: 1, max: 100 }) as unknown[];
      const hub = state.requireHub(caller);
      const found: JsonObject[] = [];
      const unprocessed: JsonObject[] = [];
      for (const id of ids) {
        if (typeof id !== 'string') throw invalidInput('SecurityControlIds must be strings');
        const control = controlById(controlIdOf(id));
        if (control) found.push(renderSecurityControl(caller, hub, control));
        else
          unprocessed.push({
            SecurityControlId: id,
            ErrorCode: 'NOT_FOUND',
            ErrorReason: `Security control ${id} not found`,
          });
      }
      return compact({ SecurityControls: found, UnprocessedIds: unprocessed.length > 0 ? unprocessed : undefined });
    },
  },
  {
    name: 'UpdateSecurityControl',
    method: 'PATCH',
    path: '/securityControl/update',
    handler: ({ caller, state, body }) => {
      const id = readString(body, 'SecurityControlId', { required: true });
      const parameters = body.Parameters;
      if (!isObject(parameters)) throw invalidInput('Missing required parameter: Parameters');
      const reason = readString(body, 'LastUpdateReason', { max: 1024 });
      const hub = state.requireHub(caller);
      const control = controlById(controlIdOf(id));
      if (!control) throw notFound(`Security control ${id} not found`);
      for (const [name, configuration] of Object.entries(parameters)) {
        const definition = control.parameters.find((p) => p.name === name);
        if (!definition) throw invalidInput(`Security control ${control.securityControlId} has no parameter ${name}`);
        checkParameterValue(control.securityControlId, definition, configuration);
      }
      const current = hub.controlParameters.get(control.securityControlId)?.parameters ?? {};
      hub.controlParameters.set(control.securityControlId, {
        parameters: { ...current, ...parameters },
        lastUpdateReason: reason,
      });
      return {};
    },
  },
  {
    name: 'ListStandardsControlAssociations',
    method: 'GET',
    path: '/associations',
    handler: (ctx) => {
      const { caller, state, query } = ctx;
      const id = requiredQuery(query, 'SecurityControlId');
      const maxResults = readMaxResults(ctx, 100);
      const hub = state.requireHub(caller);
      const control = controlById(controlIdOf(id));
      if (!control) throw notFound(`Security control ${id} not found`);
      // Associations exist for the standards the account has enabled that include the control.
      const summaries = [...hub.standards.values()]
        .filter((s) => control.standards.includes(s.standard))
        .map((s) => renderAssociation(caller, hub, control, s.standardsArn, false));
      const page = state.tokens.page(
        summaries,
        scopeOf('ListStandardsControlAssociations', caller.accountId, caller.region, { id }),
        {
          nextToken: readNextToken(ctx),
          maxResults,
        },
      );
      return compact({ StandardsControlAssociationSummaries: page.items, NextToken: page.nextToken });
    },
  },
  {
    name: 'BatchGetStandardsControlAssociations',
    method: 'POST',
    path: '/associations/batchGet',
    handler: ({ caller, state, body }) => {
      const ids = readList(body, 'StandardsControlAssociationIds', { required: true, min: 1, max: 100 }) as unknown[];
      const hub = state.requireHub(caller);
      const details: JsonObject[] = [];
      const unprocessed: JsonObject[] = [];
      for (const id of ids) {
        if (!isObject(id)) throw invalidInput('Each StandardsControlAssociationId must be an object');
        const controlId = controlIdOf(readString(id, 'SecurityControlId', { required: true }));
        const standardsArn = readString(id, 'StandardsArn', { required: true });
        const control = controlById(controlId);
        const subscribed = hub.standards.get(standardsArn);
        if (!control || !subscribed || !control.standards.includes(subscribed.standard)) {
          unprocessed.push({
            StandardsControlAssociationId: id,
            ErrorCode: 'RESOURCE_NOT_FOUND',
            ErrorReason: `No association of ${controlId} with ${standardsArn}`,
          });
        } else details.push(renderAssociation(caller, hub, control, standardsArn, true));
      }
      return compact({
        StandardsControlAssociationDetails: details,
        UnprocessedAssociations: unprocessed.length > 0 ? unprocessed : undefined,
      });
    },
  },
  {
    name: 'BatchUpdateStandardsControlAssociations',
    method: 'PATCH',
    path: '/associations',
    handler: ({ caller, state, body, now }) => {
      const updates = readList(body, 'StandardsControlAssociationUpdates', {
        required: true,
        min: 1,
        max: 100,
      }) as unknown[];
      const hub = state.requireHub(caller);
      const unprocessed: JsonObject[] = [];
      for (const update of updates) {
        if (!isObject(update)) throw invalidInput('Each StandardsControlAssociationUpdate must be an object');
        const controlId = controlIdOf(readString(update, 'SecurityControlId', { required: true }));
        const standardsArn = readString(update, 'StandardsArn', { required: true });
        const status = readEnum(update, 'AssociationStatus', ['ENABLED', 'DISABLED'] as const, true) as
          'ENABLED' | 'DISABLED';
        const reason = readString(update, 'UpdatedReason', { min: 1 });
        const control = controlById(controlId);
        const subscribed = hub.standards.get(standardsArn);
        if (status === 'DISABLED' && !reason) {
          unprocessed.push({
            StandardsControlAssociationUpdate: update,
            ErrorCode: 'INVALID_INPUT',
            ErrorReason: 'UpdatedReason is required when AssociationStatus is DISABLED',
          });
        } else if (!control || !subscribed || !control.standards.includes(subscribed.standard)) {
          unprocessed.push({
            StandardsControlAssociationUpdate: update,
            ErrorCode: 'RESOURCE_NOT_FOUND',
            ErrorReason: `No association of ${controlId} with ${standardsArn}`,
          });
        } else {
          hub.associations.set(associationKey(controlId, standardsArn), {
            status,
            updatedReason: reason,
            updatedAt: now,
          });
        }
      }
      return compact({ UnprocessedAssociationUpdates: unprocessed.length > 0 ? unprocessed : undefined });
    },
  },
];
