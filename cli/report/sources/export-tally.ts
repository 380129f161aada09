import { SEVERITY_LABELS, type SeverityLabelValue } from '../../findings/asff';
import { CliError } from '../../errors';
import { ComplianceTally } from '../compliance-tally';

/** A row of the finding-figures query (numbers may arrive as strings or bigints from an engine). */
export interface FindingFiguresRow {
  readonly account: string | null;
  readonly findings_read: unknown;
  readonly critical: unknown;
  readonly high: unknown;
  readonly medium: unknown;
  readonly low: unknown;
  readonly informational: unknown;
  readonly suppressed: unknown;
  readonly remediated_this_month: unknown;
  /** The findings' Region: rows are per account and Region. */
  readonly control_region: string | null;
  readonly own_product_read: unknown;
  readonly control_findings: unknown;
  readonly other_product_controls: unknown;
  readonly partition_name: string | null;
  readonly problem: string | null;
  readonly problem_id: string | null;
}

/** A row of the control-status query. */
export interface ControlStatusRow {
  readonly control_id: string;
  readonly standards_id: string | null;
  readonly account: string;
  readonly bits: unknown;
  readonly title: string | null;
  readonly severity: string | null;
}

/** What each problem field means, in the words the file report uses. */
const PROBLEMS: Record<string, string> = {
  Id: 'has no Id; exported findings are told apart by ProductArn and Id',
  AwsAccountId: 'has no 12-digit AwsAccountId',
  Severity: 'has no Severity.Label (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL) or Severity.Normalized 0-100',
  'Compliance.Status': 'is a control finding without Compliance.Status PASSED, WARNING, FAILED or NOT_AVAILABLE',
};

const count = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * The tally the API and file sources build finding by finding, built instead from the export
 * queries' rows, so buildReport scores all three sources with the same code.
 * @param where names the export in a problem's message
 * @throws CliError when a finding in the export lacks a field the report needs
 */
export function tallyFromExportRows(
  month: { readonly start: number; readonly end: number },
  figures: readonly FindingFiguresRow[],
  controls: readonly ControlStatusRow[],
  where: string,
): ComplianceTally {
  const tally = new ComplianceTally(month);
  const problem = figures
    .filter((r) => r.problem !== null)
    .sort((a, b) => (a.problem_id ?? '').localeCompare(b.problem_id ?? ''))[0];
  if (problem) {
    const id = problem.problem_id !== null ? ` Id ${JSON.stringify(problem.problem_id)}` : '';
    throw new CliError(
      `${where}: finding${id} (account ${JSON.stringify(problem.account)}) ${PROBLEMS[problem.problem!] ?? `has a bad ${problem.problem}`}; fix or remove the object that holds it and run again.`,
    );
  }
  for (const row of [...figures].sort(
    (a, b) =>
      (a.account ?? '').localeCompare(b.account ?? '') ||
      (a.control_region ?? '').localeCompare(b.control_region ?? ''),
  )) {
    const read = count(row.findings_read);
    if (read === 0) continue;
    // As the file and API sources: accounts seen are those with Security Hub's own findings.
    if (count(row.own_product_read) > 0) tally.accounts.add(row.account!);
    tally.findingsRead += read;
    for (const label of SEVERITY_LABELS) {
      const n = count(row[label.toLowerCase() as Lowercase<SeverityLabelValue>]);
      tally.counts.bySeverity[label] += n;
      tally.counts.totalActive += n;
    }
    tally.counts.suppressed += count(row.suppressed);
    tally.otherProductControlFindings += count(row.other_product_controls);
    tally.counts.autoRemediatedThisMonth += count(row.remediated_this_month);
    const controls = count(row.control_findings);
    if (row.control_region !== null && controls > 0)
      tally.addControlRegion(row.control_region, row.partition_name ?? 'aws', controls);
  }

  const sorted = [...controls].sort(
    (a, b) => a.control_id.localeCompare(b.control_id) || a.account.localeCompare(b.account),
  );
  for (const row of sorted) {
    let control = tally.controls.get(row.control_id);
    if (!control) {
      control = { byAccount: new Map(), byStandard: new Map() };
      tally.controls.set(row.control_id, control);
    }
    if (row.title !== null && (control.title === undefined || row.title < control.title)) control.title = row.title;
    if (row.severity !== null && control.severity === undefined) control.severity = row.severity as SeverityLabelValue;
    const bits = count(row.bits);
    if (row.standards_id === null) {
      if (bits !== 0) control.byAccount.set(row.account, bits);
      continue;
    }
    let accounts = control.byStandard.get(row.standards_id);
    if (!accounts) {
      accounts = new Map();
      control.byStandard.set(row.standards_id, accounts);
    }
    if (bits !== 0) accounts.set(row.account, bits);
  }
  return tally;
}
