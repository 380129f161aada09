import type { ComplianceReport } from '../model';

/** The report as JSON; the field names are the published shape (see docs/report.md). */
export function renderJson(report: ComplianceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
