import { canonical } from '../policy-document';
import type { ResourceChange } from '../plan';
import { unknownAt, valueAt } from '../values';
import { flag, inspect, shortList, type RiskFlag } from './rule';

const RULE = 'organizations-resource-policy-changed';

/**
 * The statements of a resource policy document by name: the Sid, or `statement N (no Sid)` for one
 * without, each as canonical JSON so a reordered or reformatted statement compares equal.
 * @returns undefined when the content is not a policy document
 */
function statementsOf(content: unknown): Map<string, string> | undefined {
  if (typeof content !== 'string') return undefined;
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    return undefined;
  }
  const raw = (document as { Statement?: unknown } | null)?.Statement;
  const statements = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : undefined;
  if (!statements) return undefined;
  const byName = new Map<string, string>();
  statements.forEach((s, i) => {
    const sid = (s as { Sid?: unknown } | null)?.Sid;
    byName.set(typeof sid === 'string' && sid !== '' ? sid : `statement ${i + 1} (no Sid)`, canonical(s));
  });
  return byName;
}

/**
 * Any change to the organization's one resource policy (`aws_organizations_resource_policy`).
 * Security Hub and other services keep delegated administrator statements in it and Terraform
 * writes the whole document, so an update, replacement or deletion is high and names the
 * statements (Sids) it removes, adds and changes; creating one is medium (an organization has
 * only one: if it exists the apply fails, and it should be imported with its statements).
 */
export function organizationsResourcePolicyChanged(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_organizations_resource_policy' || !c) return [];
  const before = statementsOf(valueAt(c.before, ['content']));
  const after = statementsOf(valueAt(c.after, ['content']));
  if (c.kind === 'add') {
    const sids = [...(after?.keys() ?? [])];
    return [
      flag(
        RULE,
        'medium',
        change,
        `The organization's resource policy is created${sids.length ? ` with ${shortList(sids)}` : ''}: an organization has one, so if it already exists the apply fails; import it and keep its statements (deployment.organizationsResourcePolicy).`,
        sids.map((sid) => `Statement gains ${sid}`),
      ),
    ];
  }
  if (c.kind === 'destroy') {
    const sids = [...(before?.keys() ?? [])];
    return [
      flag(
        RULE,
        'high',
        change,
        `The organization's resource policy is deleted: every statement goes${sids.length ? ` (${shortList(sids)})` : ''}, including delegated administrator statements other services wrote.`,
        sids.map((sid) => `Statement loses ${sid}`),
      ),
    ];
  }
  if (unknownAt(c.afterUnknown, ['content']) || !after) {
    return [
      flag(
        RULE,
        'high',
        change,
        "The organization's resource policy is rewritten with content known only after apply: check that no statement of another service is lost.",
        [],
      ),
    ];
  }
  const had = before ?? new Map<string, string>();
  const lost = [...had.keys()].filter((sid) => !after.has(sid));
  const gained = [...after.keys()].filter((sid) => !had.has(sid));
  const changed = [...after.keys()].filter((sid) => had.has(sid) && had.get(sid) !== after.get(sid));
  const details = [
    ...lost.map((sid) => `Statement loses ${sid}`),
    ...gained.map((sid) => `Statement gains ${sid}`),
    ...changed.map((sid) => `Statement ${sid} changes`),
  ];
  const verb = c.kind === 'replace' ? 'replaced' : 'rewritten';
  const summary =
    lost.length > 0
      ? `The organization's resource policy is ${verb} and loses ${lost.length === 1 ? 'statement' : 'statements'} ${shortList(lost, 5)}: add ${lost.length === 1 ? 'it' : 'them'} to deployment.organizationsResourcePolicy.additionalStatements unless removing ${lost.length === 1 ? 'it' : 'them'} is intended.`
      : details.length > 0
        ? `The organization's resource policy is ${verb}: ${shortList(
            details.map((d) => d.replace(/^Statement /, '')),
            5,
          )}.`
        : `The organization's resource policy is ${verb} with the same statements.`;
  return [flag(RULE, 'high', change, summary, details)];
}
