import { App } from '../../modules/framework';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { COMPLIANCE_REVIEW_ENVIRONMENT as ENV } from '../../core/compliance-review-contract';
import { ACCOUNT_LEVEL_ACTIONS, isReadOnlyAction } from '../../domain/member-permissions';
import { buildOrganizationStacks } from '../../stacks/organization';
import { configFrom, defaultConfigData } from '../support/org-config';
import { offlineTerraformEnv, terraform } from '../support/terraform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/*
 * The security stack with complianceReview (reading the findings export through Athena) and a
 * remediation window: what `cdktf synth` writes passes `terraform validate` with the real provider,
 * the bucket is WORM, encrypted and TLS-only, and every IAM statement passes the project's check.
 */

const PCI = 'standards/pci-dss/v/3.2.1';

function synthSecurity(data: Json): { dir: string; stack: Json } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'review-stack-'));
  const app = new App({ outdir });
  buildOrganizationStacks(app, configFrom(data));
  app.synth();
  const dir = path.join(outdir, 'stacks', 'security');
  return { dir, stack: JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as Json };
}

const only = (resources: Json | undefined, fragment: string): Json => {
  const matches = Object.entries(resources ?? {}).filter(([k]) => k.includes(fragment));
  expect(matches).toHaveLength(1);
  return matches[0][1] as Json;
};

describe('the compliance review in the security stack', () => {
  const data = {
    ...defaultConfigData(),
    findingsExport: { enabled: true },
    complianceReview: { scheduleExpression: 'cron(0 7 ? * FRI *)', retentionDays: 400, standards: [PCI] },
    remediationWindow: { start: '2027-01-04', by: '2027-04-04', targets: { [PCI]: 90 } },
  };
  const { dir, stack } = synthSecurity(data);
  const r = stack.resource as Json;

  test('a weekly schedule runs the review function on nodejs22.x, which reads the export through Athena', () => {
    const schedule = only(r.aws_scheduler_schedule, 'compliance-review');
    expect(schedule).toMatchObject({
      schedule_expression: 'cron(0 7 ? * FRI *)',
      schedule_expression_timezone: 'UTC',
      flexible_time_window: { mode: 'OFF' },
    });
    const fn = only(r.aws_lambda_function, 'compliance-review');
    expect(schedule.target.arn).toBe(
      `\${aws_lambda_function.${Object.keys(r.aws_lambda_function).find((k) => k.includes('compliance-review'))}.arn}`,
    );
    expect(fn).toMatchObject({
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      function_name: 'securityhub-compliance-review',
    });
    const variables = fn.environment.variables;
    expect(variables).toMatchObject({
      [ENV.lockMode]: 'GOVERNANCE',
      [ENV.retentionDays]: '400',
      [ENV.standards]: PCI,
      [ENV.athenaTable]: expect.stringContaining('aws_glue_catalog_table'),
    });
    expect(JSON.parse(variables[ENV.remediationWindow])).toEqual({
      start: '2027-01-04',
      by: '2027-04-04',
      targets: { [PCI]: 90 },
    });
  });

  test('the evidence bucket: Object Lock (GOVERNANCE, the retention days), versioning, SSE-KMS with a rotating key, public access blocked, TLS only', () => {
    const bucket = only(r.aws_s3_bucket, 'compliance-review');
    expect(bucket).toMatchObject({
      bucket: 'securityhub-evidence-111122223333-us-east-1',
      object_lock_enabled: true,
      force_destroy: false,
    });
    expect(only(r.aws_s3_bucket_object_lock_configuration, 'compliance-review').rule).toEqual({
      default_retention: { mode: 'GOVERNANCE', days: 400 },
    });
    expect(only(r.aws_s3_bucket_versioning, 'compliance-review').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    const sse = only(r.aws_s3_bucket_server_side_encryption_configuration, 'compliance-review').rule[0]
      .apply_server_side_encryption_by_default;
    expect(sse.sse_algorithm).toBe('aws:kms');
    expect(only(r.aws_kms_key, 'compliance-review').enable_key_rotation).toBe(true);
    expect(only(r.aws_s3_bucket_public_access_block, 'compliance-review')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(only(r.aws_s3_bucket_policy, 'compliance-review').policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
  });

  test('IAM: no wildcard action, no write action on Resource "*"; the function writes only to its bucket and publishes only to the topic', () => {
    const policies = Object.entries(r.aws_iam_role_policy as Json).filter(([k]) => k.includes('compliance-review'));
    expect(policies).toHaveLength(2);
    const statements: Json[] = policies.flatMap(([, p]) => JSON.parse(p.policy).Statement);
    const problems: string[] = [];
    for (const s of statements) {
      const resources: string[] = [s.Resource].flat();
      for (const a of [s.Action].flat() as string[]) {
        if (a === '*' || a.endsWith(':*')) problems.push(`wildcard action ${a}`);
        if (resources.includes('*') && !isReadOnlyAction(a) && !ACCOUNT_LEVEL_ACTIONS.has(a))
          problems.push(`write action ${a} on Resource "*"`);
      }
    }
    expect(problems).toEqual([]);
    const write = statements.find((s) => s.Sid === 'WriteEvidence')!;
    expect(write.Resource).toMatch(/^\$\{aws_s3_bucket\..*compliance-review.*\.arn\}\/\*$/);
    expect(statements.find((s) => s.Sid === 'Notify')!.Resource).toMatch(/aws_sns_topic\./);
    // The scheduler's role may invoke the review function and nothing else.
    const invoke = statements.find((s) => s.Sid === 'InvokeReview')!;
    expect(invoke).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Resource: expect.stringMatching(/aws_lambda_function\..*compliance-review/),
    });
  });

  test("with remediation deployed, the function reads the week's runs from the ledger table: dynamodb:Scan on that table, nothing else of DynamoDB", () => {
    const ledgerKey = Object.keys(r.aws_dynamodb_table as Json).find((k) => k.includes('remediation-ledger'))!;
    expect(ledgerKey).toBeDefined();
    const fn = only(r.aws_lambda_function, 'compliance-review');
    expect(fn.environment.variables[ENV.ledgerTable]).toBe(`\${aws_dynamodb_table.${ledgerKey}.name}`);
    const policy = only(r.aws_iam_role_policy, 'compliance-review_function-policy');
    const statements: Json[] = JSON.parse(policy.policy).Statement;
    const dynamodb = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    expect(dynamodb).toEqual([
      {
        Sid: 'ReadLedger',
        Effect: 'Allow',
        Action: 'dynamodb:Scan',
        Resource: `\${aws_dynamodb_table.${ledgerKey}.arn}`,
      },
    ]);
  });

  test('without remediation there is no ledger: no ledger variable and no DynamoDB grant', () => {
    const plainData = {
      ...data,
      tiers: (data as Json).tiers.map((t: Json) => ({ ...t, remediation: { defaultMode: 'off', controls: {} } })),
    };
    const { stack: plain } = synthSecurity(plainData);
    const res = plain.resource as Json;
    expect(Object.keys(res.aws_dynamodb_table ?? {})).toEqual([]);
    expect(only(res.aws_lambda_function, 'compliance-review').environment.variables[ENV.ledgerTable]).toBeUndefined();
    expect(only(res.aws_iam_role_policy, 'compliance-review_function-policy').policy).not.toContain('dynamodb:');
  });

  test('the check above fails on a widened statement', () => {
    const widened = [
      { Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
      { Action: 's3:PutObject', Resource: '*' },
    ];
    expect(
      widened.filter(
        (s) =>
          s.Action.endsWith(':*') ||
          (s.Resource === '*' && !isReadOnlyAction(s.Action) && !ACCOUNT_LEVEL_ACTIONS.has(s.Action)),
      ),
    ).toHaveLength(2);
  });

  test('terraform init and validate, offline, with the real provider', async () => {
    const env = offlineTerraformEnv();
    const init = await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir, env);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
    const validate = await terraform(['validate', '-json', '-no-color'], dir, env);
    const result = JSON.parse(validate.stdout);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('without complianceReview the stack has no review resources', () => {
    const { stack: plain } = synthSecurity(defaultConfigData());
    expect(Object.keys(plain.resource.aws_scheduler_schedule ?? {})).toEqual([]);
    expect(Object.keys(plain.resource.aws_s3_bucket ?? {}).filter((k) => k.includes('compliance-review'))).toEqual([]);
  });
});
