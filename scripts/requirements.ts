import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** The AWS provider version the @cdktf/provider-aws binding in package.json was generated for. */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** The Terraform minor version the stacks and tests are written for. */
export const TERRAFORM_VERSION = '1.11';

/** The moto version the local AWS front and its workarounds are written for. */
export const MOTO_VERSION = '5.2.1';

/** The Node.js major version the project runs on. */
export const NODE_MAJOR = 20;

/** Where a local Terraform filesystem mirror may be, $TF_PROVIDER_MIRROR first. */
export function providerMirrorCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    env.TF_PROVIDER_MIRROR,
    '/opt/tf-plugins',
    path.join(homedir(), '.terraform.d', 'plugins'),
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
  ].filter((p): p is string => Boolean(p));
}

/** The mirror folder (the one above registry.terraform.io) holding hashicorp/aws at the pinned version, if any. */
export function locateProviderMirror(candidates: readonly string[] = providerMirrorCandidates()): string | undefined {
  return candidates.find((dir) =>
    existsSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION)),
  );
}

/**
 * The filesystem mirror that holds hashicorp/aws at the pinned version. This is the one place
 * the project looks for it (the tests, `npm run doctor`).
 * @throws when no mirror has the provider, naming the places looked in and the fix
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string {
  const found = locateProviderMirror(providerMirrorCandidates(env));
  if (found) return found;
  throw new Error(
    `No Terraform filesystem mirror with hashicorp/aws ${AWS_PROVIDER_VERSION}; looked in ${providerMirrorCandidates(env).join(', ')}. Set TF_PROVIDER_MIRROR to the folder above registry.terraform.io.`,
  );
}

/** One thing the machine must (or may) have, and what was found. */
export interface RequirementCheck {
  /** What is checked, e.g. `terraform`. */
  readonly name: string;
  /** False for tools only some documented steps need; a missing one does not fail the check. */
  readonly required: boolean;
  /** True when the machine has it. */
  readonly ok: boolean;
  /** What was found (a version, a path), or what is wrong. */
  readonly detail: string;
  /** How to get it, when it is missing. */
  readonly fix?: string;
}

/** Runs a program and returns what it printed on one stream, or undefined when it cannot run. */
function output(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stream: 'stdout' | 'stderr' | 'both' = 'stdout',
): string | undefined {
  const run = spawnSync(command, args, { env, encoding: 'utf8', timeout: 30_000 });
  if (run.error || run.status !== 0) return undefined;
  return (stream === 'both' ? `${run.stdout}${run.stderr}` : run[stream]).trim();
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

function checkNode(version: string): RequirementCheck {
  const major = Number(/^v(\d+)/.exec(version)?.[1]);
  return major >= NODE_MAJOR
    ? { name: 'node', required: true, ok: true, detail: version }
    : {
        name: 'node',
        required: true,
        ok: false,
        detail: `${version} is older than ${NODE_MAJOR}`,
        fix: 'install Node.js 24 or 22, the LTS releases (https://nodejs.org/en/download)',
      };
}

function checkTerraform(env: NodeJS.ProcessEnv): RequirementCheck {
  const fix = `install Terraform ${TERRAFORM_VERSION} (https://developer.hashicorp.com/terraform/install) and put it on PATH`;
  if (!onPath('terraform', env))
    return { name: 'terraform', required: true, ok: false, detail: 'not found on PATH', fix };
  const text = output('terraform', ['version', '-json'], { ...env, CHECKPOINT_DISABLE: '1' });
  let version: string | undefined;
  try {
    version = (JSON.parse(text ?? '') as { terraform_version?: string }).terraform_version;
  } catch {
    version = undefined;
  }
  if (!version)
    return { name: 'terraform', required: true, ok: false, detail: '`terraform version -json` did not answer', fix };
  const [major, minor] = version.split('.').map(Number);
  const [needMajor, needMinor] = TERRAFORM_VERSION.split('.').map(Number);
  return major === needMajor && minor >= needMinor
    ? { name: 'terraform', required: true, ok: true, detail: version }
    : { name: 'terraform', required: true, ok: false, detail: `${version} is older than ${TERRAFORM_VERSION}`, fix };
}

function checkProviderMirror(candidates: readonly string[]): RequirementCheck {
  const name = `hashicorp/aws ${AWS_PROVIDER_VERSION} mirror`;
  const found = locateProviderMirror(candidates);
  if (found) return { name, required: true, ok: true, detail: found };
  return {
    name,
    required: true,
    ok: false,
    detail: `not in ${candidates.join(', ')}`,
    fix: `with network access, write a main.tf requiring hashicorp/aws = "${AWS_PROVIDER_VERSION}" and run \`terraform providers mirror /opt/tf-plugins\`; or set TF_PROVIDER_MIRROR to the folder above registry.terraform.io`,
  };
}

function checkMoto(env: NodeJS.ProcessEnv): RequirementCheck {
  const fix = `pip install "moto[server]==${MOTO_VERSION}" (python3), so that moto_server is on PATH`;
  if (!onPath('python3', env))
    return {
      name: 'moto_server',
      required: true,
      ok: false,
      detail: 'python3 not found on PATH',
      fix: `install python3, then ${fix}`,
    };
  if (!onPath('moto_server', env))
    return { name: 'moto_server', required: true, ok: false, detail: 'not found on PATH', fix };
  const version = output('python3', ['-c', 'import moto; print(moto.__version__)'], env);
  if (!version)
    return {
      name: 'moto_server',
      required: true,
      ok: false,
      detail: 'moto_server is on PATH but python3 cannot import moto',
      fix,
    };
  return version === MOTO_VERSION
    ? { name: 'moto_server', required: true, ok: true, detail: `moto ${version}` }
    : { name: 'moto_server', required: true, ok: false, detail: `moto ${version}, not ${MOTO_VERSION}`, fix };
}

function checkAwsCli(env: NodeJS.ProcessEnv): RequirementCheck {
  const version = onPath('aws', env) ? output('aws', ['--version'], env, 'both') : undefined;
  return version
    ? { name: 'aws (AWS CLI)', required: false, ok: true, detail: version.split(/\s/)[0] }
    : {
        name: 'aws (AWS CLI)',
        required: false,
        ok: false,
        detail: 'not found on PATH (only docs/local-end-to-end.md needs it)',
        fix: 'pip install awscli, or install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)',
      };
}

/** Where {@link checkRequirements} looks. */
export interface RequirementOptions {
  /** The environment (PATH, TF_PROVIDER_MIRROR); the process's by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** The running Node.js version; `process.version` by default. */
  readonly nodeVersion?: string;
  /** Folders that may hold the provider mirror; {@link providerMirrorCandidates} by default. */
  readonly mirrorCandidates?: readonly string[];
}

/** Checks everything `npm test`, `npm run local-aws` and the documented walk-throughs need. */
export function checkRequirements(options: RequirementOptions = {}): RequirementCheck[] {
  const env = options.env ?? process.env;
  return [
    checkNode(options.nodeVersion ?? process.version),
    checkTerraform(env),
    checkProviderMirror(options.mirrorCandidates ?? providerMirrorCandidates(env)),
    checkMoto(env),
    checkAwsCli(env),
  ];
}
