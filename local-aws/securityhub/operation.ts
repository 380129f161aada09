import type { Caller } from './identity';
import { invalidInput } from './errors';
import type { EmulatorState } from './state';
import { readInteger, type JsonObject } from './validate';

/** What an operation handler gets: the caller, the emulator's state and the request's members. */
export interface OperationContext {
  readonly caller: Caller;
  readonly state: EmulatorState;
  /** The JSON body, or an empty object for requests without one. */
  readonly body: JsonObject;
  /** The query string, for members the API binds to it. */
  readonly query: URLSearchParams;
  /** Path labels, URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The current time as an ISO 8601 string, the way the service writes timestamps. */
  readonly now: string;
}

/** An operation's implementation: returns the response members. */
export type Handler = (ctx: OperationContext) => JsonObject;

/** One Security Hub operation: its name, its HTTP binding from the API reference, and its handler. */
export interface Operation {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The request URI from the API reference, with `{Label}` and greedy `{Label+}` path labels. */
  readonly path: string;
  readonly handler: Handler;
}

/** Reads MaxResults from the query string or the body and checks it against the operation's bounds. */
export function readMaxResults(
  ctx: OperationContext,
  max: number,
  fallback = max,
  from: 'query' | 'body' = 'query',
): number {
  if (from === 'body') return readInteger(ctx.body, 'MaxResults', { min: 1, max }) ?? fallback;
  const text = ctx.query.get('MaxResults');
  if (text === null || text === '') return fallback;
  if (!/^-?\d+$/.test(text))
    throw invalidInput(
      `1 validation error detected: Value '${text}' at 'maxResults' failed to satisfy constraint: Member must be an integer`,
    );
  return readInteger({ MaxResults: Number(text) }, 'MaxResults', { min: 1, max }) as number;
}

/** Reads NextToken from the query string or the body. */
export function readNextToken(ctx: OperationContext, from: 'query' | 'body' = 'query'): string | undefined {
  const value = from === 'body' ? ctx.body.NextToken : ctx.query.get('NextToken');
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidInput('NextToken must be a string');
  return value;
}

/** Drops undefined members so responses carry only what is set, as the service's do. */
export function compact<T extends Record<string, unknown>>(obj: T): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out;
}
