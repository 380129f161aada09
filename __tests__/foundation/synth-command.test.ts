import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

/** Runs the app entry the way `cdktf synth` does, with a config file and an output folder. */
async function synthApp(configFile: string | undefined, outdir: string) {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, SECURITYHUB_CONFIG: configFile };
  if (!configFile) delete env.SECURITYHUB_CONFIG;
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'scripts', 'run-ts.cjs'), 'main.ts'], { cwd: root, env });
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
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['management', 'security', 'workload-production', 'workload-sandbox', 'workload-staging']);
  });

  test('a bad config: every problem listed, exit 1, no stack trace, nothing written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bad-config-'));
    const configFile = path.join(dir, 'org.yaml');
    writeFileSync(configFile, [
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
    ].join('\n'));
    const outdir = path.join(dir, 'out');
    const result = await synthApp(configFile, outdir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid organization config (1 problem):');
    expect(result.stderr).toContain(`${configFile}:10: tiers[0].accounts[0]: "12345" must be a 12-digit AWS account id`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outdir)).toBe(false);

    // Once the field errors are fixed, the cross-field ones show.
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('"12345"', '"123456789012"'));
    const second = await synthApp(configFile, outdir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('organization.securityAccountId: "111122223333" is the management account');
    expect(second.stderr).toContain('tiers[0].standards[0]: "standards/pci-dss/v/9.9.9" is not a known standard or version');
    expect(existsSync(outdir)).toBe(false);
  });
});
