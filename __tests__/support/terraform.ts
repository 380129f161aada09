import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The provider version the @cdktf/provider-aws binding in package.json was generated for. */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** Where a local Terraform filesystem mirror may be; $TF_PROVIDER_MIRROR first. */
const MIRROR_CANDIDATES = [
  process.env.TF_PROVIDER_MIRROR,
  '/opt/tf-plugins',
  path.join(homedir(), '.terraform.d', 'plugins'),
  '/usr/share/terraform/plugins',
  '/usr/local/share/terraform/plugins',
].filter((p): p is string => Boolean(p));

/**
 * The filesystem mirror that holds hashicorp/aws at the pinned version: the folder above
 * registry.terraform.io. This is the one place the tests look for it.
 * @throws when no mirror has the provider, naming the places looked in
 */
export function findProviderMirror(): string {
  for (const dir of MIRROR_CANDIDATES) {
    if (existsSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION))) return dir;
  }
  throw new Error(`No Terraform filesystem mirror with hashicorp/aws ${AWS_PROVIDER_VERSION}; looked in ${MIRROR_CANDIDATES.join(', ')}. Set TF_PROVIDER_MIRROR to the folder above registry.terraform.io.`);
}

/**
 * Environment for running terraform offline: a CLI config that installs providers only from the
 * mirror (an unpacked mirror is linked, not copied) and no update checks.
 * @param extra variables merged over the result, e.g. credentials and an endpoint for local AWS
 */
export function offlineTerraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), 'tf-cli-'));
  const cliConfig = path.join(dir, 'terraform.rc');
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(findProviderMirror())}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`);
  return { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...extra };
}

/** Output of one terraform command. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform in a directory; never throws on a non-zero exit, so tests can assert on it. */
export async function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  try {
    const { stdout, stderr } = await run('terraform', [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (err.code === 'ENOENT') throw new Error('terraform is not on PATH; install Terraform 1.11 to run these tests.');
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? err.message };
  }
}
