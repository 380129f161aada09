import type { SeverityLabelValue } from '../../findings/asff';
import type { ComplianceReport, ControlResult, StandardCounts, StandardScore } from '../model';
import { count, orUnknown, scoreText, severityParts, severityWord } from './common';
import { coordinate, esc, htmlPage, tableHtml } from './html-page';

function scoreClass(score: number): string {
  return score >= 80 ? '' : score >= 50 ? ' mid' : ' low';
}

/** `1/5 passed`: the controls that passed of those scored (passed + failed + unknown). */
function passedOfTotal(s: StandardCounts): string {
  return `${count(s.passed)}/${count(s.passed + s.failed + s.unknown)} passed`;
}

/** The link to a standard's section, where its failing controls and their accounts are. */
function standardLink(s: StandardScore, text: string): string {
  return `<a href="#${esc(s.standardsId)}">${esc(text)}</a>`;
}

function scoreChart(standards: readonly StandardScore[]): string {
  if (standards.length === 0) return '<p>No enabled standards.</p>';
  const rows = standards.map((s) => {
    const width = s.score ?? 0;
    return `<div class="row" data-standard="${esc(s.standardsId)}"><span class="label">${standardLink(s, s.name)}</span>`
      + `<div class="track"><div class="bar${scoreClass(width)}" data-score="${s.score ?? ''}" style="width:${width}%"></div></div>`
      + `<span class="pct">${esc(scoreText(s.score))}</span><span class="ratio">${esc(passedOfTotal(s))}</span></div>`;
  });
  return `<div class="chart" role="img" aria-label="Security score per standard">${rows.join('')}</div>`;
}

const SEVERITY_COLOURS: Readonly<Record<SeverityLabelValue, string>> = {
  CRITICAL: '#7d2105', HIGH: '#d13212', MEDIUM: '#f89256', LOW: '#dfb52c', INFORMATIONAL: '#687078',
};

/** Active findings by severity as an inline SVG bar chart: one bar per label, length proportional to its count. */
function severityChart(report: ComplianceReport): string {
  const parts = severityParts(report);
  const max = Math.max(1, ...parts.map((p) => p.count));
  const label = 110;
  const width = 640;
  const track = width - label - 70;
  const rowHeight = 28;
  const rows = parts.map((p, i) => {
    const y = i * rowHeight;
    const w = (track * p.count) / max;
    return `<g data-severity="${p.label}" data-count="${p.count}"><text x="0" y="${y + 17}">${esc(severityWord(p.label))}</text>`
      + `<rect x="${label}" y="${y + 4}" width="${coordinate(w)}" height="18" rx="2" fill="${SEVERITY_COLOURS[p.label]}"><title>${esc(severityWord(p.label))}: ${count(p.count)}</title></rect>`
      + `<text x="${coordinate(label + w + 6)}" y="${y + 17}">${count(p.count)}</text></g>`;
  });
  const height = parts.length * rowHeight + 4;
  return `<svg class="severity-chart" role="img" aria-label="Active findings by severity" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<line class="axis" x1="${label}" y1="0" x2="${label}" y2="${height}"/>${rows.join('')}</svg>`;
}

/** The accounts failing a control, collapsed under their count (opened in print). */
function failingAccounts(c: ControlResult): string {
  if (c.failedAccountIds.length === 0) return count(c.failedAccounts);
  return `<details class="accounts"><summary>${count(c.failedAccounts)}</summary><ul>${c.failedAccountIds.map((a) => `<li>${esc(a)}</li>`).join('')}</ul></details>`;
}

/**
 * The report as one self-contained HTML page: score bars per standard with passed/total, each
 * linking to the standard's controls, where a failing control opens to the accounts failing it;
 * a severity chart of active findings (inline SVG); the top failed controls; per-account or
 * per-tier scores with --by. No scripts, no external resources; prints to PDF with every
 * account list open.
 */
export function renderHtml(report: ComplianceReport): string {
  const f = report.findings;
  const sections: string[] = [
    `<h1>AWS Security Hub Compliance Report</h1>`,
    `<dl class="meta"><dt>Organization</dt><dd>${esc(orUnknown(report.organization, 'pass --organization or --config'))}</dd>`
      + `<dt>Administrator Account</dt><dd>${esc(orUnknown(report.administratorAccount, 'pass --admin-account or --config'))}</dd>`
      + `<dt>Report Date</dt><dd>${esc(report.reportDate)}</dd>`
      + `<dt>Standards Enabled</dt><dd>${esc(report.standards.map((s) => s.shortName).join(', ') || 'none')}</dd>`
      + `<dt>Accounts in scope</dt><dd>${count(report.accountsInScope)}</dd></dl>`,
    `<h2>Compliance scores</h2>`,
    scoreChart(report.standards),
    tableHtml(['Standard', 'Score', 'Passed/Total', 'Passed', 'Failed', 'Unknown', 'No data', 'Disabled'], report.standards.map((s) => [
      standardLink(s, s.name), esc(scoreText(s.score)), esc(passedOfTotal(s)), count(s.passed), count(s.failed), count(s.unknown), count(s.noData), count(s.disabled),
    ]), [1, 2, 3, 4, 5, 6, 7]),
    `<h2>Top failed controls (by account count)</h2>`,
    report.topFailedControls.length === 0 ? '<p>None.</p>' : tableHtml(['Control', 'Title', 'Severity', 'Accounts FAILED'], report.topFailedControls.map((c) => [
      esc(c.controlId), esc(c.title), esc(severityWord(c.severity)), `${c.failedAccounts}/${c.totalAccounts}`,
    ]), [3]),
    `<h2>Finding summary</h2>`,
    `<h3>Active findings by severity</h3>`,
    severityChart(report),
    tableHtml(['Figure', 'Count'], [
      ['Total Active Findings', count(f.totalActive)],
      ...severityParts(report).map((p) => [esc(severityWord(p.label)), count(p.count)]),
      ['Auto-Remediated This Month', count(f.autoRemediatedThisMonth)],
      ['Suppressed', count(f.suppressed)],
    ], [1]),
  ];
  if (report.breakdown) {
    sections.push(`<h2>Scores by ${esc(report.breakdown.by)}</h2>`, tableHtml(
      [report.breakdown.by === 'tier' ? 'Tier' : 'Account', 'Accounts', ...report.standards.map((s) => s.shortName)],
      report.breakdown.groups.map((g) => [esc(g.key), count(g.accounts.length), ...g.standards.map((s) => `${esc(scoreText(s.score))} <span class="ratio">(${esc(passedOfTotal(s))})</span>`)]),
      [1, ...report.standards.map((_, i) => i + 2)],
    ));
  }
  for (const s of report.standards) {
    sections.push(`<h2 id="${esc(s.standardsId)}">${esc(s.name)}: ${esc(scoreText(s.score))}</h2>`);
    sections.push(s.controls.length === 0 ? '<p>No controls with findings.</p>' : tableHtml(['Control', 'Title', 'Severity', 'Status', 'Accounts FAILED'], s.controls.map((c) => [
      esc(c.controlId), esc(c.title), esc(severityWord(c.severity)), `<span class="status-${c.status}">${esc(c.status.replace('_', ' '))}</span>`, failingAccounts(c),
    ]), [4]));
    sections.push(`<p class="ratio">${esc(passedOfTotal(s))}; ${count(s.noData)} with no data, ${count(s.disabled)} disabled (left out of the score).</p>`);
  }
  if (report.source.notes.length > 0) {
    sections.push('<h2>Notes</h2>', `<ul class="notes">${report.source.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  }
  return htmlPage(`AWS Security Hub Compliance Report ${report.reportDate}`, sections);
}
