import { grantsOf, policyStatements } from '../policy-document';
import type { ResourceChange } from '../plan';
import { added, removed, unknownAt, valueAt } from '../values';
import { count, flag, inspect, shortList, type RiskFlag } from './rule';

/** A service control policy weakened: destroyed, Deny actions removed (high), or the Deny statements' conditions changed, e.g. exemptions added (medium). */
export function guardrailWeakened(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_organizations_policy' || !c) return [];
  const type = valueAt(c.before, ['type']) ?? 'SERVICE_CONTROL_POLICY';
  if (type !== 'SERVICE_CONTROL_POLICY' || !c.before) return [];
  const name = String(valueAt(c.before, ['name']) ?? change.address);
  const before = grantsOf(policyStatements(valueAt(c.before, ['content'])) ?? []);
  if (c.kind === 'destroy') {
    return [
      flag(
        'guardrail-weakened',
        'high',
        change,
        `Service control policy ${name} destroyed: member accounts may again take ${count(before.deniedActions.size, 'denied action')}.`,
        [...before.deniedActions].map((a) => `Deny loses ${a}`),
      ),
    ];
  }
  if (unknownAt(c.afterUnknown, ['content'])) return [];
  const after = grantsOf(policyStatements(valueAt(c.after, ['content'])) ?? []);
  const flags: RiskFlag[] = [];
  const lost = removed([...before.deniedActions], [...after.deniedActions]);
  if (lost.length > 0) {
    flags.push(
      flag(
        'guardrail-weakened',
        'high',
        change,
        `Service control policy ${name} stops denying ${count(lost.length, 'action')}: ${shortList(lost)}.`,
        lost.map((a) => `Deny loses ${a}`),
      ),
    );
  }
  const newConditions = added([...before.denyConditions], [...after.denyConditions]);
  if (
    after.deniedActions.size > 0 &&
    (newConditions.length > 0 || removed([...before.denyConditions], [...after.denyConditions]).length > 0)
  ) {
    flags.push(
      flag(
        'guardrail-weakened',
        'medium',
        change,
        `Service control policy ${name} changes who its Deny applies to (conditions such as exempt roles).`,
        [
          ...removed([...before.denyConditions], [...after.denyConditions]).map((x) => `Condition was ${x}`),
          ...newConditions.map((x) => `Condition now ${x}`),
        ],
      ),
    );
  }
  return flags;
}

/** A policy attachment removed (or moved): the guardrail stops applying to an OU or account. High. */
export function guardrailDetached(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_organizations_policy_attachment' || !c) return [];
  const target = String(valueAt(c.before, ['target_id']) ?? 'unknown target');
  const policy = String(valueAt(c.before, ['policy_id']) ?? 'unknown policy');
  if (c.kind === 'destroy') {
    return [
      flag(
        'guardrail-detached',
        'high',
        change,
        `Policy ${policy} is detached from ${target}: its accounts are no longer held by it.`,
        [`target_id: ${target}`, `policy_id: ${policy}`],
      ),
    ];
  }
  const after = valueAt(c.after, ['target_id']);
  if (c.kind === 'replace' && typeof after === 'string' && after !== target) {
    return [
      flag(
        'guardrail-detached',
        'high',
        change,
        `Policy ${policy} moves from ${target} to ${after}: ${target} is no longer held by it.`,
        [`target_id: ${target} -> ${after}`],
      ),
    ];
  }
  return [];
}
