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
    const target = Object.values(r.aws_cloudwatch_event_target as Json).find(
      (x: Json) => x.target_id === 'findings-export',
    ) as Json;
    expect(target.input_path).toBe('$.detail.findings[0]');
    expect(target.arn).toMatch(/aws_kinesis_firehose_delivery_stream\..*\.arn/);
  });

  test("Firehose converts each finding to Parquet with the Glue table's columns, one day partition, the largest buffers", () => {
    const stream = one(r.aws_kinesis_firehose_delivery_stream);
    const s3 = stream.extended_s3_configuration;
    expect(s3.prefix).toBe('findings/dt=!{timestamp:yyyy-MM-dd}/');
    expect(s3.error_output_prefix).toBe('errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/');
    expect(s3.compression_format).toBe('UNCOMPRESSED');
    expect([s3.buffering_size, s3.buffering_interval]).toEqual([128, 900]);
    expect(s3.dynamic_partitioning_configuration).toBeUndefined();
    const conversion = s3.data_format_conversion_configuration;
    expect(conversion.enabled).toBe(true);
    expect(conversion.input_format_configuration.deserializer.open_x_json_ser_de.case_insensitive).toBe(true);
    expect(conversion.output_format_configuration.serializer.parquet_ser_de.compression).toBe('SNAPPY');
    expect(conversion.schema_configuration).toMatchObject({ region: 'us-east-1', version_id: 'LATEST' });
    expect(conversion.schema_configuration.database_name).toMatch(/^\$\{aws_glue_catalog_database\..*\.name\}$/);
    expect(conversion.schema_configuration.table_name).toMatch(/^\$\{aws_glue_catalog_table\..*\.name\}$/);
    // The conversion reads the table's schema as the delivery role, and only that table.
    const policy = (Object.values(r.aws_iam_role_policy as Json) as Json[]).find((p) => p.name === 'deliver-findings')!;
    const glue = JSON.parse(policy.policy).Statement.find((st: Json) => st.Sid === 'ReadTableSchema');
    expect(glue.Action).toEqual(['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions']);
    expect(glue.Resource).toEqual([
      'arn:aws:glue:us-east-1:111122223333:catalog',
      'arn:aws:glue:us-east-1:111122223333:database/securityhub_findings',
      'arn:aws:glue:us-east-1:111122223333:table/securityhub_findings/findings',
    ]);
  });

  test('both buckets: KMS encryption with the export key, public access blocked, expiry', () => {
    const encryption = Object.values(r.aws_s3_bucket_server_side_encryption_configuration as Json) as Json[];
    expect(encryption).toHaveLength(2);
    for (const e of encryption)
      expect(e.rule[0].apply_server_side_encryption_by_default).toEqual({
        sse_algorithm: 'aws:kms',
        kms_master_key_id: expect.stringMatching(/aws_kms_key\..*findings-export.*\.arn/),
      });
    const blocks = Object.values(r.aws_s3_bucket_public_access_block as Json) as Json[];
    expect(
      blocks.filter(
        (b) => b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets,
      ),
    ).toHaveLength(2);
    const lifecycle = (Object.values(r.aws_s3_bucket_lifecycle_configuration as Json) as Json[]).flatMap((l) => l.rule);
    expect(lifecycle.find((x: Json) => x.id === 'expire-findings')).toMatchObject({
      filter: [{ prefix: 'findings/' }],
      expiration: [{ days: 365 }],
    });
  });

  test('the Glue table: Parquet, the day partition projected (Athena fills in ${dt}, not Terraform), the columns an audit asks for', () => {
    const table = one(r.aws_glue_catalog_table);
    expect(table.parameters).toMatchObject({
      classification: 'parquet',
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.range': 'NOW-365DAYS,NOW',
      'storage.location.template': 's3://securityhub-findings-111122223333-us-east-1/findings/dt=$${dt}/',
    });
    expect(table.storage_descriptor.ser_de_info.serialization_library).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(table.storage_descriptor.input_format).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    const columns = Object.fromEntries(table.storage_descriptor.columns.map((c: Json) => [c.name, c.type]));
    for (const name of [
      'id',
      'productarn',
      'awsaccountid',
      'region',
      'generatorid',
      'createdat',
      'updatedat',
      'firstobservedat',
      'lastobservedat',
      'recordstate',
      'userdefinedfields',
    ]) {
      expect(columns[name]).toBe(name === 'userdefinedfields' ? 'map<string,string>' : 'string');
    }
    expect(columns.compliance).toMatch(
      /^struct<status:string,securitycontrolid:string,associatedstandards:array<struct<standardsid:string>>,/,
    );
    expect(columns.resources).toBe(
      'array<struct<type:string,id:string,partition:string,region:string,tags:map<string,string>>>',
    );
    expect(columns.severity).toBe('struct<label:string,normalized:double,original:string>');
    expect(columns.workflow).toBe('struct<status:string>');
  });

  test("the workgroup enforces encrypted results and the per-query scan limit; the named queries are the report's SQL", () => {
    const wg = one(r.aws_athena_workgroup).configuration;
    expect(wg.enforce_workgroup_configuration).toBe(true);
    expect(wg.bytes_scanned_cutoff_per_query).toBe(10_737_418_240);
    expect(wg.result_configuration.encryption_configuration.encryption_option).toBe('SSE_KMS');
    const queries = Object.values(r.aws_athena_named_query as Json) as Json[];
    expect(queries.map((q) => q.name).sort()).toEqual([
      'securityhub-report-control-status',
      'securityhub-report-finding-figures',
    ]);
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
    expect(refused({ enabled: true, scanLimitBytes: 1000 })).toMatch(
      /findingsExport\.scanLimitBytes: 1000 must be at least 10485760 \(10 MB\), Athena's smallest per-query limit\./,
    );
    expect(refused({ enabled: true, retentionDays: 0 })).toMatch(
      /findingsExport\.retentionDays: 0 must keep objects at least 1 day/,
    );
    expect(refused({ enabled: true })).toBe('accepted');
    expect(
      () =>
        new FindingsExport(new TerraformStack(Testing.app(), 'scratch'), 'x', {
          accountId: '111122223333',
          region: 'us-east-1',
          scanLimitBytes: 5,
        }),
    ).toThrow(/scanLimitBytes 5 is below Athena's smallest per-query limit of 10485760 bytes/);
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
