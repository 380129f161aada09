import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/*
 * `npm run bench:synth`: synth wall time, each variant in a fresh node process as `cdktf synth`
 * runs it (module loading included), median of several runs, on this machine.
 * Goals: default org <= 1.5x the bare-app floor; 1,000 accounts <= 1.3x 10 accounts.
 */

const runs = Number(process.env.BENCH_RUNS ?? 5);
// The same runner `cdktf synth` uses for main.ts (cdktf.json "app").
const runner = path.join(__dirname, '..', 'scripts', 'run-ts.cjs');

function measure(variant: string): { ms: number; resources: number } {
  const times: number[] = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const file = variant === 'floor' ? 'synth-floor.ts' : 'synth-app.ts';
    const out = execFileSync(process.execPath, [runner, path.join(__dirname, file), variant], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    resources = JSON.parse(out.trim().split('\n').pop()!).resources;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], resources };
}

const variants = ['floor', 'default', 'ou-10', 'ou-1000', 'direct-10', 'direct-1000'];
const results = new Map(variants.map((v) => [v, measure(v)]));
const row = (name: string, v: string) => {
  const r = results.get(v)!;
  return `${name.padEnd(44)} ${r.ms.toFixed(0).padStart(7)} ms  ${String(r.resources).padStart(6)} resources`;
};
console.log(`synth wall time, median of ${runs} runs (fresh process each)`);
console.log(row('bare one-resource cdktf app (floor)', 'floor'));
console.log(row('embedded example (acme-corp, 50 accounts)', 'default'));
console.log(row('generated org, 10 accounts in OUs', 'ou-10'));
console.log(row('generated org, 1,000 accounts in OUs of 50', 'ou-1000'));
console.log(row('generated org, 10 accounts listed directly', 'direct-10'));
console.log(row('generated org, 1,000 accounts listed directly', 'direct-1000'));
const ratio = (a: string, b: string) => (results.get(a)!.ms / results.get(b)!.ms).toFixed(2);
console.log('');
console.log(`default / floor:                 ${ratio('default', 'floor')}x  (goal <= 1.5x)`);
console.log(`1,000 / 10 accounts, by OU:      ${ratio('ou-1000', 'ou-10')}x  (goal <= 1.3x)`);
console.log(`1,000 / 10 accounts, direct:     ${ratio('direct-1000', 'direct-10')}x  (goal <= 1.3x)`);
