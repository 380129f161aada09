import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root';

/*
 * The cdktf-cli runs behind `npm run synth`, `npm run diff` and `npm run deploy`:
 *  - the organization config is checked first, so a bad config prints each problem once (cdktf-cli
 *    would echo the app's stderr live and then again in its own error box);
 *  - cdktf-cli runs with its update check and telemetry off (it honours only the CHECKPOINT_DISABLE
 *    variable, which no project file can set for it);
 *  - `diff` plans every stack (cdktf-cli's diff takes one stack at a time);
 *  - with TF_PROVIDER_MIRROR naming a filesystem mirror, terraform installs providers from it only,
 *    and cdktf-cli's `terraform providers lock`, which always asks the registry, is skipped.
 */

// cdktf.json, cdktf.out and cdktf-cli are found from the project the command runs in.
const projectRoot = existsSync(path.join(process.cwd(), 'cdktf.json')) ? process.cwd() : PACKAGE_ROOT;

/** The variable that names a Terraform filesystem mirror (the folder above registry.terraform.io). */
export const PROVIDER_MIRROR_ENV = 'TF_PROVIDER_MIRROR';

/** One cdktf-cli run: its arguments, in order. */
export type CdktfRun = readonly string[];

/** cdktf-cli options that take a value (`--output dir`), so the value is not read as a stack name. */
const OPTIONS_WITH_VALUE = new Set(['--app', '-a', '--output', '-o', '--terraform-parallelism', '--var', '--var-file']);

/** The stack names among cdktf arguments, and the value of `--output` when given. */
export function parseCdktfArgs(args: readonly string[]): { stacks: string[]; output?: string } {
  const stacks: string[] = [];
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (OPTIONS_WITH_VALUE.has(arg)) {
      if (arg === '--output' || arg === '-o') output = args[i + 1];
      i++;
    } else if (arg.startsWith('--output=')) {
      output = arg.slice('--output='.length);
    } else if (!arg.startsWith('-')) {
      stacks.push(arg);
    }
  }
  return { stacks, output };
}

/**
 * The cdktf-cli runs that plan every stack: one synth, then one diff per stack, in manifest order.
 * Stacks named by the user (`npm run diff -- security`) are planned alone, in one run.
 * @param args what followed `diff` on the command line
 * @param stacks the synthesized stacks, read once the synth has run
 */
export function diffRuns(
  args: readonly string[],
  stacks: () => readonly string[],
): { synth?: CdktfRun; diffs: () => CdktfRun[] } {
  if (parseCdktfArgs(args).stacks.length > 0) return { diffs: () => [['diff', ...args]] };
  const skipSynth = args.includes('--skip-synth');
  const flags = args.filter((a) => a !== '--skip-synth');
  const synthFlags = synthOptions(flags);
  return {
    synth: skipSynth ? undefined : ['synth', ...synthFlags],
    diffs: () => stacks().map((stack) => ['diff', '--skip-synth', ...flags, stack]),
  };
}

/** The options of a diff that synth takes too (where the app is and where it writes). */
function synthOptions(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    if (['--app', '-a', '--output', '-o'].includes(flags[i])) out.push(flags[i], flags[++i]);
    else if (flags[i].startsWith('--output=') || flags[i].startsWith('--app=')) out.push(flags[i]);
  }
  return out;
}

/** The stack names in a synthesized output folder's manifest, in its order. */
export function manifestStacks(outdir: string): string[] {
  const manifest = path.join(outdir, 'manifest.json');
  if (!existsSync(manifest))
    throw new Error(`${manifest} does not exist; run \`npm run synth\` first or leave out --skip-synth.`);
  const stacks =
    (JSON.parse(readFileSync(manifest, 'utf8')) as { stacks?: Record<string, { name: string }> }).stacks ?? {};
  return Object.values(stacks).map((s) => s.name);
}

/**
 * A Terraform CLI configuration that installs every registry provider from a filesystem mirror and
 * nothing from the network.
 */
export function mirrorCliConfig(mirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * The environment and extra arguments cdktf-cli runs with: update check off and, when
 * TF_PROVIDER_MIRROR is set, a CLI config that installs providers from that mirror only.
 * @throws UsageError when TF_PROVIDER_MIRROR names no mirror
 */
export function cdktfEnvironment(verb: string): { env: NodeJS.ProcessEnv; extraArgs: string[] } {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  const mirror = process.env[PROVIDER_MIRROR_ENV];
  if (!mirror) return { env, extraArgs: [] };
  const resolved = path.resolve(mirror);
  if (!existsSync(path.join(resolved, 'registry.terraform.io'))) {
    throw new UsageError(
      `${PROVIDER_MIRROR_ENV}=${mirror}: no registry.terraform.io folder there; name the folder that holds registry.terraform.io/hashicorp/aws/<version>/.`,
    );
  }
  const dir = path.join(projectRoot, 'node_modules', '.cache', 'terraform');
  mkdirSync(dir, { recursive: true });
  const cliConfig = path.join(dir, 'mirror.tfrc');
  writeFileSync(cliConfig, mirrorCliConfig(resolved));
  env.TF_CLI_CONFIG_FILE = cliConfig;
  return { env, extraArgs: verb === 'synth' ? [] : ['--skip-provider-lock'] };
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {}

function cdktfBin(): string {
  const pkg = require.resolve('cdktf-cli/package.json', { paths: [projectRoot] });
  const bin = (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: Record<string, string> }).bin.cdktf;
  return path.join(path.dirname(pkg), bin);
}

/** Runs cdktf-cli in the project, its output straight to the terminal. @returns its exit code */
export function runCdktf(run: CdktfRun, env: NodeJS.ProcessEnv): number {
  const result = spawnSync(process.execPath, [cdktfBin(), ...run], { cwd: projectRoot, env, stdio: 'inherit' });
  return result.status ?? 1;
}

/** The synthesized output folder: `--output` when given, else what cdktf.json names. */
export function outdir(args: readonly string[]): string {
  const config = JSON.parse(readFileSync(path.join(projectRoot, 'cdktf.json'), 'utf8')) as { output?: string };
  return path.resolve(projectRoot, parseCdktfArgs(args).output ?? config.output ?? 'cdktf.out');
}
