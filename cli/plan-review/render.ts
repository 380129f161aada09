import { CHANGE_KINDS, type ChangeCounts } from './changes';
import type { PlanReview, StackReview } from './review';
import { RISK_RULES } from './rules';

/** The `--format json` shape's version; bumped only when a field is removed or changes meaning. */
export const JSON_SCHEMA_VERSION = 1;

/** Exit code of a review: 1 when any high risk was flagged, else 0. */
export function reviewExitCode(review: PlanReview): number {
  return review.risks.high > 0 ? 1 : 0;
}

/** The review as JSON for bots; the shape is documented in docs/plan-review.md. */
export function renderJson(review: PlanReview): string {
  return `${JSON.stringify(
    {
      schemaVersion: JSON_SCHEMA_VERSION,
      exitCode: reviewExitCode(review),
      highestSeverity: review.highestSeverity,
      totals: { ...review.counts, high: review.risks.high, medium: review.risks.medium },
      stacks: review.stacks.map((s) => ({
        stack: s.stack,
        file: s.file,
        terraformVersion: s.terraformVersion ?? null,
        counts: s.counts,
        resourceTypes: s.resourceTypes.map((t) => ({ type: t.type, ...t.counts, addresses: t.addresses })),
        risks: s.risks.map((r) => ({
          rule: r.rule,
          severity: r.severity,
          address: r.address,
          resourceType: r.resourceType,
          change: r.change,
          summary: r.summary,
          details: r.details,
        })),
      })),
    },
    null,
    2,
  )}\n`;
}

const TITLES = new Map(RISK_RULES.map((r) => [r.name, r.title]));

function countsLine(c: ChangeCounts): string {
  return `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy, ${c.replace} to replace`;
}

/** Markdown text in a table cell or inline: pipes and backticks would break the layout. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * The hidden HTML comment that opens every Markdown review, so a CI step can find the comment it
 * posted before on a pull request and update it instead of adding another.
 */
export const COMMENT_MARKER = '<!-- securityhub-plan-review -->';

/** What to leave out of the Markdown so that it fits a limit: the per-stack lists of resource addresses. */
export interface MarkdownOptions {
  /** Include the collapsed list of every changed resource per stack. @default true */
  readonly resourceLists?: boolean;
}

function stackSection(s: StackReview, options: MarkdownOptions): string[] {
  const high = s.risks.filter((r) => r.severity === 'high').length;
  const medium = s.risks.length - high;
  const risk =
    s.risks.length === 0
      ? 'no risks flagged'
      : [high ? `${high} high` : '', medium ? `${medium} medium` : ''].filter(Boolean).join(', ');
  const lines = [`### ${code(s.stack)}: ${countsLine(s.counts)} (${risk})`, ''];
  if (s.risks.length > 0) {
    lines.push('| severity | risk | resource | what changed |', '|---|---|---|---|');
    for (const r of s.risks) {
      lines.push(
        `| **${r.severity.toUpperCase()}** | ${cell(TITLES.get(r.rule) ?? r.rule)} | ${code(r.address)} (${r.change}) | ${cell(r.summary)} |`,
      );
    }
    lines.push('');
    const detailed = s.risks.filter((r) => r.details.length > 0);
    if (detailed.length > 0) {
      lines.push('<details><summary>Changed values</summary>', '');
      for (const r of detailed) {
        lines.push(`- ${code(r.address)} (${TITLES.get(r.rule) ?? r.rule})`);
        for (const d of r.details.slice(0, 50)) lines.push(`  - ${cell(d)}`);
        if (r.details.length > 50) lines.push(`  - ... and ${r.details.length - 50} more`);
      }
      lines.push('', '</details>', '');
    }
  }
  if (s.resourceTypes.length === 0) {
    lines.push('No resource changes.', '');
    return lines;
  }
  lines.push('| resource type | add | change | destroy | replace |', '|---|---:|---:|---:|---:|');
  for (const t of s.resourceTypes)
    lines.push(
      `| ${code(t.type)} | ${t.counts.add} | ${t.counts.change} | ${t.counts.destroy} | ${t.counts.replace} |`,
    );
  if (options.resourceLists === false) {
    lines.push('');
    return lines;
  }
  lines.push('', '<details><summary>Resources</summary>', '');
  for (const kind of CHANGE_KINDS) {
    const addresses = s.resourceTypes.flatMap((t) => t.addresses[kind]).sort();
    if (addresses.length === 0) continue;
    lines.push(`**${kind}**`, '', ...addresses.map((a) => `- ${code(a)}`), '');
  }
  lines.push('</details>', '');
  return lines;
}

/** The review as Markdown for a pull-request comment: the marker, a verdict, then one section per stack. */
export function renderMarkdown(review: PlanReview, options: MarkdownOptions = {}): string {
  const verdict =
    review.risks.high > 0
      ? `**${review.risks.high} high-risk change${review.risks.high === 1 ? '' : 's'}** need${review.risks.high === 1 ? 's' : ''} a security reviewer's approval${review.risks.medium ? `; ${review.risks.medium} medium` : ''}.`
      : review.risks.medium > 0
        ? `No high-risk changes; ${review.risks.medium} medium-risk change${review.risks.medium === 1 ? '' : 's'} to look at.`
        : 'No risky changes flagged.';
  const lines = [
    COMMENT_MARKER,
    '## Security Hub plan review',
    '',
    verdict,
    '',
    `${review.stacks.length} stack${review.stacks.length === 1 ? '' : 's'}: ${countsLine(review.counts)}.`,
    '',
  ];
  for (const s of review.stacks) lines.push(...stackSection(s, options));
  return `${lines.join('\n').trimEnd()}\n`;
}
