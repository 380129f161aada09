import type { ComplianceReport, StandardScore } from '../model';
import { count, orUnknown, scoreText, severityParts, severityWord } from './common';

/** Escapes text for HTML element content and quoted attributes; titles are free text from findings. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// Inline and self-contained: the file is mailed, attached to tickets and opened offline, and the
// Content-Security-Policy below forbids every external fetch, so nothing can leak or go missing.
const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#16191f;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #d5dbdb;padding-bottom:.25rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eaeded;vertical-align:top}
th{background:#f2f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{margin:.5rem 0}.row{display:grid;grid-template-columns:minmax(12rem,22rem) 1fr 4rem;align-items:center;gap:.75rem;margin:.35rem 0}
.track{background:#eaeded;height:1.1rem;border-radius:3px;overflow:hidden}.bar{height:100%;background:#1d8102}
.bar.mid{background:#f89256}.bar.low{background:#d13212}.pct{font-weight:600;text-align:right}
.status-FAILED{color:#d13212;font-weight:600}.status-UNKNOWN{color:#8d6605}.status-PASSED{color:#1d8102}.status-NO_DATA{color:#687078}
.notes{color:#545b64}
`;

function scoreClass(score: number): string {
  return score >= 80 ? '' : score >= 50 ? ' mid' : ' low';
}

function chart(standards: readonly StandardScore[]): string {
  if (standards.length === 0) return '<p>No enabled standards.</p>';
  const rows = standards.map((s) => {
    const width = s.score ?? 0;
    return `<div class="row" data-standard="${esc(s.standardsId)}"><span class="label">${esc(s.name)}</span>`
      + `<div class="track"><div class="bar${scoreClass(width)}" data-score="${s.score ?? ''}" style="width:${width}%"></div></div>`
      + `<span class="pct">${esc(scoreText(s.score))}</span></div>`;
  });
  return `<div class="chart" role="img" aria-label="Security score per standard">${rows.join('')}</div>`;
}

function tableHtml(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (numeric.includes(i) ? `<td class="num">${c}</td>` : `<td>${c}</td>`)).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * The report as one self-contained HTML page: a score chart (bar widths are the scores) and a
 * table of controls per standard. Readable in any browser, no scripts, no external resources.
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
    chart(report.standards),
    tableHtml(['Standard', 'Score', 'Passed', 'Failed', 'Unknown', 'No data', 'Disabled'], report.standards.map((s) => [
      esc(s.name), esc(scoreText(s.score)), count(s.passed), count(s.failed), count(s.unknown), count(s.noData), count(s.disabled),
    ]), [1, 2, 3, 4, 5, 6]),
    `<h2>Top failed controls (by account count)</h2>`,
    report.topFailedControls.length === 0 ? '<p>None.</p>' : tableHtml(['Control', 'Title', 'Severity', 'Accounts FAILED'], report.topFailedControls.map((c) => [
      esc(c.controlId), esc(c.title), esc(severityWord(c.severity)), `${c.failedAccounts}/${c.totalAccounts}`,
    ]), [3]),
    `<h2>Finding summary</h2>`,
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
      report.breakdown.groups.map((g) => [esc(g.key), count(g.accounts.length), ...g.standards.map((s) => esc(scoreText(s.score)))]),
      [1, ...report.standards.map((_, i) => i + 2)],
    ));
  }
  for (const s of report.standards) {
    sections.push(`<h2 id="${esc(s.standardsId)}">${esc(s.name)}: ${esc(scoreText(s.score))}</h2>`);
    sections.push(s.controls.length === 0 ? '<p>No controls with findings.</p>' : tableHtml(['Control', 'Title', 'Severity', 'Status', 'Accounts FAILED'], s.controls.map((c) => [
      esc(c.controlId), esc(c.title), esc(severityWord(c.severity)), `<span class="status-${c.status}">${esc(c.status.replace('_', ' '))}</span>`, count(c.failedAccounts),
    ]), [4]));
  }
  if (report.source.notes.length > 0) {
    sections.push('<h2>Notes</h2>', `<ul class="notes">${report.source.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>AWS Security Hub Compliance Report ${esc(report.reportDate)}</title>
<style>${STYLE}</style>
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}
