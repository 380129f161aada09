import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { processTable, processTree, startLocalAwsScript, type RunningLocalAws } from './processes';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(ROOT, '__tests__/fixtures/findings/organization.json');
const GOLDEN_TEXT = resolve(ROOT, '__tests__/cli/golden/organization.text');

/** The environment a user has after `set -a; . ./local-aws.env`: their own, with the printed lines over it. */
function userEnv(printed: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };
  for (const key of Object.keys(env))
    if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|ENDPOINT_URL|REGION|DEFAULT_REGION)$/.test(key))
      delete env[key];
  return { ...env, ...printed };
}

/*
 * The documented first run: `npm run local-aws -- --seed FILE --admin-account 111122223333`,
 * export what it prints, `securityhub report`. The fixture is 28 findings of three accounts in
 * three Regions; the report must read as a real delegated administrator's does (the same figures
 * as the file report of docs/report.md), with nothing passed but what local-aws printed.
 */
describe('a seeded local AWS is an organization the report can read as its administrator', () => {
  let running: RunningLocalAws;
  let tree: ReturnType<typeof processTree>;
  beforeAll(async () => {
    running = await startLocalAwsScript(['--seed', FIXTURE, '--admin-account', '111122223333']);
    tree = processTree(running.npm.pid as number);
  });
  afterAll(async () => {
    const exited = new Promise((r) => running.npm.once('exit', r));
    process.kill(running.npm.pid as number, 'SIGTERM');
    await exited;
    const now = processTable();
    for (const p of tree)
      if (now.some((q) => q.pid === p.pid && q.command === p.command)) process.kill(p.pid, 'SIGKILL');
  });

  test("the printed credentials are the administrator's", () => {
    expect(running.env.AWS_ACCESS_KEY_ID).toBe('111122223333');
  });

  test('securityhub report shows standards, scores, failed controls across accounts and findings of every Region', () => {
    const run = spawnSync(
      process.execPath,
      ['bin/securityhub.js', 'report', '--organization', 'acme-corp', '--as-of', '2025-02-23'],
      { cwd: ROOT, env: userEnv(running.env), encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The file report of the same findings (its golden file), without the note that a file's
    // scope comes from the findings alone: the seeded organization answers what only the API knows.
    const fileReport = readFileSync(GOLDEN_TEXT, 'utf8').replace(/NOTES:\n[\s\S]*$/, '');
    expect(run.stdout).toBe(fileReport);
    // 13 active findings: those of us-east-1, eu-west-1 and us-west-2, through the aggregator.
    expect(run.stdout).toContain('Total Active Findings: 13');
  });
});
