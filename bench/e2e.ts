import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { startLocalOrganization } from '../__tests__/e2e/support/local-organization';
import {
  END_TO_END_OUS,
  endToEndConfig,
  StackWorkspace,
  type SynthesizedStack,
} from '../__tests__/e2e/support/stack-workspace';
import { bundleFunctions } from '../remediation-functions/scripts/bundle';
import { buildOrganizationStacks } from '../stacks/organization';
import { messageOf } from '../core/error-message';

/*
 * `npm run bench:e2e`: the stacks against local AWS (moto + the Security Hub emulator, one
 * endpoint), with the real terraform and AWS provider from the local mirror. For each stack of
 * the end-to-end organization (the example's tiers on OUs made in moto): wall time of
 * `terraform init`, `plan`, `apply`, a second `plan` (replan, which must find nothing to do) and
 * `destroy`. Then GetFindings throughput of the emulator (bench/e2e-getfindings.ts), so one
 * command prints both. Prints figures; fails only when a step fails.
 *
 *   npm run bench:e2e                      # everything
 *   npm run bench:e2e -- --stacks-only     # skip GetFindings throughput
 *   npm run bench:e2e -- 10000             # GetFindings at 10,000 findings only (sizes go to e2e-getfindings)
 */

const STEPS = ['init', 'plan', 'apply', 'replan', 'destroy'] as const;
type Step = (typeof STEPS)[number];

interface StackTimes {
  readonly stack: string;
  readonly ms: Partial<Record<Step, number>>;
  resources: number;
}

const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

async function timeStacks(): Promise<StackTimes[]> {
  // The security stack points at the remediation function bundles, as `npm run synth` does.
  await bundleFunctions();
  const started = Date.now();
  const org = await startLocalOrganization(END_TO_END_OUS);
  let workspace: StackWorkspace | undefined;
  console.log(`local AWS and the organization in moto ready in ${seconds(Date.now() - started)}`);
  try {
    workspace = new StackWorkspace(org);
    const config = endToEndConfig(org);
    const synthStart = Date.now();
    const synthesis = workspace.synth((app) => buildOrganizationStacks(app, config));
    console.log(`synth (in-process App) ${seconds(Date.now() - synthStart)}`);
    const names = ['management', 'security', ...config.tiers.map((t) => `workload-${t.name}`)];
    const stacks = new Map<string, SynthesizedStack>(names.map((n) => [n, synthesis.stack(n)]));
    const times = new Map<string, StackTimes>(names.map((n) => [n, { stack: n, ms: {}, resources: 0 }]));

    // Deploy order: management, security, then the tiers.
    for (const name of names) {
      const stack = stacks.get(name)!;
      const t = times.get(name)!;
      t.ms.init = (await stack.init()).ms;
      const plan = await stack.plan();
      t.ms.plan = plan.ms;
      t.ms.apply = (await stack.apply()).ms;
      const replan = await stack.plan();
      if (replan.code !== 0)
        throw new Error(`${name}: the plan after apply is not empty (perpetual diff):\n${replan.stdout.slice(-3000)}`);
      t.ms.replan = replan.ms;
      t.resources = (await stack.stateList()).filter((a) => !a.startsWith('data.')).length;
      console.log(`  ${name}: applied ${t.resources} resources`);
    }

    // Destroy: the tiers, then security without its hub, management (the delegation), then the
    // hub (AWS refuses to disable Security Hub in the delegated administrator account).
    for (const name of names.slice(2).reverse()) times.get(name)!.ms.destroy = (await stacks.get(name)!.destroy()).ms;
    const security = stacks.get('security')!;
    const allButHub = (await security.stateList()).filter(
      (a) => !a.startsWith('aws_securityhub_account.') && !a.startsWith('data.'),
    );
    const first = await security.must([
      'destroy',
      '-auto-approve',
      '-input=false',
      ...allButHub.map((a) => `-target=${a}`),
    ]);
    times.get('management')!.ms.destroy = (await stacks.get('management')!.destroy()).ms;
    times.get('security')!.ms.destroy = first.ms + (await security.destroy()).ms;
    return names.map((n) => times.get(n)!);
  } finally {
    await org.stop();
    workspace?.remove();
  }
}

function printStacks(rows: readonly StackTimes[]): void {
  const header = ['stack'.padEnd(22), ...STEPS.map((s) => s.padStart(9)), 'resources'.padStart(10)].join('');
  console.log('');
  console.log('terraform against local AWS, wall time per stack (one run)');
  console.log(header);
  for (const r of rows)
    console.log(
      [r.stack.padEnd(22), ...STEPS.map((s) => seconds(r.ms[s]).padStart(9)), String(r.resources).padStart(10)].join(
        '',
      ),
    );
  const total = (s: Step) => rows.reduce((sum, r) => sum + (r.ms[s] ?? 0), 0);
  console.log(
    [
      'total'.padEnd(22),
      ...STEPS.map((s) => seconds(total(s)).padStart(9)),
      String(rows.reduce((n, r) => n + r.resources, 0)).padStart(10),
    ].join(''),
  );
}

function runGetFindings(args: readonly string[]): number {
  const script = path.join(__dirname, 'e2e-getfindings.ts');
  if (!existsSync(script)) {
    console.error(`\n${script} is missing: GetFindings throughput not measured.`);
    return 1;
  }
  console.log('\nGetFindings throughput (bench/e2e-getfindings.ts)');
  const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [script, ...args], { stdio: 'inherit' });
  return result.status ?? 1;
}

async function main(): Promise<void> {
  // The AWS SDK's Node.js 20 notice would be printed by every client process in the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= '1';
  const args = process.argv.slice(2);
  const stacksOnly = args.includes('--stacks-only');
  printStacks(await timeStacks());
  if (!stacksOnly) process.exitCode = runGetFindings(args.filter((a) => a !== '--stacks-only'));
}

main().catch((err: unknown) => {
  console.error(`bench:e2e failed: ${messageOf(err)}`);
  process.exit(1);
});
