import { isRecord, showValue as describe } from '../../core/values';
import { InvalidEventError, invalidValue } from './errors';
import { checkStringMap, checkText, INPUT_LIMITS } from './limits';
import { REMEDIATION_RUN_FIELD } from '../../core/remediation-marks';

/**
 * The parts of an AWS Security Finding Format (ASFF) resource the runbooks read.
 * Field names are ASFF's own.
 */
export interface FindingResource {
  /** ASFF resource type, e.g. `AwsS3Bucket`, `AwsEc2SecurityGroup`, `AwsAccount`. */
  readonly Type: string;
  /** Usually the resource ARN; `AWS::::Account:<id>` for account-level controls. */
  readonly Id: string;
  readonly Partition?: string;
  readonly Region?: string;
  /** Resource tags as Security Hub saw them (the runbook reads live tags too). */
  readonly Tags?: Readonly<Record<string, string>>;
  readonly Details?: Readonly<Record<string, unknown>>;
}

/**
 * What an event says about a finding: a claim, not the truth. Anyone who can put a finding into
 * Security Hub (every member account) chooses every field of it, so the runtime uses a claim
 * only to find the finding in Security Hub ({@link SecurityHubFinding}, re-read) and to check
 * that the event described that finding; nothing acts on a claim.
 */
export interface ClaimedFinding {
  readonly Id: string;
  readonly ProductArn: string;
  /** Absent when the event named only Id and ProductArn (the SSM Automation hand-over). */
  readonly AwsAccountId?: string;
  readonly securityControlId?: string;
  /** The claimed resources' ids, in order; absent when the event named none. */
  readonly resourceIds?: readonly string[];
  /** The run the claim says last acted on the finding (UserDefinedFields), for messages only. */
  readonly claimedRunId?: string;
}

/** The parts of an ASFF finding the remediation runtime reads, as Security Hub holds it (read with GetFindings). */
export interface SecurityHubFinding {
  readonly SchemaVersion?: string;
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId?: string;
  readonly AwsAccountId: string;
  readonly Region?: string;
  readonly Title?: string;
  readonly UpdatedAt?: string;
  readonly Compliance?: { readonly Status?: string; readonly SecurityControlId?: string };
  /** Missing or empty in malformed findings; the runtime notes such findings as FAILED. */
  readonly Resources?: readonly FindingResource[];
  readonly Workflow?: { readonly Status?: string };
  readonly RecordState?: string;
  readonly UserDefinedFields?: Readonly<Record<string, string>>;
  readonly ProductFields?: Readonly<Record<string, string>>;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export { isRecord };

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * The checks a finding and a claim share: an object whose Id and ProductArn (and AwsAccountId,
 * when required) are non-empty strings, and whose AwsAccountId, when present, is an account id.
 */
function findingObject(value: unknown, path: string, accountRequired: boolean): Record<string, unknown> {
  if (!isRecord(value)) throw invalidValue(path, 'an ASFF finding object', value);
  for (const field of accountRequired ? ['Id', 'ProductArn', 'AwsAccountId'] : ['Id', 'ProductArn']) {
    if (typeof value[field] !== 'string' || value[field] === '')
      throw invalidValue(`${path}.${field}`, 'a non-empty string', value[field]);
  }
  if (
    value.AwsAccountId !== undefined &&
    (typeof value.AwsAccountId !== 'string' || !ACCOUNT_ID.test(value.AwsAccountId))
  ) {
    throw invalidValue(`${path}.AwsAccountId`, 'a 12-digit account id', value.AwsAccountId);
  }
  return value;
}

/**
 * Checks the fields a finding must have for the runtime to even note it (Id, ProductArn,
 * AwsAccountId) and keeps the rest as they are. Missing Resources are not an event error:
 * such a finding can still be noted, so the service reports it.
 * @param path where the finding sits in the event, for the error message
 * @throws InvalidEventError naming the field and the value received
 */
export function parseFinding(received: unknown, path: string): SecurityHubFinding {
  const value = findingObject(received, path, true);
  if (!/^arn:aws[a-z-]*:securityhub:/.test(value.ProductArn as string)) {
    throw invalidValue(`${path}.ProductArn`, 'a Security Hub product ARN', value.ProductArn);
  }
  if (value.Region !== undefined && (typeof value.Region !== 'string' || !REGION.test(value.Region))) {
    throw invalidValue(`${path}.Region`, 'a Region code such as us-east-1', value.Region);
  }
  const resources = Array.isArray(value.Resources)
    ? value.Resources.filter(isRecord)
        .filter((r) => typeof r.Type === 'string' && typeof r.Id === 'string')
        .map((r): FindingResource => ({
          Type: r.Type as string,
          Id: r.Id as string,
          Partition: typeof r.Partition === 'string' ? r.Partition : undefined,
          Region: typeof r.Region === 'string' && REGION.test(r.Region) ? r.Region : undefined,
          Tags: stringMap(r.Tags),
          Details: isRecord(r.Details) ? r.Details : undefined,
        }))
    : undefined;
  return {
    ...(value as unknown as SecurityHubFinding),
    Resources: resources,
    UserDefinedFields: stringMap(value.UserDefinedFields),
    ProductFields: stringMap(value.ProductFields),
  };
}

const CONTROL_ID = /^[A-Za-z0-9-]{1,32}\.\d{1,4}$/;

/**
 * Reads what an event claims about one finding, within Security Hub's own limits: Id and
 * ProductArn (required), AwsAccountId, the control id and the resource ids. A value beyond a
 * limit is refused here, before any AWS call, so it reaches the dead-letter queue as it came.
 * @param path where the finding sits in the event, for the error message
 * @throws InvalidEventError naming the field, what was received and the limit
 */
export function parseClaimedFinding(received: unknown, path: string): ClaimedFinding {
  const value = findingObject(received, path, false);
  checkText(value.Id as string, `${path}.Id`, INPUT_LIMITS.findingId);
  checkText(value.ProductArn as string, `${path}.ProductArn`, INPUT_LIMITS.productArn);
  for (const [field, max] of [
    ['Title', INPUT_LIMITS.title],
    ['Description', INPUT_LIMITS.description],
  ] as const) {
    if (value[field] === undefined) continue;
    if (typeof value[field] !== 'string') throw invalidValue(`${path}.${field}`, 'text', value[field]);
    checkText(value[field] as string, `${path}.${field}`, max);
  }
  checkStringMap(value.ProductFields, `${path}.ProductFields`, INPUT_LIMITS.productFieldValue);
  checkStringMap(value.UserDefinedFields, `${path}.UserDefinedFields`, INPUT_LIMITS.userDefinedFieldValue);
  const compliance = value.Compliance;
  let securityControlId: string | undefined;
  if (compliance !== undefined) {
    if (!isRecord(compliance)) throw invalidValue(`${path}.Compliance`, 'an object', compliance);
    if (compliance.SecurityControlId !== undefined) {
      if (typeof compliance.SecurityControlId !== 'string' || !CONTROL_ID.test(compliance.SecurityControlId)) {
        throw invalidValue(
          `${path}.Compliance.SecurityControlId`,
          'a security control id such as S3.1',
          compliance.SecurityControlId,
        );
      }
      securityControlId = compliance.SecurityControlId;
    }
  }
  let resourceIds: string[] | undefined;
  if (value.Resources !== undefined) {
    if (!Array.isArray(value.Resources)) throw invalidValue(`${path}.Resources`, 'a list', value.Resources);
    if (value.Resources.length > INPUT_LIMITS.resources)
      throw new InvalidEventError(
        `${path}.Resources: ${value.Resources.length} resources, more than the ${INPUT_LIMITS.resources} Security Hub allows.`,
      );
    resourceIds = value.Resources.map((r, i) => {
      if (!isRecord(r) || typeof r.Id !== 'string' || typeof r.Type !== 'string') {
        throw invalidValue(`${path}.Resources[${i}]`, 'a resource with Type and Id', r);
      }
      checkText(r.Id, `${path}.Resources[${i}].Id`, INPUT_LIMITS.resourceId);
      checkText(r.Type, `${path}.Resources[${i}].Type`, INPUT_LIMITS.resourceType);
      return r.Id;
    });
  }
  const claimedRunId = isRecord(value.UserDefinedFields) ? value.UserDefinedFields[REMEDIATION_RUN_FIELD] : undefined;
  return {
    Id: value.Id as string,
    ProductArn: value.ProductArn as string,
    AwsAccountId: value.AwsAccountId as string | undefined,
    securityControlId,
    resourceIds,
    claimedRunId: typeof claimedRunId === 'string' ? claimedRunId : undefined,
  };
}

/**
 * The consolidated security control id of a control finding: `Compliance.SecurityControlId`,
 * else the id at the end of a `security-control/<id>` or FSBP generator id.
 * @returns the id, or undefined when the finding is not a control finding
 */
export function securityControlIdOf(finding: SecurityHubFinding): string | undefined {
  if (finding.Compliance?.SecurityControlId) return finding.Compliance.SecurityControlId;
  const generator = finding.GeneratorId ?? '';
  const match = /^(?:security-control|aws-foundational-security-best-practices\/v\/[\d.]+)\/([A-Za-z0-9]+\.\d+)$/.exec(
    generator,
  );
  return match?.[1];
}

/** The partition of the finding (`aws`, `aws-us-gov`, `aws-cn`), from its product ARN. */
export function partitionOf(finding: SecurityHubFinding): string {
  return /^arn:(aws[a-z-]*):/.exec(finding.ProductArn)?.[1] ?? 'aws';
}

export { parseArn, type ParsedArn } from '../../core/arn';

/** A short, safe rendering of a received value for error messages. */
export { describe };
