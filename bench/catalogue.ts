import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkCatalogue } from '../domain/catalogue/catalogue-file';
import { CATALOGUE_FILE } from '../domain/catalogue/catalogue-store';

/*
 * `npm run bench:catalogue`: what loading the control catalogue costs.
 * - in a fresh process, the way `cdktf synth` loads it (bundled by scripts/run-ts.cjs): module
 *   initialisation, i.e. the data, its check and the index by id, median of several processes;
 * - in process: JSON.parse + check + index of controls.json, median of many runs.
 * Goal: a few milliseconds, small beside the synth wall time of `npm run bench:synth`.
 */

const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runner = path.join(__dirname, '..', 'scripts', 'run-ts.cjs');

const fresh: number[] = [];
let controls = 0;
for (let i = 0; i < runs; i++) {
  const out = JSON.parse(
    execFileSync(process.execPath, [runner, path.join(__dirname, 'catalogue-load.ts')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  );
  fresh.push(out.ms);
  controls = out.controls;
}

const text = readFileSync(CATALOGUE_FILE, 'utf8');
const inProcess: number[] = [];
for (let i = 0; i < 50; i++) {
  const start = process.hrtime.bigint();
  const file = checkCatalogue(JSON.parse(text));
  const index = new Map(file.controls.map((c) => [c.securityControlId, c]));
  if (!index.get('S3.1')) throw new Error('S3.1 missing');
  inProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
}

console.log(`control catalogue: ${controls} current controls, ${(text.length / 1024).toFixed(0)} KB of JSON`);
console.log(`load in a fresh process (module init, median of ${runs}):  ${median(fresh).toFixed(1)} ms`);
console.log(`parse + check + index in process (median of 50):       ${median(inProcess).toFixed(2)} ms`);
