import type { SeverityLabelValue } from '../findings/asff';

/** A control a standard includes, as ListSecurityControlDefinitions describes it. */
export interface ListedControl {
  /** Security control id, e.g. `S3.1`. */
  readonly controlId: string;
  /** The control's title, for controls the catalogue does not know. */
  readonly title?: string;
  /** The control's severity rating, for controls the catalogue does not know. */
  readonly severity?: SeverityLabelValue;
}

/** A standard the report scores, with its ARN. */
export interface ScopedStandard {
  /** Standards id, e.g. `standards/pci-dss/v/3.2.1`. */
  readonly standardsId: string;
  /** The standard's ARN. */
  readonly standardsArn: string;
}

/**
 * What the report covers: which standards, which controls are disabled, which accounts. Read
 * from the Security Hub API when the report reads the API, else derived from the findings alone.
 */
export interface ReportScope {
  /** Standards to score. */
  readonly standards: readonly ScopedStandard[];
  /** Controls disabled per standard, as disabledKey(standardsId, controlId). */
  readonly disabledControls: ReadonlySet<string>;
  /**
   * Every control of each standard, by standards id, when the API listed them: enabled controls
   * without any finding then count as NO DATA. Absent when only the findings say which controls
   * exist (a file, or a refused read), and then NO DATA counts only controls seen in findings.
   */
  readonly standardControls?: ReadonlyMap<string, readonly ListedControl[]>;
  /** Accounts in scope: members and the administrator, or the accounts seen in findings. */
  readonly accounts: readonly string[];
  /** The administrator account when the API told us. */
  readonly administratorAccount?: string;
  /** How many associated member accounts ListMembers returned, when the API was read. */
  readonly memberAccounts?: number;
  /** True when the scope came from findings rather than the API. */
  readonly derivedFromFindings: boolean;
  /** Sentences for the report's notes. */
  readonly notes: readonly string[];
}

/** The key of a (standard, control) pair in ReportScope.disabledControls. */
export function disabledKey(standardsId: string, controlId: string): string {
  return `${standardsId}|${controlId}`;
}
