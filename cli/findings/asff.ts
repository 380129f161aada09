/**
 * The parts of the AWS Security Finding Format (ASFF) this command reads and writes. Field names
 * are ASFF's own; everything is optional because input files are untrusted until validated.
 * Findings from the SDK's GetFindings have the same shape (ASFF timestamps are strings there too).
 */
import { SEVERITY_LABELS } from '../../core/severity';

export interface AsffFinding {
  SchemaVersion?: string;
  Id?: string;
  ProductArn?: string;
  GeneratorId?: string;
  AwsAccountId?: string;
  Region?: string;
  Types?: string[];
  CreatedAt?: string;
  UpdatedAt?: string;
  FirstObservedAt?: string;
  LastObservedAt?: string;
  Severity?: { Label?: string; Normalized?: number; Original?: string; Product?: number };
  Title?: string;
  Description?: string;
  Resources?: { Type?: string; Id?: string; Region?: string; Partition?: string }[];
  Compliance?: {
    Status?: string;
    SecurityControlId?: string;
    AssociatedStandards?: { StandardsId?: string }[];
  };
  RecordState?: string;
  Workflow?: { Status?: string };
  /** Set by BatchUpdateFindings or an automation rule: why the workflow status is what it is, and who said so. */
  Note?: { Text?: string; UpdatedBy?: string; UpdatedAt?: string };
  UserDefinedFields?: Record<string, string>;
  ProductFields?: Record<string, string>;
  [field: string]: unknown;
}

/** Severity labels in the order reports list them, most severe first (declared in core/). */
export { SEVERITY_LABELS };

/** An ASFF `Severity.Label`. */
export type SeverityLabelValue = (typeof SEVERITY_LABELS)[number];

/**
 * The finding's severity label: `Severity.Label`, else derived from `Severity.Normalized` with the
 * ranges ASFF documents (0 informational, 1-39 low, 40-69 medium, 70-89 high, 90-100 critical).
 * @returns undefined when the finding has neither
 */
export function severityLabelOf(finding: AsffFinding): SeverityLabelValue | undefined {
  const label = finding.Severity?.Label;
  if (label !== undefined)
    return (SEVERITY_LABELS as readonly string[]).includes(label) ? (label as SeverityLabelValue) : undefined;
  const n = finding.Severity?.Normalized;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 100) return undefined;
  if (n === 0) return 'INFORMATIONAL';
  if (n < 40) return 'LOW';
  if (n < 70) return 'MEDIUM';
  if (n < 90) return 'HIGH';
  return 'CRITICAL';
}

/** `RecordState`, which Security Hub sets to ACTIVE on import when a finding leaves it out. */
export function recordStateOf(finding: AsffFinding): string {
  return finding.RecordState ?? 'ACTIVE';
}

/** `Workflow.Status`, which Security Hub sets to NEW on import when a finding leaves it out. */
export function workflowStatusOf(finding: AsffFinding): string {
  return finding.Workflow?.Status ?? 'NEW';
}

/** True for findings Security Hub's own controls produced (they carry a security control id). */
export function isControlFinding(finding: AsffFinding): boolean {
  return typeof finding.Compliance?.SecurityControlId === 'string' && finding.Compliance.SecurityControlId !== '';
}

/**
 * The standards a control finding counts for, as standards ids (`standards/pci-dss/v/3.2.1`).
 * A consolidated finding lists every standard in `Compliance.AssociatedStandards`; findings from
 * hubs without consolidated control findings name their one standard in ProductFields instead.
 */
export function standardsIdsOf(finding: AsffFinding): string[] {
  const associated = finding.Compliance?.AssociatedStandards?.map((s) => s.StandardsId).filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  if (associated && associated.length > 0) return [...new Set(associated.map(toStandardsId))];
  const fromProduct = finding.ProductFields?.StandardsArn ?? finding.ProductFields?.StandardsGuideArn;
  return fromProduct ? [toStandardsId(fromProduct)] : [];
}

/**
 * Strips the ARN prefix from a standards ARN (`arn:aws:securityhub:us-east-1::standards/...`)
 * so ids from findings, from GetEnabledStandards and from the catalogue compare equal.
 */
export function toStandardsId(idOrArn: string): string {
  return idOrArn.replace(/^arn:[^:]+:securityhub:[^:]*:[^:]*:/, '');
}
