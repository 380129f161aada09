import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { generateFindings, generatedAccounts } from '../__tests__/fixtures/findings/generate';
import { splitApiOnly, startOrgEmulator } from '../__tests__/cli/emulator';
import { FINDINGS_PAGE_SIZE } from '../cli/aws/findings-reader';
import { DirectorySink, ExportLayoutWriter, arrivalDayOf } from '../cli/export/layout-writer';
import type { AsffFinding } from '../cli/findings/asff';

/*
 * `npm run bench:report`: `securityhub report` over 10k and 100k generated findings, read from a
 * get-findings JSON file and from the local Security Hub emulator, each run in its own process
 * (peak RSS read with getrusage(RUSAGE_CHILDREN)); and, as the baseline, the same findings read
 * by `aws securityhub get-findings` (AWS CLI v1) from the emulator piped into a minimal aggregation.
 * Aims: RSS at 100k <= 1.2x RSS at 10k; GetFindings calls = ceil(N/100); wall <= 0.5x the baseline.
 * `--source export`: at BENCH_EXPORT_SIZES (default 100k and 1M) the same findings written in
 * the export layout (Parquet) by the project's layout writer (Firehose's stand-in) and as a
 * JSON Lines file, both reports run in the same pass: the export read by DuckDB under the default
 * --memory-limit (512MB), the file beside it. The reports must be equal; with BENCH_EXPORT_API=1
 * the same findings are also loaded into the emulator and the API report must agree (slow at 1M).
 * Aims at the largest export size: export wall <= 0.5x file wall, peak RSS <= 512 MB + 150 MB,
 * bytes scanned per query <= 20 MB.
 * BENCH_SIZES=10000,100000, BENCH_EXPORT_SIZES=100000,1000000 and BENCH_BASELINE=0 change what runs.
 */

const ROOT = path.join(__dirname, '..');
const WORK = path.join(ROOT, '.bench', 'report');
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const EXPORT_SIZES = (process.env.BENCH_EXPORT_SIZES ?? '100000,1000000').split(',').filter(Boolean).map(Number);
const ACCOUNTS = 50;
const ADMIN = generatedAccounts(ACCOUNTS)[0];
const STANDARDS_ARNS = [
  'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
  'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
  'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
];
const REPORT_FLAGS = [
  '--format',
  'json',
  '--as-of',
  '2025-02-23',
  '--organization',
  'bench',
  '--admin-account',
  ADMIN,
  '--region',
  'us-east-1',
];

/** Runs a command in a child and measures it: wall time, and the peak RSS of the largest process it started. */
async function measure(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ wallS: number; peakRssMb: number; code: number }> {
  // Python's resource module reads RUSAGE_CHILDREN after the wait, which covers every process of a pipeline.
  const probe =
    'import json,resource,subprocess,sys,time\n' +
    't=time.monotonic(); c=subprocess.run(["bash","-c",sys.argv[1]]).returncode\n' +
    'print(json.dumps({"wallS":time.monotonic()-t,"peakRssMb":resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,"code":c}))';
  const child = spawn('python3', ['-c', probe, command], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  await once(child, 'close');
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Bundles the command as it ships (one JS file, plain node), so start-up is measured as users see it. */
function bundleCli(): string {
  const outfile = path.join(WORK, 'securityhub.js');
  buildSync({
    entryPoints: [path.join(ROOT, 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', '@duckdb/node-api', '@duckdb/node-bindings'],
    logLevel: 'error',
  });
  return outfile;
}

/** Writes N findings as `aws securityhub get-findings` prints them (4-space indented JSON), one at a time. */
async function writeFindingsFile(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('{\n    "Findings": [\n');
  let first = true;
  for (const f of generateFindings(count, ACCOUNTS)) {
    const text = JSON.stringify(f, null, 4).replace(/\n/g, '\n        ');
    if (!out.write(`${first ? '' : ',\n'}        ${text}`)) await once(out, 'drain');
    first = false;
  }
  out.end('\n    ]\n}\n');
  await once(out, 'finish');
}

// The baseline's consumer: what a script around the AWS CLI does, as little as gives the scores.
const AGGREGATE = `
let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => (text += c));
process.stdin.on('end', () => {
  const findings = JSON.parse(text).Findings;
  const controls = new Map();
  for (const f of findings) {
    const id = f.Compliance && f.Compliance.SecurityControlId;
    if (!id || f.RecordState !== 'ACTIVE' || (f.Workflow && f.Workflow.Status === 'SUPPRESSED')) continue;
    for (const s of f.Compliance.AssociatedStandards || []) {
      const key = s.StandardsId + '|' + id;
      const status = f.Compliance.Status;
      const prev = controls.get(key) || 'PASSED';
      controls.set(key, prev === 'FAILED' || status === 'FAILED' ? 'FAILED' : prev === 'UNKNOWN' || status !== 'PASSED' ? 'UNKNOWN' : 'PASSED');
    }
  }
  const scores = {};
  for (const [key, status] of controls) {
    const s = (scores[key.split('|')[0]] ||= { passed: 0, total: 0 });
    s.total++;
    if (status === 'PASSED') s.passed++;
  }
  console.log(JSON.stringify({ findings: findings.length, scores }));
});
`;

interface Row {
  readonly scenario: string;
  readonly findings: number;
  readonly wallS: number;
  readonly peakRssMb: number;
  readonly getFindings?: number;
  readonly apiCalls?: number;
  /** Bytes scanned per query (export source). */
  readonly scanned?: string;
  /** The most bytes one query scanned (export source). */
  readonly scannedMaxBytes?: number;
}

/** Writes N generated findings in the export layout, as Firehose would have delivered them. */
async function writeExport(dir: string, count: number): Promise<void> {
  const writer = new ExportLayoutWriter(new DirectorySink(dir), { namePrefix: 'bench' });
  for (const f of generateFindings(count, ACCOUNTS) as Generator<AsffFinding>) await writer.write(f, arrivalDayOf(f));
  await writer.close();
}

/** Runs the report over an export and over the same findings as a file, in the same pass; they must agree (and with the API, when asked). */
async function measureExport(cli: string, size: number, rows: Row[]): Promise<void> {
  const dir = path.join(WORK, `export-${size}`);
  process.stderr.write(`writing ${size.toLocaleString('en-US')} findings in the export layout and as a file...\n`);
  await writeExport(dir, size);
  const lines = path.join(WORK, `findings-${size}.jsonl`);
  const file = createWriteStream(lines);
  for (const f of generateFindings(size, ACCOUNTS))
    if (!file.write(`${JSON.stringify(f)}\n`)) await once(file, 'drain');
  file.end();
  await once(file, 'finish');

  const out = path.join(WORK, `report-export-${size}.json`);
  const err = path.join(WORK, `report-export-${size}.stderr`);
  const run = await measure(
    `node ${cli} report --source export --path ${dir} ${REPORT_FLAGS.join(' ')} > ${out} 2> ${err}`,
  );
  if (run.code !== 0) throw new Error(`report from the export failed for ${size}: ${readFileSync(err, 'utf8')}`);
  const scannedBytes = [...readFileSync(err, 'utf8').matchAll(/([a-z-]+) [\d.]+ MB \((\d+) bytes\)/g)].map(
    (m) => [m[1], Number(m[2])] as const,
  );
  const scanned = scannedBytes.map(([name, bytes]) => `${name} ${(bytes / 1_048_576).toFixed(1)} MB`).join(', ');
  rows.push({
    scenario: 'securityhub report --source export',
    findings: size,
    ...run,
    scanned,
    scannedMaxBytes: Math.max(...scannedBytes.map(([, b]) => b)),
  });
  const fileOut = path.join(WORK, `report-lines-${size}.json`);
  const fromFile = await measure(`node ${cli} report --input ${lines} ${REPORT_FLAGS.join(' ')} > ${fileOut}`);
  if (fromFile.code !== 0) throw new Error(`report from the file failed for ${size}`);
  rows.push({ scenario: 'securityhub report --input FILE (same pass)', findings: size, ...fromFile });
  const f = JSON.parse(readFileSync(fileOut, 'utf8'));
  const e = JSON.parse(readFileSync(out, 'utf8'));
  if (JSON.stringify({ ...e, source: f.source }) !== JSON.stringify(f))
    throw new Error(`the export and file reports differ for ${size} findings`);
  if (process.env.BENCH_EXPORT_API === '1') {
    process.stderr.write(`loading ${size.toLocaleString('en-US')} findings into the emulator...\n`);
    const org = await startOrgEmulator({
      administrator: ADMIN,
      members: generatedAccounts(ACCOUNTS).slice(1),
      findings: generateFindings(size, ACCOUNTS),
      standardsArns: STANDARDS_ARNS,
    });
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: ADMIN,
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const apiOut = path.join(WORK, `report-api-export-${size}.json`);
    const fromApi = await measure(
      `node ${cli} report --endpoint-url ${org.endpoint} ${REPORT_FLAGS.join(' ')} > ${apiOut}`,
      env,
    );
    await org.stop();
    if (fromApi.code !== 0) throw new Error(`report from the emulator failed for ${size}`);
    rows.push({ scenario: 'securityhub report (API, emulator, same pass)', findings: size, ...fromApi });
    if (JSON.stringify(splitApiOnly(JSON.parse(readFileSync(apiOut, 'utf8')), e).common) !== JSON.stringify(e))
      throw new Error(`the API and export reports differ for ${size} findings`);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(lines, { force: true });
}

async function main(): Promise<void> {
  // This process's own SDK clients (setting up the emulator) would print the SDK's Node 20 notice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const cli = bundleCli();
  const aggregate = path.join(WORK, 'aggregate.js');
  writeFileSync(aggregate, AGGREGATE);
  const rows: Row[] = [];
  const active = new Map<number, number>();

  for (const size of SIZES) {
    const file = path.join(WORK, `findings-${size}.json`);
    process.stderr.write(`generating ${size.toLocaleString('en-US')} findings...\n`);
    await writeFindingsFile(file, size);
    const fileOut = path.join(WORK, `report-file-${size}.json`);
    const fromFile = await measure(`node ${cli} report --input ${file} ${REPORT_FLAGS.join(' ')} > ${fileOut}`);
    if (fromFile.code !== 0) throw new Error(`report from file failed for ${size}`);
    rows.push({ scenario: 'securityhub report --input FILE', findings: size, ...fromFile });

    // The emulator runs in this process; each measured command is a separate process talking to it over loopback.
    process.stderr.write(`loading ${size.toLocaleString('en-US')} findings into the emulator...\n`);
    const accounts = generatedAccounts(ACCOUNTS);
    const org = await startOrgEmulator({
      administrator: ADMIN,
      members: accounts.slice(1),
      findings: generateFindings(size, ACCOUNTS),
      standardsArns: STANDARDS_ARNS,
    });
    const { endpoint, requests } = org;
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: ADMIN,
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const count = (op: string) => requests.filter((r) => r.operation === op).length;

    requests.length = 0;
    const apiOut = path.join(WORK, `report-api-${size}.json`);
    const fromApi = await measure(
      `node ${cli} report --endpoint-url ${endpoint} ${REPORT_FLAGS.join(' ')} > ${apiOut}`,
      env,
    );
    if (fromApi.code !== 0) throw new Error(`report from the emulator failed for ${size}`);
    rows.push({
      scenario: 'securityhub report (API, emulator)',
      findings: size,
      ...fromApi,
      getFindings: count('GetFindings'),
      apiCalls: requests.length,
    });
    const a = JSON.parse(readFileSync(apiOut, 'utf8'));
    const f = JSON.parse(readFileSync(fileOut, 'utf8'));
    // The API also lists the enabled controls that have no finding (NO DATA); a file cannot.
    if (JSON.stringify(splitApiOnly(a, f).common) !== JSON.stringify(f)) {
      throw new Error(`the API and file reports differ for ${size} findings`);
    }
    active.set(size, a.findingsRead);

    if (process.env.BENCH_BASELINE !== '0') {
      requests.length = 0;
      process.stderr.write(`baseline: aws securityhub get-findings over ${size.toLocaleString('en-US')} findings...\n`);
      const filters = `'{"RecordState":[{"Value":"ACTIVE","Comparison":"EQUALS"}]}'`;
      const baseline = await measure(
        `aws securityhub get-findings --endpoint-url ${endpoint} --region us-east-1 --page-size ${FINDINGS_PAGE_SIZE} --filters ${filters} --output json | node ${aggregate} > ${path.join(WORK, `baseline-${size}.json`)}`,
        env,
      );
      if (baseline.code !== 0) throw new Error(`the AWS CLI baseline failed for ${size}`);
      rows.push({
        scenario: 'aws securityhub get-findings | aggregate',
        findings: size,
        ...baseline,
        getFindings: count('GetFindings'),
        apiCalls: requests.length,
      });
    }
    await org.stop();
    rmSync(file, { force: true });
  }
  for (const size of EXPORT_SIZES) await measureExport(cli, size, rows);

  const header = ['scenario', 'findings', 'wall s', 'peak RSS MB', 'GetFindings', 'API calls', 'scanned per query'];
  const table = rows.map((r) => [
    r.scenario,
    r.findings.toLocaleString('en-US'),
    r.wallS.toFixed(2),
    r.peakRssMb.toFixed(0),
    r.getFindings?.toString() ?? '-',
    r.apiCalls?.toString() ?? '-',
    r.scanned ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(line(t));

  const find = (scenario: string, size: number) =>
    rows.find((r) => r.scenario.startsWith(scenario) && r.findings === size);
  const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)];
  console.log('');
  for (const scenario of ['securityhub report --input', 'securityhub report (API']) {
    const s = find(scenario, small);
    const l = find(scenario, large);
    if (s && l && small !== large) {
      const ratio = l.peakRssMb / s.peakRssMb;
      console.log(
        `${scenario.replace(' (API', ' API')}: RSS ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')} = ${ratio.toFixed(2)}x (aim <= 1.2x) ${ratio <= 1.2 ? 'ok' : 'MISSED'}`,
      );
    }
  }
  const exportSize = Math.max(...EXPORT_SIZES);
  const exported = find('securityhub report --source export', exportSize);
  const sameFile = find('securityhub report --input FILE (same pass)', exportSize);
  if (exported && sameFile) {
    const n = exportSize.toLocaleString('en-US');
    const ratio = exported.wallS / sameFile.wallS;
    console.log(
      `export wall at ${n}: ${exported.wallS.toFixed(2)} s vs file ${sameFile.wallS.toFixed(2)} s = ${ratio.toFixed(2)}x (aim <= 0.5x) ${ratio <= 0.5 ? 'ok' : 'MISSED'}`,
    );
    console.log(
      `export peak RSS at ${n} (--memory-limit 512MB): ${exported.peakRssMb.toFixed(0)} MB (aim <= 662 MB) ${exported.peakRssMb <= 662 ? 'ok' : 'MISSED'}`,
    );
    const mb = (exported.scannedMaxBytes ?? 0) / 1_048_576;
    console.log(
      `bytes scanned per query at ${n}: at most ${mb.toFixed(1)} MB (aim <= 20 MB) ${mb <= 20 ? 'ok' : 'MISSED'}`,
    );
  }
  for (const size of SIZES) {
    const api = find('securityhub report (API', size);
    const expected = Math.max(1, Math.ceil((active.get(size) ?? 0) / FINDINGS_PAGE_SIZE));
    if (api)
      console.log(
        `GetFindings calls at ${size.toLocaleString('en-US')} findings (${active.get(size)?.toLocaleString('en-US')} ACTIVE): ${api.getFindings} (aim ceil(N/100) = ${expected}) ${api.getFindings === expected ? 'ok' : 'MISSED'}`,
      );
    const base = find('aws securityhub', size);
    if (api && base) {
      const ratio = api.wallS / base.wallS;
      console.log(
        `wall at ${size.toLocaleString('en-US')}: API read ${api.wallS.toFixed(2)} s vs baseline ${base.wallS.toFixed(2)} s = ${ratio.toFixed(2)}x (aim <= 0.5x) ${ratio <= 0.5 ? 'ok' : 'MISSED'}`,
      );
    }
  }
}

const started = Date.now();
main()
  .then(() => console.log(`\nbench:report took ${((Date.now() - started) / 1000).toFixed(0)} s`))
  .catch((e: unknown) => {
    process.stderr.write(`bench:report failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
