import { existsSync } from 'node:fs';
import { SEVERITY_LABELS } from '../findings/asff';
import { packageVersion } from '../main';
import { reportAccounts } from './build-report';
import type { ComplianceTally } from './compliance-tally';
import { ReportHistory } from './history';
import type { ComplianceReport } from './model';
import type { ReportScope } from './report-scope';
import { computeTrend } from './trend';

/** How far back the HTML page's trend reaches. */
const PAGE_TREND_DAYS = 90;

/**
 * The report with what only the HTML page shows: Regions, accounts and tool version; the failing
 * resources and other products' findings the tally kept; the saved trend of the last 90 days when
 * the history file has reports of this organization.
 */
export function withPageDetails(
  report: ComplianceReport,
  tally: ComplianceTally,
  scope: ReportScope,
  region: string | undefined,
  historyFile: string,
): ComplianceReport {
  const kept = tally.details;
  const regions = [...new Set([...tally.regions, ...(region ? [region] : [])])].sort();
  let trend;
  if (existsSync(historyFile)) {
    const history = ReportHistory.open(historyFile, { create: false });
    try {
      const until = new Date(report.generatedAt);
      const found = computeTrend(
        history,
        new Date(until.getTime() - PAGE_TREND_DAYS * 86_400_000).toISOString(),
        until.toISOString(),
        report.organization,
      );
      if (found.reports > 0) trend = found;
    } finally {
      history.close();
    }
  }
  return {
    ...report,
    details: {
      regions,
      accounts: reportAccounts(tally, scope),
      toolVersion: packageVersion(),
      // An export is read as figures (SQL aggregates), so its tally kept no per-finding details.
      ...(kept
        ? {
            failingResources: Object.fromEntries(
              [...kept.failingResources].map(([id, list]) => [
                id,
                [...list].sort(
                  (a, b) =>
                    a.account.localeCompare(b.account) ||
                    a.region.localeCompare(b.region) ||
                    a.resourceId.localeCompare(b.resourceId),
                ),
              ]),
            ),
            otherFindings: [...kept.otherFindings].sort(
              (a, b) =>
                SEVERITY_LABELS.indexOf(a.severity) - SEVERITY_LABELS.indexOf(b.severity) ||
                a.product.localeCompare(b.product) ||
                a.account.localeCompare(b.account) ||
                a.title.localeCompare(b.title),
            ),
            otherFindingsOmitted: kept.otherFindingsOmitted,
          }
        : {}),
      ...(trend ? { trend } : {}),
    },
  };
}
