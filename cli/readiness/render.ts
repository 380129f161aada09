import { csvCell } from '../report/formats/csv';
import { esc, htmlPage, tableHtml } from '../report/formats/html-page';
import { checkOf, readinessColumns, readinessGaps, type ReadinessColumn, type ReadinessReport } from './model';

/** Output formats of `securityhub readiness`. */
export const READINESS_FORMATS = ['text', 'json', 'csv', 'html'] as const;
/** One of {@link READINESS_FORMATS}. */
export type ReadinessFormat = (typeof READINESS_FORMATS)[number];

const columnName = (c: ReadinessColumn) => `${c.service} (${c.regions.join(', ')})`;

/** A cell: `ok`, `GAP: why` or `? why`; the same for every Region of its column. */
function cell(report: ReadinessReport, accountId: string, column: ReadinessColumn): string {
  const check = checkOf(report, accountId, column.regions[0], column.service);
  return check.status === 'ready'
    ? `ok: ${check.detail}`
    : check.status === 'gap'
      ? `GAP: ${check.detail}`
      : `unknown: ${check.detail}`;
}

function rows(report: ReadinessReport): string[][] {
  const columns = readinessColumns(report);
  return report.accounts.map((a) => [
    a + (a === report.administratorAccountId ? ' (administrator)' : ''),
    ...columns.map((c) => cell(report, a, c)),
  ]);
}

function summary(report: ReadinessReport): string[] {
  const gaps = readinessGaps(report);
  if (gaps.length === 0)
    return [
      `No gaps: every prerequisite is in place in ${report.accounts.length} account(s) and ${report.regions.length} Region(s).`,
    ];
  return [`${gaps.length} gap(s):`, ...gaps.map((g) => `  - ${g.accountId} ${g.service} in ${g.region}: ${g.detail}`)];
}

/** Renders the readiness report in `format`. */
export function renderReadiness(report: ReadinessReport, format: ReadinessFormat): string {
  const columns = readinessColumns(report);
  const header = ['Account', ...columns.map(columnName)];
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          administratorAccountId: report.administratorAccountId,
          homeRegion: report.homeRegion,
          regions: report.regions,
          accounts: report.accounts,
          columns: columns.map((c) => ({ service: c.service, regions: c.regions })),
          checks: report.checks,
          gaps: readinessGaps(report),
        },
        null,
        2,
      )}\n`;
    case 'csv':
      // One row per account, service and Region: a spreadsheet can pivot it any way.
      return `${[
        ['account', 'service', 'region', 'status', 'detail'],
        ...report.accounts.flatMap((a) =>
          columns.flatMap((c) =>
            c.regions.map((r) => {
              const check = checkOf(report, a, r, c.service);
              return [a, c.service, r, check.status, check.detail];
            }),
          ),
        ),
      ]
        .map((row) => row.map(csvCell).join(','))
        .join('\n')}\n`;
    case 'html':
      return htmlPage('Security Hub readiness', [
        '<h1>Security Hub readiness</h1>',
        `<p>Administrator ${esc(report.administratorAccountId)}, home Region ${esc(report.homeRegion)}; Regions ${esc(report.regions.join(', '))}.</p>`,
        tableHtml(
          header,
          rows(report).map((r) =>
            r.map((c) => (c.startsWith('GAP') ? `<strong class="status-FAILED">${esc(c)}</strong>` : esc(c))),
          ),
        ),
        '<h2>Summary</h2>',
        `<ul>${summary(report)
          .slice(readinessGaps(report).length > 0 ? 1 : 0)
          .map((l) => `<li>${esc(l.replace(/^ {2}- /, ''))}</li>`)
          .join('')}</ul>`,
      ]);
    case 'text': {
      const body = rows(report);
      const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
      const line = (r: readonly string[]) =>
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd();
      return `Security Hub readiness: administrator ${report.administratorAccountId}, home Region ${report.homeRegion}, Regions ${report.regions.join(', ')}\n\n${[header, ...body].map(line).join('\n')}\n\n${summary(report).join('\n')}\n`;
    }
  }
}
