import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

/** Runs the app entry the way `cdktf synth` does, with a config file and an output folder. */
async function synthApp(configFile: string | undefined, outdir: string) {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, SECURITYHUB_CONFIG: configFile };
  if (!configFile) delete env.SECURITYHUB_CONFIG;
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'scripts', 'run-ts.cjs'), 'main.ts'], {
      cwd: root,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the app entry (what `npm run synth` runs)', () => {
  test('synthesizes the embedded example with no AWS credentials', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'synth-'));
    const result = await synthApp(undefined, outdir);
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([
      'management',
      'security',
      'workload-production',
      'workload-sandbox',
      'workload-staging',
    ]);
  });

  test('a bad config: every problem listed, exit 1, no stack trace, nothing written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bad-config-'));
    const configFile = path.join(dir, 'org.yaml');
    writeFileSync(
      configFile,
      [
        'organization:',
        '  name: acme',
        '  managementAccountId: "111122223333"',
        '  securityAccountId: "111122223333"',
        '  homeRegion: us-east-1',
        '  linkedRegions: [us-east-1]',
        'tiers:',
        '  - name: prod',
        '    environment: production',
        '    accounts: ["12345"]',
        '    standards: [standards/pci-dss/v/9.9.9]',
        '',
      ].join('\n'),
    );
    const outdir = path.join(dir, 'out');
    const result = await synthApp(configFile, outdir);
    expect(result.code).toBe(1);
    // Field errors and cross-field errors together, in one run.
    expect(result.stderr).toBe(
      [
        'Invalid organization config (3 problems):',
        `${configFile}:4: organization.securityAccountId: "111122223333" is the management account; Security Hub central configuration needs a delegated administrator other than the management account. Name a dedicated security account.`,
        `${configFile}:10: tiers[0].accounts[0]: "12345" must be a 12-digit AWS account id, e.g. "111122223333" (quote it in YAML so leading zeros survive).`,
        `${configFile}:11: tiers[0].standards[0]: "standards/pci-dss/v/9.9.9" is not a known standard or version (did you mean "standards/pci-dss/v/4.0.1" or "standards/pci-dss/v/3.2.1"?); allowed: standards/cis-aws-foundations-benchmark/v/5.0.0, standards/cis-aws-foundations-benchmark/v/3.0.0, standards/cis-aws-foundations-benchmark/v/1.4.0, ruleset/cis-aws-foundations-benchmark/v/1.2.0, standards/aws-foundational-security-best-practices/v/1.0.0, standards/pci-dss/v/4.0.1, standards/pci-dss/v/3.2.1, standards/nist-800-53/v/5.0.0, standards/nist-800-171/v/2.0.0, standards/aws-resource-tagging-standard/v/1.0.0.`,
        '',
      ].join('\n'),
    );
    expect(existsSync(outdir)).toBe(false);
  });

  test('500 problems all arrive through a pipe', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'many-problems-'));
    const configFile = path.join(dir, 'org.yaml');
    const config = parse(readFileSync(path.join(root, 'config', 'default-org.yaml'), 'utf8'));
    config.tiers[0].accounts = Array.from(
      { length: 500 },
      (_, i) => `not-an-account-id-but-a-long-name-that-fills-the-pipe-${i}`,
    );
    writeFileSync(configFile, stringify(config));
    // A reader that is busy for a moment (as cdktf-cli is), so the pipe fills before it drains.
    const script = `${JSON.stringify(process.execPath)} scripts/run-ts.cjs main.ts 2>&1 >/dev/null | (sleep 2; cat); exit \${PIPESTATUS[0]}`;
    const env = { ...process.env, SECURITYHUB_CONFIG: configFile, CDKTF_OUTDIR: path.join(dir, 'out') };
    let code = 0;
    let stderr = '';
    try {
      stderr = (await run('bash', ['-c', script], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 })).stdout;
    } catch (e) {
      code = (e as { code: number }).code;
      stderr = (e as { stdout: string }).stdout;
    }
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Invalid organization config (500 problems):');
    expect(lines).toHaveLength(501);
    expect(lines[500]).toMatch(
      /tiers\[0\]\.accounts\[499\]: "not-an-account-id-but-a-long-name-that-fills-the-pipe-499" must be a 12-digit AWS account id/,
    );
  });

  test('a YAML alias bomb is reported like any other problem, with the header and its line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alias-bomb-'));
    const configFile = path.join(dir, 'org.yaml');
    writeFileSync(
      configFile,
      [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`),
      ].join('\n'),
    );
    const result = await synthApp(configFile, path.join(dir, 'out'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^Invalid organization config \\(1 problem\\):\n${configFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: \\(top level\\): malformed YAML: the aliases`,
      ),
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('npm run synth prints each problem once, outside any cdktf error box', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'npm-synth-'));
    const configFile = path.join(dir, 'org.yaml');
    const config = parse(readFileSync(path.join(root, 'config', 'default-org.yaml'), 'utf8'));
    config.organization.homeRegion = 'us-east-l';
    config.tiers[1].standards[0] = 'standards/pci-dss/v/4.0.2';
    writeFileSync(configFile, stringify(config));
    const env: NodeJS.ProcessEnv = { ...process.env, SECURITYHUB_CONFIG: configFile };
    delete env.CHECKPOINT_DISABLE;
    let code = 0;
    let output = '';
    try {
      const { stdout, stderr } = await run(
        'npm',
        ['run', '--silent', 'synth', '--', '--output', path.join(dir, 'out')],
        { cwd: root, env },
      );
      output = stdout + stderr;
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      code = err.code;
      output = err.stdout + err.stderr;
    }
    expect(code).toBe(1);
    expect(output.split('Invalid organization config (2 problems):')).toHaveLength(2);
    expect(
      output.split(
        'organization.homeRegion: "us-east-l" is not a known AWS Region code (did you mean "us-east-1" or "us-east-2"?)',
      ),
    ).toHaveLength(2);
    expect(
      output.split(
        '"standards/pci-dss/v/4.0.2" is not a known standard or version (did you mean "standards/pci-dss/v/4.0.1"?)',
      ),
    ).toHaveLength(2);
    expect(output).not.toContain('cdktf encountered an error');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  }, 120_000);

  test('npm run synth does not ask checkpoint-api for updates, with or without CHECKPOINT_DISABLE set', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'npm-synth-ok-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CHECKPOINT_DISABLE;
    delete env.SECURITYHUB_CONFIG;
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'synth', '--', '--output', outdir], {
      cwd: root,
      env,
    });
    expect(stdout + stderr).not.toMatch(/checkpoint-api|ENOTFOUND/);
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([
      'management',
      'security',
      'workload-production',
      'workload-sandbox',
      'workload-staging',
    ]);
  }, 120_000);
});
