import { CliError } from '../errors';
import { describeAwsError, isMissingRegion, missingRegionError } from './securityhub-client';

/**
 * One vocabulary for AWS failures, shared by every command: each kind has one cause a user can
 * check and one fix, so `report`, `export`, `import`, `catalogue` and `rollback` say the same
 * thing for the same problem (and none advises more retries for missing credentials).
 */
export type AwsFailureKind = 'credentials' | 'region' | 'endpoint' | 'throttling' | 'access-denied' | 'other';

/** The parts of an SDK or network error the classification reads. */
interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_ERRORS =
  /^(CredentialsProviderError|ExpiredToken(Exception)?|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidSignatureException|MissingAuthenticationToken(Exception)?|TokenRefreshRequired)$/;
const THROTTLING_ERRORS =
  /^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded|SlowDown|ProvisionedThroughputExceededException|LimitExceededException)$/;
const ACCESS_ERRORS = /^(AccessDenied(Exception)?|UnauthorizedOperation|AuthorizationError|Forbidden)$/;
const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)$/;

/** Which of the vocabulary's kinds an error from the SDK, its credential chain or the network is. */
export function classifyAwsError(e: unknown): AwsFailureKind {
  const err = (e ?? {}) as ErrorLike;
  const name = err.name ?? '';
  const message = err.message ?? '';
  if (isMissingRegion(e)) return 'region';
  if (
    CREDENTIAL_ERRORS.test(name) ||
    /Could not load credentials|security token included in the request is (invalid|expired)/i.test(message)
  )
    return 'credentials';
  if (THROTTLING_ERRORS.test(name) || err.$metadata?.httpStatusCode === 429) return 'throttling';
  if (ACCESS_ERRORS.test(name)) return 'access-denied';
  // Security Hub answers InvalidAccessException when it is not enabled for the account in that Region.
  if (name === 'InvalidAccessException' || /not subscribed to AWS Security Hub/i.test(message)) return 'region';
  if (
    NETWORK_CODES.test(err.code ?? '') ||
    NETWORK_CODES.test(name) ||
    name === 'TimeoutError' ||
    /getaddrinfo|connect ECONNREFUSED|socket hang up/.test(message)
  )
    return 'endpoint';
  if (err.$metadata?.httpStatusCode === 403) return 'access-denied';
  return 'other';
}

/** Where the failed call went, for the fixes. */
export interface AwsCallContext {
  /** The API operation, e.g. `GetFindings`, or `GetFindings page 3`. */
  readonly operation: string;
  /** The IAM action it needs, e.g. `securityhub:GetFindings`. @default derived from the operation and service */
  readonly action?: string;
  /** The Region the call went to. */
  readonly region?: string;
  /** --endpoint-url, when one was given. */
  readonly endpointUrl?: string;
  /** Whom the credentials must be, e.g. `the delegated administrator (security account)`. */
  readonly principal?: string;
}

/** The fix for each kind, in the words every command uses. */
function fixFor(kind: AwsFailureKind, context: AwsCallContext, e: unknown): string {
  const who = context.principal ?? 'the account';
  switch (kind) {
    case 'credentials':
      return `no usable AWS credentials. Fix: pass --profile NAME or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) for ${who}; \`aws sts get-caller-identity\` shows whom the credentials are`;
    case 'region':
      return `wrong or missing Region${context.region ? ` (${context.region})` : ''}. Fix: pass --region with the Region Security Hub runs in for ${who} (the aggregation Region), or set AWS_REGION`;
    case 'endpoint':
      return `cannot reach ${context.endpointUrl ?? `the AWS endpoint${context.region ? ` in ${context.region}` : ''}`}. Fix: check --endpoint-url${context.endpointUrl ? ' (is local AWS running?)' : ''}, the network and any HTTPS_PROXY`;
    case 'throttling':
      return 'AWS throttled the requests after every retry. Fix: run again later, or raise --max-attempts';
    case 'access-denied':
      return `the caller may not call ${context.action ?? context.operation}. Fix: use the credentials of ${who}, or grant that action to the caller's role`;
    default:
      return ((e as ErrorLike)?.$metadata?.httpStatusCode ?? 0) >= 500
        ? 'the service failed after every retry. Fix: run again later, or raise --max-attempts'
        : 'the request was refused. Fix: check the Region and --endpoint-url, then run again';
  }
}

/**
 * One line for a failed AWS call: operation, the SDK's error, the kind and its fix.
 * `GetFindings page 1 failed: CredentialsProviderError: Could not load credentials from any providers; no usable AWS credentials. Fix: ...`
 */
export function explainAwsError(e: unknown, context: AwsCallContext): string {
  const kind = classifyAwsError(e);
  const fix = fixFor(kind, context, e);
  return `${context.operation} failed: ${describeAwsError(e)}; ${fix}.`;
}

/**
 * The CliError for a failed AWS call (the usage error for a Region missing everywhere), for
 * commands that stop at the first failure.
 */
export function awsCallError(e: unknown, context: AwsCallContext): CliError {
  if (isMissingRegion(e)) return missingRegionError();
  return new CliError(explainAwsError(e, context));
}
