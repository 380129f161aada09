import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { finding } from './helpers';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'local-aws/main.ts');

/** Runs the command to completion, for the bad-option cases that exit at once. */
function runToExit(args: string[]) {
  return spawnSync(TSX, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

/** Starts the command and resolves with the first stdout line once it is printed. */
function start(args: string[]): Promise<{ child: ChildProcess; firstLine: string; lines: string[] }> {
  const child = spawn(TSX, [MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines: string[] = [];
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output within 90 s; stderr: ${stderr}`)), 90_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) {
        clearTimeout(timer);
        resolvePromise({ child, firstLine: line, lines });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing; stderr: ${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolvePromise) => {
    child.once('exit', (code) => resolvePromise(code));
    child.kill('SIGTERM');
  });
}

// `npm run local-aws`: options, the first line contract, seeding, and shutdown on SIGTERM.
describe('npm run local-aws', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-aws-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    [['--port', 'abc'], /--port "abc" is not a port/],
    [['--port', '70000'], /--port "70000" is not a port/],
    [['--admin-account', '12'], /--admin-account "12" is not an AWS account ID/],
    [['--seed'], /option --seed needs a value/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--seed', '/no/such/file.json'], /--seed "\/no\/such\/file.json" cannot be used \(ENOENT\)/],
    [
      ['--organization', '--admin-account', '111122223333'],
      /--organization builds the organization the stacks deploy into and cannot be combined with --seed or --admin-account/,
    ],
  ])('%j exits 2 with one line naming the option', (args, message) => {
    const run = runToExit(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter(
        (l) =>
          !/NodeVersionSupportWarning|node >=22|a\.co|trace-warnings|^\s*$|versions published|continue receiving|security updates/.test(
            l,
          ),
      );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('--organization with a config that does not validate: its problems, then one line, exit 2, nothing started', () => {
    const run = runToExit(['--organization', '/no/such/org.yaml']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^\/no\/such\/org\.yaml: \(top level\): cannot read the config file \(ENOENT\)/m);
    expect(run.stderr).toMatch(
      /^local-aws: --organization \/no\/such\/org\.yaml: the config does not validate \(above\); fix it, then start again\n$/m,
    );
  });

  test('a seed file that is not findings exits 2', () => {
    const file = join(dir, 'not-findings.json');
    writeFileSync(file, '{"Something": "else"}');
    const run = runToExit(['--seed', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--seed .* cannot be used \(expected an object with a Findings array/);
  });

  test('seeds get-findings output, prints AWS_ENDPOINT_URL first, and stops on SIGTERM', async () => {
    const file = join(dir, 'findings.json');
    const findings = [
      finding({ Id: 'use1-member', AwsAccountId: '222233334444', Region: 'us-east-1' }),
      {
        ...finding({ Id: 'euw1-guardduty', AwsAccountId: '333344445555', Region: 'eu-west-1' }),
        ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/guardduty',
      },
    ];
    writeFileSync(file, JSON.stringify({ Findings: findings, NextToken: null }, null, 2));
    const { child, firstLine, lines } = await start(['--seed', file]);
    try {
      expect(firstLine).toMatch(/^AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+$/);
      const endpoint = firstLine.split('=')[1];
      await new Promise((r) => setTimeout(r, 200));
      expect(lines).toContain('AWS_ACCESS_KEY_ID=testing');
      const admin = (region: string) =>
        new SecurityHubClient({
          endpoint,
          region,
          credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        });
      // us-east-1 is the home Region, whose finding aggregator links eu-west-1: it sees both.
      expect((await admin('us-east-1').send(new GetFindingsCommand({}))).Findings?.map((f) => f.Id).sort()).toEqual([
        'euw1-guardduty',
        'use1-member',
      ]);
      expect((await admin('eu-west-1').send(new GetFindingsCommand({}))).Findings?.map((f) => f.Id)).toEqual([
        'euw1-guardduty',
      ]);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  }, 120_000);

  test('seeds JSON Lines for a chosen administrator on a chosen port', async () => {
    const file = join(dir, 'findings.jsonl');
    writeFileSync(
      file,
      [finding({ Id: 'line-1', AwsAccountId: '222233334444' }), finding({ Id: 'line-2', AwsAccountId: '333344445555' })]
        .map((f) => JSON.stringify(f))
        .join('\n'),
    );
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
      ],
      { encoding: 'utf8' },
    );
    const port = Number(probe.stdout.trim());
    const { child, firstLine, lines } = await start([
      '--seed',
      file,
      '--admin-account',
      '111122223333',
      `--port=${port}`,
    ]);
    try {
      expect(firstLine).toBe(`AWS_ENDPOINT_URL=http://127.0.0.1:${port}`);
      await new Promise((r) => setTimeout(r, 200));
      // The printed key is the administrator's own account id, so tools act as the administrator.
      expect(lines).toContain('AWS_ACCESS_KEY_ID=111122223333');
      const admin = new SecurityHubClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: '111122223333', secretAccessKey: 'x' },
      });
      expect((await admin.send(new GetFindingsCommand({}))).Findings?.map((f) => f.Id).sort()).toEqual([
        'line-1',
        'line-2',
      ]);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  }, 120_000);
});
