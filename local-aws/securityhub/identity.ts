import type { IncomingHttpHeaders } from 'node:http';

/** The account moto and this emulator use when an access key names no account. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** The Region used when a request carries no SigV4 credential scope. */
export const DEFAULT_REGION = 'us-east-1';

/** What a SigV4 credential scope says about a request: who signed it, where, and for which service. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

/** The account and Region a request acts in. */
export interface Caller {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, from the Region's prefix. */
  readonly partition: string;
}

const AUTH_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * Reads the SigV4 credential scope from the `Authorization` header, or from `X-Amz-Credential`
 * for presigned URLs.
 * @returns the scope, or undefined for an unsigned request
 */
export function parseCredentialScope(
  headers: IncomingHttpHeaders,
  url: string | undefined,
): CredentialScope | undefined {
  const auth = headers.authorization;
  const fromHeader = typeof auth === 'string' ? AUTH_SCOPE.exec(auth) : null;
  if (fromHeader) return { accessKeyId: fromHeader[1], region: fromHeader[2], service: fromHeader[3] };
  const query = url?.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : undefined;
  const credential = query?.get('X-Amz-Credential');
  if (!credential) return undefined;
  const parts = credential.split('/');
  if (parts.length < 5) return undefined;
  return { accessKeyId: parts[0], region: parts[2], service: parts[3] };
}

/**
 * The account an access key acts for. An explicit mapping wins; otherwise, a 12-digit access key
 * id is itself the account (so tests can act as any account by choosing its key), and every
 * other key is the default account, as in moto.
 */
export function accountForAccessKey(accessKeyId: string, mapping: Readonly<Record<string, string>> = {}): string {
  const mapped = mapping[accessKeyId];
  if (mapped) return mapped;
  return /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT_ID;
}

/** The partition a Region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
