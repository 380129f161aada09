import { showValue } from '../../core/values';

/**
 * Errors the remediation functions throw. Each has its own `name` so the on-failure destination,
 * the dead-letter queue and the logs say what went wrong without a stack trace.
 */

/** The event cannot be used at all (wrong shape, wrong detail-type): nothing was done. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** The runbook found that the finding's resource no longer exists: nothing to remediate. */
export class ResourceNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceNotFoundError';
  }
}

/** The execution role in the finding's account could not be assumed. */
export class AssumeRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssumeRoleError';
  }
}

/** The runbook cannot act on this resource as it is (e.g. an AWS managed KMS key). */
export class NotRemediableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotRemediableError';
  }
}

/** One or more findings of an event ended FAILED; thrown after all of them were handled so the event reaches the DLQ. */
export class RemediationFailedError extends Error {
  /** Run ids (or finding ids when no run started) and why each failed. */
  public readonly failures: readonly { readonly findingId: string; readonly runId?: string; readonly reason: string }[];

  constructor(failures: RemediationFailedError['failures']) {
    super(
      `${failures.length} finding(s) could not be remediated: ${failures.map((f) => `${f.runId ?? f.findingId}: ${f.reason}`).join('; ')}`,
    );
    this.name = 'RemediationFailedError';
    this.failures = failures;
  }
}

/** True for AWS SDK errors whose name or code is one of the given names. */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  return names.some((n) => e.name === n || e.Code === n || e.code === n);
}

/**
 * The runbook a finding needs lives in another remediation function. The Remediate custom action
 * reaches every function whose controls are among the selected findings, so each one leaves the
 * others' findings alone; for any other trigger it means the event was routed wrongly.
 */
export class RunbookNotHeldError extends Error {
  constructor(
    readonly runbook: string,
    readonly owner: string,
  ) {
    super(`runbook ${runbook} is not in ${owner}; the event was routed to the wrong function`);
    this.name = 'RunbookNotHeldError';
  }
}

/**
 * The error for a received value that is not what the field takes, in the one form every event
 * check uses: `<field>: expected <what it takes>, received <the value, shown short>.`
 * @param path the field, as the event names it (`event.detail.findings[0].AwsAccountId`)
 * @param expected what the field takes, in words (`a 12-digit account id`)
 * @param received the value that came, shown with showValue
 */
export function invalidValue(path: string, expected: string, received: unknown): InvalidEventError {
  return new InvalidEventError(`${path}: expected ${expected}, received ${showValue(received)}.`);
}
