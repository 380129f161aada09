import { isObject, type JsonObject } from '../validate';

/** Severity labels in ascending order. */
export const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** Workflow statuses BatchUpdateFindings accepts. */
export const WORKFLOW_STATUSES = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'] as const;

/** Verification states BatchUpdateFindings accepts. */
export const VERIFICATION_STATES = ['UNKNOWN', 'TRUE_POSITIVE', 'FALSE_POSITIVE', 'BENIGN_POSITIVE'] as const;

/** The only ASFF schema version. */
export const SCHEMA_VERSION = '2018-10-08';

/** The largest finding BatchImportFindings accepts, in bytes of JSON. */
export const MAX_FINDING_BYTES = 240 * 1024;

// The `Types` namespaces ASFF allows.
const TYPE_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
];

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** The normalized score Security Hub records for a label. */
export function normalizedForLabel(label: string): number {
  return { INFORMATIONAL: 0, LOW: 1, MEDIUM: 40, HIGH: 70, CRITICAL: 90 }[label] ?? 0;
}

/** The label Security Hub derives from a normalized score. */
export function labelForNormalized(normalized: number): string {
  if (normalized === 0) return 'INFORMATIONAL';
  if (normalized < 40) return 'LOW';
  if (normalized < 70) return 'MEDIUM';
  if (normalized < 90) return 'HIGH';
  return 'CRITICAL';
}

/** Why a finding was rejected, as FailedFindings reports it. */
export interface ImportProblem {
  readonly code: string;
  readonly message: string;
}

function formatProblem(text: string): ImportProblem {
  return { code: 'InvalidInput', message: `Finding does not adhere to Amazon Finding Format. ${text}` };
}

const REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'CreatedAt',
  'UpdatedAt',
  'Title',
  'Description',
  'Resources',
];

function checkString(finding: JsonObject, member: string, max: number): ImportProblem | undefined {
  const value = finding[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/\S/.test(value))
    return formatProblem(`data.${member} should be a non-empty string`);
  if (value.length > max) return formatProblem(`data.${member} should NOT be longer than ${max} characters`);
  return undefined;
}

function checkScore(parent: JsonObject, member: string, where: string): ImportProblem | undefined {
  const value = parent[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100)
    return formatProblem(`${where}.${member} should be an integer from 0 to 100`);
  return undefined;
}

function checkSeverity(severity: unknown, where: string): ImportProblem | undefined {
  if (!isObject(severity)) return formatProblem(`${where} should be object`);
  const { Label: label, Normalized: normalized } = severity;
  if (label !== undefined && !(SEVERITY_LABELS as readonly unknown[]).includes(label))
    return formatProblem(`${where}.Label should be equal to one of the allowed values: ${SEVERITY_LABELS.join(', ')}`);
  const scoreProblem = checkScore(severity, 'Normalized', where);
  if (scoreProblem) return scoreProblem;
  if (label === undefined && normalized === undefined && where === 'data.Severity')
    return formatProblem(`${where} should have required property 'Label'`);
  return undefined;
}

function checkTypes(types: unknown, where: string): ImportProblem | undefined {
  if (!Array.isArray(types) || types.length > 50)
    return formatProblem(`${where} should be an array of at most 50 items`);
  for (const type of types) {
    if (typeof type !== 'string' || !TYPE_NAMESPACES.includes(type.split('/')[0])) {
      return formatProblem(
        `${where} item '${String(type)}' should start with one of the namespaces: ${TYPE_NAMESPACES.join(', ')}`,
      );
    }
  }
  return undefined;
}

/**
 * Checks a finding against the parts of the AWS Security Finding Format that BatchImportFindings
 * enforces: required attributes, lengths, formats and allowed values.
 * @returns the first problem found, or undefined for a well-formed finding
 */
export function checkFinding(raw: unknown): ImportProblem | undefined {
  if (!isObject(raw)) return formatProblem('data should be object');
  if (Buffer.byteLength(JSON.stringify(raw)) > MAX_FINDING_BYTES)
    return { code: 'FindingSizeExceeded', message: `Finding exceeds the maximum size of ${MAX_FINDING_BYTES} bytes` };
  for (const member of REQUIRED) {
    if (raw[member] === undefined || raw[member] === null)
      return formatProblem(`data should have required property '${member}'`);
  }
  const fpf = raw.FindingProviderFields;
  if (fpf !== undefined && !isObject(fpf)) return formatProblem('data.FindingProviderFields should be object');
  if (raw.Severity === undefined && !(isObject(fpf) && fpf.Severity !== undefined))
    return formatProblem("data should have required property 'Severity'");
  if (raw.Types === undefined && !(isObject(fpf) && fpf.Types !== undefined))
    return formatProblem("data should have required property 'Types'");
  if (raw.SchemaVersion !== SCHEMA_VERSION)
    return formatProblem(`data.SchemaVersion should be equal to ${SCHEMA_VERSION}`);
  if (typeof raw.AwsAccountId !== 'string' || !/^\d{12}$/.test(raw.AwsAccountId))
    return formatProblem('data.AwsAccountId should be a 12-digit account ID');
  const lengthProblem =
    checkString(raw, 'Id', 512) ??
    checkString(raw, 'GeneratorId', 512) ??
    checkString(raw, 'Title', 256) ??
    checkString(raw, 'Description', 1024) ??
    checkString(raw, 'ProductArn', 2048) ??
    checkString(raw, 'SourceUrl', 2048);
  if (lengthProblem) return lengthProblem;
  for (const member of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt']) {
    const value = raw[member];
    if (
      value !== undefined &&
      (typeof value !== 'string' || !ISO_8601.test(value) || Number.isNaN(Date.parse(value)))
    ) {
      return formatProblem(`data.${member} should match format "date-time"`);
    }
  }
  const resources = raw.Resources;
  if (!Array.isArray(resources) || resources.length < 1 || resources.length > 32)
    return formatProblem('data.Resources should be an array of 1 to 32 items');
  for (const [i, resource] of resources.entries()) {
    if (!isObject(resource)) return formatProblem(`data.Resources[${i}] should be object`);
    for (const member of ['Type', 'Id']) {
      if (typeof resource[member] !== 'string' || !/\S/.test(resource[member] as string))
        return formatProblem(`data.Resources[${i}] should have required property '${member}'`);
    }
  }
  if (raw.Severity !== undefined) {
    const problem = checkSeverity(raw.Severity, 'data.Severity');
    if (problem) return problem;
  }
  if (raw.Types !== undefined) {
    const problem = checkTypes(raw.Types, 'data.Types');
    if (problem) return problem;
  }
  if (isObject(fpf)) {
    const problem =
      (fpf.Severity !== undefined ? checkSeverity(fpf.Severity, 'data.FindingProviderFields.Severity') : undefined) ??
      (fpf.Types !== undefined ? checkTypes(fpf.Types, 'data.FindingProviderFields.Types') : undefined) ??
      checkScore(fpf, 'Confidence', 'data.FindingProviderFields') ??
      checkScore(fpf, 'Criticality', 'data.FindingProviderFields');
    if (problem) return problem;
  }
  const scoreProblem = checkScore(raw, 'Confidence', 'data') ?? checkScore(raw, 'Criticality', 'data');
  if (scoreProblem) return scoreProblem;
  if (raw.RecordState !== undefined && raw.RecordState !== 'ACTIVE' && raw.RecordState !== 'ARCHIVED')
    return formatProblem('data.RecordState should be ACTIVE or ARCHIVED');
  if (
    raw.Workflow !== undefined &&
    !(isObject(raw.Workflow) && (WORKFLOW_STATUSES as readonly unknown[]).includes(raw.Workflow.Status))
  ) {
    return formatProblem(`data.Workflow.Status should be one of ${WORKFLOW_STATUSES.join(', ')}`);
  }
  return undefined;
}

/** Fills Severity's Label and Normalized from whichever of the two is present. */
export function completeSeverity(severity: JsonObject): JsonObject {
  const out = { ...severity };
  if (typeof out.Label === 'string' && out.Normalized === undefined) out.Normalized = normalizedForLabel(out.Label);
  if (typeof out.Normalized === 'number' && out.Label === undefined) out.Label = labelForNormalized(out.Normalized);
  return out;
}

/** What Security Hub knows about the product a finding came from. */
export interface ProductNames {
  readonly productName: string;
  readonly companyName: string;
}

/**
 * The finding as Security Hub stores it: the provider's attributes plus those the service fills
 * in (Region, ProductName, CompanyName, ProcessedAt, RecordState, Workflow, FindingProviderFields,
 * and Severity's Label and Normalized from one another).
 */
export function normalizeFinding(raw: JsonObject, region: string, product: ProductNames, now: string): JsonObject {
  const finding: JsonObject = { ...raw };
  const fpf: JsonObject = isObject(raw.FindingProviderFields) ? { ...raw.FindingProviderFields } : {};
  if (finding.Severity === undefined && isObject(fpf.Severity))
    finding.Severity = { Label: fpf.Severity.Label, Original: fpf.Severity.Original };
  if (isObject(finding.Severity)) finding.Severity = completeSeverity(finding.Severity);
  if (finding.Types === undefined && fpf.Types !== undefined) finding.Types = fpf.Types;
  const severity = finding.Severity as JsonObject;
  if (fpf.Severity === undefined)
    fpf.Severity = {
      Label: severity.Label,
      ...(severity.Original !== undefined ? { Original: severity.Original } : {}),
    };
  if (fpf.Types === undefined) fpf.Types = finding.Types;
  for (const member of ['Confidence', 'Criticality', 'RelatedFindings']) {
    if (fpf[member] === undefined && finding[member] !== undefined) fpf[member] = finding[member];
  }
  finding.FindingProviderFields = fpf;
  finding.Region = typeof raw.Region === 'string' && raw.Region ? raw.Region : region;
  finding.ProductName ??= product.productName;
  finding.CompanyName ??= product.companyName;
  finding.RecordState ??= 'ACTIVE';
  finding.Workflow ??= { Status: 'NEW' };
  finding.WorkflowState ??= 'NEW';
  finding.ProcessedAt = now;
  return finding;
}

/** Finding members only BatchUpdateFindings may change once a finding exists. */
export const CUSTOMER_ONLY = ['Note', 'UserDefinedFields', 'VerificationState', 'Workflow', 'WorkflowState'] as const;

/** Members a provider may update until a customer changes them with BatchUpdateFindings. */
export const CUSTOMER_OVERRIDABLE = ['Confidence', 'Criticality', 'RelatedFindings', 'Severity', 'Types'] as const;
