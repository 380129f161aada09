import { AwsProvider, App, LocalBackend, TerraformStack } from '../../modules/framework';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLocalAws, type LocalAws } from '../../local-aws/lifecycle';
import { FindingsExport } from '../../modules/findings-export';
import { offlineTerraformEnv, terraform } from '../support/terraform';

// The FindingsExport construct as synthesized, applied to local AWS (moto behind the project's
// front) with the real terraform and AWS provider: apply, a second plan with nothing to do, destroy.
jest.setTimeout(900_000);

const ACCOUNT = '123456789012';

describe('FindingsExport against local AWS', () => {
  let local: LocalAws;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const tf = async (...args: string[]) => {
    const started = Date.now();
    const result = await terraform([...args, '-no-color'], path.join(dir, 'stacks', 'export'), env);
    if (process.env.EXPORT_E2E_LOG)
      appendFileSync(
        process.env.EXPORT_E2E_LOG,
        `terraform ${args[0]}: exit ${result.code} after ${Date.now() - started} ms\n`,
      );
    if (result.code !== 0 && !(args[0] === 'plan' && result.code === 2)) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(-5000)}\n${result.stdout.slice(-3000)}\n--- moto ---\n${local.motoLogs().slice(-3000)}`,
      );
    }
    return result;
  };

  beforeAll(async () => {
    local = await startLocalAws({});
    dir = mkdtempSync(path.join(tmpdir(), 'export-e2e-'));
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, 'export');
    new LocalBackend(stack, { path: path.join(dir, 'terraform.tfstate') });
    const services = ['athena', 'cloudwatchevents', 'cloudwatchlogs', 'firehose', 'glue', 'iam', 'kms', 's3', 'sts'];
    new AwsProvider(stack, 'aws', {
      region: 'us-east-1',
      accessKey: 'testing',
      secretKey: 'testing',
      skipCredentialsValidation: true,
      skipMetadataApiCheck: 'true',
      skipRegionValidation: true,
      s3UsePathStyle: true,
      // moto answers ListTagsForResource for an Athena workgroup without tags with "Does Not
      // Exist"; the security stack's provider sets the config's tags as default tags anyway.
      defaultTags: [{ tags: { owner: 'security' } }],
      endpoints: [Object.fromEntries(services.map((s) => [s, local.endpoint]))],
    });
    new FindingsExport(stack, 'findings-export', { accountId: ACCOUNT, region: 'us-east-1' });
    app.synth();
    env = offlineTerraformEnv({ AWS_EC2_METADATA_DISABLED: 'true' });
    await tf('init', '-input=false');
  }, 120_000);

  afterAll(async () => {
    await local?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('apply creates every resource; a second plan has nothing to do; destroy removes them', async () => {
    await tf('apply', '-auto-approve', '-input=false');
    const state = (await tf('state', 'list')).stdout.split('\n').filter(Boolean);
    for (const type of [
      'aws_kinesis_firehose_delivery_stream',
      'aws_glue_catalog_table',
      'aws_athena_workgroup',
      'aws_athena_named_query',
      'aws_cloudwatch_event_target',
      'aws_s3_bucket_lifecycle_configuration',
    ]) {
      expect(state.some((a) => a.startsWith(`${type}.`))).toBe(true);
    }
    const plan = await tf('plan', '-detailed-exitcode', '-input=false');
    expect({
      code: plan.code,
      changes: plan.stdout.split('\n').filter((l) => /^\s+[~+-] /.test(l) || /will be|must be/.test(l)),
    }).toEqual({ code: 0, changes: [] });
    // moto's Athena has no DeleteNamedQuery (the provider retries it until it gives up), so the
    // named queries leave the state before destroy; everything else is destroyed for real.
    for (const address of state.filter((a) => a.startsWith('aws_athena_named_query.')))
      await tf('state', 'rm', address);
    await tf('destroy', '-auto-approve', '-input=false');
    expect((await tf('state', 'list')).stdout.trim()).toBe('');
  });
});
