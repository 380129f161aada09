import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { request } from 'node:http';
import { delimiter, join } from 'node:path';
import { freePort } from './ports';

/** A running moto_server that this process started. */
export interface MotoServer {
  readonly port: number;
  readonly pid: number;
  /** The server's recent output, for failure messages. */
  logs(): string;
  /** Stops the server's whole process group. Safe to call twice. */
  stop(): Promise<void>;
}

/** How to start moto_server. */
export interface MotoOptions {
  /** The port, or a free one when absent. */
  readonly port?: number;
  /** How long to wait for the server to answer, in milliseconds. */
  readonly readyTimeoutMs?: number;
}

const LOG_LIMIT = 64 * 1024;

/** Process groups started here and not yet stopped, killed if this process exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only the groups this process started, by id: other people's moto servers are left alone.
  process.on('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

/** The full path of an executable found on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** The error for a machine without moto_server: what is missing and how to get it. */
export class MotoNotFoundError extends Error {
  constructor() {
    super(
      'moto_server is needed to run local AWS but was not found on PATH. Install it with `pip install "moto[server]"` and make sure moto_server is on PATH.',
    );
    this.name = 'MotoNotFoundError';
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/moto-api/', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function stopGroup(child: ChildProcess, pgid: number): Promise<void> {
  if (!liveGroups.has(pgid)) return Promise.resolve();
  liveGroups.delete(pgid);
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const hardKill = setTimeout(() => {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(hardKill);
      resolve();
    });
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      clearTimeout(hardKill);
      resolve();
    }
  });
}

async function startOnce(executable: string, port: number, readyTimeoutMs: number): Promise<MotoServer> {
  let output = '';
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], {
    // A group of its own, so stop() ends moto and anything it started, and nothing else.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-LOG_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid;
  if (pid === undefined) {
    await new Promise((resolve) => child.once('error', resolve));
    throw new Error(`moto_server could not be started from ${executable}`);
  }
  installExitHook();
  liveGroups.add(pid);
  let ready = false;
  // A moto_server that dies while in use says why, instead of leaving only refused connections.
  // (One that dies while starting is reported by the MotoStartError below.)
  child.once('exit', (code, signal) => {
    if (liveGroups.delete(pid) && ready)
      process.stderr.write(
        `moto_server on port ${port} exited unexpectedly (${code ?? signal}). Its output:\n${output}\n`,
      );
  });
  const server: MotoServer = { port, pid, logs: () => output, stop: () => stopGroup(child, pid) };
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      liveGroups.delete(pid);
      throw new MotoStartError(
        `moto_server exited before it was ready (exit ${child.exitCode ?? child.signalCode})`,
        output,
      );
    }
    if (await answers(port)) {
      ready = true;
      return server;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new MotoStartError(`moto_server did not answer on 127.0.0.1:${port} within ${readyTimeoutMs} ms`, output);
}

/** moto_server failed to start; the message carries its output. */
export class MotoStartError extends Error {
  constructor(
    reason: string,
    public readonly output: string,
  ) {
    super(`${reason}. moto_server output:\n${output || '(none)'}`);
    this.name = 'MotoStartError';
  }
}

/**
 * Starts `moto_server -H 127.0.0.1 -p PORT` in a process group of its own and waits until it
 * answers. When no port is given a free one is picked, and picked again if another process
 * took it before moto could bind it.
 * @throws MotoNotFoundError when moto_server is not on PATH
 * @throws MotoStartError when it does not come up; the message carries its output
 */
export async function startMotoServer(options: MotoOptions = {}): Promise<MotoServer> {
  const executable = findOnPath('moto_server');
  if (!executable) throw new MotoNotFoundError();
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(executable, port, options.readyTimeoutMs ?? 60_000);
    } catch (err) {
      lastError = err;
      if (!(err instanceof MotoStartError) || !/address already in use|Errno 98/i.test(err.output)) throw err;
    }
  }
  throw lastError;
}
