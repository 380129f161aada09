import { changeKind, type ChangeKind } from '../changes';
import type { ResourceChange } from '../plan';

/** How urgently a security reviewer must look: high blocks (exit code 1), medium informs. */
export type Severity = 'high' | 'medium';

/** One thing a security reviewer must see in a plan. */
export interface RiskFlag {
  /** The rule's name, e.g. `standard-disabled`. */
  readonly rule: string;
  readonly severity: Severity;
  /** The resource address in the plan. */
  readonly address: string;
  readonly resourceType: string;
  /** What the plan does to the resource. */
  readonly change: ChangeKind;
  /** One sentence: what changed and why it matters. */
  readonly summary: string;
  /** The values that changed, one a line (`enabled_standard_arns loses ...`). */
  readonly details: readonly string[];
}

/** The whole plan a change belongs to, for rules whose truth spans resources. */
export interface PlanContext {
  /** Every resource change of the plan, no-ops included (they hold the unchanged values). */
  readonly changes: readonly ResourceChange[];
  /** "Now" for rules that depend on dates (runtime deprecations). @default the current time */
  readonly now?: Date;
}

/** A risk rule: a named check of one resource change. */
export interface RiskRule {
  /** Stable kebab-case name, used in JSON output and the docs. */
  readonly name: string;
  /** Short title for Markdown. */
  readonly title: string;
  /** What the rule flags, and at which severity, for `--help` and the docs. */
  readonly description: string;
  /** The check: the flags this change raises (none for most changes), seen within its plan. */
  readonly check: (change: ResourceChange, plan?: PlanContext) => RiskFlag[];
}

/** The change's before and after values and its kind; undefined for no-ops and reads. */
export function inspect(change: ResourceChange):
  | {
      kind: ChangeKind;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      afterUnknown: unknown;
    }
  | undefined {
  const kind = changeKind(change);
  if (!kind) return undefined;
  return {
    kind,
    before: change.change.before,
    after: change.change.after,
    afterUnknown: change.change.after_unknown ?? {},
  };
}

/** Builds a flag for a change. */
export function flag(
  rule: string,
  severity: Severity,
  change: ResourceChange,
  summary: string,
  details: readonly string[] = [],
): RiskFlag {
  return {
    rule,
    severity,
    address: change.address,
    resourceType: change.type,
    change: changeKind(change) ?? 'change',
    summary,
    details,
  };
}

/** `a, b and 3 more` for a summary line. */
export function shortList(values: readonly string[], max = 3): string {
  if (values.length <= max) return values.join(', ');
  return `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}

/** `1 standard` / `2 standards`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
