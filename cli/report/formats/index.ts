import type { ComplianceReport } from '../model';
import type { TrendReport } from '../trend';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderText } from './text';
import { renderTrendHtml, renderTrendJson, renderTrendMarkdown, renderTrendText } from './trend';

/** The report formats `--format` accepts. */
export const REPORT_FORMATS = ['text', 'json', 'csv', 'markdown', 'html'] as const;

/** One of REPORT_FORMATS. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Readonly<Record<ReportFormat, (report: ComplianceReport) => string>> = {
  text: renderText,
  json: renderJson,
  csv: renderCsv,
  markdown: renderMarkdown,
  html: renderHtml,
};

/** Renders the report in a format. */
export function renderReport(report: ComplianceReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}

/** The formats `--trend` accepts: every report format that can show a series over time. */
export const TREND_FORMATS = ['text', 'json', 'markdown', 'html'] as const;

/** One of TREND_FORMATS. */
export type TrendFormat = (typeof TREND_FORMATS)[number];

const TREND_RENDERERS: Readonly<Record<TrendFormat, (trend: TrendReport) => string>> = {
  text: renderTrendText,
  json: renderTrendJson,
  markdown: renderTrendMarkdown,
  html: renderTrendHtml,
};

/** Renders a trend, from saved reports or from an export, in a format. */
export function renderTrend(trend: TrendReport, format: TrendFormat): string {
  return TREND_RENDERERS[format](trend);
}
