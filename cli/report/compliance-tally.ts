import {
  isControlFinding,
  recordStateOf,
  severityLabelOf,
  standardsIdsOf,
  workflowStatusOf,
  type AsffFinding,
  type SeverityLabelValue,
} from '../findings/asff';
import { statusBitOf } from './control-status';
import { isSecurityHubProductArn } from '../../core/security-hub-product';
// The marks the remediation functions write, read from the module that writes them.
import { REMEDIATION_AT_FIELD, REMEDIATION_OUTCOME_FIELD } from '../../core/remediation-marks';

/** What the report keeps about one security control while findings stream past. */
export interface ControlTally {
  /** The first finding's title, for controls the catalogue does not know. */
  title?: string;
  /** The first finding's severity label, for controls the catalogue does not know. */
  severity?: SeverityLabelValue;
  /** Status bits per account, over every standard. */
  readonly byAccount: Map<string, number>;
  /** Status bits per standards id, then per account. A standard appears once any finding names it. */
  readonly byStandard: Map<string, Map<string, number>>;
}

/** Counts for the report's finding summary. */
export interface FindingCounts {
  /** ACTIVE, workflow NEW or NOTIFIED, compliance not PASSED. */
  totalActive: number;
  /** The same findings split by severity label; the parts add up to totalActive. */
  readonly bySeverity: Record<SeverityLabelValue, number>;
  /** ACTIVE findings with workflow SUPPRESSED. */
  suppressed: number;
  /** ACTIVE findings the remediation marked REMEDIATED with a date in the report's calendar month. */
  autoRemediatedThisMonth: number;
}

/** A resource a FAILED, ACTIVE, not suppressed control finding names: the drill-down under its control. */
export interface FailingResource {
  readonly account: string;
  readonly region: string;
  /** The first resource's id (an ARN for most resources); empty when the finding names none. */
  readonly resourceId: string;
}

/** An active finding of another product (GuardDuty, Inspector, a partner), as the HTML report lists it. */
export interface OtherFinding {
  readonly severity: SeverityLabelValue;
  /** ProductName, else the product part of ProductArn. */
  readonly product: string;
  readonly title: string;
  readonly account: string;
  readonly region: string;
  readonly resourceId: string;
}

/** At most this many other-product findings are kept for the page; the rest are counted. */
export const OTHER_FINDINGS_LIMIT = 200;

/** What the tally keeps per finding when asked (the HTML report): failing resources and other products' findings. */
export class FindingDetails {
  /** Failing resources by security control id. */
  public readonly failingResources = new Map<string, FailingResource[]>();
  /** Active NEW/NOTIFIED findings of other products, up to OTHER_FINDINGS_LIMIT. */
  public readonly otherFindings: OtherFinding[] = [];
  /** Other-product findings beyond the limit. */
  public otherFindingsOmitted = 0;
}

/** A finding the report cannot use; the caller adds where the finding was. */
export class FindingProblem extends Error {
  /** The ASFF field at fault, e.g. `AwsAccountId`. */
  public readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'FindingProblem';
    this.field = field;
  }
}

/**
 * Folds findings into per-control, per-standard, per-account status bits and finding counts.
 * Nothing per finding is kept, so memory grows with controls x accounts, never with findings.
 */
export class ComplianceTally {
  /** Per security control id. */
  public readonly controls = new Map<string, ControlTally>();
  /**
   * Every account that an ACTIVE finding of Security Hub's own product belongs to. Findings of
   * other products do not add accounts: a file's N ("n/N accounts FAILED") is a compliance figure,
   * and any member can import findings under its own product.
   */
  public readonly accounts = new Set<string>();
  /** The finding summary. */
  public readonly counts: FindingCounts = {
    totalActive: 0,
    bySeverity: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
    suppressed: 0,
    autoRemediatedThisMonth: 0,
  };
  /** How many ACTIVE findings were read (archived ones are checked, then skipped). */
  public findingsRead = 0;
  /**
   * ACTIVE findings that carry `Compliance.SecurityControlId` under a product other than
   * Security Hub's own: counted in the finding summary as that product's findings, never as
   * control results (a member account can import such a finding with any control id and status).
   */
  public otherProductControlFindings = 0;
  /**
   * Security Hub's ACTIVE control findings per Region (the finding's `Region`, else its product
   * ARN's), with the partition, so the Region for standards ARNs does not depend on the order
   * findings were read in (see controlRegion).
   */
  public readonly controlFindingsByRegion = new Map<string, { count: number; partition: string }>();

  /**
   * The Region that holds the most control findings (ties: the first by name), and its partition:
   * where standards ARNs are built when neither --region nor the config's home Region says. With
   * cross-Region aggregation the home Region also holds the global resources' controls.
   */
  public controlRegion(): { region: string; partition: string } | undefined {
    let best: { region: string; partition: string; count: number } | undefined;
    for (const [region, { count, partition }] of this.controlFindingsByRegion) {
      if (!best || count > best.count || (count === best.count && region < best.region))
        best = { region, partition, count };
    }
    return best ? { region: best.region, partition: best.partition } : undefined;
  }

  /**
   * The Region for standards ARNs, as controlRegion() gives it (kept for readers of the tally
   * written before it counted Regions).
   * @deprecated use controlRegion()
   */
  public get firstControlRegion(): { region: string; partition: string } | undefined {
    return this.controlRegion();
  }

  /** Counts `count` control findings of a Region. */
  public addControlRegion(region: string, partition: string, count = 1): void {
    const seen = this.controlFindingsByRegion.get(region);
    this.controlFindingsByRegion.set(region, {
      count: (seen?.count ?? 0) + count,
      partition: seen?.partition ?? partition,
    });
  }

  /** Every Region an ACTIVE finding of Security Hub's own product came from. */
  public readonly regions = new Set<string>();

  /**
   * @param month the calendar month that counts as "this month" for remediation marks: [start, end) in epoch ms
   * @param details where to keep failing resources and other products' findings; absent keeps none
   *   (their memory grows with failing findings, which the figures alone do not need)
   */
  constructor(
    private readonly month: { readonly start: number; readonly end: number },
    public readonly details?: FindingDetails,
  ) {}

  /**
   * Adds one finding.
   * @throws FindingProblem when a field the report needs is missing or malformed
   */
  public add(finding: AsffFinding): void {
    const account = finding.AwsAccountId;
    if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
      throw new FindingProblem(
        'AwsAccountId',
        account === undefined
          ? 'has no AwsAccountId; every ASFF finding names the 12-digit account it belongs to'
          : `has AwsAccountId ${JSON.stringify(account)}, which is not a 12-digit account id`,
      );
    }
    const severity = severityLabelOf(finding);
    if (severity === undefined) {
      throw new FindingProblem(
        'Severity',
        `has Severity ${JSON.stringify(finding.Severity ?? null)}; it needs Severity.Label (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL) or Severity.Normalized 0-100`,
      );
    }
    // Archived findings count nowhere, not even towards the accounts seen: Security Hub ignores
    // them for control status, a remediated control finding stays ACTIVE (its compliance turns
    // PASSED), and so the API read can filter them server-side and still match a file's report.
    if (recordStateOf(finding) !== 'ACTIVE') return;
    this.findingsRead++;
    // Only Security Hub's own product files control results; the exact ARN is the trust boundary.
    const ownProduct = isSecurityHubProductArn(finding.ProductArn);
    if (ownProduct) this.accounts.add(account);
    if (ownProduct && typeof finding.Region === 'string') this.regions.add(finding.Region);
    this.countFinding(finding, severity, ownProduct);
    if (this.details) this.keepDetails(this.details, finding, account, severity, ownProduct);
    if (!isControlFinding(finding)) return;
    if (ownProduct) {
      this.addControlFinding(finding, account, severity);
    } else {
      this.otherProductControlFindings++;
    }
  }

  private keepDetails(
    details: FindingDetails,
    finding: AsffFinding,
    account: string,
    severity: SeverityLabelValue,
    ownProduct: boolean,
  ): void {
    const region = finding.Region ?? /^arn:[^:]+:securityhub:([^:]+):/.exec(finding.ProductArn ?? '')?.[1] ?? '';
    const resourceId = finding.Resources?.[0]?.Id ?? '';
    const workflow = workflowStatusOf(finding);
    if (ownProduct && isControlFinding(finding)) {
      if (finding.Compliance?.Status !== 'FAILED' || workflow === 'SUPPRESSED') return;
      const id = finding.Compliance.SecurityControlId!;
      let list = details.failingResources.get(id);
      if (!list) details.failingResources.set(id, (list = []));
      list.push({ account, region, resourceId });
      return;
    }
    if (ownProduct || (workflow !== 'NEW' && workflow !== 'NOTIFIED') || finding.Compliance?.Status === 'PASSED')
      return;
    if (details.otherFindings.length >= OTHER_FINDINGS_LIMIT) {
      details.otherFindingsOmitted++;
      return;
    }
    const product =
      typeof finding.ProductName === 'string' && finding.ProductName !== ''
        ? finding.ProductName
        : ((finding.ProductArn ?? '').split('/').at(-1) ?? '');
    details.otherFindings.push({ severity, product, title: finding.Title ?? '', account, region, resourceId });
  }

  private countFinding(finding: AsffFinding, severity: SeverityLabelValue, ownProduct: boolean): void {
    const marks = finding.UserDefinedFields;
    // The remediation functions mark only Security Hub's own findings; a mark elsewhere is a claim.
    if (ownProduct && marks?.[REMEDIATION_OUTCOME_FIELD] === 'REMEDIATED') {
      const at = Date.parse(marks[REMEDIATION_AT_FIELD] ?? '');
      if (at >= this.month.start && at < this.month.end) this.counts.autoRemediatedThisMonth++;
    }
    const workflow = workflowStatusOf(finding);
    if (workflow === 'SUPPRESSED') {
      this.counts.suppressed++;
    } else if ((workflow === 'NEW' || workflow === 'NOTIFIED') && finding.Compliance?.Status !== 'PASSED') {
      this.counts.totalActive++;
      this.counts.bySeverity[severity]++;
    }
  }

  private addControlFinding(finding: AsffFinding, account: string, severity: SeverityLabelValue): void {
    const status = finding.Compliance?.Status;
    if (status === undefined) {
      throw new FindingProblem(
        'Compliance.Status',
        'is a control finding (Compliance.SecurityControlId is set) without Compliance.Status; it needs PASSED, WARNING, FAILED or NOT_AVAILABLE',
      );
    }
    if (!['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'].includes(status)) {
      throw new FindingProblem(
        'Compliance.Status',
        `has Compliance.Status ${JSON.stringify(status)}; allowed: PASSED, WARNING, FAILED, NOT_AVAILABLE`,
      );
    }
    const controlId = finding.Compliance!.SecurityControlId!;
    let tally = this.controls.get(controlId);
    if (!tally) {
      tally = { title: finding.Title, severity, byAccount: new Map(), byStandard: new Map() };
      this.controls.set(controlId, tally);
    }
    const arn = /^arn:([^:]+):securityhub:([^:]+):/.exec(finding.ProductArn ?? '');
    const region = finding.Region ?? arn?.[2];
    if (region) this.addControlRegion(region, arn?.[1] ?? 'aws');
    const bit = statusBitOf(finding);
    if (bit !== 0) tally.byAccount.set(account, (tally.byAccount.get(account) ?? 0) | bit);
    for (const standardsId of standardsIdsOf(finding)) {
      let accounts = tally.byStandard.get(standardsId);
      if (!accounts) {
        accounts = new Map();
        tally.byStandard.set(standardsId, accounts);
      }
      if (bit !== 0) accounts.set(account, (accounts.get(account) ?? 0) | bit);
    }
  }
}
