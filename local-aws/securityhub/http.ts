import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderError, SecurityHubError } from './errors';
import { accountForAccessKey, parseCredentialScope, partitionOf, type Caller } from './identity';
import type { Operation, OperationContext } from './operation';
import { Router } from './router';
import type { EmulatorState } from './state';
import { isObject, type JsonObject } from './validate';

/** One line of the emulator's request log. */
export interface RequestLogEntry {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly status: number;
  readonly errorCode?: string;
}

/** How the request listener is wired. */
export interface ListenerOptions {
  readonly state: EmulatorState;
  readonly operations: readonly Operation[];
  /** Access key id to account id, for keys that are not themselves 12-digit account ids. */
  readonly accessKeyAccounts?: Readonly<Record<string, string>>;
  /** Called for every request once answered. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /** Where unexpected failures are reported (the InternalException log line). */
  readonly logError?: (line: string) => void;
}

// BatchImportFindings takes 100 findings of up to 240 KB each.
const MAX_BODY_BYTES = 32 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * Makes the node:http listener that speaks Security Hub's REST-JSON protocol: it routes by method
 * and path, reads the caller's account and Region from the SigV4 credential scope, runs the
 * operation and answers with JSON, or with the error shape SDK clients parse into typed
 * exceptions. Anything unexpected becomes InternalException (500) with a log line, never a crash.
 */
export function createRequestListener(options: ListenerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const router = new Router(options.operations);
  const logError = options.logError ?? ((line: string) => process.stderr.write(`${line}\n`));

  return (req, res) => {
    const requestId = randomUUID();
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const method = req.method ?? 'GET';
    let operationName = 'Unknown';
    let caller: Caller | undefined;

    const fail = (err: SecurityHubError): void => {
      const rendered = renderError(err, requestId);
      send(res, rendered.status, rendered.headers, rendered.body);
      options.onRequest?.({
        operation: operationName,
        method,
        path,
        accountId: caller?.accountId,
        region: caller?.region,
        status: err.status,
        errorCode: err.code,
      });
    };

    const handle = async (): Promise<void> => {
      const match = router.match(method, path);
      if (!match) {
        throw new SecurityHubError('UnknownOperationException', `No Security Hub operation for ${method} ${path}`);
      }
      operationName = match.operation.name;
      const scope = parseCredentialScope(req.headers, url);
      if (!scope) throw new SecurityHubError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      caller = {
        accessKeyId: scope.accessKeyId,
        accountId: accountForAccessKey(scope.accessKeyId, options.accessKeyAccounts),
        region: scope.region,
        partition: partitionOf(scope.region),
      };
      let raw: Buffer;
      try {
        raw = await readBody(req);
      } catch (err) {
        if (err instanceof BodyTooLarge)
          throw new SecurityHubError('InvalidInputException', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
        throw err;
      }
      let body: JsonObject = {};
      if (raw.length > 0) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new SecurityHubError('SerializationException', 'Request body is not valid JSON');
        }
        if (!isObject(parsed))
          throw new SecurityHubError('SerializationException', 'Request body must be a JSON object');
        body = parsed;
      }
      const ctx: OperationContext = {
        caller,
        state: options.state,
        body,
        query: new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''),
        params: match.params,
        now: new Date().toISOString(),
      };
      const result = match.operation.handler(ctx);
      const text = JSON.stringify(result);
      send(res, 200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, text);
      options.onRequest?.({
        operation: operationName,
        method,
        path,
        accountId: caller.accountId,
        region: caller.region,
        status: 200,
      });
    };

    handle().catch((err: unknown) => {
      if (err instanceof SecurityHubError) {
        fail(err);
        return;
      }
      logError(
        `securityhub emulator: ${operationName} ${method} ${path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      if (!res.headersSent) fail(new SecurityHubError('InternalException', 'Internal service error'));
      else res.destroy();
    });
  };
}
