import { describeConfigSource, loadOrganizationConfig, resolveConfigFile } from '../config/load';
import { ConfigError } from '../config/problems';
import type { OrganizationConfig } from '../config/schema';
import { checkCredentials, checkRegistry, checkTerminal, type PreflightProblem } from './cdktf-preflight';
import { cdktfEnvironment, diffRuns, manifestStacks, outdir, parseCdktfArgs, runCdktf, UsageError } from './cdktf-runs';
import { messageOf } from '../core/error-message';

// The entry of `npm run synth|diff|deploy` (see cdktf-runs.ts for what each does and why).

async function main(argv: readonly string[]): Promise<number> {
  const [verb, ...args] = argv;
  if (verb !== 'synth' && verb !== 'diff' && verb !== 'deploy') {
    process.stderr.write('usage: cdktf.ts synth|diff|deploy [cdktf arguments...]\n');
    return 2;
  }
  // The SDK's seven-line notice about Node.js 20 would bury the one line a check prints.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Which organization is planned is the first thing to know: the embedded example is not yours.
  process.stderr.write(`npm run ${verb}: ${describeConfigSource()}\n`);
  let config: OrganizationConfig | undefined;
  try {
    config = loadOrganizationConfig(resolveConfigFile());
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // With --skip-synth the synthesized stacks are planned as they are; the config is not read again.
    if (!args.includes('--skip-synth')) {
      process.stderr.write(e.report());
      return 1;
    }
  }
  if (verb !== 'synth') {
    const problem = await preflight(verb, args, config);
    if (problem) {
      process.stderr.write(`${problem.message}\n`);
      return problem.exitCode;
    }
  }
  const { env, extraArgs } = cdktfEnvironment(verb);
  if (verb === 'synth') return runCdktf(['synth', ...args], env);
  if (verb === 'deploy')
    return runCdktf(['deploy', ...extraArgs, ...(parseCdktfArgs(args).stacks.length > 0 ? args : [...args, '*'])], env);

  const plan = diffRuns([...extraArgs, ...args], () => manifestStacks(outdir(args)));
  if (plan.synth) {
    const code = runCdktf(plan.synth, env);
    if (code !== 0) return code;
  }
  const results = plan.diffs().map((run) => ({ stack: run[run.length - 1], code: runCdktf(run, env) }));
  if (results.length > 1) {
    const failed = results.filter((r) => r.code !== 0);
    process.stdout.write(
      `\nPlanned ${results.length} stacks: ${results.map((r) => `${r.stack} ${r.code === 0 ? 'ok' : 'FAILED'}`).join(', ')}\n`,
    );
    return failed.length > 0 ? 1 : 0;
  }
  return results[0]?.code ?? 0;
}

/**
 * The checks diff and deploy make before cdktf-cli runs, cheapest first: a terminal to approve
 * in, the provider registry (or a mirror), credentials (one STS call).
 */
async function preflight(
  verb: 'diff' | 'deploy',
  args: readonly string[],
  config: OrganizationConfig | undefined,
): Promise<PreflightProblem | undefined> {
  const terminal = checkTerminal(verb, args, process.stdin.isTTY === true);
  if (terminal) return terminal;
  const registry = await checkRegistry(verb, process.env);
  if (registry) return registry;
  if (!config) return undefined;
  const { problem, account } = await checkCredentials(verb, config, process.env);
  if (account) process.stderr.write(`npm run ${verb}: acting as AWS account ${account}\n`);
  return problem;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${messageOf(e)}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
