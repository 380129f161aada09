import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findProviderMirror } from '../../scripts/requirements';

const run = promisify(execFile);

/** The provider version and the one mirror lookup live with `npm run doctor`'s checks. */
export { AWS_PROVIDER_VERSION, findProviderMirror } from '../../scripts/requirements';

/**
 * Environment for running terraform offline: a CLI config that installs providers only from the
 * mirror (an unpacked mirror is linked, not copied) and no update checks.
 * @param extra variables merged over the result, e.g. credentials and an endpoint for local AWS
 */
export function offlineTerraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), 'tf-cli-'));
  const cliConfig = path.join(dir, 'terraform.rc');
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(findProviderMirror())}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  return { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...extra };
}

/** Output of one terraform command. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform in a directory; never throws on a non-zero exit, so tests can assert on it. */
export async function terraform(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  try {
    const { stdout, stderr } = await run('terraform', [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (err.code === 'ENOENT') throw new Error('terraform is not on PATH; install Terraform 1.11 to run these tests.');
    return {
      code: typeof err.code === 'number' ? err.code : 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? err.message,
    };
  }
}
