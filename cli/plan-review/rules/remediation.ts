import { REMEDIATION_POLICY_PARAMETER_SUFFIX, REMEDIATION_RULE_TAGS } from '../../../core/remediation-contract';
import { parseRemediationPolicy, type RemediationPolicy } from '../../../core/remediation-policy';
import { changeKind } from '../changes';
import type { ResourceChange } from '../plan';
import { added, tagsOf, valueAt } from '../values';
import { count, flag, inspect, shortList, type PlanContext, type RiskFlag } from './rule';

/** The tag that says how a remediation rule acts: `auto` changes resources without a person. */
export const REMEDIATION_MODE_TAG = REMEDIATION_RULE_TAGS.mode;
/** The tag listing the environments (space-separated) where the rule acts automatically. */
export const REMEDIATION_ENVIRONMENT_TAG = REMEDIATION_RULE_TAGS.environment;

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

/** The suffix of the SSM parameter the remediation functions read their policy from (`/<prefix>/remediation/policy`). */
export { REMEDIATION_POLICY_PARAMETER_SUFFIX };

/**
 * The remediation policy in a plan, before and after: the `aws_ssm_parameter` the functions read.
 * A side is undefined when the plan has no such parameter, the value is unknown until apply, or
 * it is not a policy this version reads; then rules fall back to the rule tags alone.
 */
function remediationPolicies(plan: PlanContext | undefined): {
  change?: ResourceChange;
  before?: RemediationPolicy;
  after?: RemediationPolicy;
} {
  const change = plan?.changes.find(
    (c) =>
      c.type === 'aws_ssm_parameter' &&
      c.mode !== 'data' &&
      [c.change.before, c.change.after].some((v) =>
        String(valueAt(v, ['name']) ?? '').endsWith(REMEDIATION_POLICY_PARAMETER_SUFFIX),
      ),
  );
  if (!change) return {};
  return { change, before: policyValue(change.change.before), after: policyValue(change.change.after) };
}

function policyValue(values: Record<string, unknown> | null): RemediationPolicy | undefined {
  const text = valueAt(values, ['value']);
  if (typeof text !== 'string') return undefined;
  try {
    return parseRemediationPolicy(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Control ids that some production tier runs in auto, by the policy. */
function autoInProductionByPolicy(policy: RemediationPolicy): Set<string> {
  const ids = new Set<string>();
  for (const tier of policy.tiers) {
    if (tier.environment !== 'production') continue;
    for (const [id, mode] of Object.entries(tier.modes))
      if (mode === 'auto' && !policy.customActions.includes(id)) ids.add(id);
  }
  return ids;
}

/**
 * The controls a rule remediates automatically in production: none unless its tags say auto and
 * production; else the controls its pattern selects, narrowed to those the remediation policy
 * runs in auto in a production tier when the policy names the rule's runbook (the tags speak for
 * the rule as a whole, the policy for each control). `*` when neither narrows.
 */
function productionAutoControls(
  values: Record<string, unknown> | null,
  policy: RemediationPolicy | undefined,
): string[] {
  if (!autoInProduction(values)) return [];
  const ids = patternControlIds(valueAt(values, ['event_pattern']));
  const runbook = tagsOf(values)[REMEDIATION_RULE_TAGS.runbook];
  if (!policy || !runbook || !Object.values(policy.runbooks).includes(runbook)) return ids;
  const auto = autoInProductionByPolicy(policy);
  if (ids.includes('*')) return [...auto].filter((id) => policy.runbooks[id] === runbook).sort();
  return ids.filter((id) => auto.has(id));
}

/** The controls a rule change newly remediates automatically in production (`*` for every control). */
function gainedByRule(
  change: ResourceChange,
  plan: PlanContext | undefined,
): { before: string[]; after: string[]; gained: string[] } {
  const policies = remediationPolicies(plan);
  // A policy unknown on one side is taken as unchanged, so only the rule's own change shows.
  const before = productionAutoControls(change.change.before, policies.before ?? policies.after);
  const after = productionAutoControls(change.change.after, policies.after ?? policies.before);
  return { before, after, gained: before.includes('*') ? [] : added(before, after) };
}

/**
 * Automatic remediation newly enabled for production: an EventBridge rule tagged
 * `securityhub:remediation-mode = auto` and `securityhub:environment` including `production`
 * created (or switched to that), or the controls it remediates automatically in production
 * growing. Only controls whose automatic remediation in production really changes are named:
 * the rule's event pattern before and after, narrowed by the remediation policy the plan writes
 * (a runbook's rule covers every tier's controls; the policy says which run in auto where). High.
 */
export function productionAutoRemediationEnabled(change: ResourceChange, plan?: PlanContext): RiskFlag[] {
  const c = inspect(change);
  if (c && c.kind !== 'destroy' && change.type === 'aws_ssm_parameter') return policyOnlyChanges(change, plan);
  if (change.type !== 'aws_cloudwatch_event_rule' || !c || c.kind === 'destroy' || !autoInProduction(c.after))
    return [];
  const { gained } = gainedByRule(change, plan);
  if (gained.length === 0) return [];
  const runbook = tagsOf(c.after)[REMEDIATION_RULE_TAGS.runbook];
  const via = runbook ? ` by runbook ${runbook}` : '';
  if (!autoInProduction(c.before)) {
    const what = gained.includes('*') ? 'every control' : `${count(gained.length, 'control')} (${shortList(gained)})`;
    return [
      flag(
        'production-auto-remediation-enabled',
        'high',
        change,
        `Automatic remediation enabled in production${via} for ${what}: resources change without a person approving.`,
        [
          `${REMEDIATION_MODE_TAG} = auto, ${REMEDIATION_ENVIRONMENT_TAG} = ${tagsOf(c.after)[REMEDIATION_ENVIRONMENT_TAG]}`,
          ...gained.map((id) => `Compliance.SecurityControlId gains ${id}`),
        ],
      ),
    ];
  }
  return [
    flag(
      'production-auto-remediation-enabled',
      'high',
      change,
      `Automatic remediation in production${via} extends to ${count(gained.length, 'more control')}: ${shortList(gained)}.`,
      gained.map((id) => `Compliance.SecurityControlId gains ${id}`),
    ),
  ];
}

/**
 * Controls the remediation policy switches to auto in production that an unchanged rule already
 * routes there (its tags and pattern stay the same, so no rule change shows it): flagged on the
 * policy parameter.
 */
function policyOnlyChanges(change: ResourceChange, plan: PlanContext | undefined): RiskFlag[] {
  const { before, after } = remediationPolicies(plan ?? { changes: [change] });
  if (!after || !String(valueAt(change.change.after, ['name']) ?? '').endsWith(REMEDIATION_POLICY_PARAMETER_SUFFIX))
    return [];
  const had = before ? autoInProductionByPolicy(before) : new Set<string>();
  const newlyAuto = [...autoInProductionByPolicy(after)].filter((id) => !had.has(id));
  if (newlyAuto.length === 0) return [];
  const rules = (plan?.changes ?? []).filter(
    (r) =>
      r.type === 'aws_cloudwatch_event_rule' && r.mode !== 'data' && r.change.after && autoInProduction(r.change.after),
  );
  const shownByRules = new Set(rules.flatMap((r) => (changeKind(r) ? gainedByRule(r, plan).gained : [])));
  // Routed in production by a rule before and after: only the policy's change turns it on.
  const selects = (values: Record<string, unknown> | null, id: string) => {
    const ids = patternControlIds(valueAt(values, ['event_pattern']));
    return autoInProduction(values) && (ids.includes(id) || ids.includes('*'));
  };
  const routedAlready = (id: string) => rules.some((r) => selects(r.change.before, id) && selects(r.change.after, id));
  const ids = newlyAuto.filter((id) => !shownByRules.has(id) && routedAlready(id)).sort();
  if (ids.length === 0) return [];
  return [
    flag(
      'production-auto-remediation-enabled',
      'high',
      change,
      `Automatic remediation enabled in production by the remediation policy for ${count(ids.length, 'control')} (${shortList(ids)}): the rules already route ${ids.length === 1 ? 'it' : 'them'}, so resources change without a person approving.`,
      ids.map((id) => `production mode of ${id} becomes auto`),
    ),
  ];
}
