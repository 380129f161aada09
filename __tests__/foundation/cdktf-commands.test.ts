import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../config/load';
import { cdktfEnvironment, diffRuns, mirrorCliConfig, parseCdktfArgs, UsageError } from '../../scripts/cdktf-runs';
import { MANAGEMENT_ACCOUNT, startLocalOrganization, type LocalOrganization } from '../e2e/support/local-organization';
import { findProviderMirror, terraform } from '../support/terraform';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

describe('npm run diff plans every stack', () => {
  test("one synth, then one diff per synthesized stack, in manifest order, with the user's options", () => {
    const plan = diffRuns(['--output', 'out', '--no-color'], () => ['management', 'security', 'workload-staging']);
    expect(plan.synth).toEqual(['synth', '--output', 'out']);
    expect(plan.diffs()).toEqual([
      ['diff', '--skip-synth', '--output', 'out', '--no-color', 'management'],
      ['diff', '--skip-synth', '--output', 'out', '--no-color', 'security'],
      ['diff', '--skip-synth', '--output', 'out', '--no-color', 'workload-staging'],
    ]);
  });

  test('a named stack is planned alone; --skip-synth skips the synth', () => {
    expect(
      diffRuns(['security'], () => {
        throw new Error('not read');
      }).diffs(),
    ).toEqual([['diff', 'security']]);
    const skipped = diffRuns(['--skip-synth'], () => ['management']);
    expect(skipped.synth).toBeUndefined();
    expect(skipped.diffs()).toEqual([['diff', '--skip-synth', 'management']]);
  });

  test('option values are not taken for stack names', () => {
    expect(parseCdktfArgs(['--output', 'dir', '--var', 'a=b', 'security', '--output=x'])).toEqual({
      stacks: ['security'],
      output: 'x',
    });
  });
});

describe('a local provider mirror', () => {
  test('TF_PROVIDER_MIRROR gives terraform a CLI config that installs from the mirror only, and skips the registry lock', () => {
    const saved = process.env.TF_PROVIDER_MIRROR;
    try {
      process.env.TF_PROVIDER_MIRROR = findProviderMirror();
      const { env, extraArgs } = cdktfEnvironment('diff');
      expect(env.CHECKPOINT_DISABLE).toBe('1');
      expect(readFileSync(env.TF_CLI_CONFIG_FILE!, 'utf8')).toBe(mirrorCliConfig(findProviderMirror()));
      expect(extraArgs).toEqual(['--skip-provider-lock']);
      process.env.TF_PROVIDER_MIRROR = '/nonexistent/mirror';
      expect(() => cdktfEnvironment('diff')).toThrow(UsageError);
      expect(() => cdktfEnvironment('diff')).toThrow(
        /TF_PROVIDER_MIRROR=\/nonexistent\/mirror: no registry\.terraform\.io folder there/,
      );
    } finally {
      if (saved === undefined) delete process.env.TF_PROVIDER_MIRROR;
      else process.env.TF_PROVIDER_MIRROR = saved;
    }
  });

  test('the CLI config docs/offline.md shows lets terraform init install hashicorp/aws offline', async () => {
    const doc = readFileSync(path.join(root, 'docs', 'offline.md'), 'utf8');
    const block = /```hcl\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toContain('filesystem_mirror');
    const dir = mkdtempSync(path.join(tmpdir(), 'mirror-init-'));
    const cliConfig = path.join(dir, 'mirror.tfrc');
    writeFileSync(cliConfig, block!.replace('"/opt/tf-plugins"', JSON.stringify(findProviderMirror())));
    writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } } }),
    );
    const init = await terraform(['init', '-input=false', '-no-color'], dir, {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
    });
    expect(init.stderr).toBe('');
    expect(init.stdout).toMatch(/Installed hashicorp\/aws v5\.100\.0/);
  }, 120_000);
});

describe('npm run diff against local AWS, offline', () => {
  let org: LocalOrganization;
  beforeAll(async () => {
    org = await startLocalOrganization(['sandbox']);
  }, 120_000);
  afterAll(async () => {
    await org?.stop();
  });

  test('every stack is planned from the mirror, and one stack failing does not stop the others', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'diff-every-stack-'));
    const config = parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
    delete config.deployment;
    config.organization.securityAccountId = org.securityAccountId;
    config.organization.linkedRegions = ['us-east-1'];
    config.tiers = [{ ...config.tiers[2], organizationalUnits: [org.organizationalUnits.sandbox], accounts: [] }];
    // Acceptances of the example name its other tiers, which this organization does not have.
    if (config.remediation)
      config.remediation.accepted = (config.remediation.accepted ?? []).filter(
        (a: { tiers?: string[] }) => !a.tiers || a.tiers.includes('sandbox'),
      );
    const configFile = path.join(dir, 'org.yaml');
    writeFileSync(configFile, stringify(config));

    // The management account's credentials: its stacks plan, the security stack refuses the account.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...org.envFor(MANAGEMENT_ACCOUNT),
      SECURITYHUB_CONFIG: configFile,
      TF_PROVIDER_MIRROR: findProviderMirror(),
      TF_CLI_CONFIG_FILE: path.join(dir, 'missing.tfrc'),
      FORCE_COLOR: '0',
    };
    delete env.CHECKPOINT_DISABLE;
    let result: { code: number; stdout: string; stderr: string };
    try {
      const { stdout, stderr } = await run(
        'npm',
        ['run', '--silent', 'diff', '--', '--output', path.join(dir, 'out')],
        { cwd: root, env, maxBuffer: 64 * 1024 * 1024 },
      );
      result = { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      result = { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
    const output = result.stdout + result.stderr;
    expect(output).toContain('Planned 3 stacks: management ok, security FAILED, workload-sandbox ok');
    expect(result.code).toBe(1);
    expect(output.match(/Plan: \d+ to add/g)?.length).toBeGreaterThanOrEqual(2);
    expect(output).toMatch(/security\s+Error: AWS account ID not allowed: 999988887777/);
    expect(output).not.toContain('Found more than one stack');
    expect(output).not.toContain('Could not retrieve providers for locking');
    expect(output).not.toContain('checkpoint-api');
  }, 600_000);
});
