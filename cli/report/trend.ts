import type { ControlStatus } from './control-status';
import type { ReportHistory, SavedControlResult, SavedStandardScore } from './history';
import { compareStandardsIds } from './standard-names';
import { compareControlIds } from '../../core/control-ids';

/** One standard's score over time. */
export interface StandardTrend {
  readonly standardsId: string;
  readonly name: string;
  readonly shortName: string;
  /** One point per day that has a saved report (the day's last), oldest first. */
  readonly points: readonly { readonly date: string; readonly score: number | null }[];
  /** Score in the first and the latest report of the period. */
  readonly first: number | null;
  readonly latest: number | null;
}

/** A control whose status change moved a standard's score. */
export interface ControlMove {
  readonly controlId: string;
  readonly title: string;
  readonly standardsId: string;
  readonly shortName: string;
  readonly from: ControlStatus;
  readonly to: ControlStatus;
  /**
   * Score points this change accounts for: the latest score minus the latest score had this
   * control kept its first status (so a control that newly FAILED also counts the denominator it added).
   */
  readonly points: number;
}

/** The `--trend` result. */
export interface TrendReport {
  readonly organization: string | null;
  readonly since: string;
  readonly until: string;
  /** Saved reports in the period. */
  readonly reports: number;
  readonly standards: readonly StandardTrend[];
  /** Controls that moved scores most between the first and the latest report, largest first. */
  readonly movers: readonly ControlMove[];
}

/** How many movers a trend lists. */
export const TREND_MOVERS = 10;

/**
 * Builds the trend from saved reports between `since` and `until` (ISO timestamps).
 * @param organization only this organization's reports, when given
 */
export function computeTrend(
  history: ReportHistory,
  since: string,
  until: string,
  organization: string | null,
): TrendReport {
  const rows = history.scores(since, until, organization);
  const runIds = [...new Set(rows.map((r) => r.runId))];
  const byStandard = new Map<string, SavedStandardScore[]>();
  for (const r of rows) byStandard.set(r.standardsId, [...(byStandard.get(r.standardsId) ?? []), r]);

  const standards: StandardTrend[] = [...byStandard.values()]
    .sort((a, b) => compareStandardsIds(a[0].standardsId, b[0].standardsId))
    .map((list) => {
      const byDay = new Map<string, number | null>();
      for (const r of list) byDay.set(r.generatedAt.slice(0, 10), r.score);
      const latest = list[list.length - 1];
      return {
        standardsId: latest.standardsId,
        name: latest.name,
        shortName: latest.shortName,
        points: [...byDay].map(([date, score]) => ({ date, score })),
        first: list[0].score,
        latest: latest.score,
      };
    });

  const movers =
    runIds.length < 2
      ? []
      : controlMoves(
          history.controls(runIds[0]),
          history.controls(runIds[runIds.length - 1]),
          new Map(standards.map((s) => [s.standardsId, s.shortName])),
        );
  return { organization, since, until, reports: runIds.length, standards, movers };
}

const SCORED: readonly ControlStatus[] = ['PASSED', 'FAILED', 'UNKNOWN'];

/** Unrounded score for a multiset of statuses. */
function rawScore(statuses: readonly ControlStatus[]): number | null {
  const scored = statuses.filter((s) => SCORED.includes(s));
  return scored.length === 0 ? null : (100 * scored.filter((s) => s === 'PASSED').length) / scored.length;
}

function controlMoves(
  first: readonly SavedControlResult[],
  latest: readonly SavedControlResult[],
  shortNames: ReadonlyMap<string, string>,
): ControlMove[] {
  const key = (c: { standardsId: string; controlId: string }) => `${c.standardsId}|${c.controlId}`;
  const before = new Map(first.map((c) => [key(c), c]));
  const after = new Map(latest.map((c) => [key(c), c]));
  const moves: ControlMove[] = [];
  for (const standardsId of new Set(latest.map((c) => c.standardsId))) {
    const now = latest.filter((c) => c.standardsId === standardsId);
    const nowStatuses = now.map((c) => c.status);
    const nowScore = rawScore(nowStatuses) ?? 0;
    const keys = new Set([...now.map(key), ...first.filter((c) => c.standardsId === standardsId).map(key)]);
    for (const k of keys) {
      const from = before.get(k)?.status ?? 'NO_DATA';
      const to = after.get(k)?.status ?? 'NO_DATA';
      if (from === to) continue;
      // The latest statuses with this one control put back as it was.
      const counterfactual = [...now.filter((c) => key(c) !== k).map((c) => c.status), from];
      const points = nowScore - (rawScore(counterfactual) ?? 0);
      const c = after.get(k) ?? before.get(k)!;
      moves.push({
        controlId: c.controlId,
        title: c.title,
        standardsId,
        shortName: shortNames.get(standardsId) ?? standardsId,
        from,
        to,
        points: Math.round(points * 10) / 10,
      });
    }
  }
  return moves
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || compareControlIds(a.controlId, b.controlId))
    .slice(0, TREND_MOVERS);
}

// The renderers live with the other trend formats; re-exported for callers of this module.
export { renderTrendJson, renderTrendText } from './formats/trend';
