import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DirectorySink, ExportLayoutWriter, arrivalDayOf } from '../../cli/export/layout-writer';
import { createS3Client } from '../../cli/export/s3-export';
import type { AsffFinding } from '../../cli/findings/asff';
import type { ComplianceReport } from '../../cli/report/model';
import { renderTrend, TREND_FORMATS } from '../../cli/report/formats';
import type { TrendReport } from '../../cli/report/trend';
import { generateFindings, generatedAccounts } from '../fixtures/findings/generate';
import { splitApiOnly, startOrgEmulator, useEmulatorCredentials, type OrgEmulator } from '../cli/emulator';
import { runCli } from '../cli/helpers';
import { earlierVersion } from './versions';

jest.setTimeout(240_000);

const ACCOUNTS = generatedAccounts(20);
const ADMIN = ACCOUNTS[0];
const FIXED = [
  '--as-of',
  '2025-02-23',
  '--organization',
  'acme-corp',
  '--admin-account',
  ADMIN,
  '--region',
  'us-east-1',
];
const STANDARDS_ARNS = [
  'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
  'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
  'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
];

/** The same report with the provenance left out (kind and input differ by source, nothing else may). */
const withoutSource = (r: ComplianceReport) => ({
  ...r,
  source: { scopeFrom: r.source.scopeFrom, notes: r.source.notes },
});

/** Writes `findings` (their latest versions) and earlier versions of some of them with the project's layout writer. */
async function writeExport(
  dir: string,
  findings: readonly AsffFinding[],
  extra: readonly AsffFinding[] = [],
): Promise<void> {
  // Earlier versions go in objects of their own, written first, as Firehose would have delivered them.
  const earlier = new ExportLayoutWriter(new DirectorySink(dir), {
    namePrefix: 'earlier',
    bufferBytes: 4 * 1024 * 1024,
  });
  for (const [i, f] of findings.entries()) {
    // Two days before (another day partition), or one hour before (often the same day).
    if (i % 3 === 0) await earlier.write(earlierVersion(f, 48), arrivalDayOf(earlierVersion(f, 48)));
    if (i % 5 === 0) await earlier.write(earlierVersion(f, 1), arrivalDayOf(earlierVersion(f, 1)));
  }
  await earlier.close();
  const latest = new ExportLayoutWriter(new DirectorySink(dir), { namePrefix: 'latest' });
  for (const f of [...findings, ...extra]) await latest.write(f, arrivalDayOf(f));
  await latest.close();
}

async function reportJson(args: readonly string[]): Promise<ComplianceReport> {
  const run = await runCli(['report', '--format', 'json', ...args, ...FIXED]);
  if (run.code !== 0) throw new Error(`report ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ComplianceReport;
}

describe('report --source export: the same figures as the API and a file, from the export layout (10k findings in three Regions)', () => {
  const findings = [...generateFindings(10_000, ACCOUNTS.length)] as AsffFinding[];
  let work: string;
  let org: OrgEmulator;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials(ADMIN);
    work = mkdtempSync(path.join(tmpdir(), 'export-report-'));
    writeFileSync(path.join(work, 'findings.jsonl'), findings.map((f) => JSON.stringify(f)).join('\n'));
    await writeExport(path.join(work, 'export'), findings);
    org = await startOrgEmulator({
      administrator: ADMIN,
      members: ACCOUNTS.slice(1),
      findings,
      standardsArns: STANDARDS_ARNS,
    });
  });
  afterAll(async () => {
    await org?.stop();
    restoreEnv?.();
    rmSync(work, { recursive: true, force: true });
  });

  test('10k findings (a third with earlier versions exported too): export, file and API reports agree, with scores per account', async () => {
    const file = await reportJson(['--input', path.join(work, 'findings.jsonl'), '--by', 'account']);
    const exported = await reportJson(['--source', 'export', '--path', path.join(work, 'export'), '--by', 'account']);
    const api = await reportJson(['--endpoint-url', org.endpoint, '--by', 'account']);
    expect(exported.source).toMatchObject({ kind: 'export', input: path.join(work, 'export'), scopeFrom: 'findings' });
    expect(withoutSource(exported)).toEqual(withoutSource(file));
    // The API also lists enabled controls without findings (NO DATA); everything else is equal.
    expect(splitApiOnly(api, exported).common).toEqual({ ...exported, source: exported.source });
    // The data set is one where the figures mean something: some of each status, across accounts.
    expect(exported.findingsRead).toBe(findings.filter((f) => f.RecordState === 'ACTIVE').length);
    expect(exported.standards.map((s) => s.shortName)).toEqual(['CIS v5.0', 'AWS FSBP v1.0', 'PCI DSS v3.2.1']);
    expect(exported.topFailedControls[0].failedAccounts).toBeGreaterThan(10);
    expect(exported.breakdown!.groups).toHaveLength(ACCOUNTS.length);
  });

  test('without --region, every source names standards with the Region most control findings come from', async () => {
    const noRegion = FIXED.slice(0, FIXED.indexOf('--region'));
    const run = async (args: readonly string[]) => {
      const r = await runCli(['report', '--format', 'json', ...args, ...noRegion]);
      expect(r.stderr).toMatch(/^(|.*scanned.*\n)$/);
      return JSON.parse(r.stdout) as ComplianceReport;
    };
    const perRegion = new Map<string, number>();
    for (const f of findings) {
      if (
        f.RecordState === 'ACTIVE' &&
        f.Compliance?.SecurityControlId &&
        /::product\/aws\/securityhub$/.test(f.ProductArn as string)
      )
        perRegion.set(f.Region as string, (perRegion.get(f.Region as string) ?? 0) + 1);
    }
    expect(perRegion.size).toBe(3);
    const home = [...perRegion].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    const file = await run(['--input', path.join(work, 'findings.jsonl')]);
    const exported = await run(['--source', 'export', '--path', path.join(work, 'export')]);
    expect(withoutSource(exported)).toEqual(withoutSource(file));
    for (const s of exported.standards) expect(s.standardsArn).toContain(`:securityhub:${home}::`);
  });

  test('the latest version wins: exporting only the earlier versions gives other figures', async () => {
    const dir = path.join(work, 'earlier-only');
    const earlier = new ExportLayoutWriter(new DirectorySink(dir));
    for (const f of findings.slice(0, 3000))
      await earlier.write(earlierVersion(f, 48), arrivalDayOf(earlierVersion(f, 48)));
    await earlier.close();
    const latest = await reportJson(['--source', 'export', '--path', dir]);
    const later = new ExportLayoutWriter(new DirectorySink(dir), { namePrefix: 'later' });
    for (const f of findings.slice(0, 3000)) await later.write(f, arrivalDayOf(f));
    await later.close();
    const updated = await reportJson(['--source', 'export', '--path', dir]);
    const file = path.join(work, 'first-3000.jsonl');
    writeFileSync(
      file,
      findings
        .slice(0, 3000)
        .map((f) => JSON.stringify(f))
        .join('\n'),
    );
    expect(withoutSource(updated)).toEqual(withoutSource(await reportJson(['--input', file])));
    expect(latest.findings.totalActive).not.toBe(updated.findings.totalActive);
    const failedAccounts = (r: ComplianceReport) =>
      r.standards.map((s) => s.controls.map((c) => [c.controlId, c.status, c.failedAccounts]));
    expect(failedAccounts(latest)).not.toEqual(failedAccounts(updated));
  });

  test("a member's own-product finding with a control id (forged) changes no score or top failed control", async () => {
    const member = ACCOUNTS[3];
    const forged: AsffFinding[] = ['S3.1', 'IAM.6', 'Config.1'].flatMap((controlId) =>
      ACCOUNTS.map((account, i) => ({
        SchemaVersion: '2018-10-08',
        Id: `forged-${controlId}-${i}`,
        ProductArn: `arn:aws:securityhub:us-east-1:${member}:product/${member}/default`,
        GeneratorId: `security-control/${controlId}`,
        AwsAccountId: account,
        Region: 'us-east-1',
        CreatedAt: '2025-02-20T00:00:00.000Z',
        UpdatedAt: '2025-02-27T00:00:00.000Z',
        Severity: { Label: 'CRITICAL' },
        Title: 'Looks like a control finding',
        Compliance: {
          Status: 'FAILED',
          SecurityControlId: controlId,
          AssociatedStandards: [{ StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' }],
        },
        RecordState: 'ACTIVE',
        Workflow: { Status: 'NEW' },
      })),
    );
    const dir = path.join(work, 'forged');
    await writeExport(dir, findings.slice(0, 2000), forged);
    const withForged = await reportJson(['--source', 'export', '--path', dir]);
    const clean = path.join(work, 'clean');
    await writeExport(clean, findings.slice(0, 2000));
    const without = await reportJson(['--source', 'export', '--path', clean]);
    expect(withForged.standards).toEqual(without.standards);
    expect(withForged.topFailedControls).toEqual(without.topFailedControls);
    // They are still findings: the summary counts them like any product's.
    expect(withForged.findings.totalActive).toBe(without.findings.totalActive + forged.length);
  });

  test('--trend over the export: one point per day, as known at the end of that day', async () => {
    const run = await runCli([
      'report',
      '--source',
      'export',
      '--path',
      path.join(work, 'export'),
      '--trend',
      '2025-02-24',
      '--as-of',
      '2025-02-28',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const trend = JSON.parse(run.stdout);
    expect(trend.reports).toBe(5);
    const fsbp = trend.standards.find((s: { shortName: string }) => s.shortName === 'AWS FSBP v1.0');
    expect(fsbp.points.map((p: { date: string }) => p.date)).toEqual([
      '2025-02-24',
      '2025-02-25',
      '2025-02-26',
      '2025-02-27',
      '2025-02-28',
    ]);
    // The last day holds every finding: its score is the report's.
    const full = await reportJson(['--source', 'export', '--path', path.join(work, 'export')]);
    expect(fsbp.latest).toBe(full.standards.find((s) => s.shortName === 'AWS FSBP v1.0')!.score);
    // The embedded engine reads the export once per day's report; both queries read what that stored.
    expect(run.stderr).toMatch(
      /scanned latest-findings [\d.]+ MB \(\d+ bytes\), finding-figures 0\.0 MB \(0 bytes\), control-status 0\.0 MB \(0 bytes\)\.\n$/,
    );
  });

  test('--trend over the export honours every trend format, as the trend of saved reports does', async () => {
    const args = [
      'report',
      '--source',
      'export',
      '--path',
      path.join(work, 'export'),
      '--trend',
      '2025-02-24',
      '--as-of',
      '2025-02-28',
    ];
    const json = await runCli([...args, '--format', 'json']);
    expect(json.code).toBe(0);
    const trend = JSON.parse(json.stdout) as TrendReport;
    const outputs: Record<string, string> = {};
    for (const format of TREND_FORMATS) {
      const run = await runCli([...args, '--format', format]);
      expect({ format, code: run.code, stderr: run.stderr }).toEqual({
        format,
        code: 0,
        stderr: expect.stringContaining('scanned'),
      });
      outputs[format] = run.stdout;
      // Each format shows the same trend: the one the JSON holds.
      expect(run.stdout).toBe(renderTrend(trend, format));
    }
    // What a reader sees: a Markdown table of the five days, and an HTML page with the chart.
    expect(outputs.markdown.split('\n')[0]).toBe('# AWS Security Hub Score Trend');
    expect(outputs.markdown).toContain('| 2025-02-28 |');
    expect(outputs.html).toMatch(/^<!DOCTYPE html>/i);
    expect(outputs.html).toContain('<svg class="trend-chart"');
    expect(new Set(Object.values(outputs)).size).toBe(TREND_FORMATS.length);
  });

  test('an earlier JSON export still reads the same, and compact turns it and small objects into one Parquet object a day', async () => {
    const dir = path.join(work, 'mixed');
    // What earlier exports wrote: GZIP'd JSON Lines by day, account and Region (Firehose's dynamic partitioning).
    const legacy = findings.slice(0, 4000);
    const byPartition = new Map<string, AsffFinding[]>();
    for (const f of legacy) {
      const key = `findings/dt=${arrivalDayOf(f)}/account=${f.AwsAccountId}/region=${f.Region}/firehose-1.json.gz`;
      byPartition.set(key, [...(byPartition.get(key) ?? []), f]);
    }
    for (const [key, list] of byPartition) {
      mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
      writeFileSync(path.join(dir, key), gzipSync(`${list.map((f) => JSON.stringify(f)).join('\n')}\n`));
    }
    // The rest as Parquet in small buffers: several objects a day, as a quiet Firehose stream leaves them.
    const small = new ExportLayoutWriter(new DirectorySink(dir), { namePrefix: 'small', bufferBytes: 1024 * 1024 });
    for (const f of findings.slice(4000)) await small.write(f, arrivalDayOf(f));
    await small.close();
    const file = await reportJson(['--input', path.join(work, 'findings.jsonl')]);
    const mixed = await reportJson(['--source', 'export', '--path', dir]);
    expect(withoutSource(mixed)).toEqual(withoutSource(file));

    const objects = (root: string) =>
      readdirSync(path.join(root, 'findings'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
    const before = objects(dir);
    const days = new Set(before.map((o) => o.split(path.sep)[1]));
    expect(before.filter((o) => o.endsWith('.json.gz')).length).toBeGreaterThan(days.size);
    expect(before.filter((o) => o.endsWith('.parquet')).length).toBeGreaterThan(days.size);
    const compact = await runCli(['export', 'compact', '--path', dir]);
    expect(compact.stderr).toBe('');
    expect(compact.stdout).toMatch(
      new RegExp(
        `^Compacted ${before.length} objects \\([\\d.]+ MB\\) of ${days.size} export days into ${days.size} Parquet objects \\([\\d.]+ MB\\) in ${dir}\\.\n$`,
      ),
    );
    const after = objects(dir);
    expect(after).toHaveLength(days.size);
    expect(new Set(after.map((o) => o.split(path.sep)[1]))).toEqual(days);
    expect(after.every((o) => /^findings\/dt=\d{4}-\d{2}-\d{2}\/compacted-[^/]+\.parquet$/.test(o))).toBe(true);
    expect(withoutSource(await reportJson(['--source', 'export', '--path', dir]))).toEqual(withoutSource(file));
    expect((await runCli(['export', 'compact', '--path', dir])).stdout).toBe(
      `Nothing to compact in ${dir}: every export day is one Parquet object.\n`,
    );

    // The same in S3: objects put back compacted, the ones read deleted.
    const s3 = createS3Client({ endpointUrl: org.endpoint, region: 'us-east-1', maxAttempts: 2 });
    await s3.send(new CreateBucketCommand({ Bucket: 'compact-export' }));
    const upload = mkdtempSync(path.join(work, 'upload-'));
    const smallAgain = new ExportLayoutWriter(new DirectorySink(upload), {
      namePrefix: 'small',
      bufferBytes: 4 * 1024 * 1024,
    });
    for (const f of findings) await smallAgain.write(f, arrivalDayOf(f));
    await smallAgain.close();
    const uploaded = objects(upload);
    for (const key of uploaded)
      await s3.send(
        new PutObjectCommand({ Bucket: 'compact-export', Key: `x/${key}`, Body: readFileSync(path.join(upload, key)) }),
      );
    const bucketCompact = await runCli([
      'export',
      'compact',
      '--path',
      's3://compact-export/x/',
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
    ]);
    expect(bucketCompact.code).toBe(0);
    const listed = (
      await s3.send(new ListObjectsV2Command({ Bucket: 'compact-export', Prefix: 'x/findings/' }))
    ).Contents!.map((o) => o.Key!);
    s3.destroy();
    const uploadedDays = new Set(uploaded.map((o) => o.split(path.sep)[1]));
    expect(uploaded.length).toBeGreaterThan(uploadedDays.size);
    expect(listed).toHaveLength(uploadedDays.size);
    expect(
      withoutSource(
        await reportJson(['--source', 'export', '--path', 's3://compact-export/x/', '--endpoint-url', org.endpoint]),
      ),
    ).toEqual(withoutSource(file));
  });

  test('backfill writes what GetFindings holds, to a folder and to S3, and both read back as the API report', async () => {
    const dir = path.join(work, 'backfill');
    const run = await runCli([
      'export',
      'backfill',
      '--path',
      dir,
      '--day',
      '2025-02-23',
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const active = findings.filter((f) => f.RecordState === 'ACTIVE').length;
    expect(run.stdout).toMatch(
      new RegExp(`^Wrote ${active} findings in \\d+ objects to ${dir} \\(export day 2025-02-23\\)\\.\n$`),
    );
    expect(readdirSync(path.join(dir, 'findings'))).toEqual(['dt=2025-02-23']);
    const api = await reportJson(['--endpoint-url', org.endpoint]);
    const fromDir = await reportJson(['--source', 'export', '--path', dir]);
    expect(splitApiOnly(api, fromDir).common).toEqual(fromDir);

    const s3 = createS3Client({ endpointUrl: org.endpoint, region: 'us-east-1', maxAttempts: 2 });
    await s3.send(new CreateBucketCommand({ Bucket: 'findings-export' }));
    s3.destroy();
    const toS3 = await runCli([
      'export',
      'backfill',
      '--path',
      's3://findings-export/security-hub/',
      '--day',
      '2025-02-23',
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
    ]);
    expect(toS3.code).toBe(0);
    const fromS3 = await reportJson([
      '--source',
      'export',
      '--path',
      's3://findings-export/security-hub/',
      '--endpoint-url',
      org.endpoint,
    ]);
    expect(withoutSource(fromS3)).toEqual(withoutSource(fromDir));
  });
});

describe('report --source export refuses what it cannot use', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'export-bad-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('a finding without a severity: one line naming the finding and the field, exit 1, nothing printed', async () => {
    const dir = path.join(work, 'bad');
    const [good, bad] = [...generateFindings(2, 2)] as AsffFinding[];
    await writeExport(dir, [good, { ...bad, Severity: { Label: 'SEVERE' } }]);
    const run = await runCli(['report', '--source', 'export', '--path', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `securityhub report: --path ${dir}: finding Id ${JSON.stringify(bad.Id)} (account "${bad.AwsAccountId}") has no Severity.Label (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL) or Severity.Normalized 0-100; fix or remove the object that holds it and run again.\n`,
    );
  });

  test('--memory-limit: a size of at least 128MB, and the report is the same under any bound', async () => {
    const dir = path.join(work, 'small');
    await writeExport(dir, [...generateFindings(500, 5)] as AsffFinding[]);
    const lots = await runCli([
      'report',
      '--source',
      'export',
      '--path',
      dir,
      '--memory-limit',
      '4GiB',
      '--format',
      'json',
      ...FIXED,
    ]);
    const little = await runCli([
      'report',
      '--source',
      'export',
      '--path',
      dir,
      '--memory-limit',
      '128MB',
      '--format',
      'json',
      ...FIXED,
    ]);
    expect(little.code).toBe(0);
    expect(little.stdout).toBe(lots.stdout);
    const words = await runCli(['report', '--source', 'export', '--path', dir, '--memory-limit', 'lots']);
    expect(words.stdout).toBe('');
    expect(words.code).toBe(2);
    expect(words.stderr).toBe(
      'securityhub report: --memory-limit "lots" is not a size; give a number and a unit, e.g. --memory-limit 512MB or --memory-limit 2GB (KB, MB, GB, TB, KiB, MiB, GiB, TiB).\n',
    );
    const tiny = await runCli(['report', '--source', 'export', '--path', dir, '--memory-limit', '10MB']);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toBe(
      'securityhub report: --memory-limit "10MB" is below the 128MB the embedded engine needs to read an export; give at least --memory-limit 128MB (default 512MB).\n',
    );
  });

  test("the engine's spill folder, in the OS temporary directory, is removed after the report", async () => {
    const dir = path.join(work, 'spill');
    await writeExport(dir, [...generateFindings(50, 2)] as AsffFinding[]);
    // A temporary directory of this test's own, so nothing else running on the machine shows in
    // it; the report runs as a process of its own, as os.tmpdir() reads the real environment.
    const temp = mkdtempSync(path.join(work, 'tmp-'));
    const seen: string[] = [];
    const watcher = watch(temp, (_event, name) => name && seen.push(name));
    const child = spawn(
      process.execPath,
      [path.join(__dirname, '..', '..', 'bin', 'securityhub.js'), 'report', '--source', 'export', '--path', dir],
      { env: { ...process.env, TMPDIR: temp }, stdio: 'ignore' },
    );
    const [code] = await once(child, 'close');
    watcher.close();
    expect(code).toBe(0);
    expect(seen.some((n) => n.startsWith('securityhub-duckdb-'))).toBe(true);
    expect(readdirSync(temp).filter((n) => n.startsWith('securityhub-duckdb-'))).toEqual([]);
  });

  test('flags that belong to another source', async () => {
    expect((await runCli(['report', '--path', work])).stderr).toBe(
      'securityhub report: --path applies to --source export; add --source export or drop --path.\n',
    );
    expect((await runCli(['report', '--source', 'export', '--input', 'x.json'])).stderr).toBe(
      'securityhub report: --input reads a file and cannot be combined with --source export; drop one of them.\n',
    );
    expect((await runCli(['report', '--source', 'lake'])).stderr).toBe(
      'securityhub report: --source "lake" is not a source; allowed: api, file, export, athena.\n',
    );
    expect((await runCli(['report', '--memory-limit', '1GB'])).stderr).toBe(
      'securityhub report: --memory-limit applies to --source export; add --source export or drop --memory-limit.\n',
    );
    const missing = await runCli(['report', '--source', 'export', '--path', path.join(work, 'none')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^securityhub report: --path .*none: cannot read .*findings\/ \(ENOENT\); point --path at the folder that holds findings\/dt=YYYY-MM-DD/,
    );
  });
});
