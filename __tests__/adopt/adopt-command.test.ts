import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/helpers';

// Checks adopt and readiness make before calling AWS: nothing is overwritten, nothing is read.

test('adopt refuses to overwrite --output without --force, and leaves the file as it was', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'adopt-')), 'org.yaml');
  writeFileSync(file, 'organization: {}\n');
  const run = await runCli([
    'adopt',
    '--output',
    file,
    '--region',
    'us-east-1',
    '--endpoint-url',
    'http://127.0.0.1:9',
  ]);
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    `securityhub adopt: --output ${file} exists; choose another file or pass --force to overwrite it. Nothing was written.\n`,
  );
  expect(readFileSync(file, 'utf8')).toBe('organization: {}\n');
});

test('readiness and adopt are listed in the help, and a bad --format names the allowed ones', async () => {
  const help = await runCli(['--help']);
  expect(help.stdout).toMatch(/\n {2}adopt +write an org config from an organization that already runs Security Hub/);
  expect(help.stdout).toMatch(/\n {2}readiness +check Security Hub, AWS Config, GuardDuty, Inspector and Macie/);
  const bad = await runCli(['readiness', '--format', 'markdown']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe(
    'securityhub readiness: --format "markdown" is not supported; use one of: text, json, csv, html.\n',
  );
});
