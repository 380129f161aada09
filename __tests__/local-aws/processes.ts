import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../..');

/** `npm run local-aws` started by a test, once its environment is printed. */
export interface RunningLocalAws {
  /** The npm process (leader of its own process group). */
  readonly npm: ChildProcess;
  /** The endpoint's port. */
  readonly port: number;
  /** The printed environment, `KEY=VALUE` lines parsed. */
  readonly env: Record<string, string>;
  /** Everything printed on stderr so far. */
  stderr(): string;
}

/**
 * `npm run -s local-aws -- ARGS` as a user starts it from a shell: its own process group (a
 * terminal's foreground job). Resolves once the whole environment is printed (the endpoint
 * answers by then).
 */
export function startLocalAwsScript(args: readonly string[]): Promise<RunningLocalAws> {
  const npm = spawn('npm', ['run', '-s', 'local-aws', '--', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  npm.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const env: Record<string, string> = {};
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no environment within 90 s; stderr: ${stderr}`)), 90_000);
    createInterface({ input: npm.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const eq = line.indexOf('=');
      if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
      // The last line of the environment.
      if (!line.startsWith('AWS_EC2_METADATA_DISABLED=')) return;
      clearTimeout(timer);
      resolvePromise({ npm, port: Number(new URL(env.AWS_ENDPOINT_URL).port), env, stderr: () => stderr });
    });
    npm.once('exit', (code) => reject(new Error(`exited ${code} before printing; stderr: ${stderr}`)));
  });
}

/** A process as /proc shows it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly command: string;
}

/** Every process on the machine (Linux /proc), skipping those that exit while being read. */
export function processTable(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name sits in parentheses and may hold spaces; the fields after it are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(entry), ppid, command });
    } catch {
      // Gone already.
    }
  }
  return out;
}

/** The process and all its descendants. */
export function processTree(root: number): ProcessInfo[] {
  const table = processTable();
  const tree = table.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...table.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

/** True while a process with this id exists (zombies included: not yet reaped means not gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the check holds, polling; false when it still does not after the timeout. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
