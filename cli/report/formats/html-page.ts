/*
 * What the HTML report and the HTML trend share: escaping, the page around the content, its
 * stylesheet (screen and print) and the inline SVG charts. Self-contained on purpose: the file
 * is mailed, attached to tickets and opened offline, and its Content-Security-Policy forbids every
 * fetch, so nothing can leak or go missing (no font, script, image or stylesheet from anywhere).
 */

/** Escapes text for HTML element content and quoted attributes; titles are free text from findings. */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Open Sans",sans-serif;color:#16191f;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #d5dbdb;padding-bottom:.25rem}
a{color:#0972d3}a:hover{text-decoration:underline}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eaeded;vertical-align:top}
th{background:#f2f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{margin:.5rem 0}.row{display:grid;grid-template-columns:minmax(12rem,22rem) 1fr 4rem 7rem;align-items:center;gap:.75rem;margin:.35rem 0}
.track{background:#eaeded;height:1.1rem;border-radius:3px;overflow:hidden}.bar{height:100%;background:#1d8102}
.bar.mid{background:#f89256}.bar.low{background:#d13212}.pct{font-weight:600;text-align:right}.ratio{color:#545b64;font-size:.9em}
.status-FAILED{color:#d13212;font-weight:600}.status-UNKNOWN{color:#8d6605}.status-PASSED{color:#1d8102}.status-NO_DATA{color:#687078}
details.accounts summary{cursor:pointer;color:#0972d3}details.accounts ul{margin:.25rem 0 0;padding-left:1.2rem;font-variant-numeric:tabular-nums}
details.accounts ul.resources{list-style:none;padding-left:.75rem;font-size:.9em;color:#545b64}details.accounts ul.resources code{word-break:break-all}
details.nodata{color:#687078;margin:.25rem 0}details.nodata summary{cursor:pointer}details.nodata p{margin:.25rem 0;font-size:.9em}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Open Sans",sans-serif;fill:#16191f}
svg .axis{stroke:#aab7b8;stroke-width:1}svg .grid{stroke:#eaeded;stroke-width:1}
.notes{color:#545b64}.legend{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.25rem 0;padding:0;list-style:none}
.legend i{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;margin-right:.35rem;vertical-align:-.1rem}
@page{margin:1.5cm}
@media print{
  body{margin:0;max-width:none;font-size:11pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid}tr,.row,svg,li{break-inside:avoid}thead{display:table-header-group}
  details.accounts summary{display:none}
  details.accounts::details-content{content-visibility:visible;display:block}
  details.accounts>ul{display:block;list-style:none;padding-left:0}
}
`;

/** One self-contained HTML page. */
export function htmlPage(title: string, body: readonly string[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

/** An HTML table; cells are HTML already (escape text before), `numeric` columns right-aligned. */
export function tableHtml(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (numeric.includes(i) ? `<td class="num">${c}</td>` : `<td>${c}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A number for SVG coordinates: at most one decimal, so the markup stays short and stable. */
export function coordinate(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Colours for series (standards) in charts, distinct in print and for common colour blindness. */
export const SERIES_COLOURS = ['#0972d3', '#d13212', '#1d8102', '#8d6605', '#7d3c98', '#00838f', '#5f6b7a', '#c2185b'];
