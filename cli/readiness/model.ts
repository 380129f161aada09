/** The prerequisites `securityhub readiness` checks, in column order. */
export const READINESS_SERVICES = ['Security Hub', 'AWS Config', 'GuardDuty', 'Inspector', 'Macie'] as const;

/** One of {@link READINESS_SERVICES}. */
export type ReadinessService = (typeof READINESS_SERVICES)[number];

/** What was found for one account, service and Region: ready, a gap, or not readable. */
export interface ReadinessCheck {
  readonly accountId: string;
  readonly region: string;
  readonly service: ReadinessService;
  /** `ready`, `gap` (a prerequisite is missing), or `unknown` (the administrator cannot tell). */
  readonly status: 'ready' | 'gap' | 'unknown';
  /** In plain words: what was read, e.g. `customer recorder, recording` or `not a member`. */
  readonly detail: string;
}

/** A column of the table: one service over Regions where every account reads the same. */
export interface ReadinessColumn {
  readonly service: ReadinessService;
  readonly regions: readonly string[];
}

/** Everything readiness found. */
export interface ReadinessReport {
  readonly administratorAccountId: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly accounts: readonly string[];
  readonly checks: readonly ReadinessCheck[];
}

const cellKey = (c: Pick<ReadinessCheck, 'status' | 'detail'>) => `${c.status}|${c.detail}`;

/**
 * Groups, per service, the Regions where every account has the same result, so an organization
 * that looks the same everywhere reads as one column per service and a Region that differs
 * stands out as its own column.
 */
export function readinessColumns(report: ReadinessReport): ReadinessColumn[] {
  const columns: ReadinessColumn[] = [];
  for (const service of READINESS_SERVICES) {
    const groups = new Map<string, string[]>();
    for (const region of report.regions) {
      const signature = report.accounts.map((a) => cellKey(checkOf(report, a, region, service))).join('\n');
      groups.set(signature, [...(groups.get(signature) ?? []), region]);
    }
    for (const regions of groups.values()) columns.push({ service, regions });
  }
  return columns;
}

/** The check of one cell; `unknown` when nothing was recorded. */
export function checkOf(
  report: ReadinessReport,
  accountId: string,
  region: string,
  service: ReadinessService,
): ReadinessCheck {
  return (
    report.checks.find((c) => c.accountId === accountId && c.region === region && c.service === service) ?? {
      accountId,
      region,
      service,
      status: 'unknown',
      detail: 'not read',
    }
  );
}

/** The gaps, in account, service, Region order. */
export function readinessGaps(report: ReadinessReport): ReadinessCheck[] {
  const order = (s: ReadinessService) => READINESS_SERVICES.indexOf(s);
  return report.checks
    .filter((c) => c.status === 'gap')
    .sort(
      (a, b) =>
        a.accountId.localeCompare(b.accountId) ||
        order(a.service) - order(b.service) ||
        a.region.localeCompare(b.region),
    );
}
