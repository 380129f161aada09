import type { ComplianceReport } from '../model';
import { count, orUnknown, scoreText, severityParts, severityWord } from './common';

/** Escapes text for a Markdown table cell: pipes split cells, newlines end rows. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

/** A GitHub-flavoured Markdown table, as lines; cells are text, escaped here. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** The report as GitHub-flavoured Markdown, for pull requests, wikis and tickets. */
export function renderMarkdown(report: ComplianceReport): string {
  const out: string[] = [
    '# AWS Security Hub Compliance Report',
    '',
    ...table(
      ['Field', 'Value'],
      [
        ['Organization', orUnknown(report.organization, 'pass --organization or --config')],
        ['Administrator Account', orUnknown(report.administratorAccount, 'pass --admin-account or --config')],
        ['Report Date', report.reportDate],
        ['Standards Enabled', report.standards.map((s) => s.shortName).join(', ') || 'none'],
        ['Accounts in scope', count(report.accountsInScope)],
      ],
    ),
    '',
    '## Compliance scores',
    '',
    ...table(
      ['Standard', 'Score', 'Passed', 'Failed', 'Unknown', 'No data', 'Disabled'],
      report.standards.map((s) => [
        s.name,
        scoreText(s.score),
        count(s.passed),
        count(s.failed),
        count(s.unknown),
        count(s.noData),
        count(s.disabled),
      ]),
    ),
    '',
    '## Top failed controls (by account count)',
    '',
    ...(report.topFailedControls.length === 0
      ? ['None.']
      : table(
          ['Control', 'Title', 'Severity', 'Accounts FAILED'],
          report.topFailedControls.map((c) => [
            c.controlId,
            c.title,
            severityWord(c.severity),
            `${c.failedAccounts}/${c.totalAccounts}`,
          ]),
        )),
    '',
    '## Finding summary',
    '',
    ...table(
      ['Figure', 'Count'],
      [
        ['Total Active Findings', count(report.findings.totalActive)],
        ...severityParts(report).map((p) => [severityWord(p.label), count(p.count)]),
        ['Auto-Remediated This Month', count(report.findings.autoRemediatedThisMonth)],
        ['Suppressed', count(report.findings.suppressed)],
      ],
    ),
  ];
  if (report.breakdown) {
    out.push(
      '',
      `## Scores by ${report.breakdown.by}`,
      '',
      ...table(
        [report.breakdown.by === 'tier' ? 'Tier' : 'Account', 'Accounts', ...report.standards.map((s) => s.shortName)],
        report.breakdown.groups.map((g) => [
          g.key,
          count(g.accounts.length),
          ...g.standards.map((s) => scoreText(s.score)),
        ]),
      ),
    );
  }
  for (const s of report.standards) {
    out.push('', `## ${s.name}: ${scoreText(s.score)}`, '');
    out.push(
      ...(s.controls.length === 0
        ? ['No controls with findings.']
        : table(
            ['Control', 'Title', 'Severity', 'Status', 'Accounts FAILED'],
            s.controls.map((c) => [
              c.controlId,
              c.title,
              severityWord(c.severity),
              c.status.replace('_', ' '),
              count(c.failedAccounts),
            ]),
          )),
    );
  }
  if (report.source.notes.length > 0) out.push('', '## Notes', '', ...report.source.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}
