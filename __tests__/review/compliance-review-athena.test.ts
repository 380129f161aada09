import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  AthenaClient,
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { DirectorySink, ExportLayoutWriter, arrivalDayOf } from '../../cli/export/layout-writer';
import type { AsffFinding } from '../../cli/findings/asff';
import { calendarMonthOf } from '../../cli/dates';
import { ComplianceReview } from '../../cli/review/compliance-review';
import { DuckDbEngine, listExportObjects } from '../../cli/report/sources/duckdb-engine';
import { startLocalAws, type LocalAws } from '../../local-aws/lifecycle';
import { ATHENA_DIALECT, DUCKDB_DIALECT } from '../../domain/findings-export-dialect';
import { exportQueries, standardFindingsQuery } from '../../domain/findings-export-queries';
import { ORG_JSON } from '../cli/helpers';

/*
 * The review reading the findings export through Athena. Athena cannot run here: moto's Athena
 * answers the query calls with results queued through its /moto-api, and the queued results are
 * what the same queries give on DuckDB over an export of the organization fixture (as in
 * __tests__/export/report-athena.test.ts). The test checks the review sends the Athena rendering
 * of the report's queries and the standard's findings query, and scores and packs from the answers.
 */

const PCI = 'standards/pci-dss/v/3.2.1';
const NOW = new Date('2025-02-23T06:00:00.000Z');
const BUCKET = 'evidence-athena';
const TARGET = { workgroup: 'securityhub-findings', database: 'securityhub_findings', table: 'findings' };

describe('the compliance review from the findings export (Athena client flow against moto)', () => {
  let local: LocalAws;
  let work: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    local = await startLocalAws({});
    for (const [k, v] of Object.entries(local.env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    work = mkdtempSync(path.join(tmpdir(), 'review-athena-'));
    const writer = new ExportLayoutWriter(new DirectorySink(work));
    for (const f of (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: AsffFinding[] }).Findings)
      await writer.write(f, arrivalDayOf(f));
    await writer.close();
  });
  afterAll(async () => {
    await local?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(work, { recursive: true, force: true });
  });

  test('the report and the PCI pack come from the export; the SQL sent is the Athena rendering', async () => {
    const month = calendarMonthOf(NOW);
    const iso = { start: new Date(month.start).toISOString(), end: new Date(month.end).toISOString() };
    const engine = new DuckDbEngine(listExportObjects(work), 'test');
    const duck = exportQueries(DUCKDB_DIALECT, { relation: engine.relation, month: iso });
    const results = [];
    // In the order the review asks: the report's two queries, then the standard's findings.
    for (const sql of [
      duck['finding-figures'],
      duck['control-status'],
      standardFindingsQuery(DUCKDB_DIALECT, { relation: engine.relation }, PCI),
    ]) {
      const { rows } = await engine.query('q', sql);
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

    const settings = { endpoint: local.endpoint, region: 'us-east-1' };
    const athena = new AthenaClient(settings);
    await athena.send(
      new CreateWorkGroupCommand({
        Name: TARGET.workgroup,
        Configuration: { ResultConfiguration: { OutputLocation: 's3://results/' } },
      }),
    );
    const s3 = new S3Client({ ...settings, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, ObjectLockEnabledForBucket: true }));
    const sns = new SNSClient(settings);
    const topic = await sns.send(new CreateTopicCommand({ Name: 'securityhub-findings' }));
    const review = new ComplianceReview(
      { securityHub: new SecurityHubClient(settings), s3, sns, athena },
      {
        bucket: BUCKET,
        topicArn: topic.TopicArn!,
        lockMode: 'GOVERNANCE',
        retentionDays: 36500,
        standards: [PCI],
        organization: 'acme-corp',
        administratorAccount: '111122223333',
        region: 'us-east-1',
        athena: TARGET,
      },
    );
    const outcome = await review.run(NOW);
    expect(outcome.standards.find((s) => s.standardsId === PCI)).toMatchObject({ score: 25 });
    expect(outcome.message).toContain('findings from the findings export, Athena securityhub_findings.findings');
    const scope = JSON.parse(
      await (
        await s3.send(
          new GetObjectCommand({ Bucket: BUCKET, Key: 'reviews/2025-02-23/evidence/pci-dss-v-3.2.1/scope.json' }),
        )
      ).Body!.transformToString(),
    );
    expect(scope.dataSource).toEqual({ kind: 'athena', input: 'securityhub_findings.findings' });
    const findings = await (
      await s3.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'reviews/2025-02-23/evidence/pci-dss-v-3.2.1/findings.csv' }),
      )
    ).Body!.transformToString();
    expect(findings).toMatch(/^S3\.1,111122223333,us-east-1,/m);

    const ids =
      (await athena.send(new ListQueryExecutionsCommand({ WorkGroup: TARGET.workgroup }))).QueryExecutionIds ?? [];
    const sent = await Promise.all(
      ids.map(
        async (id) => (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!,
      ),
    );
    const relation = '"securityhub_findings"."findings"';
    const expected = exportQueries(ATHENA_DIALECT, { relation, month: iso });
    expect(sent.map((q) => q.Query).sort()).toEqual(
      [
        expected['finding-figures'],
        expected['control-status'],
        standardFindingsQuery(ATHENA_DIALECT, { relation }, PCI),
      ].sort(),
    );
    athena.destroy();
    s3.destroy();
    sns.destroy();
  });
});
