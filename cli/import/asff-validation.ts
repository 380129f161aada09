import { SEVERITY_LABELS, type AsffFinding } from '../findings/asff';

/** The ASFF schema version BatchImportFindings accepts. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Security Hub rejects a finding larger than this (its JSON, in bytes). */
export const MAX_FINDING_BYTES = 240 * 1024;

/** The namespaces an ASFF `Types` entry may start with (`namespace/category/classifier`). */
export const FINDING_TYPE_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
] as const;

/** One rule a finding breaks: the field and a sentence with the value and what is allowed. */
export interface ValidationProblem {
  /** ASFF field path, e.g. `Resources[0].Id`. */
  readonly field: string;
  /** What is wrong and what would be right. */
  readonly message: string;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const PRODUCT_ARN = /^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:(\d{12})?:product\/[^/\s]+\/[^/\s]+$/;

const show = (v: unknown) => {
  const text = v === undefined ? 'missing' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** True when `value` is an ISO 8601 timestamp with a zone that names a real instant. */
export function isIso8601(value: unknown): boolean {
  return typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Checks a finding against the ASFF required fields and the value rules BatchImportFindings
 * enforces, so bad findings are named before anything is sent.
 * @returns every problem found; empty when the finding can be imported
 */
export function validateFinding(finding: AsffFinding): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const text = (field: keyof AsffFinding & string, max: number, example: string) => {
    const v = finding[field];
    if (typeof v !== 'string' || v.length === 0)
      add(field, `${field} is ${show(v)}; it needs a non-empty string, e.g. ${example}`);
    else if (v.length > max) add(field, `${field} is ${v.length} characters; at most ${max} are allowed`);
  };

  if (finding.SchemaVersion !== ASFF_SCHEMA_VERSION)
    add('SchemaVersion', `SchemaVersion is ${show(finding.SchemaVersion)}; it must be "${ASFF_SCHEMA_VERSION}"`);
  text('Id', 512, '"my-scanner/finding-0001"');
  if (typeof finding.ProductArn !== 'string' || !PRODUCT_ARN.test(finding.ProductArn)) {
    add(
      'ProductArn',
      `ProductArn is ${show(finding.ProductArn)}; it must be a product ARN such as "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default" (--fill derives it)`,
    );
  }
  text('GeneratorId', 512, '"my-scanner/rule-42"');
  if (typeof finding.AwsAccountId !== 'string' || !/^\d{12}$/.test(finding.AwsAccountId)) {
    add(
      'AwsAccountId',
      `AwsAccountId is ${show(finding.AwsAccountId)}; it must be a 12-digit account id in quotes, e.g. "111122223333"`,
    );
  }
  if (!Array.isArray(finding.Types) || finding.Types.length === 0 || finding.Types.length > 50) {
    add(
      'Types',
      `Types is ${show(finding.Types)}; it needs 1 to 50 entries such as "Software and Configuration Checks/Vulnerabilities/CVE"`,
    );
  } else {
    finding.Types.forEach((t, i) => {
      if (typeof t !== 'string' || !(FINDING_TYPE_NAMESPACES as readonly string[]).includes(t.split('/')[0])) {
        add(
          `Types[${i}]`,
          `Types[${i}] is ${show(t)}; it must start with one of the namespaces ${FINDING_TYPE_NAMESPACES.join(', ')}`,
        );
      }
    });
  }
  for (const field of ['CreatedAt', 'UpdatedAt'] as const) {
    if (!isIso8601(finding[field]))
      add(
        field,
        `${field} is ${show(finding[field])}; it must be an ISO 8601 time with a zone, e.g. "2025-02-23T09:00:00.000Z" (--fill sets missing ones to now)`,
      );
  }
  for (const field of ['FirstObservedAt', 'LastObservedAt'] as const) {
    if (finding[field] !== undefined && !isIso8601(finding[field]))
      add(
        field,
        `${field} is ${show(finding[field])}; it must be an ISO 8601 time with a zone, e.g. "2025-02-23T09:00:00.000Z"`,
      );
  }
  validateSeverity(finding, add);
  text('Title', 256, '"Unpatched OpenSSL on web servers"');
  text('Description', 1024, '"CVE-2024-12345 found on i-0abc123"');
  if (!Array.isArray(finding.Resources) || finding.Resources.length < 1 || finding.Resources.length > 32) {
    add(
      'Resources',
      `Resources has ${Array.isArray(finding.Resources) ? finding.Resources.length : show(finding.Resources)} entries; it needs 1 to 32, each with Type and Id`,
    );
  } else {
    finding.Resources.forEach((r, i) => {
      for (const key of ['Type', 'Id'] as const) {
        const v = (r as Record<string, unknown> | null)?.[key];
        if (typeof v !== 'string' || v.length === 0)
          add(
            `Resources[${i}].${key}`,
            `Resources[${i}].${key} is ${show(v)}; every resource needs a Type (e.g. "AwsEc2Instance") and an Id (e.g. its ARN)`,
          );
      }
    });
  }
  const bytes = Buffer.byteLength(JSON.stringify(finding));
  if (bytes > MAX_FINDING_BYTES)
    add(
      '(finding)',
      `the finding is ${bytes.toLocaleString('en-US')} bytes; Security Hub accepts at most ${MAX_FINDING_BYTES.toLocaleString('en-US')} (240 KB); trim Resources[].Details or Description`,
    );
  return problems;
}

function validateSeverity(finding: AsffFinding, add: (field: string, message: string) => void): void {
  const s = finding.Severity;
  if (s === undefined || s === null || typeof s !== 'object') {
    add('Severity', `Severity is ${show(s)}; it needs Label (${SEVERITY_LABELS.join(', ')}) or Normalized (0-100)`);
    return;
  }
  if (s.Label === undefined && s.Normalized === undefined)
    add('Severity', 'Severity has neither Label nor Normalized; give Label, e.g. {"Label": "HIGH"}');
  if (s.Label !== undefined && !(SEVERITY_LABELS as readonly string[]).includes(s.Label))
    add('Severity.Label', `Severity.Label is ${show(s.Label)}; allowed: ${SEVERITY_LABELS.join(', ')}`);
  if (s.Normalized !== undefined && (!Number.isInteger(s.Normalized) || s.Normalized < 0 || s.Normalized > 100)) {
    add('Severity.Normalized', `Severity.Normalized is ${show(s.Normalized)}; it must be a whole number from 0 to 100`);
  }
}
