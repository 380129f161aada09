import {
  isControlFinding,
  recordStateOf,
  severityLabelOf,
  standardsIdsOf,
  workflowStatusOf,
  type AsffFinding,
} from '../findings/asff';
import { isSecurityHubProductArn } from '../../core/security-hub-product';

/** One ACTIVE control finding of the standard an evidence pack covers: a row of findings.csv. */
export interface EvidenceFinding {
  /** Security control id, e.g. `IAM.7`. */
  readonly controlId: string;
  /** The 12-digit account the finding belongs to. */
  readonly account: string;
  /** The finding's Region. */
  readonly region: string;
  /** The first resource's type, e.g. `AwsS3Bucket` (empty when the finding names none). */
  readonly resourceType: string;
  /** The first resource's id (an ARN for most resources). */
  readonly resourceId: string;
  /** Compliance.Status: PASSED, FAILED, WARNING or NOT_AVAILABLE. */
  readonly status: string;
  /** Severity label. */
  readonly severity: string;
  /** Workflow.Status (NEW, NOTIFIED, SUPPRESSED, RESOLVED). */
  readonly workflow: string;
  /** FirstObservedAt, else CreatedAt. */
  readonly firstSeen: string;
  /** LastObservedAt, else UpdatedAt. */
  readonly lastSeen: string;
  /** The finding's Id. */
  readonly findingId: string;
  /**
   * The finding's Note: why its workflow status was set and by whom (a user or role of
   * BatchUpdateFindings, or the author an automation rule writes). Absent when the finding has
   * none, and for findings read from an export, which does not keep the Note.
   */
  readonly note?: { readonly text: string; readonly updatedBy: string; readonly updatedAt: string };
}

/**
 * The evidence row of a finding, when it is an ACTIVE control finding of Security Hub's own
 * product that counts for `standardsId` (the findings the standard's score is made of). Call it
 * after the report's tally has accepted the finding: the tally checks the fields it needs.
 */
export function evidenceFindingOf(finding: AsffFinding, standardsId: string): EvidenceFinding | undefined {
  if (recordStateOf(finding) !== 'ACTIVE' || !isControlFinding(finding) || !isSecurityHubProductArn(finding.ProductArn))
    return undefined;
  if (!standardsIdsOf(finding).includes(standardsId)) return undefined;
  const resource = finding.Resources?.[0];
  const regionOfArn = /^arn:[^:]+:securityhub:([^:]+):/.exec(finding.ProductArn ?? '')?.[1];
  return {
    controlId: finding.Compliance!.SecurityControlId!,
    account: finding.AwsAccountId!,
    region: finding.Region ?? regionOfArn ?? '',
    resourceType: resource?.Type ?? '',
    resourceId: resource?.Id ?? '',
    status: finding.Compliance?.Status ?? '',
    severity: severityLabelOf(finding) ?? '',
    workflow: workflowStatusOf(finding),
    firstSeen: finding.FirstObservedAt ?? finding.CreatedAt ?? '',
    lastSeen: finding.LastObservedAt ?? finding.UpdatedAt ?? '',
    findingId: finding.Id ?? '',
    ...(finding.Note?.Text
      ? {
          note: {
            text: finding.Note.Text,
            updatedBy: finding.Note.UpdatedBy ?? '',
            updatedAt: finding.Note.UpdatedAt ?? '',
          },
        }
      : {}),
  };
}

/** A row of the export's standard-findings query as an evidence row. */
export function evidenceFindingOfExportRow(row: Readonly<Record<string, unknown>>): EvidenceFinding {
  const text = (key: string) => (row[key] === null || row[key] === undefined ? '' : String(row[key]));
  return {
    controlId: text('control_id'),
    account: text('account'),
    region: text('region'),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    status: text('compliance_status'),
    severity: text('severity'),
    workflow: text('workflow_status'),
    firstSeen: text('first_seen'),
    lastSeen: text('last_seen'),
    findingId: text('finding_id'),
  };
}

/** True for a finding that fails its control: FAILED and not suppressed (as scores count it). */
export function isFailing(f: EvidenceFinding): boolean {
  return f.status === 'FAILED' && f.workflow !== 'SUPPRESSED';
}
