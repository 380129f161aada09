import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DirectorySink, ExportLayoutWriter, arrivalDayOf } from '../../cli/export/layout-writer';
import type { AsffFinding } from '../../cli/findings/asff';
import type { ComplianceReport } from '../../cli/report/model';
import { generateFindings, generatedAccounts } from '../fixtures/findings/generate';
import { earlierVersion } from '../export/versions';

/*
 * The report at organization scale: one million generated findings in three Regions, read from
 * the export layout (Parquet, DuckDB under its default memory bound) and from a findings file,
 * must give the same report. Both are written directly (the layout writer is Firehose's
 * stand-in); the same comparison through the API at 1M (the local Security Hub emulator over
 * HTTP) is part of `npm run bench:report`, and the API source is compared with both at 10k in
 * __tests__/export/report-export.test.ts. Each report runs as its own process, as a user runs it.
 * It runs in CI as `npm run test:scale`, within 10 minutes on 2 cores.
 */

jest.setTimeout(900_000);

// SCALE_FINDINGS lowers the count for a quick check of the suite itself; CI runs the million.
const SIZE = Number(process.env.SCALE_FINDINGS ?? 1_000_000);
const ACCOUNTS = generatedAccounts(50);
const ADMIN = ACCOUNTS[0];
const ROOT = path.join(__dirname, '..', '..');
const FIXED = [
  '--format',
  'json',
  '--as-of',
  '2025-02-23',
  '--organization',
  'acme-corp',
  '--admin-account',
  ADMIN,
  '--region',
  'us-east-1',
  '--by',
  'account',
];

const findings = () => generateFindings(SIZE, ACCOUNTS.length) as Generator<AsffFinding>;

/** The same report with the provenance left out (kind and input differ by source, nothing else may). */
const withoutSource = (r: ComplianceReport) => ({
  ...r,
  source: { scopeFrom: r.source.scopeFrom, notes: r.source.notes },
});

/**
 * Runs `securityhub report` in a child process; its report, what it printed on stderr and how long
 * it took. The environment is passed on explicitly: jest's sandbox holds its own process.env (with
 * the emulator's credentials), which a child would not otherwise get.
 */
async function report(args: readonly string[]): Promise<{ report: ComplianceReport; stderr: string; seconds: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'securityhub.js'), 'report', ...args, ...FIXED], {
    cwd: ROOT,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const [code] = await once(child, 'close');
  const stderr = Buffer.concat(err).toString('utf8');
  if (code !== 0) throw new Error(`report ${args.join(' ')} exited ${code}: ${stderr}`);
  return {
    report: JSON.parse(Buffer.concat(out).toString('utf8')) as ComplianceReport,
    stderr,
    seconds: (Date.now() - started) / 1000,
  };
}

describe('report at 1M findings: export and file give the same report', () => {
  let work: string;
  let active = 0;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'report-scale-'));
    // The file, one finding a line, written as the findings are generated (never all held).
    const file = createWriteStream(path.join(work, 'findings.jsonl'));
    for (const f of findings()) {
      if (f.RecordState === 'ACTIVE') active++;
      if (!file.write(`${JSON.stringify(f)}\n`)) await once(file, 'drain');
    }
    file.end();
    await once(file, 'finish');
    // The export: every tenth finding also has an earlier version, exported first, two days
    // before (so the latest-version step works across day partitions at this scale too).
    const earlier = new ExportLayoutWriter(new DirectorySink(path.join(work, 'export')), { namePrefix: 'earlier' });
    let i = 0;
    for (const f of findings()) {
      if (i++ % 10 === 0) await earlier.write(earlierVersion(f, 48), arrivalDayOf(earlierVersion(f, 48)));
    }
    await earlier.close();
    const latest = new ExportLayoutWriter(new DirectorySink(path.join(work, 'export')), { namePrefix: 'latest' });
    for (const f of findings()) await latest.write(f, arrivalDayOf(f));
    await latest.close();
  });
  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('1M findings in three Regions (100k with an earlier version exported too): the export report equals the file report', async () => {
    const exported = await report(['--source', 'export', '--path', path.join(work, 'export')]);
    const file = await report(['--input', path.join(work, 'findings.jsonl')]);
    process.stderr.write(
      `${SIZE.toLocaleString('en-US')} findings: export ${exported.seconds.toFixed(0)} s, file ${file.seconds.toFixed(0)} s\n`,
    );

    expect(exported.report.source).toMatchObject({ kind: 'export', scopeFrom: 'findings' });
    expect(withoutSource(exported.report)).toEqual(withoutSource(file.report));
    // The figures are of all the findings, in every account, with each status present.
    expect(exported.report.findingsRead).toBe(active);
    expect(exported.report.breakdown!.groups).toHaveLength(ACCOUNTS.length);
    expect(exported.report.topFailedControls[0].failedAccounts).toBe(ACCOUNTS.length);
    // The embedded engine reads the Parquet once (each finding's latest version), and both queries read that.
    expect(exported.stderr).toMatch(
      /scanned latest-findings [\d.]+ MB \(\d+ bytes\), finding-figures 0\.0 MB \(0 bytes\), control-status 0\.0 MB \(0 bytes\)\.\n$/,
    );
  });
});
