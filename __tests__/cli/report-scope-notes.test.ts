import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startTestHub, type TestHub } from '../local-aws/helpers';
import { runCli } from './helpers';

/*
 * A report of an empty organization, a wrong Region or a member account's credentials would look
 * like a perfect organization; it says what looks wrong and what to check, and --strict fails it.
 * AWS failures are named in one vocabulary across commands, each with its own fix.
 */

const ADMIN = '111122223333';
const ROOT = path.resolve(__dirname, '../..');

describe('securityhub report: a scope that looks wrong', () => {
  let hub: TestHub;
  const saved = { ...process.env };
  beforeEach(async () => {
    hub = await startTestHub({ administratorAccountId: ADMIN });
    hub.emulator.enableHub(ADMIN);
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: ADMIN,
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    });
  });
  afterEach(async () => {
    process.env = { ...saved };
    await hub.close();
  });

  const report = (...extra: string[]) =>
    runCli(['report', '--endpoint-url', hub.endpoint, '--region', 'us-east-1', '--as-of', '2025-02-23', ...extra]);

  test('an empty organization: NOTES name each sign and what to check; exit 0, or 1 with --strict', async () => {
    const run = await report();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NOTES:$/m);
    expect(run.stdout).toContain(
      '- Scope check: no findings were read in us-east-1. Check the Region (--region: the aggregation Region of the delegated administrator)',
    );
    expect(run.stdout).toContain('- Scope check: no standard is enabled in us-east-1, so nothing is scored.');
    expect(run.stdout).toContain(
      '- Scope check: Security Hub lists no member accounts in us-east-1: the caller is not the delegated administrator',
    );
    const notes = run.stderr.trimEnd().split('\n');
    expect(notes).toHaveLength(3);
    for (const n of notes) expect(n).toMatch(/^securityhub report: NOTE: Scope check: /);

    const strict = await report('--strict', '--format', 'json');
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).source.notes.filter((n: string) => n.startsWith('Scope check:'))).toHaveLength(3);
    expect(strict.stderr.trimEnd().split('\n').pop()).toBe(
      'securityhub report: --strict: exit 1 because the scope looks wrong (3 notes above).',
    );
  });
});

describe('one vocabulary for AWS failures, through the package bin', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'aws-errors-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** No credentials anywhere: no keys, no profile, no files, no instance metadata. */
  const noCredentials = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'AWS_ENDPOINT_URL',
    ])
      delete env[name];
    return env;
  };
  const securityhub = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(path.join(ROOT, 'bin/securityhub.js'), args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });

  test.each([
    ['report', ['report', '--region', 'us-east-1'], 'GetFindings page 1'],
    ['export backfill', ['export', 'backfill', '--region', 'us-east-1', '--path', 'EXPORT'], 'GetFindings page 1'],
  ])('no credentials: %s says so with the fix, once, and never "raise --max-attempts"', (name, args, operation) => {
    const run = securityhub(
      args.map((a) => (a === 'EXPORT' ? path.join(dir, 'export') : a)),
      noCredentials(),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^securityhub ${name.split(' ')[0]}: ${operation} failed: CredentialsProviderError: [^\\n]+; no usable AWS credentials\\. Fix: pass --profile NAME or set AWS_PROFILE \\(or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\\) for the delegated administrator \\(security account\\); \`aws sts get-caller-identity\` shows whom the credentials are\\.\\n$`,
      ),
    );
    expect(run.stderr).not.toMatch(/max-attempts|no report was written/);
  });

  test('an endpoint nobody answers on: named with its own fix', () => {
    const run = securityhub(
      ['report', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9', '--max-attempts', '1'],
      { ...noCredentials(), AWS_ACCESS_KEY_ID: ADMIN, AWS_SECRET_ACCESS_KEY: 'x' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^securityhub report: GetFindings page 1 failed: [^\n]*ECONNREFUSED[^\n]*; cannot reach http:\/\/127\.0\.0\.1:9\. Fix: check --endpoint-url \(is local AWS running\?\), the network and any HTTPS_PROXY\.\n$/,
    );
  });
});
