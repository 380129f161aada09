import { emptyCounts, summarizeChanges, type ChangeCounts, type ResourceTypeChanges } from './changes';
import type { PlanSource } from './input';
import { parsePlan } from './plan';
import { RISK_RULES, type RiskFlag, type RiskRule, type Severity } from './rules';

/** The review of one stack's plan. */
export interface StackReview {
  readonly stack: string;
  readonly file: string;
  readonly terraformVersion?: string;
  readonly counts: ChangeCounts;
  readonly resourceTypes: readonly ResourceTypeChanges[];
  /** Flags, high first, then in rule order, then by address. */
  readonly risks: readonly RiskFlag[];
}

/** The review of every plan given. */
export interface PlanReview {
  readonly stacks: readonly StackReview[];
  readonly counts: ChangeCounts;
  readonly risks: { readonly high: number; readonly medium: number };
  /** The worst severity flagged, or null when nothing was flagged. */
  readonly highestSeverity: Severity | null;
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1 };

/** Runs every rule over every resource change of one stack's plan. */
export function reviewStack(source: PlanSource, rules: readonly RiskRule[] = RISK_RULES): StackReview {
  const plan = parsePlan(source.text, source.file);
  const summary = summarizeChanges(plan.resourceChanges);
  const order = new Map(rules.map((r, i) => [r.name, i]));
  const context = { changes: plan.resourceChanges };
  const risks = plan.resourceChanges.flatMap((change) => rules.flatMap((rule) => rule.check(change, context)));
  risks.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0) ||
      a.address.localeCompare(b.address),
  );
  return {
    stack: source.stack,
    file: source.file,
    terraformVersion: plan.terraformVersion,
    counts: summary.counts,
    resourceTypes: summary.byType,
    risks,
  };
}

/** Reviews every plan; all are parsed before any is reported, so bad input fails the whole review. */
export function reviewPlans(sources: readonly PlanSource[], rules: readonly RiskRule[] = RISK_RULES): PlanReview {
  const stacks = sources.map((s) => reviewStack(s, rules));
  const counts = emptyCounts();
  for (const s of stacks)
    for (const kind of Object.keys(counts) as Array<keyof ChangeCounts>) counts[kind] += s.counts[kind];
  const all = stacks.flatMap((s) => s.risks);
  const high = all.filter((r) => r.severity === 'high').length;
  const medium = all.length - high;
  return { stacks, counts, risks: { high, medium }, highestSeverity: high > 0 ? 'high' : medium > 0 ? 'medium' : null };
}
