import { findControl } from '../../domain/control-catalogue';
import type { AsffFinding } from '../findings/asff';
import { ASFF_SCHEMA_VERSION } from './asff-validation';

/** What `--fill` may derive. */
export interface FillContext {
  /** The time for missing CreatedAt/UpdatedAt. */
  readonly now: Date;
  /** The Region BatchImportFindings is called in; needed for the default product ARN. */
  readonly region?: string;
}

/** The ARN of an account's default product, the one BatchImportFindings accepts for custom findings. */
export function defaultProductArn(region: string, accountId: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/**
 * Fills what can be derived without guessing: SchemaVersion, CreatedAt/UpdatedAt (now), the
 * default product's ARN (from AwsAccountId and the Region) and, for a finding that names a
 * Compliance.SecurityControlId the control catalogue has, the control's Title and Severity.
 * Nothing present is changed.
 * @returns a new finding and the fields that were filled
 */
export function fillFinding(finding: AsffFinding, context: FillContext): { finding: AsffFinding; filled: string[] } {
  const out: AsffFinding = { ...finding };
  const filled: string[] = [];
  const now = context.now.toISOString();
  if (out.SchemaVersion === undefined) {
    out.SchemaVersion = ASFF_SCHEMA_VERSION;
    filled.push('SchemaVersion');
  }
  for (const field of ['CreatedAt', 'UpdatedAt'] as const) {
    if (out[field] === undefined) {
      out[field] = now;
      filled.push(field);
    }
  }
  if (
    out.ProductArn === undefined &&
    context.region &&
    typeof out.AwsAccountId === 'string' &&
    /^\d{12}$/.test(out.AwsAccountId)
  ) {
    out.ProductArn = defaultProductArn(context.region, out.AwsAccountId);
    filled.push('ProductArn');
  }
  const controlId = out.Compliance?.SecurityControlId;
  const control = typeof controlId === 'string' ? findControl(controlId) : undefined;
  if (control && !control.retired) {
    if (out.Title === undefined) {
      out.Title = control.title;
      filled.push('Title');
    }
    if (out.Severity === undefined) {
      out.Severity = { Label: control.severity };
      filled.push('Severity');
    }
  }
  return { finding: out, filled };
}
