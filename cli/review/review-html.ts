import { esc, htmlPage, tableHtml } from '../report/formats/html-page';
import { scoreText } from '../report/formats/common';
import type { ComplianceReport } from '../report/model';
import type { StandardReview } from './compliance-review';
import { packFolderOf } from './compliance-review';

/**
 * review.html: the weekly review on one page beside the full report: each standard's score, its
 * change since the previous review and its remediation-window verdict, with links to the report
 * and the standard's evidence pack in the same folder.
 */
export function renderReviewHtml(
  report: ComplianceReport,
  reviews: readonly StandardReview[],
  previousAt: string | null,
): string {
  const change = (r: StandardReview) => (r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${r.change}`);
  const rows = reviews.map((r) => [
    `<a href="evidence/${esc(packFolderOf(r.standardsId))}/index.html">${esc(r.name)}</a>`,
    esc(scoreText(r.score)),
    esc(change(r)),
    r.window ? `${r.window.target}%` : '—',
    r.window ? esc(r.window.by) : '—',
    r.window?.expected !== null && r.window?.expected !== undefined ? `${r.window.expected}%` : '—',
    r.window
      ? `<span class="status-${r.window.verdict === 'behind' || r.window.verdict === 'missed' ? 'FAILED' : r.window.verdict === 'met' || r.window.verdict === 'on-track' ? 'PASSED' : 'NO_DATA'}">${esc(r.window.verdict)}</span>`
      : '—',
  ]);
  return htmlPage(`Weekly compliance review ${report.generatedAt.slice(0, 10)}`, [
    `<h1>Weekly compliance review: ${esc(report.organization ?? 'organization')}</h1>`,
    `<p>Generated ${esc(report.generatedAt)} from ${esc(report.source.kind === 'athena' ? `the findings export (Athena ${report.source.input ?? ''})` : 'the Security Hub API')}; ` +
      `${previousAt ? `changes since the review of ${esc(previousAt)}` : 'the first review: no earlier scores to compare'}. ` +
      'On track: the score is at least the straight line from its score at the first review in the remediation window to the target on its due date.</p>',
    tableHtml(
      ['Standard', 'Score', 'Change (points)', 'Target', 'Due', 'Expected today', 'Window'],
      rows,
      [1, 2, 3, 5],
    ),
    '<p><a href="report.html">Full report</a> · <a href="report.json">report.json</a> · <a href="summary.json">summary.json</a></p>',
  ]);
}
