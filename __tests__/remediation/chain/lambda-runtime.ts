import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/*
 * Lambda for the chain harness: each synthesized function's package (the zip the stack points
 * at) is unpacked and run as `index.handler` in its own Node.js process with the function's
 * environment, as a Lambda execution environment would (kept warm between invocations). The
 * AWS SDK comes from the project's node_modules, as the runtime provides it. A Lambda Invoke
 * endpoint lets one function invoke another (the rollback router), and asynchronous invocations
 * (EventBridge targets) are retried and then sent to the on-failure destination as Lambda does.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');

/*
 * Stand-in for the wildcard DNS the SDK's host prefixes need (`<account>.localhost` for S3
 * Control): names under `localhost` resolve to 127.0.0.1, everything else as usual.
 */
const RUNNER = `
const dns = require('node:dns');
const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (host === 'localhost' || /\\.localhost$/.test(host)) {
    const all = typeof options === 'object' && options && options.all;
    return process.nextTick(() => all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
  }
  return lookup.call(dns, host, options, callback);
};
const { handler } = require(process.argv[2]);
process.on('message', async (m) => {
  try {
    const result = await handler(JSON.parse(m.event), { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, invokedFunctionArn: m.functionArn });
    process.send({ id: m.id, result: result === undefined ? null : result });
  } catch (e) {
    process.send({ id: m.id, error: { errorType: e && e.name, errorMessage: e && e.message } });
  }
});
process.send({ ready: true });
`;

/**
 * JSON text of a value without recursion: Lambda carries events of any depth (a 5,000-deep
 * field included) that JSON.stringify would overflow the stack on.
 */
export function stringify(value: unknown): string {
  const out: string[] = [];
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop() as { text: string } | { value: unknown };
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const v = item.value;
    if (Array.isArray(v)) {
      stack.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i] === undefined ? null : v[i] });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '[' });
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      stack.push({ text: '}' });
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({ value: entries[i][1] });
        stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(entries[i][0])}:` });
      }
      stack.push({ text: '{' });
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  }
  return out.join('');
}

/** A function as the stack synthesized it. */
export interface FunctionDefinition {
  readonly name: string;
  readonly arn: string;
  /** The package the stack points at. */
  readonly zip: string;
  readonly handler: string;
  readonly environment: Record<string, string>;
  /** Retries of asynchronous invocations (aws_lambda_function_event_invoke_config). */
  readonly maximumRetryAttempts: number;
  /** Where failed asynchronous invocations go (an SQS queue ARN). */
  readonly onFailure?: string;
}

/** What an invocation answered. */
export interface Invocation {
  readonly functionName: string;
  readonly event: unknown;
  readonly payload: unknown;
  readonly functionError?: string;
}

/** Lambda for the synthesized functions. */
export class LambdaRuntime {
  public readonly invocations: Invocation[] = [];
  private readonly workers = new Map<string, Promise<ChildProcess>>();
  private readonly pending = new Map<
    number,
    (m: { result?: unknown; error?: { errorType: string; errorMessage: string } }) => void
  >();
  private nextId = 1;
  private server?: Server;
  private readonly workDir = mkdtempSync(path.join(tmpdir(), 'lambda-runtime-'));

  /**
   * @param functions the synthesized functions
   * @param baseEnvironment what every execution environment gets (Region, endpoint, credentials)
   * @param sendToQueue delivers an on-failure record to an SQS queue ARN
   */
  constructor(
    private readonly functions: readonly FunctionDefinition[],
    private readonly baseEnvironment: Record<string, string>,
    private readonly sendToQueue: (queueArn: string, body: string) => Promise<void>,
  ) {
    writeFileSync(path.join(this.workDir, 'runner.cjs'), RUNNER);
  }

  /** Starts the Lambda Invoke endpoint; returns its URL (for AWS_ENDPOINT_URL_LAMBDA). */
  public async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!m || req.method !== 'POST') {
          res
            .writeHead(404, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: `not a Lambda Invoke request: ${req.method} ${req.url}` }));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        this.invoke(decodeURIComponent(m[1]), text === '' ? {} : JSON.parse(text)).then(
          (r) => {
            res.writeHead(200, {
              'content-type': 'application/json',
              'x-amz-executed-version': '$LATEST',
              ...(r.functionError ? { 'x-amz-function-error': r.functionError } : {}),
            });
            res.end(JSON.stringify(r.payload));
          },
          (error: Error) => {
            res
              .writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' })
              .end(JSON.stringify({ message: error.message }));
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private definition(nameOrArn: string): FunctionDefinition {
    const name = nameOrArn.includes(':function:') ? nameOrArn.split(':function:')[1].split(':')[0] : nameOrArn;
    const fn = this.functions.find((f) => f.name === name);
    if (!fn) throw new Error(`Function not found: ${nameOrArn}`);
    return fn;
  }

  private worker(fn: FunctionDefinition): Promise<ChildProcess> {
    let started = this.workers.get(fn.name);
    if (!started) {
      const dir = path.join(this.workDir, fn.name);
      mkdirSync(dir, { recursive: true });
      execFileSync('unzip', ['-o', '-q', fn.zip, '-d', dir]);
      // The runtime's SDK, reachable from the package as Lambda makes it (require and import() alike).
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      const [file, exported] = fn.handler.split('.');
      if (exported !== 'handler') throw new Error(`handler ${fn.handler} not modelled`);
      const child = fork(path.join(this.workDir, 'runner.cjs'), [path.join(dir, `${file}.js`)], {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
          ...this.baseEnvironment,
          ...fn.environment,
          AWS_LAMBDA_FUNCTION_NAME: fn.name,
        },
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      started = new Promise<ChildProcess>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`function ${fn.name} exited with ${code} before it was ready`)));
        child.on(
          'message',
          (m: {
            ready?: boolean;
            id?: number;
            result?: unknown;
            error?: { errorType: string; errorMessage: string };
          }) => {
            if (m.ready) resolve(child);
            else if (m.id !== undefined) this.pending.get(m.id)?.(m);
          },
        );
      });
      this.workers.set(fn.name, started);
    }
    return started;
  }

  /** Invoke, RequestResponse: the function's answer or its error (FunctionError "Unhandled"). */
  public async invoke(nameOrArn: string, event: unknown): Promise<Invocation> {
    const fn = this.definition(nameOrArn);
    const child = await this.worker(fn);
    const id = this.nextId++;
    const answer = await new Promise<{ result?: unknown; error?: { errorType: string; errorMessage: string } }>(
      (resolve) => {
        this.pending.set(id, resolve);
        child.send({ id, event: stringify(event), functionArn: fn.arn });
      },
    );
    this.pending.delete(id);
    const invocation: Invocation = answer.error
      ? { functionName: fn.name, event, payload: answer.error, functionError: 'Unhandled' }
      : { functionName: fn.name, event, payload: answer.result };
    this.invocations.push(invocation);
    return invocation;
  }

  /**
   * Invoke, Event (what an EventBridge target does): tried once and retried up to the function's
   * maximum retry attempts; a last failure goes to the on-failure destination.
   * @returns every attempt
   */
  public async invokeAsync(nameOrArn: string, event: unknown): Promise<Invocation[]> {
    const fn = this.definition(nameOrArn);
    const attempts: Invocation[] = [];
    for (let i = 0; i <= fn.maximumRetryAttempts; i++) {
      const attempt = await this.invoke(fn.name, event);
      attempts.push(attempt);
      if (!attempt.functionError) return attempts;
    }
    if (fn.onFailure) {
      const last = attempts[attempts.length - 1];
      await this.sendToQueue(
        fn.onFailure,
        JSON.stringify({
          version: '1.0',
          requestContext: {
            functionArn: `${fn.arn}:$LATEST`,
            condition: 'RetriesExhausted',
            approximateInvokeCount: attempts.length,
          },
          requestPayload: '__REQUEST_PAYLOAD__',
          responseContext: { statusCode: 200, functionError: 'Unhandled' },
          responsePayload: last.payload,
        }).replace('"__REQUEST_PAYLOAD__"', () => stringify(event)),
      );
    }
    return attempts;
  }

  /** Stops every execution environment and the endpoint. */
  public async stop(): Promise<void> {
    for (const started of this.workers.values()) {
      const child = await started.catch(() => undefined);
      child?.kill();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
