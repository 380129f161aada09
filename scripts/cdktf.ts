import { loadOrganizationConfig, resolveConfigFile } from '../config/load';
import { ConfigError } from '../config/problems';
import { cdktfEnvironment, diffRuns, manifestStacks, outdir, parseCdktfArgs, runCdktf, UsageError } from './cdktf-runs';
import { messageOf } from '../core/error-message';

// The entry of `npm run synth|diff|deploy` (see cdktf-runs.ts for what each does and why).

function main(argv: readonly string[]): number {
  const [verb, ...args] = argv;
  if (verb !== 'synth' && verb !== 'diff' && verb !== 'deploy') {
    process.stderr.write('usage: cdktf.ts synth|diff|deploy [cdktf arguments...]\n');
    return 2;
  }
  if (!args.includes('--skip-synth')) {
    try {
      loadOrganizationConfig(resolveConfigFile());
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      process.stderr.write(e.report());
      return 1;
    }
  }
  const { env, extraArgs } = cdktfEnvironment(verb);
  if (verb === 'synth') return runCdktf(['synth', ...args], env);
  if (verb === 'deploy') return runCdktf(['deploy', ...extraArgs, ...(parseCdktfArgs(args).stacks.length > 0 ? args : [...args, '*'])], env);

  const plan = diffRuns([...extraArgs, ...args], () => manifestStacks(outdir(args)));
  if (plan.synth) {
    const code = runCdktf(plan.synth, env);
    if (code !== 0) return code;
  }
  const results = plan.diffs().map((run) => ({ stack: run[run.length - 1], code: runCdktf(run, env) }));
  if (results.length > 1) {
    const failed = results.filter((r) => r.code !== 0);
    process.stdout.write(`\nPlanned ${results.length} stacks: ${results.map((r) => `${r.stack} ${r.code === 0 ? 'ok' : 'FAILED'}`).join(', ')}\n`);
    return failed.length > 0 ? 1 : 0;
  }
  return results[0]?.code ?? 0;
}

{
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${messageOf(e)}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}
