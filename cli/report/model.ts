import type { SeverityLabelValue } from '../findings/asff';
import type { ControlStatus } from './control-status';
import type { FailingResource, FindingCounts, OtherFinding } from './compliance-tally';
import type { TrendReport } from './trend';

/** One control's result within a standard. */
export interface ControlResult {
  /** Security control id, e.g. `S3.1`. */
  readonly controlId: string;
  /** Title from the control catalogue, else from the control's findings. */
  readonly title: string;
  /** Severity from the control catalogue, else from the control's findings. */
  readonly severity: SeverityLabelValue;
  /** Overall status across every account and Region. */
  readonly status: ControlStatus;
  /** Accounts with at least one FAILED, ACTIVE, not-suppressed finding for the control in this standard. */
  readonly failedAccounts: number;
  /** Those accounts' ids, sorted: the drill-down from a control to the accounts failing it. */
  readonly failedAccountIds: readonly string[];
}

/** Counts and score for one standard. */
export interface StandardCounts {
  /** Standards id as in findings, e.g. `standards/pci-dss/v/3.2.1`. */
  readonly standardsId: string;
  /** The standard's name as the console shows it. */
  readonly name: string;
  /** A short label, e.g. `PCI DSS v3.2.1`. */
  readonly shortName: string;
  /** round(100 x passed / (passed + failed + unknown)); null when no control has data. */
  readonly score: number | null;
  /** Controls whose status is PASSED. */
  readonly passed: number;
  /** Controls whose status is FAILED. */
  readonly failed: number;
  /** Controls whose status is UNKNOWN. */
  readonly unknown: number;
  /**
   * Enabled controls with no ACTIVE, not-suppressed finding; left out of the score. From the API,
   * every enabled control of the standard without such a finding (ListSecurityControlDefinitions);
   * from a file, only controls that appear in findings.
   */
  readonly noData: number;
}

/** One enabled standard's score and its controls. */
export interface StandardScore extends StandardCounts {
  /** The standard's ARN, as GetEnabledStandards returns it. */
  readonly standardsArn: string;
  /** Controls disabled in this standard (left out of the score). */
  readonly disabled: number;
  /** Every control counted, failed first; NO DATA controls last. */
  readonly controls: readonly ControlResult[];
}

/** A control failing in the most accounts. */
export interface FailedControl {
  /** Security control id. */
  readonly controlId: string;
  /** Control title. */
  readonly title: string;
  /** Control severity. */
  readonly severity: SeverityLabelValue;
  /** Distinct accounts with a FAILED, ACTIVE, not-suppressed finding. */
  readonly failedAccounts: number;
  /** Accounts in scope. */
  readonly totalAccounts: number;
}

/** Scores for one account or one tier. */
export interface BreakdownGroup {
  /** Account id, or tier name (`unassigned` for accounts in no tier). */
  readonly key: string;
  /** The accounts in the group. */
  readonly accounts: readonly string[];
  /** Per-standard counts computed over the group's findings only. */
  readonly standards: readonly StandardCounts[];
}

/**
 * What only the HTML page shows: the findings behind the figures and the page's provenance. Set
 * by `securityhub report --format html` only, so the published JSON keeps its shape.
 */
export interface ReportDetails {
  /** Regions the findings came from. */
  readonly regions: readonly string[];
  /** Accounts in scope, by id. */
  readonly accounts: readonly string[];
  /** The version of cdktf-securityhub that made the page. */
  readonly toolVersion: string;
  /** Failing resources by security control id (FAILED, ACTIVE, not suppressed); absent for export sources. */
  readonly failingResources?: Readonly<Record<string, readonly FailingResource[]>>;
  /** Active findings of other products (GuardDuty, Inspector, partners), most severe first. */
  readonly otherFindings?: readonly OtherFinding[];
  /** Other products' findings left off the list. */
  readonly otherFindingsOmitted?: number;
  /** The saved scores over the last 90 days, when the history has any. */
  readonly trend?: TrendReport;
}

/** Where the figures came from. */
export interface ReportSource {
  /** `api` for GetFindings, `file` for --input, `export` and `athena` for exported findings (--source). */
  readonly kind: 'api' | 'file' | 'export' | 'athena';
  /** The input's name for file reports; the --path or --table of export reports. */
  readonly input?: string;
  /** Whether enabled standards, disabled controls and accounts came from the API or from the findings alone. */
  readonly scopeFrom: 'api' | 'findings';
  /** Sentences a reader must see to judge the figures (e.g. "standards derived from findings"). */
  readonly notes: readonly string[];
}

/**
 * The report every format renders. The JSON format prints this object; its field names are a
 * published interface (`standards[].score`, `topFailedControls[].failedAccounts`, ...).
 */
export interface ComplianceReport {
  /** When the report was made (the --as-of time when given), ISO 8601. */
  readonly generatedAt: string;
  /** The report's date, YYYY-MM-DD (UTC). */
  readonly reportDate: string;
  /** Organization name, from --config or --organization. */
  readonly organization: string | null;
  /** Delegated Security Hub administrator account. */
  readonly administratorAccount: string | null;
  /** Provenance of the figures. */
  readonly source: ReportSource;
  /** ACTIVE findings read. */
  readonly findingsRead: number;
  /** Accounts in scope (the N of "n/N accounts FAILED"). */
  readonly accountsInScope: number;
  /** Enabled standards, in catalogue order. */
  readonly standards: readonly StandardScore[];
  /** Controls failing in the most accounts, most first. */
  readonly topFailedControls: readonly FailedControl[];
  /** The finding summary. */
  readonly findings: FindingCounts;
  /** The page's details (HTML only). */
  readonly details?: ReportDetails;
  /** Progress against the config's remediationWindow, when it has one. */
  readonly remediationWindow?: RemediationWindowReport;
  /** Per-account or per-tier scores when --by is given. */
  readonly breakdown?: { readonly by: 'account' | 'tier'; readonly groups: readonly BreakdownGroup[] };
}

/** The report's remediation-window section (`remediationWindow` of the config). */
export interface RemediationWindowReport {
  readonly start?: string;
  readonly by: string;
  /** Each standard with a target: its score now and its verdict (see cli/report/remediation-window.ts). */
  readonly standards: readonly (import('./remediation-window').WindowStatus & {
    readonly standardsId: string;
    readonly name: string;
    readonly score: number | null;
  })[];
}
