import type { StandardTrend, TrendReport } from '../trend';
import { coordinate, esc, htmlPage, SERIES_COLOURS, tableHtml } from './html-page';
import { table } from './markdown';

const pct = (s: number | null) => (s === null ? 'no data' : `${s}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
const change = (s: StandardTrend) => (s.first !== null && s.latest !== null ? signed(s.latest - s.first) : '');

/** Every day with a saved report, oldest first. */
function trendDates(trend: TrendReport): string[] {
  return [...new Set(trend.standards.flatMap((s) => s.points.map((p) => p.date)))].sort();
}

function period(trend: TrendReport): string {
  return `${trend.since.slice(0, 10)} to ${trend.until.slice(0, 10)} (${trend.reports} saved report${trend.reports === 1 ? '' : 's'})`;
}

/** The trend as GitHub-flavoured Markdown: score per day and standard, the change, the controls that moved it. */
export function renderTrendMarkdown(trend: TrendReport): string {
  const out = [
    '# AWS Security Hub Score Trend',
    '',
    ...table(
      ['Field', 'Value'],
      [
        ['Organization', trend.organization ?? 'all saved reports'],
        ['Period', period(trend)],
      ],
    ),
  ];
  if (trend.reports === 0) {
    out.push('', 'No saved reports in this period; save one with `securityhub report --save`.');
    return `${out.join('\n')}\n`;
  }
  const dates = trendDates(trend);
  out.push(
    '',
    '## Score over time',
    '',
    ...table(
      ['Date', ...trend.standards.map((s) => s.shortName)],
      dates.map((date) => [
        date,
        ...trend.standards.map((s) => {
          const p = s.points.find((x) => x.date === date);
          return p ? pct(p.score) : '-';
        }),
      ]),
    ),
  );
  out.push(
    '',
    `## Change since ${dates[0]}`,
    '',
    ...table(
      ['Standard', 'First', 'Latest', 'Change'],
      trend.standards.map((s) => [s.name, pct(s.first), pct(s.latest), change(s)]),
    ),
  );
  out.push('', '## Controls that moved the score most', '');
  out.push(
    ...(trend.movers.length === 0
      ? ['None.']
      : table(
          ['Control', 'Title', 'Standard', 'From', 'To', 'Points'],
          trend.movers.map((m) => [
            m.controlId,
            m.title,
            m.shortName,
            m.from.replace('_', ' '),
            m.to.replace('_', ' '),
            signed(m.points),
          ]),
        )),
  );
  return `${out.join('\n')}\n`;
}

/**
 * The scores over time as an inline SVG line chart: x is the date (to scale), y the score 0-100%,
 * one line per standard (broken where a day has no data), a dot with a tooltip per saved day.
 */
export function trendChart(trend: TrendReport): string {
  const dates = trendDates(trend);
  const width = 760;
  const height = 300;
  const left = 48;
  const right = 16;
  const top = 12;
  const bottom = 36;
  const t = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const t0 = t(dates[0]);
  const span = Math.max(1, t(dates[dates.length - 1]) - t0);
  const x = (d: string) =>
    dates.length === 1 ? left + (width - left - right) / 2 : left + ((t(d) - t0) / span) * (width - left - right);
  const y = (score: number) => top + (1 - score / 100) * (height - top - bottom);
  const grid = [0, 25, 50, 75, 100]
    .map(
      (v) =>
        `<line class="grid" x1="${left}" y1="${coordinate(y(v))}" x2="${width - right}" y2="${coordinate(y(v))}"/>` +
        `<text x="${left - 6}" y="${coordinate(y(v) + 4)}" text-anchor="end">${v}%</text>`,
    )
    .join('');
  const xLabels = [...new Set([dates[0], dates[dates.length - 1]])]
    .map(
      (d, i, all) =>
        `<text x="${coordinate(x(d))}" y="${height - 12}" text-anchor="${all.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'}">${esc(d)}</text>`,
    )
    .join('');
  const series = trend.standards
    .map((s, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      // Consecutive days with a score form one segment; a day without data breaks the line.
      const segments: string[][] = [[]];
      for (const p of s.points) {
        if (p.score === null) segments.push([]);
        else segments[segments.length - 1].push(`${coordinate(x(p.date))},${coordinate(y(p.score))}`);
      }
      const lines = segments
        .filter((seg) => seg.length > 1)
        .map((seg) => `<polyline fill="none" stroke="${colour}" stroke-width="2.5" points="${seg.join(' ')}"/>`)
        .join('');
      const dots = s.points
        .filter((p) => p.score !== null)
        .map(
          (p) =>
            `<circle cx="${coordinate(x(p.date))}" cy="${coordinate(y(p.score!))}" r="3.5" fill="${colour}"><title>${esc(s.shortName)} ${esc(p.date)}: ${p.score}%</title></circle>`,
        )
        .join('');
      return `<g class="series" data-standard="${esc(s.standardsId)}" data-points="${s.points.length}">${lines}${dots}</g>`;
    })
    .join('');
  const legend = trend.standards
    .map(
      (s, i) =>
        `<li><i style="background:${SERIES_COLOURS[i % SERIES_COLOURS.length]}"></i>${esc(s.shortName)} ${esc(pct(s.latest))}</li>`,
    )
    .join('');
  return (
    `<svg class="trend-chart" role="img" aria-label="Security score per standard over time" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `${grid}<line class="axis" x1="${left}" y1="${coordinate(y(0))}" x2="${width - right}" y2="${coordinate(y(0))}"/>${xLabels}${series}</svg>` +
    `<ul class="legend">${legend}</ul>`
  );
}

/** The trend as one self-contained HTML page: the chart over time, the day x standard table, the change and the movers. */
export function renderTrendHtml(trend: TrendReport): string {
  const sections = [
    '<h1>AWS Security Hub Score Trend</h1>',
    `<dl class="meta"><dt>Organization</dt><dd>${esc(trend.organization ?? 'all saved reports')}</dd><dt>Period</dt><dd>${esc(period(trend))}</dd></dl>`,
  ];
  if (trend.reports === 0) {
    sections.push('<p>No saved reports in this period; save one with <code>securityhub report --save</code>.</p>');
    return htmlPage('AWS Security Hub Score Trend', sections);
  }
  const dates = trendDates(trend);
  sections.push('<h2>Score over time</h2>', trendChart(trend));
  sections.push(
    tableHtml(
      ['Date', ...trend.standards.map((s) => s.shortName)],
      dates.map((date) => [
        esc(date),
        ...trend.standards.map((s) => {
          const p = s.points.find((x) => x.date === date);
          return esc(p ? pct(p.score) : '-');
        }),
      ]),
      trend.standards.map((_, i) => i + 1),
    ),
  );
  sections.push(
    `<h2>Change since ${esc(dates[0])}</h2>`,
    tableHtml(
      ['Standard', 'First', 'Latest', 'Change'],
      trend.standards.map((s) => [esc(s.name), esc(pct(s.first)), esc(pct(s.latest)), esc(change(s))]),
      [1, 2, 3],
    ),
  );
  sections.push(
    '<h2>Controls that moved the score most</h2>',
    trend.movers.length === 0
      ? '<p>None.</p>'
      : tableHtml(
          ['Control', 'Title', 'Standard', 'From', 'To', 'Points'],
          trend.movers.map((m) => [
            esc(m.controlId),
            esc(m.title),
            esc(m.shortName),
            esc(m.from.replace('_', ' ')),
            esc(m.to.replace('_', ' ')),
            esc(signed(m.points)),
          ]),
          [5],
        ),
  );
  return htmlPage(`AWS Security Hub Score Trend ${trend.until.slice(0, 10)}`, sections);
}

/** The trend as text: a date x standard table, the change per standard, and the controls that moved it. */
export function renderTrendText(trend: TrendReport): string {
  const lines = [
    'AWS Security Hub Score Trend',
    '====================================',
    `Organization: ${trend.organization ?? 'all saved reports'}`,
    `Period: ${period(trend)}`,
  ];
  if (trend.reports === 0) {
    lines.push('No saved reports in this period; save one with `securityhub report --save`.');
    return `${lines.join('\n')}\n`;
  }
  const dates = trendDates(trend);
  const widths = trend.standards.map((s) => Math.max(s.shortName.length, 7));
  lines.push(
    'SCORE OVER TIME:',
    ['Date      ', ...trend.standards.map((s, i) => s.shortName.padStart(widths[i]))].join('  '),
  );
  for (const date of dates) {
    lines.push(
      [
        date,
        ...trend.standards.map((s, i) => {
          const p = s.points.find((x) => x.date === date);
          return (p ? pct(p.score) : '-').padStart(widths[i]);
        }),
      ].join('  '),
    );
  }
  lines.push(`CHANGE SINCE ${dates[0]}:`);
  for (const s of trend.standards) {
    const delta = change(s) ? ` (${change(s)})` : '';
    lines.push(`${s.name}: ${pct(s.first)} -> ${pct(s.latest)}${delta}`);
  }
  lines.push('CONTROLS THAT MOVED THE SCORE MOST:');
  if (trend.movers.length === 0) lines.push('none');
  for (const m of trend.movers) {
    lines.push(
      `[${m.controlId}] ${m.title} (${m.shortName}): ${m.from.replace('_', ' ')} -> ${m.to.replace('_', ' ')}, ${signed(m.points)} points`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The trend as JSON. */
export function renderTrendJson(trend: TrendReport): string {
  return `${JSON.stringify(trend, null, 2)}\n`;
}
