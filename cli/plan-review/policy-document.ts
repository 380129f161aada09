import { parse as parseYaml } from 'yaml';

/** One statement of an IAM policy document, normalised to lists. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** `Action` values; `NotAction` values are kept apart, since they grant everything else. */
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Principals as `TYPE:value` (`AWS:arn:...`, `Service:events.amazonaws.com`, `*`). */
  readonly principals: readonly string[];
  /** The statement's Condition as canonical JSON, or undefined when it has none. */
  readonly condition?: string;
}

const list = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function principalsOf(value: unknown): string[] {
  if (value === '*') return ['*'];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([type, ids]) =>
    list(ids).map((id) => (id === '*' ? '*' : `${type}:${id}`)),
  );
}

/** JSON with object keys sorted, so equal conditions compare equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The statements of an IAM policy document given as a JSON string (as Terraform holds `policy`)
 * or an object (as a CloudFormation template holds `PolicyDocument`).
 * @returns the statements, or undefined when the value is not a policy document
 */
export function policyStatements(document: unknown): PolicyStatement[] | undefined {
  let doc = document;
  if (typeof doc === 'string') {
    if (doc.trim() === '') return [];
    try {
      doc = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const raw = (doc as Record<string, unknown>).Statement;
  const statements = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  return statements
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
    .map((s) => ({
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
      principals: principalsOf(s.Principal),
      condition: s.Condition !== undefined ? canonical(s.Condition) : undefined,
    }));
}

/** True for an action pattern that matches more than one action: `*`, `s3:*`, `s3:Put*`. */
export function isWildcardAction(action: string): boolean {
  return action.includes('*') || action.includes('?');
}

/** What a set of statements allows, for comparing a document before and after a change. */
export interface Grants {
  /** Allowed actions (lower-cased service prefix kept as written). */
  readonly actions: ReadonlySet<string>;
  /** Allowed action patterns that are wildcards, plus `NotAction:<list>` for Allow statements with NotAction. */
  readonly wildcardActions: ReadonlySet<string>;
  /** True when an Allow statement applies to every resource (`*` or NotResource). */
  readonly everyResource: boolean;
  /** Principals allowed (trust policies). */
  readonly principals: ReadonlySet<string>;
  /** Denied actions, and Deny statements' conditions by action (exemptions). */
  readonly deniedActions: ReadonlySet<string>;
  readonly denyConditions: ReadonlySet<string>;
}

/** Sums up what statements allow and deny. */
export function grantsOf(statements: readonly PolicyStatement[]): Grants {
  const actions = new Set<string>();
  const wildcardActions = new Set<string>();
  const principals = new Set<string>();
  const deniedActions = new Set<string>();
  const denyConditions = new Set<string>();
  let everyResource = false;
  for (const s of statements) {
    if (s.effect === 'Deny') {
      for (const a of s.actions) deniedActions.add(a);
      if (s.condition) denyConditions.add(s.condition);
      continue;
    }
    for (const a of s.actions) {
      actions.add(a);
      if (isWildcardAction(a)) wildcardActions.add(a);
    }
    if (s.notActions.length > 0) wildcardActions.add(`NotAction:${[...s.notActions].sort().join(',')}`);
    if (s.resources.includes('*') || s.notResources.length > 0) everyResource = true;
    for (const p of s.principals) principals.add(p);
  }
  return { actions, wildcardActions, everyResource, principals, deniedActions, denyConditions };
}

/** One IAM role of a CloudFormation template: its trust policy and inline policies. */
export interface TemplateRole {
  readonly logicalId: string;
  readonly trust: PolicyStatement[];
  readonly policies: PolicyStatement[];
}

/**
 * The IAM roles (and standalone IAM policies attached to them) of a CloudFormation template body,
 * JSON or YAML. `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` resources count as policies of a
 * pseudo role named after their logical id.
 * @returns the roles, or undefined when the body is not a template
 */
export function templateRoles(body: unknown): TemplateRole[] | undefined {
  if (typeof body !== 'string') return undefined;
  let template: unknown;
  try {
    template = JSON.parse(body);
  } catch {
    try {
      // CloudFormation's short-form tags (`!Ref`, `!Sub`) are unknown to YAML: silenced, their values are kept untagged.
      template = parseYaml(body, { logLevel: 'silent' });
    } catch {
      return undefined;
    }
  }
  if (typeof template !== 'object' || template === null) return undefined;
  const resources = (template as Record<string, unknown>).Resources;
  if (typeof resources !== 'object' || resources === null) return [];
  const roles: TemplateRole[] = [];
  for (const [logicalId, resource] of Object.entries(resources as Record<string, Record<string, unknown>>)) {
    const props = (resource?.Properties ?? {}) as Record<string, unknown>;
    if (resource?.Type === 'AWS::IAM::Role') {
      const inline = Array.isArray(props.Policies) ? (props.Policies as Array<Record<string, unknown>>) : [];
      roles.push({
        logicalId,
        trust: policyStatements(props.AssumeRolePolicyDocument) ?? [],
        policies: inline.flatMap((p) => policyStatements(p?.PolicyDocument) ?? []),
      });
    } else if (resource?.Type === 'AWS::IAM::Policy' || resource?.Type === 'AWS::IAM::ManagedPolicy') {
      roles.push({ logicalId, trust: [], policies: policyStatements(props.PolicyDocument) ?? [] });
    }
  }
  return roles;
}
