import type { ComplianceReport } from '../model';
import { windowText } from '../remediation-window';
import { count, groupScoresLine, orUnknown, scoreText, severityParts, severityWord } from './common';

/**
 * The plain-text report, line for line the layout of the project's report format
 * ("AWS Security Hub Compliance Report"); breakdown and notes sections follow when present.
 */
export function renderText(report: ComplianceReport): string {
  const lines = [
    'AWS Security Hub Compliance Report',
    '====================================',
    `Organization: ${orUnknown(report.organization, 'pass --organization or --config')}`,
    `Administrator Account: ${orUnknown(report.administratorAccount, 'pass --admin-account or --config')}`,
    `Report Date: ${report.reportDate}`,
    `Standards Enabled: ${report.standards.map((s) => s.shortName).join(', ') || 'none'}`,
    'COMPLIANCE SCORES:',
    ...(report.standards.length === 0 ? ['none'] : report.standards.map((s) => `${s.name}: ${scoreText(s.score)}`)),
    'TOP FAILED CONTROLS (by account count):',
    ...(report.topFailedControls.length === 0
      ? ['none']
      : report.topFailedControls.map(
          (c) => `[${c.controlId}] ${c.title} - ${c.failedAccounts}/${c.totalAccounts} accounts FAILED`,
        )),
    'FINDING SUMMARY:',
    `Total Active Findings: ${count(report.findings.totalActive)}`,
    severityParts(report)
      .map((p) => `${severityWord(p.label)}: ${count(p.count)}`)
      .join(' | '),
    `Auto-Remediated This Month: ${count(report.findings.autoRemediatedThisMonth)}`,
    `Suppressed: ${count(report.findings.suppressed)}`,
  ];
  if (report.remediationWindow) {
    lines.push(
      `REMEDIATION WINDOW (targets due ${report.remediationWindow.by}):`,
      ...report.remediationWindow.standards.map((w) => `${w.name}: ${scoreText(w.score)}; ${windowText(w)}`),
    );
  }
  if (report.breakdown) {
    lines.push(`SCORES BY ${report.breakdown.by.toUpperCase()}:`);
    for (const g of report.breakdown.groups) {
      const label =
        report.breakdown.by === 'tier'
          ? `${g.key} (${g.accounts.length} account${g.accounts.length === 1 ? '' : 's'})`
          : g.key;
      lines.push(`${label}: ${groupScoresLine(g.standards)}`);
    }
  }
  if (report.source.notes.length > 0) {
    lines.push('NOTES:', ...report.source.notes.map((n) => `- ${n}`));
  }
  return `${lines.join('\n')}\n`;
}
