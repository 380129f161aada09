import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { UsageError } from '../errors';

/** How to reach Security Hub: the standard credential chain, narrowed by flags. */
export interface AwsConnectionOptions {
  /** The aggregation Region of the delegated administrator. @default the SDK's Region chain (AWS_REGION, profile) */
  readonly region?: string;
  /** A named profile from the shared config files. @default the SDK's default chain */
  readonly profile?: string;
  /** Another endpoint, e.g. a local emulator. @default the Region's Security Hub endpoint */
  readonly endpointUrl?: string;
  /** Attempts per request, first try included. */
  readonly maxAttempts: number;
}

/** Default attempts per request: a long read of a large organization meets throttling, so more than the SDK's 3. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * The settings every client of the CLI is built with: the standard credential chain narrowed by
 * --profile, --region and --endpoint-url, and the SDK's adaptive retry mode, so throttling and
 * 5xx answers are retried with backoff and repeated throttling slows the client's own send rate.
 * @throws UsageError when --endpoint-url is not a URL
 */
export function clientSettings(options: AwsConnectionOptions) {
  checkEndpointUrl(options);
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts,
    // A stalled connection would otherwise hang a report for the OS TCP timeout.
    requestHandler: { requestTimeout: 60_000, connectionTimeout: 10_000 },
  };
}

/**
 * A Security Hub client with the CLI's settings ({@link clientSettings}).
 * @throws UsageError when --endpoint-url is not a URL
 */
export function createSecurityHubClient(options: AwsConnectionOptions): SecurityHubClient {
  return new SecurityHubClient(clientSettings(options));
}

/**
 * Checks --endpoint-url before any client is made.
 * @throws UsageError when --endpoint-url is not a URL
 */
export function checkEndpointUrl(options: Pick<AwsConnectionOptions, 'endpointUrl'>): void {
  if (options.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(options.endpointUrl)) {
    throw new UsageError(
      `--endpoint-url ${JSON.stringify(options.endpointUrl)} is not a URL; give e.g. http://127.0.0.1:4566.`,
    );
  }
}

/** The parts of an SDK error the messages use. */
interface AwsErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** `ThrottlingException: Rate exceeded (HTTP 429, 8 attempts)`: one line for any SDK or network error. */
export function describeAwsError(e: unknown): string {
  const err = (e ?? {}) as AwsErrorLike;
  const status = err.$metadata?.httpStatusCode;
  const attempts = err.$metadata?.attempts;
  const detail = [
    status ? `HTTP ${status}` : undefined,
    attempts ? `${attempts} attempt${attempts === 1 ? '' : 's'}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const name = err.name && err.name !== 'Error' ? err.name : (err.code ?? 'Error');
  const message = (err.message ?? String(e)).split('\n')[0];
  return `${name}: ${message}${detail ? ` (${detail})` : ''}`;
}

/** True when the SDK could not find a Region anywhere in its chain. */
export function isMissingRegion(e: unknown): boolean {
  return /Region is missing/i.test((e as Error)?.message ?? '');
}

/** The usage error for a missing Region. */
export function missingRegionError(): UsageError {
  return new UsageError(
    'no AWS Region: pass --region with the aggregation Region of the Security Hub administrator, or set AWS_REGION.',
  );
}

/**
 * True for answers that mean "this endpoint or principal cannot do that" (4xx other than
 * throttling): optional reads fall back instead of failing the whole report.
 */
export function isClientRefusal(e: unknown): boolean {
  const err = (e ?? {}) as AwsErrorLike;
  const status = err.$metadata?.httpStatusCode;
  if (status === undefined || status < 400 || status >= 500 || status === 429) return false;
  return !/Throttl|TooManyRequests|RequestLimitExceeded/.test(err.name ?? '');
}
