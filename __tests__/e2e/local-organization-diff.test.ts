import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeHubCommand, EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../config/load';
import { findProviderMirror } from '../support/terraform';

/*
 * The README's local plan: `npm run local-aws -- --organization` builds the example's
 * organization in local AWS (the gaps proxy in front of moto), and `npm run diff` with the
 * environment it prints plans every stack of the example, nothing else set up by hand.
 */

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

describe('npm run diff against npm run local-aws -- --organization', () => {
  let dir: string;
  let localAws: ChildProcess;
  let printed = '';
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'local-organization-'));
    // Typed in `dir`: the local config is written where the command was typed.
    localAws = spawn('npm', ['--prefix', ROOT, 'run', '-s', 'local-aws', '--', '--organization'], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    localAws.stderr!.on('data', (b: Buffer) => {
      errors += b.toString();
    });
    await new Promise<void>((resolve, reject) => {
      localAws.stdout!.on('data', (b: Buffer) => {
        printed += b.toString();
        if (/^SECURITYHUB_CONFIG=.*\n/m.test(printed)) resolve();
      });
      localAws.once('exit', (code) => reject(new Error(`local-aws exited ${code}: ${errors}`)));
    });
    env = Object.fromEntries(
      printed
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }, 180_000);

  afterAll(() => {
    if (localAws?.pid) {
      try {
        process.kill(-localAws.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints the environment: the proxy endpoint, the management account, the local config with the ids moto chose', () => {
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'AWS_ENDPOINT_URL',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_REGION',
        'SECURITYHUB_CONFIG',
      ]),
    );
    expect(env.AWS_ACCESS_KEY_ID).toBe('999988887777');
    expect(env.SECURITYHUB_CONFIG).toBe(path.join(dir, 'local-aws.org.yaml'));
    const example = parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
    const local = parse(readFileSync(env.SECURITYHUB_CONFIG, 'utf8'));
    expect(local.organization.managementAccountId).toBe(example.organization.managementAccountId);
    expect(local.organization.securityAccountId).toMatch(/^\d{12}$/);
    expect(local.organization.securityAccountId).not.toBe(example.organization.securityAccountId);
    expect(local.tiers.map((t: { name: string }) => t.name)).toEqual(
      example.tiers.map((t: { name: string }) => t.name),
    );
    for (const tier of local.tiers)
      for (const ou of tier.organizationalUnits) expect(ou).toMatch(/^ou-[a-z0-9]{4}-[a-z0-9]{8}$/);
  });

  test('a role assumed in the security account (deployment.roleName) acts as that account in Security Hub too', async () => {
    const security = parse(readFileSync(env.SECURITYHUB_CONFIG, 'utf8')).organization.securityAccountId as string;
    const where = { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL };
    const sts = new STSClient({
      ...where,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    });
    const assumed = (
      await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${security}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'deploy',
        }),
      )
    ).Credentials!;
    sts.destroy();
    const hub = new SecurityHubClient({
      ...where,
      credentials: {
        accessKeyId: assumed.AccessKeyId!,
        secretAccessKey: assumed.SecretAccessKey!,
        sessionToken: assumed.SessionToken,
      },
    });
    try {
      await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      expect((await hub.send(new DescribeHubCommand({}))).HubArn).toBe(
        `arn:aws:securityhub:${env.AWS_REGION}:${security}:hub/default`,
      );
    } finally {
      hub.destroy();
    }
  });

  test('npm run diff plans every stack of the example', async () => {
    const out = path.join(dir, 'out');
    const { stdout, stderr } = await execFileAsync('npm', ['run', '-s', 'diff', '--', '--output', out], {
      cwd: ROOT,
      env: { ...process.env, ...env, TF_PROVIDER_MIRROR: findProviderMirror(), FORCE_COLOR: '0' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 900_000,
    });
    expect(stderr).toContain(
      `npm run diff: config: ${path.relative(ROOT, env.SECURITYHUB_CONFIG)} (from SECURITYHUB_CONFIG)`,
    );
    expect(stderr).toContain('npm run diff: acting as AWS account 999988887777');
    expect(stdout).toContain(
      'Planned 5 stacks: management ok, security ok, workload-production ok, workload-sandbox ok, workload-staging ok',
    );
    expect(stdout + stderr).not.toMatch(/couldn't find resource|AWS account ID not allowed/);
  }, 900_000);
});
