/**
 * `npm run bench:functions`: bundles the remediation functions, then prints each bundle's size
 * and its cold module-load time, measured in a fresh `node` per sample (median of several), which
 * is what a Lambda cold start pays before the handler runs. A second figure shows what the first
 * event adds: loading the services and the SDK clients they use (the runbooks' own clients load
 * with the first finding of their kind). Budgets: 56 KB and 50 ms per bundle.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { bundleFunctions } from '../remediation-functions/scripts/bundle';
import { COMPLIANCE_REVIEW_FUNCTION } from '../core/compliance-review-contract';

const ROOT = path.resolve(__dirname, '..');
const SAMPLES = 5;
const SIZE_BUDGET_KB = 56;
/** The compliance review's size budget (see the bundles test). */
const REVIEW_SIZE_BUDGET_KB = 400;
const LOAD_BUDGET_MS = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds to require() the bundle, in a fresh node process. */
function coldLoad(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

/**
 * Milliseconds from require() to the end of the first event's service wiring, in a fresh node
 * process. The environment carries no Region, so wiring stops with an error right after loading
 * the service modules and SDK clients: nothing is sent anywhere.
 */
function firstEvent(file: string, rollback: boolean): number {
  const event = rollback
    ? { runId: 'rr-20250101T000000Z-0000000000000000' }
    : {
        id: 'bench',
        source: 'aws.securityhub',
        'detail-type': 'Security Hub Findings - Imported',
        detail: {
          findings: [
            {
              Id: 'f',
              ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
              AwsAccountId: '123456789012',
            },
          ],
        },
      };
  const script = `const t=process.hrtime.bigint();const {handler}=require(${JSON.stringify(file)});
    console.error=()=>{};
    handler(${JSON.stringify(event)}).catch(()=>{}).finally(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)));`;
  const env = { PATH: process.env.PATH ?? '', AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1' };
  return Number(
    execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
}

async function main(): Promise<void> {
  const bundles = await bundleFunctions(ROOT);
  console.log(`remediation function bundles (median of ${SAMPLES} fresh node processes each)`);
  console.log('');
  const width = Math.max(28, ...bundles.map((b) => b.name.length + 1));
  console.log(
    `${'function'.padEnd(width)} ${'size KB'.padStart(8)} ${'load ms'.padStart(8)} ${'first event ms'.padStart(15)}  budget`,
  );
  let over = 0;
  for (const b of bundles) {
    const kb = b.bytes / 1024;
    const load = median(Array.from({ length: SAMPLES }, () => coldLoad(b.file)));
    const first = median(Array.from({ length: SAMPLES }, () => firstEvent(b.file, b.name === 'rollback')));
    // The weekly review carries the control catalogue and the report's renderers, and runs once a week.
    const ok =
      kb <= (b.name === COMPLIANCE_REVIEW_FUNCTION ? REVIEW_SIZE_BUDGET_KB : SIZE_BUDGET_KB) && load <= LOAD_BUDGET_MS;
    if (!ok) over++;
    console.log(
      `${b.name.padEnd(width)} ${kb.toFixed(1).padStart(8)} ${load.toFixed(1).padStart(8)} ${first.toFixed(1).padStart(15)}  ${ok ? 'ok' : 'OVER'}`,
    );
  }
  console.log('');
  console.log(
    `budgets: ${SIZE_BUDGET_KB} KB (${COMPLIANCE_REVIEW_FUNCTION} ${REVIEW_SIZE_BUDGET_KB} KB) and ${LOAD_BUDGET_MS} ms module load per bundle; ${over === 0 ? 'all within' : `${over} over`}`,
  );
  console.log(
    '"first event" adds loading the services and their SDK clients (ledger, Security Hub, SNS, STS, Organizations, SSM); runbook clients load with their first finding.',
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
