import type { ResourceChange } from '../plan';
import { added, tagsOf, valueAt } from '../values';
import { count, flag, inspect, shortList, type RiskFlag } from './rule';

/** The tag that says how a remediation rule acts: `auto` changes resources without a person. */
export const REMEDIATION_MODE_TAG = 'securityhub:remediation-mode';
/** The tag listing the environments (space-separated) where the rule acts automatically. */
export const REMEDIATION_ENVIRONMENT_TAG = 'securityhub:environment';

/** True when a rule's tags and state say it remediates production automatically. */
function autoInProduction(values: Record<string, unknown> | null): boolean {
  if (!values) return false;
  const tags = tagsOf(values);
  const environments = (tags[REMEDIATION_ENVIRONMENT_TAG] ?? '').split(/[\s,]+/);
  const enabled = valueAt(values, ['state']) !== 'DISABLED' && valueAt(values, ['is_enabled']) !== false;
  return enabled && tags[REMEDIATION_MODE_TAG] === 'auto' && environments.includes('production');
}

/**
 * The security control ids an event pattern selects (`detail.findings.Compliance.SecurityControlId`,
 * wherever it sits); `*` when the pattern does not narrow by control.
 */
export function patternControlIds(pattern: unknown): string[] {
  let parsed: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      return ['*'];
    }
  }
  const found: string[] = [];
  let narrowed = false;
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const record = node as Record<string, unknown>;
    const compliance = record.Compliance;
    if (typeof compliance === 'object' && compliance !== null && 'SecurityControlId' in compliance) {
      narrowed = true;
      const ids = (compliance as Record<string, unknown>).SecurityControlId;
      for (const id of Array.isArray(ids) ? ids : [ids]) found.push(typeof id === 'string' ? id : JSON.stringify(id));
    }
    Object.values(record).forEach(visit);
  };
  visit(parsed);
  return narrowed ? found : ['*'];
}

/**
 * Automatic remediation newly enabled for production: an EventBridge rule tagged
 * `securityhub:remediation-mode = auto` and `securityhub:environment` including `production`
 * created (or switched to that), or its pattern's `Compliance.SecurityControlId` list growing. High.
 */
export function productionAutoRemediationEnabled(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_cloudwatch_event_rule' || !c || c.kind === 'destroy' || !autoInProduction(c.after)) return [];
  const afterIds = patternControlIds(valueAt(c.after, ['event_pattern']));
  const runbook = tagsOf(c.after)['securityhub:runbook'];
  const via = runbook ? ` by runbook ${runbook}` : '';
  if (!autoInProduction(c.before)) {
    const what = afterIds.includes('*') ? 'every control' : `${count(afterIds.length, 'control')} (${shortList(afterIds)})`;
    return [flag('production-auto-remediation-enabled', 'high', change, `Automatic remediation enabled in production${via} for ${what}: resources change without a person approving.`,
      [`${REMEDIATION_MODE_TAG} = auto, ${REMEDIATION_ENVIRONMENT_TAG} = ${tagsOf(c.after)[REMEDIATION_ENVIRONMENT_TAG]}`, ...afterIds.map((id) => `Compliance.SecurityControlId gains ${id}`)])];
  }
  const beforeIds = patternControlIds(valueAt(c.before, ['event_pattern']));
  const more = beforeIds.includes('*') ? [] : added(beforeIds, afterIds);
  if (more.length === 0) return [];
  return [flag('production-auto-remediation-enabled', 'high', change, `Automatic remediation in production${via} extends to ${count(more.length, 'more control')}: ${shortList(more)}.`,
    more.map((id) => `Compliance.SecurityControlId gains ${id}`))];
}
