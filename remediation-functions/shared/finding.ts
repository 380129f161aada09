import { isRecord, showValue as describe } from '../../core/values';
import { InvalidEventError } from './errors';

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

/** The parts of an ASFF finding the remediation runtime reads. */
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
 * Checks the fields a finding must have for the runtime to even note it (Id, ProductArn,
 * AwsAccountId) and keeps the rest as they are. Missing Resources are not an event error:
 * such a finding can still be noted, so the service reports it.
 * @param path where the finding sits in the event, for the error message
 * @throws InvalidEventError naming the field and the value received
 */
export function parseFinding(value: unknown, path: string): SecurityHubFinding {
  if (!isRecord(value)) throw new InvalidEventError(`${path}: expected an ASFF finding object, received ${describe(value)}.`);
  for (const field of ['Id', 'ProductArn', 'AwsAccountId'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      throw new InvalidEventError(`${path}.${field}: expected a non-empty string, received ${describe(value[field])}.`);
    }
  }
  if (!ACCOUNT_ID.test(value.AwsAccountId as string)) {
    throw new InvalidEventError(`${path}.AwsAccountId: expected a 12-digit account id, received ${describe(value.AwsAccountId)}.`);
  }
  if (!/^arn:aws[a-z-]*:securityhub:/.test(value.ProductArn as string)) {
    throw new InvalidEventError(`${path}.ProductArn: expected a Security Hub product ARN, received ${describe(value.ProductArn)}.`);
  }
  if (value.Region !== undefined && (typeof value.Region !== 'string' || !REGION.test(value.Region))) {
    throw new InvalidEventError(`${path}.Region: expected a Region code such as us-east-1, received ${describe(value.Region)}.`);
  }
  const resources = Array.isArray(value.Resources)
    ? value.Resources.filter(isRecord).filter((r) => typeof r.Type === 'string' && typeof r.Id === 'string').map((r): FindingResource => ({
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

/**
 * The consolidated security control id of a control finding: `Compliance.SecurityControlId`,
 * else the id at the end of a `security-control/<id>` or FSBP generator id.
 * @returns the id, or undefined when the finding is not a control finding
 */
export function securityControlIdOf(finding: SecurityHubFinding): string | undefined {
  if (finding.Compliance?.SecurityControlId) return finding.Compliance.SecurityControlId;
  const generator = finding.GeneratorId ?? '';
  const match = /^(?:security-control|aws-foundational-security-best-practices\/v\/[\d.]+)\/([A-Za-z0-9]+\.\d+)$/.exec(generator);
  return match?.[1];
}

/** The partition of the finding (`aws`, `aws-us-gov`, `aws-cn`), from its product ARN. */
export function partitionOf(finding: SecurityHubFinding): string {
  return /^arn:(aws[a-z-]*):/.exec(finding.ProductArn)?.[1] ?? 'aws';
}

export { parseArn, type ParsedArn } from '../../core/arn';

/** A short, safe rendering of a received value for error messages. */
export { describe };
