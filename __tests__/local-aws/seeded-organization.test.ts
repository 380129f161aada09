import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { processTable, processTree, startLocalAwsScript, type RunningLocalAws } from './processes';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(ROOT, '__tests__/fixtures/findings/organization.json');

/** The environment a user has after `set -a; . ./local-aws.env`: their own, with the printed lines over it. */
function userEnv(printed: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
  for (const key of Object.keys(env)) if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|ENDPOINT_URL|REGION|DEFAULT_REGION)$/.test(key)) delete env[key];
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
    for (const p of tree) if (now.some((q) => q.pid === p.pid && q.command === p.command)) process.kill(p.pid, 'SIGKILL');
  });

  test('the printed credentials are the administrator\'s', () => {
    expect(running.env.AWS_ACCESS_KEY_ID).toBe('111122223333');
  });

  test('securityhub report shows standards, scores, failed controls across accounts and findings of every Region', () => {
    const run = spawnSync(process.execPath, ['bin/securityhub.js', 'report', '--organization', 'acme-corp', '--as-of', '2025-02-23'], { cwd: ROOT, env: userEnv(running.env), encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe([
      'AWS Security Hub Compliance Report',
      '====================================',
      'Organization: acme-corp',
      'Administrator Account: 111122223333',
      'Report Date: 2025-02-23',
      'Standards Enabled: CIS v5.0, CIS v1.2, AWS FSBP v1.0, PCI DSS v3.2.1',
      'COMPLIANCE SCORES:',
      'CIS AWS Foundations Benchmark v5.0.0: 20%',
      'CIS AWS Foundations Benchmark v1.2.0: 0%',
      'AWS Foundational Security Best Practices v1.0.0: 33%',
      'PCI DSS v3.2.1: 25%',
      'TOP FAILED CONTROLS (by account count):',
      '[S3.1] S3 general purpose buckets should have block public access settings enabled - 2/3 accounts FAILED',
      '[Athena.4] Athena workgroups should have logging enabled - 1/3 accounts FAILED',
      '[KMS.4] AWS KMS key rotation should be enabled - 1/3 accounts FAILED',
      '[CloudWatch.1] A log metric filter and alarm should exist for usage of the "root" user - 1/3 accounts FAILED',
      'FINDING SUMMARY:',
      // 13 active findings: those of us-east-1, eu-west-1 and us-west-2, through the aggregator.
      'Total Active Findings: 13',
      'Critical: 2 | High: 3 | Medium: 5 | Low: 2 | Informational: 1',
      'Auto-Remediated This Month: 1',
      'Suppressed: 3',
      '',
    ].join('\n'));
  });
});
