import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checksKeySize, keySizeRefusal } from './dynamodb-key-limits';
import { accountForAccessKey, DEFAULT_ACCOUNT_ID, parseCredentialScope } from './securityhub/identity';

/** How the front is wired. */
export interface FrontOptions {
  /** The port moto_server listens on, on 127.0.0.1. */
  readonly motoPort: number;
  /** The listener that serves Security Hub (the emulator's). */
  readonly securityhub: (req: IncomingMessage, res: ServerResponse) => void;
  /** Access key id to account id, shared with the emulator so both agree on who calls. */
  readonly accessKeyAccounts?: Readonly<Record<string, string>>;
}

/** A running front. */
export interface Front {
  readonly port: number;
  close(): Promise<void>;
}

/** The service a request is for, from its SigV4 credential scope; undefined when unsigned. */
export function serviceOf(req: IncomingMessage): string | undefined {
  return parseCredentialScope(req.headers, req.url)?.service;
}

/**
 * Headers for moto: the client's, byte for byte, except `Expect` (the front has already answered
 * `100 Continue` to the client) plus `x-moto-account-id` when the access key names an account
 * other than moto's default. moto reads the account from that header, so STS, S3 and the rest
 * agree with the Security Hub emulator on which account is calling.
 */
function motoHeaders(req: IncomingMessage, accessKeyAccounts: Readonly<Record<string, string>> | undefined): string[] {
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() === 'expect') continue;
    raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  const scope = parseCredentialScope(req.headers, req.url);
  if (scope && req.headers['x-moto-account-id'] === undefined) {
    const account = accountForAccessKey(scope.accessKeyId, accessKeyAccounts);
    if (account !== DEFAULT_ACCOUNT_ID) raw.push('x-moto-account-id', account);
  }
  return raw;
}

/**
 * DynamoDB reads by key go through the key size check moto leaves out (see dynamodb-key-limits):
 * the body is read, refused as DynamoDB refuses it, or handed on to moto as it came.
 */
function checkDynamoDbThenProxy(req: IncomingMessage, res: ServerResponse, options: FrontOptions): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const refusal = keySizeRefusal(req.headers['x-amz-target'] as string | undefined, body.toString('utf8'));
    if (refusal) {
      const text = JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: refusal });
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(Buffer.byteLength(text)),
        'x-amzn-requestid': 'local-aws-front',
      });
      res.end(text);
      return;
    }
    proxyToMoto(req, res, options, body);
  });
}

function proxyToMoto(req: IncomingMessage, res: ServerResponse, options: FrontOptions, body?: Buffer): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port: options.motoPort,
      method: req.method,
      path: req.url,
      headers: motoHeaders(req, options.accessKeyAccounts),
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', (err) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify({
      message: `local AWS front could not reach moto_server on port ${options.motoPort}: ${err.message}`,
    });
    res.writeHead(502, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
  if (body) upstream.end(body);
  else req.pipe(upstream);
}

/**
 * Makes the listener of the single local AWS endpoint: requests signed for `securityhub` go to
 * the Security Hub emulator, everything else (signed for any other service, or unsigned, like
 * moto's own `/moto-api`) is streamed to moto_server and its answer streamed back unchanged;
 * DynamoDB reads by key are checked first for the key sizes DynamoDB refuses and moto does not.
 */
export function createFrontListener(options: FrontOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const service = serviceOf(req);
    if (service === 'securityhub') options.securityhub(req, res);
    else if (service === 'dynamodb' && checksKeySize(req.headers['x-amz-target'] as string | undefined))
      checkDynamoDbThenProxy(req, res, options);
    else proxyToMoto(req, res, options);
  };
}

/** Starts the front on 127.0.0.1. @param port the port, or 0 for a free one */
export async function startFront(options: FrontOptions, port = 0): Promise<Front> {
  const server: Server = createServer(createFrontListener(options));
  // Keep-alive sockets from SDK clients would otherwise hold close() open.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
