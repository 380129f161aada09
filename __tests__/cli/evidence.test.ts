import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CONTROL_CATALOGUE } from '../../domain/control-catalogue';
import { RemediationLedger, type RunRecord } from '../../remediation-functions/shared/ledger';
import { startOrgEmulator, useEmulatorCredentials, type OrgEmulator } from './emulator';
import { ADMIN, FIXTURES, MEMBER_B, MEMBER_C, ORG_JSON, runCli } from './helpers';

/*
 * `securityhub evidence` against local AWS (the organization fixture loaded into the emulator, a
 * ledger table in moto) and against an export of the same findings: the pack verifies with the
 * real sha256sum, holds every failing resource and every requirement id of the standard's
 * controls, the exemptions of the config and the ledger's runs of the period.
 */

const PCI = 'standards/pci-dss/v/3.2.1';
const TABLE = 'securityhub-remediation-ledger';
const AS_OF = '2025-02-23';

interface FixtureFinding {
  Id: string;
  ProductArn: string;
  AwsAccountId: string;
  Region: string;
  RecordState?: string;
  Workflow?: { Status?: string };
  Note?: { Text: string; UpdatedBy: string; UpdatedAt: string };
  Resources: { Id: string }[];
  Compliance?: { Status?: string; SecurityControlId?: string; AssociatedStandards?: { StandardsId: string }[] };
}
const fixture = () => (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: FixtureFinding[] }).Findings;

/** What the fixture says fails PCI DSS v3.2.1, read straight from the file: ACTIVE, FAILED, not suppressed. */
function failingInFixture(): { controlId: string; account: string; region: string; resource: string }[] {
  return fixture()
    .filter(
      (f) =>
        f.ProductArn.endsWith('product/aws/securityhub') &&
        (f.RecordState ?? 'ACTIVE') === 'ACTIVE' &&
        f.Compliance?.Status === 'FAILED' &&
        f.Workflow?.Status !== 'SUPPRESSED' &&
        (f.Compliance.AssociatedStandards ?? []).some((s) => s.StandardsId === PCI),
    )
    .map((f) => ({
      controlId: f.Compliance!.SecurityControlId!,
      account: f.AwsAccountId,
      region: f.Region,
      resource: f.Resources[0].Id,
    }));
}

const CONFIG = `${readFileSync(path.join(FIXTURES, 'org.yaml'), 'utf8')}
    disabledControls:
      - securityControlId: KMS.4
        reason: Keys are rotated by the HSM vendor's own schedule, reviewed yearly.
automationRules:
  - name: suppress-sandbox-s3
    description: Sandbox buckets are throwaway and never hold card data.
    order: 1
    criteria: { ResourceTags: [{ key: env, comparison: EQUALS, value: sandbox }] }
    actions: { workflowStatus: SUPPRESSED, note: "Sandbox bucket: suppressed by the sandbox rule." }
remediation:
  ledger: { tableName: ${TABLE} }
  exemptions:
    - securityControlId: S3.1
      scope: { accounts: ["${MEMBER_C}"] }
      owner: payments-platform@acme-corp.example
      reason: The card vault account keeps account-level public access settings under its own change control.
      expires: "2025-06-30"
`;

function run(runId: string, controlId: string, startedAt: string, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    runId,
    status: 'REMEDIATED',
    mode: 'auto',
    trigger: 'finding' as RunRecord['trigger'],
    securityControlId: controlId,
    runbook: 'BlockAccountPublicAccess',
    accountId: MEMBER_B,
    region: 'eu-west-1',
    partition: 'aws',
    resourceType: 'AwsAccount',
    resourceId: `AWS::::Account:${MEMBER_B}`,
    findingId: `arn:aws:securityhub:eu-west-1:${MEMBER_B}:security-control/${controlId}/finding/f02`,
    productArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
    changes: ['s3control PutPublicAccessBlock: BlockPublicAcls true, IgnorePublicAcls true'],
    startedAt,
    finishedAt: startedAt,
    applyStartedAt: startedAt,
    ...extra,
  };
}

/** Parses RFC 4180 CSV (the pack's files quote cells with commas). */
function csv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  return rows;
}

/** The checks every pack of the fixture must pass, whatever the source. */
function expectCompletePack(dir: string, options: { runs: boolean }): void {
  // THEN the real sha256sum verifies every file, and every file is listed
  const verified = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
  const files = readdirSync(dir).sort();
  expect(files).toEqual([
    'SHA256SUMS',
    'exemptions.csv',
    'findings.csv',
    'index.html',
    'manifest.json',
    'remediations.csv',
    'requirements.csv',
    'scope.json',
  ]);
  expect(verified.trim().split('\n').sort()).toEqual(files.filter((f) => f !== 'SHA256SUMS').map((f) => `${f}: OK`));

  // and every failing resource is in findings.csv, requirements.csv and the page
  const findings = csv(readFileSync(path.join(dir, 'findings.csv'), 'utf8'));
  const requirements = csv(readFileSync(path.join(dir, 'requirements.csv'), 'utf8'));
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  // The page stands alone: no URL in it, and a policy that forbids fetching anything.
  expect(html).not.toMatch(/(https?|file|data):/);
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  const failing = failingInFixture();
  expect(failing.length).toBe(4);
  for (const f of failing) {
    expect(findings).toContainEqual(expect.arrayContaining([f.controlId, f.account, f.region, f.resource, 'FAILED']));
    expect(
      requirements.some(
        (r) =>
          r[2] === f.controlId &&
          r[5] === f.account &&
          r[6] === 'FAILED' &&
          r[7].includes(`${f.account}/${f.region}/${f.resource}`),
      ),
    ).toBe(true);
    expect(html).toContain(f.resource);
  }
  // and every requirement id the catalogue relates to the standard's scored controls is a row
  const controls = new Set(findings.slice(1).map((r) => r[0]));
  const expectedIds = CONTROL_CATALOGUE.filter((c) => controls.has(c.securityControlId)).flatMap(
    (c) => c.requirements?.[PCI] ?? [],
  );
  expect(expectedIds).toEqual(expect.arrayContaining(['PCI DSS v3.2.1/1.2.1', 'PCI DSS v3.2.1/3.6.4']));
  const ids = new Set(requirements.slice(1).map((r) => r[0]));
  for (const id of expectedIds) expect(ids).toContain(id);
  for (const id of expectedIds) expect(html).toContain(id);

  // and the exemptions of the config are listed with owner, reason and expiry
  const exemptions = csv(readFileSync(path.join(dir, 'exemptions.csv'), 'utf8'));
  expect(exemptions).toContainEqual([
    'exemption',
    'S3.1',
    `accounts ${MEMBER_C}`,
    'payments-platform@acme-corp.example',
    'The card vault account keeps account-level public access settings under its own change control.',
    '2025-06-30',
    'config',
  ]);
  expect(exemptions).toContainEqual(expect.arrayContaining(['disabled-control', 'KMS.4', 'tier production']));
  expect(exemptions).toContainEqual(
    expect.arrayContaining(['automation-rule', 'Sandbox buckets are throwaway and never hold card data.']),
  );

  // and the ledger's runs of the period, of the standard's controls only
  const runs = csv(readFileSync(path.join(dir, 'remediations.csv'), 'utf8'));
  if (options.runs) {
    expect(runs.slice(1).map((r) => r[0])).toEqual(['run-in-period']);
    expect(runs[1]).toEqual(
      expect.arrayContaining([
        'S3.1',
        MEMBER_B,
        's3control PutPublicAccessBlock: BlockPublicAcls true, IgnorePublicAcls true',
        '2025-02-20T09:00:00.000Z',
        'arn:aws:iam::111122223333:role/secops',
      ]),
    );
  } else {
    expect(runs).toHaveLength(1);
  }
  const scope = JSON.parse(readFileSync(path.join(dir, 'scope.json'), 'utf8'));
  expect(scope).toMatchObject({
    organization: 'acme-corp',
    accounts: [ADMIN, MEMBER_B, MEMBER_C],
    regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
    generatedAt: '2025-02-23T00:00:00.000Z',
  });
  expect(scope.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  expect(manifest.files.map((f: { file: string }) => f.file)).toEqual(
    files.filter((f) => f !== 'SHA256SUMS' && f !== 'manifest.json'),
  );
}

describe('securityhub evidence', () => {
  let org: OrgEmulator;
  let work: string;
  let restore: () => void;
  let config: string;
  beforeAll(async () => {
    restore = useEmulatorCredentials(ADMIN);
    org = await startOrgEmulator({ administrator: ADMIN, members: [MEMBER_B, MEMBER_C], findings: fixture() });
    work = mkdtempSync(path.join(tmpdir(), 'evidence-'));
    config = path.join(work, 'org.yaml');
    writeFileSync(config, CONFIG);
    const dynamodb = new DynamoDBClient({ endpoint: org.endpoint, region: 'us-east-1' });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }),
    );
    const ledger = new RemediationLedger(dynamodb, TABLE);
    await ledger.begin(
      run('run-in-period', 'S3.1', '2025-02-20T09:00:00.000Z', {
        rolledBackAt: '2025-02-21T10:00:00.000Z',
        rolledBackBy: 'arn:aws:iam::111122223333:role/secops',
        rollbackReason: 'partner feed',
        status: 'ROLLED_BACK',
      }),
    );
    await ledger.begin(run('run-before-period', 'S3.1', '2024-10-01T09:00:00.000Z'));
    await ledger.begin(run('run-other-standard', 'Athena.4', '2025-02-20T09:00:00.000Z'));
    dynamodb.destroy();
  });
  afterAll(async () => {
    await org?.stop();
    rmSync(work, { recursive: true, force: true });
    restore();
  });

  test('from local AWS: a verified pack with every failing resource, requirement id, exemption and ledger run', async () => {
    const dir = path.join(work, 'api');
    const result = await runCli([
      'evidence',
      '--standard',
      PCI,
      '--config',
      config,
      '--as-of',
      AS_OF,
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
      '--output',
      dir,
    ]);
    expect(result.stderr).toMatch(
      /^Wrote the evidence pack for PCI DSS v3\.2\.1 to .*: 8 files, score 25%, 4 failing resource findings, 1 remediation run\./m,
    );
    expect(result.code).toBe(0);
    expectCompletePack(dir, { runs: true });
  });

  test('from an export of the same findings: the same facts', async () => {
    const exportDir = path.join(work, 'export');
    const backfill = await runCli([
      'export',
      'backfill',
      '--path',
      exportDir,
      '--day',
      AS_OF,
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
    ]);
    expect({ code: backfill.code, stderr: backfill.stderr }).toMatchObject({ code: 0 });
    const dir = path.join(work, 'from-export');
    const result = await runCli([
      'evidence',
      '--standard',
      PCI,
      '--config',
      config,
      '--as-of',
      AS_OF,
      '--source',
      'export',
      '--path',
      exportDir,
      '--ledger-table',
      TABLE,
      '--endpoint-url',
      org.endpoint,
      '--region',
      'us-east-1',
      '--output',
      dir,
    ]);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    expectCompletePack(dir, { runs: true });
    // The API pack and the export pack hold the same findings, line for line.
    expect(readFileSync(path.join(dir, 'findings.csv'), 'utf8')).toBe(
      readFileSync(path.join(work, 'api', 'findings.csv'), 'utf8'),
    );
  });

  test('a folder that holds something is refused, and nothing is half-written on failure', async () => {
    const dir = path.join(work, 'taken');
    await runCli(['evidence', '--standard', PCI, '--input', ORG_JSON, '--as-of', AS_OF, '--output', dir]);
    const before = readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8');
    const again = await runCli(['evidence', '--standard', PCI, '--input', ORG_JSON, '--as-of', AS_OF, '--output', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /--output .*taken: the folder exists and is not empty; an evidence pack is written to a new folder/,
    );
    expect(readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8')).toBe(before);
    // A ledger that cannot be read stops the pack before anything is written.
    const broken = path.join(work, 'broken');
    const failed = await runCli([
      'evidence',
      '--standard',
      PCI,
      '--input',
      ORG_JSON,
      '--as-of',
      AS_OF,
      '--ledger-table',
      'x',
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--region',
      'us-east-1',
      '--max-attempts',
      '1',
      '--output',
      broken,
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/reading the remediation ledger x failed: .*nothing was written/);
    expect(existsSync(broken)).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('a suppressed finding says why: its Note, who set it, and the automation rule that wrote it', async () => {
    // GIVEN three PCI DSS findings suppressed: by the config's rule (its note), by a person (BatchUpdateFindings), without a Note
    const findings = fixture();
    const pci = findings.filter(
      (f) =>
        f.ProductArn.endsWith('product/aws/securityhub') &&
        (f.RecordState ?? 'ACTIVE') === 'ACTIVE' &&
        (f.Compliance?.AssociatedStandards ?? []).some((a) => a.StandardsId === PCI),
    );
    const byRule = pci.find((f) => f.Compliance?.SecurityControlId === 'IAM.4')!;
    const byPerson = pci.find((f) => f.Compliance?.SecurityControlId === 'KMS.4' && f.Compliance.Status === 'FAILED')!;
    const bare = pci.find((f) => f.Compliance?.SecurityControlId === 'Config.1')!;
    byRule.Workflow = { Status: 'SUPPRESSED' };
    byRule.Note = {
      Text: 'Sandbox bucket: suppressed by the sandbox rule.',
      UpdatedBy: 'cdktf-securityhub',
      UpdatedAt: '2025-02-10T08:00:00.000Z',
    };
    byPerson.Workflow = { Status: 'SUPPRESSED' };
    byPerson.Note = {
      Text: 'Accepted risk until the Q2 key migration, ticket SEC-142.',
      UpdatedBy: 'arn:aws:iam::111122223333:role/secops',
      UpdatedAt: '2025-02-12T16:30:00.000Z',
    };
    bare.Workflow = { Status: 'SUPPRESSED' };
    const input = path.join(work, 'suppressed.json');
    writeFileSync(input, JSON.stringify({ Findings: findings }));
    // WHEN the pack is made from them
    const dir = path.join(work, 'suppressed');
    const result = await runCli([
      'evidence',
      '--standard',
      PCI,
      '--config',
      config,
      '--input',
      input,
      '--as-of',
      AS_OF,
      '--output',
      dir,
    ]);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    // THEN exemptions.csv names, for each, the note, who set it and when, and the rule whose note it is
    const where = (f: FixtureFinding) => `${f.AwsAccountId}/${f.Region}/${f.Resources[0].Id}`;
    const rows = csv(readFileSync(path.join(dir, 'exemptions.csv'), 'utf8')).filter(
      (r) => r[0] === 'suppressed-finding',
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        [
          'suppressed-finding',
          'IAM.4',
          where(byRule),
          'cdktf-securityhub',
          `finding ${byRule.Id} is SUPPRESSED (PASSED) with the note of automation rule "suppress-sandbox-s3": Sandbox bucket: suppressed by the sandbox rule. (note's UpdatedBy cdktf-securityhub, UpdatedAt 2025-02-10T08:00:00.000Z)`,
          '',
          'findings',
        ],
        [
          'suppressed-finding',
          'KMS.4',
          where(byPerson),
          'arn:aws:iam::111122223333:role/secops',
          `finding ${byPerson.Id} is SUPPRESSED (FAILED): Accepted risk until the Q2 key migration, ticket SEC-142. (note's UpdatedBy arn:aws:iam::111122223333:role/secops, UpdatedAt 2025-02-12T16:30:00.000Z)`,
          '',
          'findings',
        ],
        [
          'suppressed-finding',
          'Config.1',
          where(bare),
          '',
          `finding ${bare.Id} is SUPPRESSED (NOT_AVAILABLE); it has no Note`,
          '',
          'findings',
        ],
      ]),
    );
    expect(rows).toHaveLength(3);
    // and the page shows the same reasons
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain(
      'Accepted risk until the Q2 key migration, ticket SEC-142.',
    );
  });

  test('a standard the findings do not cover is named with the ones they do', async () => {
    const result = await runCli([
      'evidence',
      '--standard',
      'standards/nist-800-53/v/5.0.0',
      '--input',
      ORG_JSON,
      '--as-of',
      AS_OF,
      '--output',
      path.join(work, 'nist'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--standard standards/nist-800-53/v/5.0.0 is not among the standards of the findings read (standards/cis-aws-foundations-benchmark/v/5.0.0, ruleset/cis-aws-foundations-benchmark/v/1.2.0, standards/aws-foundational-security-best-practices/v/1.0.0, standards/pci-dss/v/3.2.1); give one of them. Nothing was written.',
    );
    expect(existsSync(path.join(work, 'nist'))).toBe(false);
  });
});
