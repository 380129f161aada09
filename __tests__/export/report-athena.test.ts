import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  AthenaClient,
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
} from '@aws-sdk/client-athena';
import { DirectorySink, ExportLayoutWriter, arrivalDayOf } from '../../cli/export/layout-writer';
import type { AsffFinding } from '../../cli/findings/asff';
import type { ComplianceReport } from '../../cli/report/model';
import { DuckDbEngine, listExportObjects } from '../../cli/report/sources/duckdb-engine';
import { calendarMonthOf } from '../../cli/dates';
import { startLocalAws, type LocalAws } from '../../local-aws/lifecycle';
import { ATHENA_DIALECT, DUCKDB_DIALECT } from '../../domain/findings-export-dialect';
import { exportQueries } from '../../domain/findings-export-queries';
import { generateFindings } from '../fixtures/findings/generate';
import { runCli } from '../cli/helpers';

jest.setTimeout(180_000);

const FIXED = ['--as-of', '2025-02-23', '--organization', 'acme-corp', '--region', 'us-east-1'];
const ATHENA = [
  '--source',
  'athena',
  '--workgroup',
  'securityhub-findings',
  '--database',
  'securityhub_findings',
  '--table',
  'findings',
];

/*
 * Athena cannot run here. moto's Athena answers StartQueryExecution, GetQueryExecution (QUEUED,
 * RUNNING, then SUCCEEDED) and GetQueryResults, returning whatever results were queued through
 * its /moto-api. The queued results are what the same queries give on DuckDB over the same
 * export, in Athena's result shape (every value a VarCharValue string, NULL as no value, the
 * column names as the first row), so the test checks the Athena client flow end to end: the SQL
 * sent, the workgroup and database, polling, the header row, NULLs and numbers as strings.
 */
describe('report --source athena (Athena client flow against moto)', () => {
  let local: LocalAws;
  let work: string;
  let exportDir: string;
  const env: Record<string, string | undefined> = {};

  beforeAll(async () => {
    local = await startLocalAws({});
    for (const [k, v] of Object.entries(local.env)) {
      env[k] = process.env[k];
      process.env[k] = v;
    }
    work = mkdtempSync(path.join(tmpdir(), 'export-athena-'));
    exportDir = path.join(work, 'export');
    const writer = new ExportLayoutWriter(new DirectorySink(exportDir));
    for (const f of generateFindings(3000, 12) as Generator<AsffFinding>) await writer.write(f, arrivalDayOf(f));
    await writer.close();
    const athena = new AthenaClient({ region: 'us-east-1', endpoint: local.endpoint });
    await athena.send(
      new CreateWorkGroupCommand({
        Name: 'securityhub-findings',
        Configuration: { ResultConfiguration: { OutputLocation: 's3://results/' } },
      }),
    );
    athena.destroy();
  });
  afterAll(async () => {
    await local?.stop();
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(work, { recursive: true, force: true });
  });

  test("the report from Athena's answers equals the embedded engine's; the SQL sent is the Athena rendering", async () => {
    const month = calendarMonthOf(new Date('2025-02-23T00:00:00Z'));
    const iso = { start: new Date(month.start).toISOString(), end: new Date(month.end).toISOString() };
    const engine = new DuckDbEngine(listExportObjects(exportDir), 'test');
    const duck = exportQueries(DUCKDB_DIALECT, { relation: engine.relation, month: iso });
    const results = [];
    for (const name of ['finding-figures', 'control-status'] as const) {
      const { rows } = await engine.query(name, duck[name]);
      const columns = Object.keys(rows[0]);
      results.push({
        column_info: columns.map((Name) => ({ Name, Label: Name, Type: 'varchar' })),
        rows: [
          { Data: columns.map((c) => ({ VarCharValue: c })) },
          ...rows.map((r) => ({ Data: columns.map((c) => (r[c] === null ? {} : { VarCharValue: String(r[c]) })) })),
        ],
      });
    }
    engine.close();
    const seeded = await fetch(`http://127.0.0.1:${local.motoPort}/moto-api/static/athena/query-results`, {
      method: 'POST',
      body: JSON.stringify({ region: 'us-east-1', results }),
    });
    expect(seeded.status).toBe(201);

    const run = await runCli(['report', ...ATHENA, '--endpoint-url', local.endpoint, '--format', 'json', ...FIXED], {
      env: { HOME: '/nonexistent', ...local.env },
    });
    expect(run.code).toBe(0);
    const fromAthena = JSON.parse(run.stdout) as ComplianceReport;
    const fromExport = JSON.parse(
      (await runCli(['report', '--source', 'export', '--path', exportDir, '--format', 'json', ...FIXED])).stdout,
    ) as ComplianceReport;
    expect(fromAthena.source).toMatchObject({ kind: 'athena', input: 'findings' });
    expect({ ...fromAthena, source: null }).toEqual({ ...fromExport, source: null });
    expect(fromAthena.findingsRead).toBeGreaterThan(2000);

    // What Athena was asked: the Athena rendering of the same two queries, in the workgroup and database.
    const athena = new AthenaClient({ region: 'us-east-1', endpoint: local.endpoint });
    const ids =
      (await athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'securityhub-findings' }))).QueryExecutionIds ??
      [];
    const sent = await Promise.all(
      ids.map(
        async (id) => (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!,
      ),
    );
    athena.destroy();
    const expected = exportQueries(ATHENA_DIALECT, { relation: '"securityhub_findings"."findings"', month: iso });
    expect(sent.map((q) => q.Query).sort()).toEqual([expected['finding-figures'], expected['control-status']].sort());
    expect(sent.every((q) => q.QueryExecutionContext?.Database === 'securityhub_findings')).toBe(true);
  });

  test('a Glue name that is not one is refused before any request', async () => {
    const run = await runCli([
      'report',
      '--source',
      'athena',
      '--workgroup',
      'w',
      '--database',
      'db; DROP',
      '--table',
      'findings',
      '--endpoint-url',
      local.endpoint,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'securityhub report: --database "db; DROP" is not a Glue name; use lower-case letters, digits and underscores, as the FindingsExport construct names them.\n',
    );
  });
});
