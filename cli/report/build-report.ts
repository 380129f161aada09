import { findControl } from '../../domain/control-catalogue';
import { SEVERITY_LABELS, type SeverityLabelValue } from '../findings/asff';
import { controlStatusOf, FAILED_BIT } from './control-status';
import type { ComplianceTally, ControlTally } from './compliance-tally';
import type {
  BreakdownGroup,
  ComplianceReport,
  ControlResult,
  FailedControl,
  ReportSource,
  StandardCounts,
  StandardScore,
} from './model';
import { disabledKey, type ListedControl, type ReportScope } from './report-scope';
import { standardNames } from './standard-names';
import { compareControlIds } from '../../core/control-ids';

/** A workload tier with the accounts placed in it (listed by id, or found below its OUs). */
export interface TierAccounts {
  /** Tier name. */
  readonly name: string;
  /** Account ids in the tier. */
  readonly accounts: readonly string[];
}

/** Everything about a report that does not come from findings. */
export interface BuildReportOptions {
  /** "Now" for the report (the --as-of time when given). */
  readonly generatedAt: Date;
  /** Organization name. */
  readonly organization: string | null;
  /** Administrator account from flags or config; the scope's account is used when absent. */
  readonly administratorAccount: string | null;
  /** Where the findings came from. */
  readonly source: Pick<ReportSource, 'kind' | 'input'>;
  /** How many top failed controls to list. */
  readonly top: number;
  /** Per-account or per-tier breakdown. */
  readonly by?: 'account' | 'tier';
  /** Tiers for `by: 'tier'`. */
  readonly tiers?: readonly TierAccounts[];
}

/** Name given to accounts that no tier lists. */
export const UNASSIGNED_TIER = 'unassigned';

/**
 * Turns the tallied findings and the scope into the report every format renders.
 * Scoring follows the Security Hub user guide: per control over all accounts and Regions, FAILED
 * if any finding failed, else UNKNOWN if any WARNING/NOT_AVAILABLE, else PASSED; controls with no
 * data and disabled controls are left out; score = round(100 x passed / (passed + failed + unknown)).
 */
export function buildReport(tally: ComplianceTally, scope: ReportScope, options: BuildReportOptions): ComplianceReport {
  const describe = (controlId: string, control: Pick<ControlTally, 'title' | 'severity'>) => {
    const known = findControl(controlId);
    const title = known?.title ?? control.title ?? controlId;
    // A retired control's findings are still shown (until Security Hub archives them), labelled.
    const retired = known?.retired
      ? ` (retired by Security Hub${known.retiredAt ? ` on ${known.retiredAt}` : ''})`
      : '';
    return {
      title: `${title}${retired}`,
      severity: (known?.severity ?? control.severity ?? 'INFORMATIONAL') as SeverityLabelValue,
    };
  };

  const standards: StandardScore[] = scope.standards.map(({ standardsId, standardsArn }) => {
    const controls: ControlResult[] = [];
    let disabled = 0;
    for (const [controlId, control] of tally.controls) {
      const accounts = control.byStandard.get(standardsId);
      if (!accounts) continue;
      if (scope.disabledControls.has(disabledKey(standardsId, controlId))) {
        disabled++;
        continue;
      }
      let bits = 0;
      const failedAccountIds: string[] = [];
      for (const [account, b] of accounts) {
        bits |= b;
        if (b & FAILED_BIT) failedAccountIds.push(account);
      }
      failedAccountIds.sort();
      controls.push({
        controlId,
        ...describe(controlId, control),
        status: controlStatusOf(bits),
        failedAccounts: failedAccountIds.length,
        failedAccountIds,
      });
    }
    for (const listed of controlsWithoutFindings(tally, scope, standardsId)) {
      if (scope.disabledControls.has(disabledKey(standardsId, listed.controlId))) {
        disabled++;
      } else {
        controls.push({
          controlId: listed.controlId,
          ...describe(listed.controlId, listed),
          status: 'NO_DATA',
          failedAccounts: 0,
          failedAccountIds: [],
        });
      }
    }
    controls.sort(compareControlResults);
    return {
      standardsArn,
      ...countControls(
        standardsId,
        controls.map((c) => c.status),
      ),
      disabled,
      controls,
    };
  });

  // The members ListMembers names plus any other account whose findings the administrator sees
  // (a member that left, or ListMembers lagging behind): N in "n/N accounts" counts every account
  // that can make up n, so n never exceeds N.
  const accountsInScope = reportAccounts(tally, scope).length;
  const report: ComplianceReport = {
    generatedAt: options.generatedAt.toISOString(),
    reportDate: options.generatedAt.toISOString().slice(0, 10),
    organization: options.organization,
    administratorAccount: options.administratorAccount ?? scope.administratorAccount ?? null,
    source: {
      ...options.source,
      scopeFrom: scope.derivedFromFindings ? 'findings' : 'api',
      notes: [...scope.notes, ...tallyNotes(tally)],
    },
    findingsRead: tally.findingsRead,
    accountsInScope,
    standards,
    topFailedControls: topFailedControls(tally, scope, options.top, accountsInScope, describe),
    findings: tally.counts,
  };
  if (!options.by) return report;
  return { ...report, breakdown: { by: options.by, groups: breakdownGroups(tally, scope, options) } };
}

/** Sentences about findings the tally set aside, so a reader knows they were seen and why they do not count. */
function tallyNotes(tally: ComplianceTally): string[] {
  const n = tally.otherProductControlFindings;
  if (n === 0) return [];
  return [
    `${n} active finding${n === 1 ? '' : 's'} of products other than Security Hub carried a security control id; ${n === 1 ? 'it counts' : 'they count'} in the finding summary only, not as control results (only Security Hub's own product, arn:<partition>:securityhub:<region>::product/aws/securityhub, files control findings).`,
  ];
}

/**
 * The controls the API listed for a standard that no finding names in that standard: each is
 * NO DATA unless disabled. Empty when the scope has no control lists (a file, a refused read).
 */
function controlsWithoutFindings(tally: ComplianceTally, scope: ReportScope, standardsId: string): ListedControl[] {
  const seen = new Set<string>();
  const out: ListedControl[] = [];
  for (const listed of scope.standardControls?.get(standardsId) ?? []) {
    if (seen.has(listed.controlId) || tally.controls.get(listed.controlId)?.byStandard.has(standardsId)) continue;
    seen.add(listed.controlId);
    out.push(listed);
  }
  return out;
}

/** Every account the report knows of: those in scope and those seen in findings, sorted. */
export function reportAccounts(tally: ComplianceTally, scope: ReportScope): string[] {
  return [...new Set([...scope.accounts, ...tally.accounts])].sort();
}

/** Counts statuses into a standard's figures and score. */
function countControls(standardsId: string, statuses: readonly string[]): StandardCounts {
  const n = (s: string) => statuses.filter((x) => x === s).length;
  const passed = n('PASSED');
  const failed = n('FAILED');
  const unknown = n('UNKNOWN');
  const scored = passed + failed + unknown;
  return {
    standardsId,
    ...standardNames(standardsId),
    score: scored === 0 ? null : Math.round((100 * passed) / scored),
    passed,
    failed,
    unknown,
    noData: n('NO_DATA'),
  };
}

const STATUS_ORDER = { FAILED: 0, UNKNOWN: 1, PASSED: 2, NO_DATA: 3 } as const;
const severityRank = (s: SeverityLabelValue) => SEVERITY_LABELS.indexOf(s);

function compareControlResults(a: ControlResult, b: ControlResult): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    b.failedAccounts - a.failedAccounts ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareControlIds(a.controlId, b.controlId)
  );
}

/** Orders `EC2.2` before `EC2.10` (the one order of control ids, core/control-ids). */
export { compareControlIds };

/**
 * Controls ranked by the number of accounts with a FAILED finding, then severity, then id.
 * A control disabled in every scored standard it belongs to is left out, like in the scores.
 */
function topFailedControls(
  tally: ComplianceTally,
  scope: ReportScope,
  top: number,
  totalAccounts: number,
  describe: (id: string, c: ControlTally) => { title: string; severity: SeverityLabelValue },
): FailedControl[] {
  const scored = new Set(scope.standards.map((s) => s.standardsId));
  const rows: FailedControl[] = [];
  for (const [controlId, control] of tally.controls) {
    const standards = [...control.byStandard.keys()].filter((id) => scored.has(id));
    if (standards.length > 0 && standards.every((id) => scope.disabledControls.has(disabledKey(id, controlId))))
      continue;
    let failedAccounts = 0;
    for (const bits of control.byAccount.values()) if (bits & FAILED_BIT) failedAccounts++;
    if (failedAccounts > 0) rows.push({ controlId, ...describe(controlId, control), failedAccounts, totalAccounts });
  }
  rows.sort(
    (a, b) =>
      b.failedAccounts - a.failedAccounts ||
      severityRank(a.severity) - severityRank(b.severity) ||
      compareControlIds(a.controlId, b.controlId),
  );
  return rows.slice(0, top);
}

/** Per-account or per-tier scores: the same rules, over the group's accounts only. */
function breakdownGroups(tally: ComplianceTally, scope: ReportScope, options: BuildReportOptions): BreakdownGroup[] {
  const allAccounts = reportAccounts(tally, scope);
  let groups: { key: string; accounts: string[] }[];
  if (options.by === 'account') {
    groups = allAccounts.map((a) => ({ key: a, accounts: [a] }));
  } else {
    const tiers = options.tiers ?? [];
    const assigned = new Set(tiers.flatMap((t) => t.accounts));
    groups = tiers.map((t) => ({ key: t.name, accounts: [...t.accounts].sort() }));
    const unassigned = allAccounts.filter((a) => !assigned.has(a));
    if (unassigned.length > 0) groups.push({ key: UNASSIGNED_TIER, accounts: unassigned });
  }
  return groups.map(({ key, accounts }) => ({
    key,
    accounts,
    standards: scope.standards.map(({ standardsId }) => {
      const statuses: string[] = [];
      for (const [controlId, control] of tally.controls) {
        const byAccount = control.byStandard.get(standardsId);
        if (!byAccount || scope.disabledControls.has(disabledKey(standardsId, controlId))) continue;
        let bits = 0;
        for (const a of accounts) bits |= byAccount.get(a) ?? 0;
        statuses.push(controlStatusOf(bits));
      }
      for (const listed of controlsWithoutFindings(tally, scope, standardsId)) {
        if (!scope.disabledControls.has(disabledKey(standardsId, listed.controlId))) statuses.push('NO_DATA');
      }
      return countControls(standardsId, statuses);
    }),
  }));
}
