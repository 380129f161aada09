import { grantsOf, isWildcardAction, policyStatements, templateRoles, type PolicyStatement } from '../policy-document';
import type { ResourceChange } from '../plan';
import { added, removed, unknownAt, valueAt } from '../values';
import { count, flag, inspect, shortList, type RiskFlag, type Severity } from './rule';

/** Resources holding one IAM policy document in `policy`. */
const POLICY_DOCUMENT_TYPES = new Set([
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
]);
/** Resources attaching a managed policy by ARN. */
const ATTACHMENT_TYPES = new Set([
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
]);
/** AWS managed policies that grant (nearly) everything. */
const BROAD_MANAGED_POLICIES = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** How a policy document (or a role's trust) grew. */
interface Widening {
  readonly severity: Severity;
  readonly parts: string[];
  readonly details: string[];
}

/**
 * Compares what two sets of statements allow: actions added (medium); a wildcard action,
 * `NotAction`, every resource (`*`) or any principal (`*`) appearing (high); a Deny losing actions (medium).
 */
export function widening(before: readonly PolicyStatement[], after: readonly PolicyStatement[]): Widening | undefined {
  const b = grantsOf(before);
  const a = grantsOf(after);
  const parts: string[] = [];
  const details: string[] = [];
  let severity: Severity = 'medium';
  const newActions = added([...b.actions], [...a.actions]);
  details.push(...newActions.map((x) => `Allow gains ${x}`));
  // Wildcards are named in their own part below.
  const exact = newActions.filter((x) => !isWildcardAction(x));
  if (exact.length > 0) parts.push(`allows ${count(exact.length, 'more action')} (${shortList(exact)})`);
  const newWildcards = added([...b.wildcardActions], [...a.wildcardActions]);
  if (newWildcards.length > 0) {
    severity = 'high';
    parts.push(`a wildcard action appears (${shortList(newWildcards)})`);
    details.push(...newWildcards.filter((w) => w.startsWith('NotAction:')).map((w) => `Allow with ${w}`));
  }
  if (a.everyResource && !b.everyResource) {
    severity = 'high';
    parts.push('it now applies to every resource (Resource "*")');
    details.push('Resource gains "*"');
  }
  const newPrincipals = added([...b.principals], [...a.principals]);
  if (newPrincipals.length > 0) {
    if (newPrincipals.includes('*')) severity = 'high';
    parts.push(`trusts ${count(newPrincipals.length, 'more principal')} (${shortList(newPrincipals)})`);
    details.push(...newPrincipals.map((p) => `Principal gains ${p}`));
  }
  const lostDenies = removed([...b.deniedActions], [...a.deniedActions]);
  if (lostDenies.length > 0) {
    parts.push(`stops denying ${count(lostDenies.length, 'action')} (${shortList(lostDenies)})`);
    details.push(...lostDenies.map((x) => `Deny loses ${x}`));
  }
  return parts.length > 0 ? { severity, parts, details } : undefined;
}

function widened(change: ResourceChange, rule: string, what: string, result: Widening | undefined): RiskFlag[] {
  if (!result) return [];
  return [flag(rule, result.severity, change, `${what}: ${result.parts.join('; ')}.`, result.details)];
}

const statementsAt = (values: Record<string, unknown> | null, attribute: string) =>
  values ? (policyStatements(valueAt(values, [attribute])) ?? []) : [];

/**
 * IAM permissions widened: a policy document (aws_iam_policy, aws_iam_role_policy and the user
 * and group forms, a role's inline_policy) allowing more actions (medium) or gaining a wildcard
 * action or resource (high); a role trusting more principals; a managed policy attached (medium,
 * high for AdministratorAccess, PowerUserAccess, IAMFullAccess).
 */
export function iamPolicyWidened(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (!c || c.kind === 'destroy') return [];
  const rule = 'iam-policy-widened';
  if (POLICY_DOCUMENT_TYPES.has(change.type)) {
    if (unknownAt(c.afterUnknown, ['policy'])) {
      return [
        flag(
          rule,
          'medium',
          change,
          'IAM policy document is known only after apply (it refers to resources not yet created); review its configuration.',
          ['policy: (known after apply)'],
        ),
      ];
    }
    return widened(
      change,
      rule,
      `IAM policy ${describe(change, c.after)} widened`,
      widening(statementsAt(c.before, 'policy'), statementsAt(c.after, 'policy')),
    );
  }
  if (change.type === 'aws_iam_role') {
    const name = describe(change, c.after);
    const flags = widened(
      change,
      rule,
      `Trust policy of role ${name} widened`,
      unknownAt(c.afterUnknown, ['assume_role_policy'])
        ? undefined
        : widening(statementsAt(c.before, 'assume_role_policy'), statementsAt(c.after, 'assume_role_policy')),
    );
    const inline = (values: Record<string, unknown> | null) => {
      const list = values ? valueListAt(values, 'inline_policy') : [];
      return new Map(list.map((p) => [String(p.name ?? ''), policyStatements(p.policy) ?? []]));
    };
    const before = inline(c.before);
    for (const [policyName, statements] of inline(c.after)) {
      flags.push(
        ...widened(
          change,
          rule,
          `Inline policy ${policyName} of role ${name} widened`,
          widening(before.get(policyName) ?? [], statements),
        ),
      );
    }
    return flags;
  }
  if (ATTACHMENT_TYPES.has(change.type) && (c.kind === 'add' || c.kind === 'replace')) {
    const arn = valueAt(c.after, ['policy_arn']);
    const beforeArn = valueAt(c.before, ['policy_arn']);
    if (typeof arn !== 'string' || arn === beforeArn) return [];
    const principal =
      ['role', 'user', 'group'].map((k) => valueAt(c.after, [k])).find((v) => typeof v === 'string') ??
      'its principals';
    const broad = BROAD_MANAGED_POLICIES.test(arn);
    return [
      flag(
        rule,
        broad ? 'high' : 'medium',
        change,
        `Managed policy ${arn} attached to ${String(principal)}${broad ? ', which grants broad administrative access' : ''}.`,
        [`policy_arn: ${arn}`],
      ),
    ];
  }
  return [];
}

/**
 * IAM roles in a CloudFormation StackSet (or stack) template widened: a role's policies allowing
 * more actions (medium) or gaining a wildcard action or resource (high), or its trust gaining
 * principals. These roles land in every member account the StackSet reaches.
 */
export function stackSetIamWidened(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (
    (change.type !== 'aws_cloudformation_stack_set' && change.type !== 'aws_cloudformation_stack') ||
    !c ||
    c.kind === 'destroy'
  )
    return [];
  const rule = 'stack-set-iam-widened';
  if (unknownAt(c.afterUnknown, ['template_body'])) {
    return [
      flag(rule, 'medium', change, 'Template body is known only after apply; review the IAM roles it deploys.', [
        'template_body: (known after apply)',
      ]),
    ];
  }
  const after = templateRoles(valueAt(c.after, ['template_body'])) ?? [];
  const before = new Map((templateRoles(valueAt(c.before, ['template_body'])) ?? []).map((r) => [r.logicalId, r]));
  const where =
    change.type === 'aws_cloudformation_stack_set'
      ? `StackSet ${String(valueAt(c.after, ['name']) ?? change.address)}`
      : `stack ${String(valueAt(c.after, ['name']) ?? change.address)}`;
  const flags: RiskFlag[] = [];
  for (const role of after) {
    const old = before.get(role.logicalId);
    flags.push(
      ...widened(
        change,
        rule,
        `${where}: permissions of ${role.logicalId} widened`,
        widening(old?.policies ?? [], role.policies),
      ),
    );
    flags.push(
      ...widened(change, rule, `${where}: trust of ${role.logicalId} widened`, widening(old?.trust ?? [], role.trust)),
    );
  }
  return flags;
}

function describe(change: ResourceChange, values: Record<string, unknown> | null): string {
  const name = valueAt(values, ['name']);
  return typeof name === 'string' && name ? name : change.address;
}

function valueListAt(values: Record<string, unknown>, attribute: string): Array<Record<string, unknown>> {
  const list = values[attribute];
  return Array.isArray(list)
    ? list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    : [];
}
