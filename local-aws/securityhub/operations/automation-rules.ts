import { automationRuleArn } from '../arns';
import { invalidInput, limitExceeded } from '../errors';
import { compileFilters } from '../findings/filters';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import type { AutomationRuleState, Hub } from '../state';
import {
  isObject,
  readBoolean,
  readEnum,
  readInteger,
  readList,
  readObject,
  readString,
  readStringList,
  readTags,
  type JsonObject,
} from '../validate';
import { newResourceId } from './action-targets';
import { readFindingFieldsUpdate } from './findings';

/** Security Hub allows 100 automation rules per administrator and Region. */
export const MAX_AUTOMATION_RULES = 100;

const STATUSES = ['ENABLED', 'DISABLED'] as const;

function readActions(body: JsonObject, required: boolean): JsonObject[] | undefined {
  const actions = readList(body, 'Actions', { required, min: 1, max: 1 });
  return actions?.map((action) => {
    if (!isObject(action)) throw invalidInput('Each automation rule action must be an object');
    readEnum(action, 'Type', ['FINDING_FIELDS_UPDATE'] as const, true);
    const update = readObject(action, 'FindingFieldsUpdate', true) as JsonObject;
    if (Object.keys(readFindingFieldsUpdate(update)).length === 0)
      throw invalidInput('FindingFieldsUpdate needs at least one field to update');
    return action;
  });
}

function readCriteria(body: JsonObject, required: boolean): JsonObject | undefined {
  const criteria = readObject(body, 'Criteria', required);
  if (criteria) compileFilters(criteria);
  return criteria;
}

function metadata(rule: AutomationRuleState): JsonObject {
  return compact({
    RuleArn: rule.arn,
    RuleStatus: rule.ruleStatus,
    RuleOrder: rule.ruleOrder,
    RuleName: rule.ruleName,
    Description: rule.description,
    IsTerminal: rule.isTerminal,
    CreatedAt: rule.createdAt,
    UpdatedAt: rule.updatedAt,
    CreatedBy: rule.createdBy,
  });
}

function unprocessed(arn: unknown, code: number, message: string): JsonObject {
  return { RuleArn: String(arn), ErrorCode: code, ErrorMessage: message };
}

function ruleIn(hub: Hub, arn: unknown): AutomationRuleState | undefined {
  return typeof arn === 'string' ? hub.automationRules.get(arn) : undefined;
}

/** Automation rules (V1), which update findings as they arrive. */
export const AUTOMATION_RULE_OPERATIONS: readonly Operation[] = [
  {
    name: 'CreateAutomationRule',
    method: 'POST',
    path: '/automationrules/create',
    handler: ({ caller, state, body, now }) => {
      const tags = readTags(body);
      const ruleStatus = readEnum(body, 'RuleStatus', STATUSES) ?? 'ENABLED';
      const ruleOrder = readInteger(body, 'RuleOrder', { required: true, min: 1, max: 1000 }) as number;
      const ruleName = readString(body, 'RuleName', { required: true, min: 1, max: 256 });
      const description = readString(body, 'Description', { required: true, min: 1, max: 1024 });
      const isTerminal = readBoolean(body, 'IsTerminal') ?? false;
      const criteria = readCriteria(body, true) as JsonObject;
      const actions = readActions(body, true) as JsonObject[];
      const hub = state.requireHub(caller);
      if (hub.automationRules.size >= MAX_AUTOMATION_RULES)
        throw limitExceeded(`You can create at most ${MAX_AUTOMATION_RULES} automation rules`);
      const arn = automationRuleArn(caller, newResourceId());
      hub.automationRules.set(arn, {
        arn,
        ruleStatus,
        ruleOrder,
        ruleName,
        description,
        isTerminal,
        criteria,
        actions,
        createdAt: now,
        updatedAt: now,
        createdBy: `arn:${caller.partition}:iam::${caller.accountId}:root`,
      });
      if (tags) state.tags.set(arn, { ...tags });
      return { RuleArn: arn };
    },
  },
  {
    name: 'BatchGetAutomationRules',
    method: 'POST',
    path: '/automationrules/get',
    handler: ({ caller, state, body }) => {
      const arns = readStringList(body, 'AutomationRulesArns', { required: true, min: 1, max: 100 }) as string[];
      const hub = state.requireHub(caller);
      const rules: JsonObject[] = [];
      const missing: JsonObject[] = [];
      for (const arn of arns) {
        const rule = ruleIn(hub, arn);
        if (rule) rules.push({ ...metadata(rule), Criteria: rule.criteria, Actions: rule.actions });
        else missing.push(unprocessed(arn, 404, 'Automation rule not found'));
      }
      return compact({ Rules: rules, UnprocessedAutomationRules: missing.length > 0 ? missing : undefined });
    },
  },
  {
    name: 'BatchUpdateAutomationRules',
    method: 'PATCH',
    path: '/automationrules/update',
    handler: ({ caller, state, body, now }) => {
      const items = readList(body, 'UpdateAutomationRulesRequestItems', {
        required: true,
        min: 1,
        max: 100,
      }) as unknown[];
      const hub = state.requireHub(caller);
      const processed: string[] = [];
      const missing: JsonObject[] = [];
      for (const item of items) {
        if (!isObject(item)) throw invalidInput('Each update item must be an object');
        const arn = readString(item, 'RuleArn', { required: true });
        const changes = {
          ruleStatus: readEnum(item, 'RuleStatus', STATUSES),
          ruleOrder: readInteger(item, 'RuleOrder', { min: 1, max: 1000 }),
          description: readString(item, 'Description', { min: 1, max: 1024 }),
          ruleName: readString(item, 'RuleName', { min: 1, max: 256 }),
          isTerminal: readBoolean(item, 'IsTerminal'),
          criteria: readCriteria(item, false),
          actions: readActions(item, false),
        };
        const rule = ruleIn(hub, arn);
        if (!rule) {
          missing.push(unprocessed(arn, 404, 'Automation rule not found'));
          continue;
        }
        for (const [key, value] of Object.entries(changes))
          if (value !== undefined) (rule as unknown as Record<string, unknown>)[key] = value;
        rule.updatedAt = now;
        processed.push(arn);
      }
      return compact({
        ProcessedAutomationRules: processed,
        UnprocessedAutomationRules: missing.length > 0 ? missing : undefined,
      });
    },
  },
  {
    name: 'BatchDeleteAutomationRules',
    method: 'POST',
    path: '/automationrules/delete',
    handler: ({ caller, state, body }) => {
      const arns = readStringList(body, 'AutomationRulesArns', { required: true, min: 1, max: 100 }) as string[];
      const hub = state.requireHub(caller);
      const processed: string[] = [];
      const missing: JsonObject[] = [];
      for (const arn of arns) {
        if (hub.automationRules.delete(arn)) {
          state.tags.delete(arn);
          processed.push(arn);
        } else missing.push(unprocessed(arn, 404, 'Automation rule not found'));
      }
      return compact({
        ProcessedAutomationRules: processed,
        UnprocessedAutomationRules: missing.length > 0 ? missing : undefined,
      });
    },
  },
  {
    name: 'ListAutomationRules',
    method: 'GET',
    path: '/automationrules/list',
    handler: (ctx) => {
      const { caller, state } = ctx;
      const maxResults = readMaxResults(ctx, 100);
      const hub = state.requireHub(caller);
      const rules = [...hub.automationRules.values()].sort((a, b) => a.ruleOrder - b.ruleOrder).map(metadata);
      const page = state.tokens.page(rules, scopeOf('ListAutomationRules', caller.accountId, caller.region, {}), {
        nextToken: readNextToken(ctx),
        maxResults,
      });
      return compact({ AutomationRulesMetadata: page.items, NextToken: page.nextToken });
    },
  },
];
