import type { RemediationWindowSetting } from '../../core/compliance-review-contract';
import type { ComplianceReport, RemediationWindowReport } from './model';

/** A standard's score at the first review inside the remediation window: where its line starts. */
export interface WindowBaseline {
  readonly score: number;
  /** When that review ran (ISO 8601). */
  readonly at: string;
}

/**
 * Where a standard stands against its target:
 * - `met`: the score reached the target;
 * - `on-track`: the score is at least the line from the baseline to the target, today;
 * - `behind`: below that line;
 * - `missed`: the window ended below the target;
 * - `not-started`: the window has not begun;
 * - `no-data`: the standard has no score (no control with findings).
 */
export type WindowVerdict = 'met' | 'on-track' | 'behind' | 'missed' | 'not-started' | 'no-data';

/** A standard's progress in the remediation window. */
export interface WindowStatus {
  readonly verdict: WindowVerdict;
  readonly target: number;
  /** The day the target is due. */
  readonly by: string;
  /** The score the line expects today (one decimal); null before the window or without a baseline. */
  readonly expected: number | null;
  /** The baseline the line starts from; null when the standard has no score yet. */
  readonly baseline: WindowBaseline | null;
}

const DAY_MS = 86_400_000;
/** The end of day `YYYY-MM-DD` (UTC): a target due "by" a day may be met during it. */
const endOf = (day: string) => Date.parse(`${day}T00:00:00.000Z`) + DAY_MS - 1;

/**
 * The standard's progress: the straight line from its baseline (its score at the first review in
 * the window) to its target at the end of the `by` day; on track when today's score is on or above
 * that line. The first review in the window is its own baseline, so it is on track by definition.
 * @returns undefined when the window sets no target for the standard
 */
export function windowStatus(
  window: RemediationWindowSetting,
  standardsId: string,
  score: number | null,
  baseline: WindowBaseline | undefined,
  now: Date,
): WindowStatus | undefined {
  const target = window.targets[standardsId];
  if (target === undefined) return undefined;
  const common = { target, by: window.by };
  if (window.start !== undefined && now.getTime() < Date.parse(`${window.start}T00:00:00.000Z`))
    return { ...common, verdict: 'not-started', expected: null, baseline: null };
  if (score === null) return { ...common, verdict: 'no-data', expected: null, baseline: baseline ?? null };
  const base = baseline ?? { score, at: now.toISOString() };
  const end = endOf(window.by);
  const from = Date.parse(base.at);
  const fraction = end <= from ? 1 : Math.min(1, Math.max(0, (now.getTime() - from) / (end - from)));
  const expected = Math.round(10 * (base.score + (target - base.score) * fraction)) / 10;
  const verdict: WindowVerdict =
    score >= target ? 'met' : now.getTime() > end ? 'missed' : score >= expected ? 'on-track' : 'behind';
  return { ...common, verdict, expected, baseline: base };
}

/**
 * The baseline the next review keeps: the one already set inside the window, else this review's
 * score (a review before the window, or without a score, sets none).
 */
export function nextBaseline(
  window: RemediationWindowSetting,
  previous: WindowBaseline | undefined,
  score: number | null,
  now: Date,
): WindowBaseline | undefined {
  const start = window.start !== undefined ? Date.parse(`${window.start}T00:00:00.000Z`) : -Infinity;
  if (previous !== undefined && Date.parse(previous.at) >= start) return previous;
  if (score === null || now.getTime() < start) return undefined;
  return { score, at: now.toISOString() };
}

/** The verdict as a reader sees it, e.g. `on track (expected 72.5% today)`. */
export function windowText(s: WindowStatus): string {
  const due = `target ${s.target}% by ${s.by}`;
  switch (s.verdict) {
    case 'met':
      return `${due}: met`;
    case 'on-track':
      return `${due}: on track (expected ${s.expected}% today)`;
    case 'behind':
      return `${due}: BEHIND (expected ${s.expected}% today)`;
    case 'missed':
      return `${due}: MISSED`;
    case 'not-started':
      return `${due}: window not started`;
    case 'no-data':
      return `${due}: no data`;
  }
}

/**
 * The report's remediation-window section: each standard with a target, its score and verdict.
 * @param baselineOf the standard's baseline: the first saved report (CLI) or review (weekly review) in the window
 */
export function remediationWindowReport(
  report: ComplianceReport,
  window: RemediationWindowSetting,
  baselineOf: (standardsId: string) => WindowBaseline | undefined,
  now: Date,
): RemediationWindowReport {
  const standards = Object.keys(window.targets).map((standardsId) => {
    const standard = report.standards.find((s) => s.standardsId === standardsId);
    const score = standard?.score ?? null;
    return {
      standardsId,
      name: standard?.name ?? standardsId,
      score,
      ...windowStatus(window, standardsId, score, baselineOf(standardsId), now)!,
    };
  });
  return { ...(window.start ? { start: window.start } : {}), by: window.by, standards };
}
