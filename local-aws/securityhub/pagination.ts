import { createHmac, randomBytes } from 'node:crypto';
import { invalidInput } from './errors';

/** What a page request carries: the token from the previous page and the page size. */
export interface PageRequest {
  readonly nextToken?: string;
  readonly maxResults: number;
}

/** One page of results and the token for the next page, absent on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** The position a token points at: an offset, and the result snapshot it was taken from, if any. */
export interface TokenPosition {
  readonly offset: number;
  readonly snapshot?: string;
}

/**
 * Issues and checks pagination tokens.
 *
 * Tokens are opaque to clients, as the service's are: a base64url payload and an HMAC over the
 * payload and the query it belongs to. A token edited by hand, or sent with a different query
 * (other filters, another account or Region, another operation), fails the HMAC check and gets
 * InvalidInputException, the way the service rejects a token from another request. The same
 * token may be sent twice and returns the same page.
 */
export class PageTokens {
  private readonly secret = randomBytes(32);

  /**
   * Makes a token for a position within the results of one query.
   * @param scope a canonical string naming the query (operation, caller, parameters)
   */
  public issue(scope: string, position: TokenPosition): string {
    const payload = Buffer.from(JSON.stringify({ o: position.offset, s: position.snapshot })).toString('base64url');
    return `${payload}.${this.sign(scope, payload)}`;
  }

  /**
   * Reads a token back.
   * @throws InvalidInputException when the token was not issued for this scope
   */
  public read(scope: string, token: string): TokenPosition {
    const dot = token.indexOf('.');
    const payload = dot > 0 ? token.slice(0, dot) : '';
    if (!payload || token.slice(dot + 1) !== this.sign(scope, payload)) throw invalidToken();
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
      if (typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) throw invalidToken();
      return { offset: parsed.o, snapshot: typeof parsed.s === 'string' ? parsed.s : undefined };
    } catch {
      throw invalidToken();
    }
  }

  /**
   * Pages through a list that is cheap to rebuild: the token holds only the offset.
   * @param scope a canonical string naming the query (see {@link scopeOf})
   */
  public page<T>(items: readonly T[], scope: string, request: PageRequest): Page<T> {
    const offset = request.nextToken ? this.read(scope, request.nextToken).offset : 0;
    const slice = items.slice(offset, offset + request.maxResults);
    const next = offset + slice.length;
    return { items: slice, nextToken: next < items.length ? this.issue(scope, { offset: next }) : undefined };
  }

  private sign(scope: string, payload: string): string {
    return createHmac('sha256', this.secret)
      .update(scope)
      .update('\0')
      .update(payload)
      .digest('base64url')
      .slice(0, 32);
  }
}

/** The error for a token that does not belong to the request. */
export function invalidToken(): Error {
  return invalidInput('The NextToken provided is not valid for this request');
}

/**
 * A canonical string for a query, used to bind tokens to it: same operation, caller and
 * parameters give the same string whatever the key order in the request.
 */
export function scopeOf(operation: string, accountId: string, region: string, parameters: unknown): string {
  return `${operation}\0${accountId}\0${region}\0${canonicalJson(parameters)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
