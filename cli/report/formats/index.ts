import type { ComplianceReport } from '../model';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderText } from './text';

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
