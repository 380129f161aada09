import { COVERAGE_STATUSES, SEVERITY_ORDER, strictGaps, type ControlCoverage, type CoverageMatrix, type TierCoverage } from './matrix';

/** What the status column says beyond the status: the mode, the owner and expiry, the reason. */
function detail(c: ControlCoverage): string {
  const exemptions = c.exemptions.map((e) => `exempt ${e.scope} (owner ${e.owner}, expires ${e.expires})`);
  switch (c.status) {
    case 'remediated':
      return [`${c.mode} via ${c.runbook}`, ...exemptions].join('; ');
    case 'disabled':
      return c.disabledReason ?? '';
    case 'accepted':
      return `owner ${c.accepted?.owner}${c.accepted?.expires ? `, until ${c.accepted.expires}` : ''}: ${c.accepted?.reason}`;
    case 'exempted':
      return exemptions.join('; ');
    case 'uncovered':
      return c.runbook ? `runbook ${c.runbook} is off` : 'no runbook';
  }
}

function summary(t: TierCoverage): string {
  return COVERAGE_STATUSES.map((s) => `${s} ${t.counts[s]}`).join(', ');
}

function bySeverity(t: TierCoverage): [string, ControlCoverage[]][] {
  return SEVERITY_ORDER.map((s) => [s, t.controls.filter((c) => c.severity === s)] as [string, ControlCoverage[]]).filter(([, cs]) => cs.length > 0);
}

/** Plain text for a terminal: one block per tier, controls grouped by severity. */
export function renderText(matrix: CoverageMatrix): string {
  const lines = [`Remediation coverage of ${matrix.organization} (as of ${matrix.asOf})`];
  for (const t of matrix.tiers) {
    lines.push('', `Tier ${t.tier} (${t.environment}): ${t.controls.length} controls enabled by ${t.standards.join(', ')}`, `  ${summary(t)}`);
    const width = Math.max(...t.controls.map((c) => c.securityControlId.length), 4);
    for (const [severity, controls] of bySeverity(t)) {
      lines.push(`  ${severity}`);
      for (const c of controls) lines.push(`    ${c.securityControlId.padEnd(width)}  ${c.status.padEnd(10)}  ${detail(c)}`);
    }
  }
  const gaps = strictGaps(matrix);
  lines.push('', gaps.length === 0
    ? 'Every enabled CRITICAL and HIGH control of the production tiers is remediated, exempted, disabled or accepted.'
    : `${gaps.length} enabled CRITICAL or HIGH control(s) of production tiers are uncovered (--strict fails on them).`);
  return `${lines.join('\n')}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown for a pull-request comment or a docs page: a summary table, then one table per tier. */
export function renderMarkdown(matrix: CoverageMatrix): string {
  const lines = [
    `# Remediation coverage: ${matrix.organization}`,
    '',
    `As of ${matrix.asOf}. Every control each tier's standards enable, and how it is covered.`,
    '',
    `| Tier | Environment | Enabled | ${COVERAGE_STATUSES.join(' | ')} |`,
    `|---|---|---|${COVERAGE_STATUSES.map(() => '---').join('|')}|`,
    ...matrix.tiers.map((t) => `| ${t.tier} | ${t.environment} | ${t.controls.length} | ${COVERAGE_STATUSES.map((s) => t.counts[s]).join(' | ')} |`),
  ];
  const gaps = strictGaps(matrix);
  if (gaps.length > 0) {
    lines.push('', `**${gaps.length} enabled CRITICAL or HIGH control(s) of production tiers are uncovered:**`, '');
    for (const g of gaps) lines.push(`- ${g.tier}: ${g.control.securityControlId} (${g.control.severity}) ${cell(g.control.title)}. Fix: ${cell(g.fix)}.`);
  }
  for (const t of matrix.tiers) {
    lines.push('', `## ${t.tier} (${t.environment})`, '', `Standards: ${t.standards.join(', ')}. ${summary(t)}.`, '', '| Severity | Control | Title | Status | Detail |', '|---|---|---|---|---|');
    for (const [severity, controls] of bySeverity(t)) {
      for (const c of controls) lines.push(`| ${severity} | ${c.securityControlId} | ${cell(c.title)} | ${c.status} | ${cell(detail(c))} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The matrix as JSON, with the strict gaps, for bots and dashboards. */
export function renderJson(matrix: CoverageMatrix): string {
  const gaps = strictGaps(matrix).map((g) => ({ tier: g.tier, securityControlId: g.control.securityControlId, severity: g.control.severity, fix: g.fix }));
  return `${JSON.stringify({ ...matrix, strictGaps: gaps }, null, 2)}\n`;
}
