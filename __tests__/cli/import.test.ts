import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../../cli/findings/asff';
import { MAX_FINDING_BYTES, validateFinding } from '../../cli/import/asff-validation';
import { defaultProductArn, fillFinding } from '../../cli/import/fill';
import { startFaultProxy, startOrgEmulator, useEmulatorCredentials, type OrgEmulator } from './emulator';
import { ADMIN, runCli } from './helpers';

/** A custom finding as a scanner would send it (the seed's example), valid as is. */
function customFinding(i: number, account = ADMIN): AsffFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: `custom-finding-${String(i).padStart(4, '0')}`,
    ProductArn: `arn:aws:securityhub:us-east-1:${account}:product/${account}/default`,
    GeneratorId: 'custom-scanner',
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    CreatedAt: '2025-02-20T10:00:00.000Z',
    UpdatedAt: '2025-02-20T10:00:00.000Z',
    Severity: { Label: 'HIGH' },
    Title: 'Unpatched OpenSSL in production ALB backend',
    Description: 'CVE-2024-12345 detected on backend instances',
    Resources: [{ Type: 'AwsEc2Instance', Id: `arn:aws:ec2:us-east-1:${account}:instance/i-0abc${i}` }],
  };
}

describe('ASFF validation', () => {
  test('a complete finding passes', () => {
    expect(validateFinding(customFinding(1))).toEqual([]);
    expect(validateFinding({ ...customFinding(1), Severity: { Normalized: 70 } })).toEqual([]);
  });

  const cases: [string, Partial<Record<string, unknown>>, string, RegExp][] = [
    ['SchemaVersion', { SchemaVersion: '2020-01-01' }, 'SchemaVersion', /must be "2018-10-08"/],
    ['Id missing', { Id: undefined }, 'Id', /Id is missing; it needs a non-empty string/],
    ['Id too long', { Id: 'x'.repeat(513) }, 'Id', /513 characters; at most 512/],
    ['ProductArn', { ProductArn: 'arn:aws:s3:::bucket' }, 'ProductArn', /must be a product ARN/],
    ['GeneratorId', { GeneratorId: '' }, 'GeneratorId', /needs a non-empty string/],
    ['AwsAccountId', { AwsAccountId: '12345' }, 'AwsAccountId', /"12345"; it must be a 12-digit account id/],
    [
      'AwsAccountId as a number',
      { AwsAccountId: 111122223333 },
      'AwsAccountId',
      /111122223333; it must be a 12-digit account id in quotes/,
    ],
    ['Types empty', { Types: [] }, 'Types', /needs 1 to 50 entries/],
    [
      'Types namespace',
      { Types: ['Vulnerabilities/CVE'] },
      'Types[0]',
      /must start with one of the namespaces Software and Configuration Checks, TTPs, Effects, Unusual Behaviors, Sensitive Data Identifications/,
    ],
    ['CreatedAt', { CreatedAt: '20/02/2025' }, 'CreatedAt', /must be an ISO 8601 time with a zone/],
    [
      'UpdatedAt missing',
      { UpdatedAt: undefined },
      'UpdatedAt',
      /UpdatedAt is missing; .*--fill sets missing ones to now/,
    ],
    ['UpdatedAt without zone', { UpdatedAt: '2025-02-20T10:00:00' }, 'UpdatedAt', /ISO 8601/],
    ['LastObservedAt', { LastObservedAt: 'yesterday' }, 'LastObservedAt', /ISO 8601/],
    ['Severity missing', { Severity: undefined }, 'Severity', /needs Label .* or Normalized/],
    [
      'Severity label',
      { Severity: { Label: 'SEVERE' } },
      'Severity.Label',
      /allowed: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL/,
    ],
    ['Severity normalized', { Severity: { Normalized: 101 } }, 'Severity.Normalized', /whole number from 0 to 100/],
    ['Title too long', { Title: 't'.repeat(257) }, 'Title', /257 characters; at most 256/],
    ['Description too long', { Description: 'd'.repeat(1025) }, 'Description', /1025 characters; at most 1024/],
    ['Resources empty', { Resources: [] }, 'Resources', /0 entries; it needs 1 to 32/],
    [
      'Resources too many',
      { Resources: Array.from({ length: 33 }, (_, i) => ({ Type: 'Other', Id: `r${i}` })) },
      'Resources',
      /33 entries/,
    ],
    [
      'Resource without Id',
      { Resources: [{ Type: 'AwsS3Bucket' }] },
      'Resources[0].Id',
      /every resource needs a Type .* and an Id/,
    ],
    [
      'too large',
      { Resources: [{ Type: 'Other', Id: 'big', Details: { Other: { Blob: 'x'.repeat(MAX_FINDING_BYTES) } } }] },
      '(finding)',
      /Security Hub accepts at most 245,760 \(240 KB\)/,
    ],
  ];
  test.each(cases)('%s', (_name, change, field, message) => {
    const finding = { ...customFinding(1), ...change } as AsffFinding;
    for (const key of Object.keys(change)) if (change[key] === undefined) delete finding[key];
    const problems = validateFinding(finding);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });
});

describe('--fill', () => {
  test('derives timestamps, schema version and the default product ARN; keeps what is there', () => {
    const now = new Date('2025-02-23T09:00:00.000Z');
    const bare = customFinding(1);
    delete bare.ProductArn;
    delete bare.CreatedAt;
    delete bare.SchemaVersion;
    const { finding, filled } = fillFinding(bare, { now, region: 'eu-west-1' });
    expect(filled).toEqual(['SchemaVersion', 'CreatedAt', 'ProductArn']);
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      CreatedAt: '2025-02-23T09:00:00.000Z',
      UpdatedAt: '2025-02-20T10:00:00.000Z',
      ProductArn: 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default',
    });
    expect(validateFinding(finding)).toEqual([]);
    expect(defaultProductArn('cn-north-1', ADMIN)).toBe(
      'arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default',
    );
  });

  test('cannot derive a product ARN without a Region or an account', () => {
    const bare = customFinding(1);
    delete bare.ProductArn;
    expect(fillFinding(bare, { now: new Date() }).filled).toEqual([]);
    expect(fillFinding({ ...bare, AwsAccountId: 'x' }, { now: new Date(), region: 'us-east-1' }).filled).toEqual([]);
  });
});

describe('securityhub import against the local Security Hub emulator', () => {
  let org: OrgEmulator;
  let dir: string;
  let restoreEnv: () => void;
  const write = (name: string, findings: unknown[], jsonl = false) => {
    const p = path.join(dir, name);
    writeFileSync(
      p,
      jsonl ? findings.map((f) => JSON.stringify(f)).join('\n') : JSON.stringify({ Findings: findings }, null, 2),
    );
    return p;
  };
  const imports = () => org.requests.filter((r) => r.operation === 'BatchImportFindings');

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials(ADMIN);
    org = await startOrgEmulator({ administrator: ADMIN, members: [], findings: [] });
    dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-import-'));
  });
  afterAll(async () => {
    await org?.stop();
    restoreEnv();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    org.requests.length = 0;
  });

  test('250 findings go in three BatchImportFindings calls of at most 100', async () => {
    const file = write(
      'batch.jsonl',
      Array.from({ length: 250 }, (_, i) => customFinding(i)),
      true,
    );
    const run = await runCli(['import', '--input', file, '--endpoint-url', org.endpoint, '--region', 'us-east-1']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'Read 250 findings: 250 valid, 0 invalid.\nImported 250 in 3 BatchImportFindings calls; 0 refused.\n',
    );
    expect(run.code).toBe(0);
    expect(imports().map((r) => r.status)).toEqual([200, 200, 200]);
    const stored = await org.admin.send(
      new GetFindingsCommand({
        Filters: { GeneratorId: [{ Value: 'custom-scanner', Comparison: 'EQUALS' }] },
        MaxResults: 100,
      }),
    );
    expect(stored.Findings).toHaveLength(100);
    expect(stored.NextToken).toBeDefined();
  });

  test('findings Security Hub refuses are listed one by one, and the exit code is 1', async () => {
    // The same Ids again with the same UpdatedAt: Security Hub keeps the stored finding and refuses each.
    const file = write('again.json', [
      customFinding(0),
      customFinding(1),
      { ...customFinding(2), UpdatedAt: '2025-02-21T10:00:00.000Z' },
    ]);
    const run = await runCli(['import', '--input', file, '--endpoint-url', org.endpoint, '--region', 'us-east-1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'Read 3 findings: 3 valid, 0 invalid.\nImported 1 in 1 BatchImportFindings call; 2 refused.\n',
    );
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Id "custom-finding-0000": InvalidInput: .*UpdatedAt must be later/);
    expect(lines[1]).toMatch(/^Id "custom-finding-0001": InvalidInput: /);
  });

  test('invalid findings are named and not sent; valid ones still are', async () => {
    const bad = { ...customFinding(900), AwsAccountId: '12345', Types: ['Nope'] };
    const file = write('mixed.jsonl', [customFinding(500), bad, customFinding(501)], true);
    const run = await runCli([
      'import',
      '--input',
      file,
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'finding 2 (line 2, Id "custom-finding-0900"): AwsAccountId is "12345"; it must be a 12-digit account id in quotes, e.g. "111122223333"; ' +
        'Types[0] is "Nope"; it must start with one of the namespaces Software and Configuration Checks, TTPs, Effects, Unusual Behaviors, Sensitive Data Identifications\n',
    );
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      read: 3,
      valid: 2,
      invalid: 1,
      imported: 2,
      failedImport: 0,
      batchImportCalls: 1,
      notSent: 0,
    });
    expect(summary.failures).toEqual([
      expect.objectContaining({ ordinal: 2, line: 2, id: 'custom-finding-0900', stage: 'validation' }),
    ]);
  });

  test('--dry-run validates without calling the API', async () => {
    const file = write('dry.json', [customFinding(700), { ...customFinding(701), Title: '' }]);
    const run = await runCli(['import', '--input', file, '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('Read 2 findings: 1 valid, 1 invalid.\nDry run: nothing was sent.\n');
    expect(run.stderr).toMatch(
      /^finding 2 \(line \d+, Id "custom-finding-0701"\): Title is ""; it needs a non-empty string/,
    );
    expect(org.requests).toEqual([]);
  });

  test('--fill completes scanner output that lacks timestamps and the product ARN', async () => {
    const bare = Array.from({ length: 3 }, (_, i) => {
      const f = customFinding(800 + i);
      delete f.ProductArn;
      delete f.CreatedAt;
      delete f.UpdatedAt;
      return f;
    });
    const file = write('bare.jsonl', bare, true);
    const without = await runCli(['import', '--input', file, '--dry-run']);
    expect(without.code).toBe(1);
    expect(without.stderr.trimEnd().split('\n')).toHaveLength(3);
    const run = await runCli([
      'import',
      '--input',
      file,
      '--fill',
      '--now',
      '2025-02-23T09:00:00Z',
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stored = await org.admin.send(
      new GetFindingsCommand({ Filters: { Id: [{ Value: 'custom-finding-0800', Comparison: 'EQUALS' }] } }),
    );
    expect(stored.Findings?.[0]).toMatchObject({
      ProductArn: `arn:aws:securityhub:us-east-1:${ADMIN}:product/${ADMIN}/default`,
      CreatedAt: '2025-02-23T09:00:00.000Z',
    });
  });

  test('--fill without a Region says how to derive ProductArn', async () => {
    const f = customFinding(1);
    delete f.ProductArn;
    const run = await runCli(['import', '--input', write('noregion.json', [f]), '--fill', '--dry-run']);
    expect(run.stderr).toMatch(/ProductArn is missing; .* \(pass --region so --fill can derive ProductArn\)\n$/);
  });

  test('a call that fails after retries stops the import: what was not sent is not counted as refused, and the reason comes once with its fix', async () => {
    const proxy = await startFaultProxy(org.endpoint, (route, n) =>
      route === 'POST /findings/import' && n >= 2
        ? { kind: 'error', status: 403, errorType: 'AccessDeniedException', message: 'not authorized' }
        : { kind: 'pass' },
    );
    try {
      const file = write(
        'stop.jsonl',
        Array.from({ length: 250 }, (_, i) => customFinding(2000 + i)),
        true,
      );
      const run = await runCli(['import', '--input', file, '--endpoint-url', proxy.endpoint, '--region', 'us-east-1']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        'Read 250 findings: 250 valid, 0 invalid.\n' +
          'Imported 100 in 2 BatchImportFindings calls; 0 refused, 150 not sent.\n' +
          'Stopped at BatchImportFindings call 2: 150 findings from there on were not sent (the reason is on stderr).\n',
      );
      expect(run.stderr).toBe(
        'securityhub import: BatchImportFindings call 2 failed: AccessDeniedException: not authorized (HTTP 403, 1 attempt); ' +
          "the caller may not call securityhub:BatchImportFindings. Fix: use the credentials of the account the findings are imported into, or grant that action to the caller's role.\n",
      );
    } finally {
      await proxy.stop();
    }
  });

  test('usage and input errors', async () => {
    const missing = await runCli(['import']);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'securityhub import: --input is required: the findings file, e.g. --input findings.jsonl (--input - reads standard input); run `securityhub import --help` for the flags.\n',
    });
    const empty = await runCli(['import', '--input', '-', '--dry-run'], { stdin: '' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^securityhub import: --input stdin: the input is empty/);
    const notFindings = await runCli(['import', '--input', '-', '--dry-run'], { stdin: '[1, 2, 3]' });
    expect(notFindings.stderr).toMatch(/findings array holds a number or literal at line 1/);
    const badNow = await runCli(['import', '--input', '-', '--now', 'soon'], { stdin: '{}' });
    expect(badNow).toMatchObject({ code: 2, stderr: expect.stringMatching(/--now "soon" is not a date/) });
  });
});
