import { esc, htmlPage, tableHtml } from '../report/formats/html-page';
import { scoreText } from '../report/formats/common';
import { isFailing, type EvidenceFinding } from './evidence-findings';
import type { EvidenceInput, RequirementResult } from './evidence-pack';

const status = (s: string) => `<span class="status-${esc(s)}">${esc(s === 'NO_DATA' ? 'NO DATA' : s)}</span>`;
const code = (s: string) => `<code>${esc(s)}</code>`;

/**
 * The pack's index.html: one self-contained page an auditor can read or print on its own. Every
 * failing resource is listed under its control, open, so the printed page holds them too.
 */
export function renderEvidenceHtml(input: EvidenceInput, requirements: readonly RequirementResult[]): string {
  const { standard, scope, findings } = input;
  const failing = findings.filter(isFailing);
  const byControl = new Map<string, EvidenceFinding[]>();
  for (const f of failing) byControl.set(f.controlId, [...(byControl.get(f.controlId) ?? []), f]);
  const body: string[] = [];
  body.push(`<h1>Compliance evidence: ${esc(standard.name)}</h1>`);
  body.push(`<dl class="meta">
<dt>Organization</dt><dd>${esc(scope.organization ?? 'not given (--config or --organization)')}</dd>
<dt>Administrator account</dt><dd>${esc(scope.administratorAccount ?? 'not known')}</dd>
<dt>Standard</dt><dd>${esc(standard.name)} (${code(scope.standard.standardsArn)})</dd>
<dt>Data source</dt><dd>${esc(scope.dataSource.kind)}${scope.dataSource.input ? ` (${esc(scope.dataSource.input)})` : ''}</dd>
<dt>Regions</dt><dd>${esc(scope.regions.join(', ') || 'none seen')}</dd>
<dt>Accounts</dt><dd>${scope.accounts.length}: ${esc(scope.accounts.join(', '))}</dd>
<dt>Generated</dt><dd>${esc(scope.generatedAt)}</dd>
<dt>Remediation period</dt><dd>${esc(scope.period.since.slice(0, 10))} to ${esc(scope.period.until.slice(0, 10))}</dd>
<dt>Tool version</dt><dd>cdktf-securityhub ${esc(scope.toolVersion)}, control catalogue of ${esc(scope.catalogueDate)}</dd>
</dl>`);

  body.push('<h2>Score</h2>');
  body.push(
    tableHtml(
      ['Score', 'Passed', 'Failed', 'Unknown', 'No data', 'Disabled'],
      [
        [
          scoreText(standard.score),
          String(standard.passed),
          String(standard.failed),
          String(standard.unknown),
          String(standard.noData),
          String(standard.disabled),
        ],
      ],
      [1, 2, 3, 4, 5],
    ),
  );

  body.push('<h2>Requirements</h2>');
  body.push(
    tableHtml(
      ['Requirement', 'Status', 'Score', 'Controls'],
      requirements.map((r) => [
        r.requirementId ? esc(r.requirementId) : '<em>no requirement named</em>',
        status(r.status),
        esc(scoreText(r.score)),
        r.controls.map((c) => `${esc(c.controlId)}&nbsp;${status(c.status)}`).join(', '),
      ]),
      [2],
    ),
  );

  body.push('<h2>Controls</h2>');
  const scored = standard.controls.filter((c) => c.status !== 'NO_DATA');
  body.push(
    tableHtml(
      ['Control', 'Title', 'Severity', 'Status', 'Failed accounts'],
      scored.map((c) => [esc(c.controlId), esc(c.title), esc(c.severity), status(c.status), String(c.failedAccounts)]),
      [4],
    ),
  );
  const noData = standard.controls.filter((c) => c.status === 'NO_DATA');
  if (noData.length > 0)
    body.push(
      `<p class="notes">NO DATA (${noData.length}, not scored): ${esc(noData.map((c) => c.controlId).join(', '))}</p>`,
    );

  body.push('<h2>Failing resources</h2>');
  if (failing.length === 0) body.push('<p>No resource fails a control of this standard.</p>');
  for (const c of standard.controls.filter((x) => byControl.has(x.controlId))) {
    const rows = byControl.get(c.controlId)!;
    body.push(`<details class="resources" open><summary>${esc(c.controlId)} ${esc(c.title)}: ${rows.length} resource${rows.length === 1 ? '' : 's'}</summary>
${tableHtml(
  ['Account', 'Region', 'Resource type', 'Resource', 'Workflow', 'First seen'],
  rows.map((f) => [
    esc(f.account),
    esc(f.region),
    esc(f.resourceType),
    code(f.resourceId),
    esc(f.workflow),
    esc(f.firstSeen.slice(0, 10)),
  ]),
)}
</details>`);
  }

  body.push('<h2>Exemptions, disabled controls and suppressions</h2>');
  body.push(
    input.exemptions.length === 0
      ? '<p>None.</p>'
      : tableHtml(
          ['Kind', 'Control', 'Scope', 'Owner', 'Reason', 'Expires'],
          input.exemptions.map((e) => [
            esc(e.kind),
            esc(e.controlId),
            esc(e.scope),
            esc(e.owner),
            esc(e.reason),
            esc(e.expires),
          ]),
        ),
  );

  body.push('<h2>Remediation runs in the period</h2>');
  if (scope.ledger.note) body.push(`<p class="notes">${esc(scope.ledger.note)}</p>`);
  body.push(
    input.runs.length === 0
      ? '<p>None.</p>'
      : tableHtml(
          ['Run', 'Started', 'Control', 'Account', 'Resource', 'Status', 'Changes', 'Rolled back'],
          input.runs.map((r) => [
            code(r.runId),
            esc(r.startedAt.slice(0, 16).replace('T', ' ')),
            esc(r.securityControlId ?? ''),
            esc(r.accountId),
            code(r.resourceId),
            esc(r.status),
            esc(r.changes.join('; ')),
            esc(r.rolledBackAt ? `${r.rolledBackAt.slice(0, 10)} by ${r.rolledBackBy ?? 'unknown'}` : ''),
          ]),
        ),
  );

  if (scope.notes.length > 0) {
    body.push('<h2>Notes</h2>');
    body.push(`<ul class="notes">${scope.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  }
  body.push(
    '<p class="notes">The files beside this page hold the same facts in full: requirements.csv, findings.csv, exemptions.csv, remediations.csv, scope.json; manifest.json and SHA256SUMS (<code>sha256sum -c SHA256SUMS</code>) prove none was changed.</p>',
  );
  return htmlPage(`Compliance evidence: ${standard.name}`, body);
}
