import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finding } from './helpers';
import {
  answers,
  eventually,
  isAlive,
  processTable,
  processTree,
  startLocalAwsScript,
  type ProcessInfo,
  type RunningLocalAws,
} from './processes';

/** The port moto_server listens on, from its command line. */
function motoPort(tree: readonly ProcessInfo[]): number {
  const moto = tree.find((p) => /moto_server/.test(p.command) && / -p \d+/.test(p.command));
  if (!moto) throw new Error(`no moto_server among ${tree.map((p) => p.command).join('; ')}`);
  return Number(/ -p (\d+)/.exec(moto.command)?.[1]);
}

describe('stopping npm run local-aws stops every process it started', () => {
  let dir: string;
  let seed: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-aws-stop-'));
    seed = join(dir, 'findings.json');
    writeFileSync(seed, JSON.stringify({ Findings: [finding({ AwsAccountId: '444455556666' })] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['kill <pid of npm> (SIGTERM)', (r: RunningLocalAws) => process.kill(r.npm.pid as number, 'SIGTERM')],
    [
      'kill <the pid it prints> (SIGTERM)',
      (r: RunningLocalAws) => process.kill(Number(/`kill (\d+)` stops them/.exec(r.stderr())?.[1]), 'SIGTERM'),
    ],
    [
      'Ctrl-C (SIGINT to the whole foreground group)',
      (r: RunningLocalAws) => process.kill(-(r.npm.pid as number), 'SIGINT'),
    ],
  ])(
    '%s: the port stops answering and no child remains',
    async (_, stop) => {
      const running = await startLocalAwsScript(['--seed', seed, '--admin-account', '111122223333']);
      const tree = processTree(running.npm.pid as number);
      const moto = motoPort(tree);
      try {
        expect(await answers(running.port)).toBe(true);
        expect(await answers(moto)).toBe(true);
        // The message names the pid to kill: the node process serving the endpoint.
        await eventually(() => /`kill \d+` stops them/.test(running.stderr()));
        const printed = Number(/`kill (\d+)` stops them/.exec(running.stderr())?.[1]);
        expect(tree.map((p) => p.pid)).toContain(printed);

        const exited = new Promise<number | null>((r) => running.npm.once('exit', (code) => r(code)));
        stop(running);
        expect(await exited).toBe(0);
        expect(await eventually(async () => !(await answers(running.port)) && !(await answers(moto)))).toBe(true);
        const left = () => tree.filter((p) => isAlive(p.pid));
        await eventually(() => left().length === 0);
        expect(left().map((p) => p.command)).toEqual([]);
      } finally {
        // Only processes this test started: a recorded pid still running the recorded command.
        const now = processTable();
        for (const p of tree)
          if (now.some((q) => q.pid === p.pid && q.command === p.command)) process.kill(p.pid, 'SIGKILL');
        running.npm.stdout?.destroy();
        running.npm.stderr?.destroy();
      }
    },
    120_000,
  );
});
