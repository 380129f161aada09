import type { SeverityLabelValue } from '../../findings/asff';
import type { ComplianceReport, ControlResult, StandardCounts, StandardScore } from '../model';
import { count, orUnknown, scoreText, severityParts, severityWord } from './common';
import { coordinate, esc, htmlPage, tableHtml } from './html-page';
import { trendChart } from './trend';
import type { FailingResource } from '../compliance-tally';

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
    return (
      `<div class="row" data-standard="${esc(s.standardsId)}"><span class="label">${standardLink(s, s.name)}</span>` +
      `<div class="track"><div class="bar${scoreClass(width)}" data-score="${s.score ?? ''}" style="width:${width}%"></div></div>` +
      `<span class="pct">${esc(scoreText(s.score))}</span><span class="ratio">${esc(passedOfTotal(s))}</span></div>`
    );
  });
  return `<div class="chart" role="img" aria-label="Security score per standard">${rows.join('')}</div>`;
}

const SEVERITY_COLOURS: Readonly<Record<SeverityLabelValue, string>> = {
  CRITICAL: '#7d2105',
  HIGH: '#d13212',
  MEDIUM: '#f89256',
  LOW: '#dfb52c',
  INFORMATIONAL: '#687078',
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
    return (
      `<g data-severity="${p.label}" data-count="${p.count}"><text x="0" y="${y + 17}">${esc(severityWord(p.label))}</text>` +
      `<rect x="${label}" y="${y + 4}" width="${coordinate(w)}" height="18" rx="2" fill="${SEVERITY_COLOURS[p.label]}"><title>${esc(severityWord(p.label))}: ${count(p.count)}</title></rect>` +
      `<text x="${coordinate(label + w + 6)}" y="${y + 17}">${count(p.count)}</text></g>`
    );
  });
  const height = parts.length * rowHeight + 4;
  return (
    `<svg class="severity-chart" role="img" aria-label="Active findings by severity" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<line class="axis" x1="${label}" y1="0" x2="${label}" y2="${height}"/>${rows.join('')}</svg>`
  );
}

/**
 * The accounts failing a control, collapsed under their count (opened in print); with the failing
 * resources known (API and file sources), each account opens to its resources: Region and id.
 */
function failingAccounts(c: ControlResult, resources: readonly FailingResource[] | undefined): string {
  if (c.failedAccountIds.length === 0) return count(c.failedAccounts);
  const items = c.failedAccountIds.map((a) => {
    const mine = (resources ?? []).filter((r) => r.account === a);
    if (mine.length === 0) return `<li>${esc(a)}</li>`;
    return `<li>${esc(a)}<ul class="resources">${mine.map((r) => `<li data-account="${esc(a)}"><span class="region">${esc(r.region)}</span> <code>${esc(r.resourceId || '(no resource)')}</code></li>`).join('')}</ul></li>`;
  });
  const n = resources?.length ?? 0;
  const label =
    n > 0 ? `${count(c.failedAccounts)} (${count(n)} resource${n === 1 ? '' : 's'})` : count(c.failedAccounts);
  return `<details class="accounts"><summary>${label}</summary><ul>${items.join('')}</ul></details>`;
}

/** The NO DATA controls of a standard on one line, folded; the toggle opens their ids. */
function noDataLine(s: StandardScore): string {
  const ids = s.controls.filter((c) => c.status === 'NO_DATA').map((c) => c.controlId);
  if (ids.length === 0) return '';
  return `<details class="nodata"><summary>${count(ids.length)} control${ids.length === 1 ? '' : 's'} with NO DATA (not scored)</summary><p>${esc(ids.join(', '))}</p></details>`;
}

/** Provenance the page states: source, Regions, accounts, generated time, tool version. */
function provenance(report: ComplianceReport): string {
  const d = report.details;
  const source = `${report.source.kind}${report.source.input ? ` (${report.source.input})` : ''}`;
  return (
    `<dt>Data source</dt><dd>${esc(source)}</dd>` +
    (d
      ? `<dt>Regions</dt><dd>${esc(d.regions.join(', ') || 'none seen')}</dd><dt>Accounts</dt><dd>${esc(d.accounts.join(', ') || 'none seen')}</dd>`
      : '') +
    `<dt>Generated</dt><dd>${esc(report.generatedAt)}</dd>` +
    (d ? `<dt>Tool version</dt><dd>cdktf-securityhub ${esc(d.toolVersion)}</dd>` : '')
  );
}

/** Active findings of other products (GuardDuty, Inspector, partners), by severity. */
function otherFindings(report: ComplianceReport): string[] {
  const list = report.details?.otherFindings;
  if (!list) return [];
  const out = ['<h2>Findings of other products (by severity)</h2>'];
  if (list.length === 0) return [...out, '<p>None active.</p>'];
  out.push(
    tableHtml(
      ['Severity', 'Product', 'Title', 'Account', 'Region', 'Resource'],
      list.map((f) => [
        esc(severityWord(f.severity)),
        esc(f.product),
        esc(f.title),
        esc(f.account),
        esc(f.region),
        `<code>${esc(f.resourceId)}</code>`,
      ]),
    ),
  );
  const omitted = report.details?.otherFindingsOmitted ?? 0;
  if (omitted > 0)
    out.push(
      `<p class="notes">${count(omitted)} more not listed; \`securityhub report --format json\` counts them, the Security Hub console lists them.</p>`,
    );
  return out;
}

/** Each standard against its remediation-window target, when the config sets one. */
function windowSection(report: ComplianceReport): string[] {
  const w = report.remediationWindow;
  if (!w) return [];
  const verdictClass = (v: string) =>
    v === 'behind' || v === 'missed' ? 'FAILED' : v === 'met' || v === 'on-track' ? 'PASSED' : 'NO_DATA';
  return [
    `<h2>Remediation window (targets due ${esc(w.by)})</h2>`,
    '<p class="notes">On track: the score is at least the straight line from the standard\'s score at the first saved report in the window to its target on the due day.</p>',
    tableHtml(
      ['Standard', 'Score', 'Target', 'Expected today', 'Baseline', 'Verdict'],
      w.standards.map((s) => [
        esc(s.name),
        esc(scoreText(s.score)),
        `${s.target}%`,
        s.expected === null ? '-' : `${s.expected}%`,
        s.baseline ? `${s.baseline.score}% (${esc(s.baseline.at.slice(0, 10))})` : '-',
        `<span class="status-${verdictClass(s.verdict)}">${esc(s.verdict)}</span>`,
      ]),
      [1, 2, 3],
    ),
  ];
}

/** The saved scores of the last 90 days, when the history has them. */
function trendSection(report: ComplianceReport): string[] {
  const trend = report.details?.trend;
  if (!trend) return [];
  return [
    '<h2>Score trend (saved reports, last 90 days)</h2>',
    trendChart(trend),
    tableHtml(
      ['Standard', 'First', 'Latest'],
      trend.standards.map((s) => [
        esc(s.name),
        esc(s.first === null ? '-' : `${s.first}%`),
        esc(s.latest === null ? '-' : `${s.latest}%`),
      ]),
      [1, 2],
    ),
  ];
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
    `<dl class="meta"><dt>Organization</dt><dd>${esc(orUnknown(report.organization, 'pass --organization or --config'))}</dd>` +
      `<dt>Administrator Account</dt><dd>${esc(orUnknown(report.administratorAccount, 'pass --admin-account or --config'))}</dd>` +
      `<dt>Report Date</dt><dd>${esc(report.reportDate)}</dd>` +
      `<dt>Standards Enabled</dt><dd>${esc(report.standards.map((s) => s.shortName).join(', ') || 'none')}</dd>` +
      `<dt>Accounts in scope</dt><dd>${count(report.accountsInScope)}</dd>${provenance(report)}</dl>`,
    `<h2>Compliance scores</h2>`,
    scoreChart(report.standards),
    tableHtml(
      ['Standard', 'Score', 'Passed/Total', 'Passed', 'Failed', 'Unknown', 'No data', 'Disabled'],
      report.standards.map((s) => [
        standardLink(s, s.name),
        esc(scoreText(s.score)),
        esc(passedOfTotal(s)),
        count(s.passed),
        count(s.failed),
        count(s.unknown),
        count(s.noData),
        count(s.disabled),
      ]),
      [1, 2, 3, 4, 5, 6, 7],
    ),
    `<h2>Top failed controls (by account count)</h2>`,
    report.topFailedControls.length === 0
      ? '<p>None.</p>'
      : tableHtml(
          ['Control', 'Title', 'Severity', 'Accounts FAILED'],
          report.topFailedControls.map((c) => [
            esc(c.controlId),
            esc(c.title),
            esc(severityWord(c.severity)),
            `${c.failedAccounts}/${c.totalAccounts}`,
          ]),
          [3],
        ),
    ...windowSection(report),
    ...trendSection(report),
    `<h2>Finding summary</h2>`,
    `<h3>Active findings by severity</h3>`,
    severityChart(report),
    tableHtml(
      ['Figure', 'Count'],
      [
        ['Total Active Findings', count(f.totalActive)],
        ...severityParts(report).map((p) => [esc(severityWord(p.label)), count(p.count)]),
        ['Auto-Remediated This Month', count(f.autoRemediatedThisMonth)],
        ['Suppressed', count(f.suppressed)],
      ],
      [1],
    ),
  ];
  if (report.breakdown) {
    sections.push(
      `<h2>Scores by ${esc(report.breakdown.by)}</h2>`,
      tableHtml(
        [report.breakdown.by === 'tier' ? 'Tier' : 'Account', 'Accounts', ...report.standards.map((s) => s.shortName)],
        report.breakdown.groups.map((g) => [
          esc(g.key),
          count(g.accounts.length),
          ...g.standards.map((s) => `${esc(scoreText(s.score))} <span class="ratio">(${esc(passedOfTotal(s))})</span>`),
        ]),
        [1, ...report.standards.map((_, i) => i + 2)],
      ),
    );
  }
  for (const s of report.standards) {
    sections.push(`<h2 id="${esc(s.standardsId)}">${esc(s.name)}: ${esc(scoreText(s.score))}</h2>`);
    const scored = s.controls.filter((c) => c.status !== 'NO_DATA');
    sections.push(
      scored.length === 0
        ? '<p>No control with data.</p>'
        : tableHtml(
            ['Control', 'Title', 'Severity', 'Status', 'Accounts FAILED'],
            scored.map((c) => [
              esc(c.controlId),
              esc(c.title),
              esc(severityWord(c.severity)),
              `<span class="status-${c.status}">${esc(c.status.replace('_', ' '))}</span>`,
              failingAccounts(c, report.details?.failingResources?.[c.controlId]),
            ]),
            [4],
          ),
    );
    if (s.noData > 0) sections.push(noDataLine(s));
    sections.push(
      `<p class="ratio">${esc(passedOfTotal(s))}; ${count(s.noData)} with no data, ${count(s.disabled)} disabled (left out of the score).</p>`,
    );
  }
  sections.push(...otherFindings(report));
  if (report.source.notes.length > 0) {
    sections.push(
      '<h2>Notes</h2>',
      `<ul class="notes">${report.source.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`,
    );
  }
  return htmlPage(`AWS Security Hub Compliance Report ${report.reportDate}`, sections);
}
