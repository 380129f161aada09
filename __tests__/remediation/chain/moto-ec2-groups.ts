import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * moto 5.2.1 reports a network interface's groups as its own joined with its instance's, so
 * replacing the groups of an instance's primary interface (what IsolateInstance does) seems to
 * change nothing. In AWS an instance's groups are its primary interface's. This proxy in front of
 * local AWS passes everything through and, after a ModifyNetworkInterfaceAttribute that set
 * groups on a primary interface, sets the same groups on the instance, so moto reports what AWS
 * would. The functions run unchanged; only their endpoint points here.
 */

function send(
  upstream: URL,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A request the functions send, as the proxy sees it. */
export interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

/** The proxy in front of local AWS. */
export interface Ec2GroupsProxy {
  readonly endpoint: string;
  /**
   * Holds requests of one EC2 Query action until `count` of them have arrived (or `timeoutMs`
   * passed), then forwards them one after the other in arrival order: two runs that both read
   * the resource before either changes it, the interleaving a race between them can take.
   * @returns how many requests were held when they were released
   */
  hold(action: string, count: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the proxy; returns its endpoint and a stop function.
 * @param beforeForward called with each request before it is passed on: a test makes a person act
 *   at that moment (between a run's re-read of the finding and its change, say)
 */
export async function startEc2GroupsProxy(
  upstreamEndpoint: string,
  beforeForward?: (request: ProxiedRequest) => Promise<void>,
): Promise<Ec2GroupsProxy> {
  const upstream = new URL(upstreamEndpoint);
  let held: { action: string; count: number; waiting: (() => Promise<void>)[]; release: () => void } | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = Buffer.concat(chunks);
        await beforeForward?.({ method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8') });
        const form = new URLSearchParams(body.toString('utf8'));
        const hold = held;
        let answered = (): void => undefined;
        if (hold && form.get('Action') === hold.action) {
          // Queued; released in arrival order once enough have arrived, each after the one before was answered.
          const done = new Promise<void>((r) => {
            answered = r;
          });
          await new Promise<void>((resolve) => {
            hold.waiting.push(() => {
              resolve();
              return done;
            });
            if (hold.waiting.length >= hold.count) hold.release();
          });
        }
        const answer = await send(upstream, req.method ?? 'GET', req.url ?? '/', req.headers, body);
        answered();
        if (
          answer.status === 200 &&
          form.get('Action') === 'ModifyNetworkInterfaceAttribute' &&
          form.get('SecurityGroupId.1')
        ) {
          const eni = form.get('NetworkInterfaceId') as string;
          const groups = [...form.entries()].filter(([k]) => k.startsWith('SecurityGroupId.')).map(([, v]) => v);
          const describe = await send(
            upstream,
            'POST',
            '/',
            req.headers,
            Buffer.from(
              new URLSearchParams({
                Action: 'DescribeNetworkInterfaces',
                Version: form.get('Version') ?? '2016-11-15',
                'NetworkInterfaceId.1': eni,
              }).toString(),
            ),
          );
          const text = describe.body.toString('utf8');
          const instanceId = /<instanceId>([^<]+)<\/instanceId>/.exec(text)?.[1];
          if (instanceId && /<deviceIndex>0<\/deviceIndex>/.test(text)) {
            const params = new URLSearchParams({
              Action: 'ModifyInstanceAttribute',
              Version: form.get('Version') ?? '2016-11-15',
              InstanceId: instanceId,
            });
            groups.forEach((g, i) => params.set(`GroupId.${i + 1}`, g));
            await send(upstream, 'POST', '/', req.headers, Buffer.from(params.toString()));
          }
        }
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      } catch (error) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: (action, count, timeoutMs) =>
      new Promise<number>((resolve) => {
        const state = { action, count, waiting: [] as (() => Promise<void>)[], release: () => undefined as void };
        const timer = setTimeout(() => state.release(), timeoutMs);
        state.release = () => {
          clearTimeout(timer);
          if (held === state) held = undefined;
          resolve(state.waiting.length);
          // One at a time: each request is forwarded after the one before it was answered upstream.
          void state.waiting.reduce((chain, next) => chain.then(next), Promise.resolve());
        };
        held = state;
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
