import type { EmulatorState, AutomationRuleState } from '../state';
import { isObject, type JsonObject } from '../validate';
import { completeSeverity } from './asff';
import { compileFilters } from './filters';

/**
 * The automation rules that apply to a finding: the enabled rules of every hub in the finding's
 * Region that administers the finding's account (automation rules belong to administrators),
 * in RuleOrder.
 */
function rulesFor(state: EmulatorState, accountId: string, region: string): AutomationRuleState[] {
  const rules: AutomationRuleState[] = [];
  for (const hub of state.hubs.values()) {
    if (hub.region !== region || hub.automationRules.size === 0) continue;
    if (!state.administers(hub.accountId, accountId, region)) continue;
    for (const rule of hub.automationRules.values()) if (rule.ruleStatus === 'ENABLED') rules.push(rule);
  }
  return rules.sort((a, b) => a.ruleOrder - b.ruleOrder);
}

/** Applies one FINDING_FIELDS_UPDATE action's changes to a finding. */
export function applyFieldUpdates(finding: JsonObject, update: JsonObject, now: string): JsonObject {
  const out: JsonObject = { ...finding };
  for (const [member, value] of Object.entries(update)) {
    if (value === undefined || value === null) continue;
    if (member === 'Severity' && isObject(value)) {
      const current = isObject(out.Severity) ? out.Severity : {};
      const merged: JsonObject = { ...current, ...value };
      if (value.Label !== undefined && value.Normalized === undefined) delete merged.Normalized;
      if (value.Normalized !== undefined && value.Label === undefined) delete merged.Label;
      out.Severity = completeSeverity(merged);
    } else if (member === 'Note' && isObject(value)) {
      out.Note = { ...value, UpdatedAt: now };
    } else if (member === 'UserDefinedFields' && isObject(value)) {
      out.UserDefinedFields = { ...(isObject(out.UserDefinedFields) ? out.UserDefinedFields : {}), ...value };
    } else if (member === 'Workflow' && isObject(value)) {
      out.Workflow = { ...value };
    } else {
      out[member] = value;
    }
  }
  return out;
}

/**
 * Runs the automation rules that match a finding as it is imported, in rule order, stopping
 * after a matching rule marked IsTerminal, the way Security Hub applies rules to new and
 * updated findings.
 */
export function applyAutomationRules(
  state: EmulatorState,
  finding: JsonObject,
  accountId: string,
  region: string,
  now: string,
): JsonObject {
  let current = finding;
  for (const rule of rulesFor(state, accountId, region)) {
    if (!compileFilters(rule.criteria)(current)) continue;
    for (const action of rule.actions) {
      if (action.Type === 'FINDING_FIELDS_UPDATE' && isObject(action.FindingFieldsUpdate)) {
        current = applyFieldUpdates(current, action.FindingFieldsUpdate, now);
      }
    }
    if (rule.isTerminal) break;
  }
  return current;
}
