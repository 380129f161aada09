import { App, TerraformStack, Testing } from '../../modules/framework';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../config/problems';
import { FindingsExport } from '../../modules/findings-export';
import { buildOrganizationStacks } from '../../stacks/organization';
import { configFrom, defaultConfigData } from '../support/org-config';
import { offlineTerraformEnv, terraform } from '../support/terraform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const exportData = (findingsExport: Json = { enabled: true }) => ({ ...defaultConfigData(), findingsExport });

function synthSecurity(data: Json): Json {
  const app = Testing.app();
  const stacks = buildOrganizationStacks(app, configFrom(data));
  return JSON.parse(Testing.synth(stacks.security));
}

const one = (resources: Json | undefined): Json => {
  const all = Object.values(resources ?? {}) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
};

describe('FindingsExport in the security stack', () => {
  const stack = synthSecurity(exportData());
  const r = stack.resource;

  test('off by default: the example synthesizes no export', () => {
    expect(synthSecurity(defaultConfigData()).resource.aws_kinesis_firehose_delivery_stream).toBeUndefined();
  });

  test('the rule sends each finding itself to Firehose (what it matches: export-rule.test.ts)', () => {
    const target = Object.values(r.aws_cloudwatch_event_target as Json).find((x: Json) => x.target_id === 'findings-export') as Json;
    expect(target.input_path).toBe('$.detail.findings[0]');
    expect(target.arn).toMatch(/aws_kinesis_firehose_delivery_stream\..*\.arn/);
  });

  test('Firehose writes GZIP\'d JSON Lines partitioned by day, account and Region', () => {
    const s3 = one(r.aws_kinesis_firehose_delivery_stream).extended_s3_configuration;
    expect(s3.prefix).toBe('findings/dt=!{timestamp:yyyy-MM-dd}/account=!{partitionKeyFromQuery:account}/region=!{partitionKeyFromQuery:region}/');
    expect(s3.compression_format).toBe('GZIP');
    expect(s3.dynamic_partitioning_configuration.enabled).toBe(true);
    expect(s3.processing_configuration.processors.map((p: Json) => p.type)).toEqual(['MetadataExtraction', 'AppendDelimiterToRecord']);
  });

  test('both buckets: KMS encryption with the export key, public access blocked, expiry', () => {
    const encryption = Object.values(r.aws_s3_bucket_server_side_encryption_configuration as Json) as Json[];
    expect(encryption).toHaveLength(2);
    for (const e of encryption) expect(e.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: expect.stringMatching(/aws_kms_key\..*findings-export.*\.arn/) });
    const blocks = Object.values(r.aws_s3_bucket_public_access_block as Json) as Json[];
    expect(blocks.filter((b) => b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets)).toHaveLength(2);
    const lifecycle = (Object.values(r.aws_s3_bucket_lifecycle_configuration as Json) as Json[]).flatMap((l) => l.rule);
    expect(lifecycle.find((x: Json) => x.id === 'expire-findings')).toMatchObject({ filter: [{ prefix: 'findings/' }], expiration: [{ days: 365 }] });
  });

  test('the Glue table projects the day partition; Athena fills in ${dt}, not Terraform', () => {
    const table = one(r.aws_glue_catalog_table);
    expect(table.parameters).toMatchObject({
      'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.range': 'NOW-365DAYS,NOW',
      'storage.location.template': 's3://securityhub-findings-111122223333-us-east-1/findings/dt=$${dt}/',
    });
    expect(table.storage_descriptor.columns.find((c: Json) => c.name === 'compliance').type)
      .toBe('struct<status:string,securitycontrolid:string,associatedstandards:array<struct<standardsid:string>>>');
  });

  test('the workgroup enforces encrypted results and the per-query scan limit; the named queries are the report\'s SQL', () => {
    const wg = one(r.aws_athena_workgroup).configuration;
    expect(wg.enforce_workgroup_configuration).toBe(true);
    expect(wg.bytes_scanned_cutoff_per_query).toBe(10_737_418_240);
    expect(wg.result_configuration.encryption_configuration.encryption_option).toBe('SSE_KMS');
    const queries = Object.values(r.aws_athena_named_query as Json) as Json[];
    expect(queries.map((q) => q.name).sort()).toEqual(['securityhub-report-control-status', 'securityhub-report-finding-figures']);
    for (const q of queries) {
      expect(q.query).toMatch(/"securityhub_findings"\."findings"/);
      expect(q.query).not.toMatch(/list_filter|regexp_matches|bit_or\(/);
    }
  });

  test('bad settings are refused with the field, the value and the fix', () => {
    const refused = (findingsExport: Json) => {
      try {
        configFrom(exportData(findingsExport));
      } catch (e) {
        return (e as ConfigError).message;
      }
      return 'accepted';
    };
    expect(refused({ enabled: true, scanLimitBytes: 1000 })).toMatch(/findingsExport\.scanLimitBytes: 1000 must be at least 10485760 \(10 MB\), Athena's smallest per-query limit\./);
    expect(refused({ enabled: true, retentionDays: 0 })).toMatch(/findingsExport\.retentionDays: 0 must keep objects at least 1 day/);
    expect(refused({ enabled: true })).toBe('accepted');
    expect(() => new FindingsExport(new TerraformStack(Testing.app(), 'scratch'), 'x', { accountId: '111122223333', region: 'us-east-1', scanLimitBytes: 5 }))
      .toThrow(/scanLimitBytes 5 is below Athena's smallest per-query limit of 10485760 bytes/);
  });
});

describe('terraform validate of the security stack with the export on (provider 5.100.0, offline)', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'validate-export-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('init and validate find no problem', async () => {
    const app = new App({ outdir });
    buildOrganizationStacks(app, configFrom(exportData()));
    app.synth();
    const env = offlineTerraformEnv();
    const cwd = path.join(outdir, 'stacks', 'security');
    const init = await terraform(['init', '-backend=false', '-input=false', '-no-color'], cwd, env);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
    const validate = JSON.parse((await terraform(['validate', '-json', '-no-color'], cwd, env)).stdout);
    expect(validate.diagnostics).toEqual([]);
    expect(validate.valid).toBe(true);
  });
});
