import type { ComplianceReport } from '../model';

/** The CSV columns: one row per figure, so a spreadsheet can pivot any way. */
export const CSV_COLUMNS = ['section', 'scope', 'id', 'name', 'metric', 'value'] as const;

/**
 * The report as CSV (RFC 4180 quoting, `\n` line ends), one figure per row:
 * `section,scope,id,name,metric,value`.
 */
export function renderCsv(report: ComplianceReport): string {
  const rows: (string | number | null)[][] = [[...CSV_COLUMNS]];
  const add = (
    section: string,
    scope: string,
    id: string,
    name: string,
    metric: string,
    value: string | number | null,
  ) => rows.push([section, scope, id, name, metric, value]);

  add('report', 'organization', '', '', 'organization', report.organization);
  add('report', 'organization', '', '', 'administratorAccount', report.administratorAccount);
  add('report', 'organization', '', '', 'reportDate', report.reportDate);
  add('report', 'organization', '', '', 'generatedAt', report.generatedAt);
  add('report', 'organization', '', '', 'accountsInScope', report.accountsInScope);
  add('report', 'organization', '', '', 'findingsRead', report.findingsRead);
  for (const s of report.standards) {
    for (const metric of ['score', 'passed', 'failed', 'unknown', 'noData', 'disabled'] as const)
      add('standard', 'organization', s.standardsId, s.name, metric, s[metric]);
    for (const c of s.controls) {
      add('control', s.standardsId, c.controlId, c.title, 'status', c.status);
      add('control', s.standardsId, c.controlId, c.title, 'failedAccounts', c.failedAccounts);
    }
  }
  report.topFailedControls.forEach((c, i) => {
    add('topFailedControl', 'organization', c.controlId, c.title, 'rank', i + 1);
    add('topFailedControl', 'organization', c.controlId, c.title, 'failedAccounts', c.failedAccounts);
    add('topFailedControl', 'organization', c.controlId, c.title, 'totalAccounts', c.totalAccounts);
  });
  const f = report.findings;
  add('findings', 'organization', '', '', 'totalActive', f.totalActive);
  for (const [label, n] of Object.entries(f.bySeverity)) add('findings', 'organization', '', '', label, n);
  add('findings', 'organization', '', '', 'suppressed', f.suppressed);
  add('findings', 'organization', '', '', 'autoRemediatedThisMonth', f.autoRemediatedThisMonth);
  for (const g of report.breakdown?.groups ?? []) {
    for (const s of g.standards) {
      for (const metric of ['score', 'passed', 'failed', 'unknown', 'noData'] as const)
        add(report.breakdown!.by, g.key, s.standardsId, s.name, metric, s[metric]);
    }
  }
  report.source.notes.forEach((n, i) => add('note', 'organization', String(i + 1), '', 'text', n));
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * Quotes a cell when needed. Text that a spreadsheet would run as a formula (finding titles are
 * free text from any product) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
