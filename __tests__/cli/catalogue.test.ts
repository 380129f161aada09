import { BatchEnableStandardsCommand, EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCatalogue, serializeCatalogue, type CatalogueFile } from '../../domain/catalogue/catalogue-file';
import { CATALOGUE_FILE } from '../../domain/catalogue/catalogue-store';
import { startLocalAws, type LocalAws } from '../../local-aws';
import { useEmulatorCredentials } from './emulator';
import { runCli } from './helpers';

const ACCOUNT = '111122223333';

describe('securityhub catalogue refresh against local AWS', () => {
  let local: LocalAws;
  let dir: string;
  let restore: () => void;
  beforeAll(async () => {
    restore = useEmulatorCredentials(ACCOUNT);
    local = await startLocalAws();
    const client = new SecurityHubClient({
      region: 'us-east-1',
      endpoint: local.endpoint,
      credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' },
    });
    await client.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await client.send(
      new BatchEnableStandardsCommand({
        StandardsSubscriptionRequests: [{ StandardsArn: 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1' }],
      }),
    );
  });
  afterAll(async () => {
    restore();
    await local?.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'catalogue-refresh-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const refresh = (file: string, ...extra: string[]) =>
    runCli([
      'catalogue',
      'refresh',
      '--file',
      file,
      '--region',
      'us-east-1',
      '--endpoint-url',
      local.endpoint,
      '--now',
      '2026-12-01',
      ...extra,
    ]);

  /**
   * GIVEN a local file one step behind the live API: ACM.2 missing (AWS added it), ACM.1 with an
   * old title (AWS changed it) and a control AWS no longer offers.
   */
  function staleFile(): string {
    const shipped = parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'));
    const stale: CatalogueFile = {
      ...shipped,
      controls: [
        ...shipped.controls
          .filter((c) => c.securityControlId !== 'ACM.2')
          .map((c) => (c.securityControlId === 'ACM.1' ? { ...c, title: 'Certificates should be renewed' } : c)),
        {
          securityControlId: 'Gone.1',
          title: 'A control AWS has since dropped',
          severity: 'LOW',
          standards: ['standards/aws-foundational-security-best-practices/v/1.0.0'],
          parameters: [],
        },
      ],
    };
    const file = path.join(dir, 'controls.json');
    writeFileSync(file, serializeCatalogue(stale));
    return file;
  }

  test('prints what was added, changed and retired, and writes the file and its types', async () => {
    const file = staleFile();
    const run = await refresh(file);
    expect(run.code).toBe(0);
    const [summary, ...diff] = run.stdout.split('\n');
    // 1 DescribeStandards + pages of 100 of all controls + pages of each standard's control list +
    // one ListStandardsControlAssociations per control in a standard (for its requirements).
    const shipped = parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'));
    const current = shipped.controls.filter((c) => !c.retired);
    const calls =
      1 +
      Math.ceil(current.length / 100) +
      shipped.standards.reduce((n, s) => n + Math.ceil(s.controlCount / 100), 0) +
      current.filter((c) => c.standards.length > 0).length;
    expect(summary).toBe(`${current.length} controls read from Security Hub in us-east-1 (${calls} API calls)`);
    expect(diff.slice(0, 6).join('\n')).toBe(
      [
        'added (1):',
        '  + ACM.2                  HIGH          RSA certificates managed by ACM should use a key length of at least 2,048 bits',
        'changed (1):',
        '  ~ ACM.1                  title',
        'retired (1):',
        '  - Gone.1                 LOW           A control AWS has since dropped',
      ].join('\n'),
    );
    expect(diff[6]).toBe('');
    expect(run.stderr).toBe(
      ['controls.json', 'control-types.ts', 'standards-table.ts']
        .map((f) => `securityhub catalogue: wrote ${path.relative(process.cwd(), path.join(dir, f))}\n`)
        .join(''),
    );

    const written = parseCatalogue(readFileSync(file, 'utf8'));
    const byId = new Map(written.controls.map((c) => [c.securityControlId, c]));
    expect(byId.get('ACM.2')).toMatchObject({
      severity: 'HIGH',
      standards: ['standards/aws-foundational-security-best-practices/v/1.0.0', 'standards/pci-dss/v/4.0.1'],
    });
    expect(byId.get('ACM.1')?.title).toBe(
      'Imported and ACM-issued certificates should be renewed after a specified time period',
    );
    expect(byId.get('ACM.1')?.parameters).toEqual([
      { name: 'daysToExpiration', type: 'integer', min: 14, max: 365, default: 30 },
    ]);
    // Marked retired on the day of the refresh that first found it gone; controls retired before keep their day.
    expect(byId.get('Gone.1')).toMatchObject({ retired: true, standards: [], retiredAt: '2026-12-01' });
    expect(byId.get('MQ.3')).toMatchObject({ retired: true, retiredAt: '2026-01-12' });
    expect(written.sources).toEqual([
      expect.objectContaining({ origin: 'securityhub-api', takenAt: '2026-12-01', region: 'us-east-1' }),
    ]);
    expect(written.standards.find((s) => s.standardsId === 'standards/pci-dss/v/4.0.1')?.controlCount).toBe(
      shipped.standards.find((s) => s.standardsId === 'standards/pci-dss/v/4.0.1')?.controlCount,
    );

    const types = readFileSync(path.join(dir, 'control-types.ts'), 'utf8');
    expect(types).toContain('  | "ACM.2"');
    expect(types).toMatch(/export type RetiredSecurityControlId =\n(  \| "[^"]+"\n)*  \| "Gone\.1"/);
    // The standards table next to it keeps the shipped file's short names and report order.
    expect(readFileSync(path.join(dir, 'standards-table.ts'), 'utf8')).toContain(
      `{ standardsId: "standards/pci-dss/v/4.0.1", name: "PCI DSS v4.0.1", shortName: "PCI DSS v4.0.1", version: "4.0.1", global: false, requirementPrefix: "PCI DSS v4.0.1/", controlCount: ${shipped.standards.find((s) => s.standardsId === 'standards/pci-dss/v/4.0.1')?.controlCount} }`,
    );
  });

  test('related requirements come from ListStandardsControlAssociations for enabled standards; the others are kept', async () => {
    // GIVEN a file whose ElastiCache.6 has lost its requirements and IAM.7 its NIST ones
    const shipped = parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'));
    const nist = 'standards/nist-800-53/v/5.0.0';
    const pci = 'standards/pci-dss/v/4.0.1';
    const stale: CatalogueFile = {
      ...shipped,
      controls: shipped.controls.map((c) =>
        c.securityControlId === 'ElastiCache.6'
          ? { ...c, requirements: undefined }
          : c.securityControlId === 'IAM.7'
            ? { ...c, requirements: { [pci]: c.requirements![pci] } }
            : c,
      ),
    };
    const file = path.join(dir, 'controls.json');
    writeFileSync(file, serializeCatalogue(stale));
    // WHEN refreshed from an account with only PCI DSS v4.0.1 enabled
    const run = await refresh(file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/~ ElastiCache\.6 +requirements/);
    const byId = new Map(parseCatalogue(readFileSync(file, 'utf8')).controls.map((c) => [c.securityControlId, c]));
    // THEN the enabled standard's requirements are read from AWS, as AWS names them
    expect(byId.get('ElastiCache.6')?.requirements).toEqual({ [pci]: ['PCI DSS v4.0.1/8.3.1'] });
    // and a standard the account has not enabled keeps what the file had (none for IAM.7's NIST here)
    expect(byId.get('IAM.7')?.requirements?.[pci]).toContain('PCI DSS v4.0.1/8.3.6');
    expect(byId.get('IAM.7')?.requirements?.[nist]).toBeUndefined();
    expect(byId.get('S3.1')?.requirements?.[nist]).toEqual(
      shipped.controls.find((c) => c.securityControlId === 'S3.1')!.requirements![nist],
    );
  });

  test('a second refresh finds nothing new; --dry-run writes nothing', async () => {
    const file = staleFile();
    const before = readFileSync(file, 'utf8');
    const dry = await refresh(file, '--dry-run');
    expect(dry.stdout).toMatch(/added \(1\):[\s\S]*dry run: nothing written\n$/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    await refresh(file);
    const again = await refresh(file);
    expect(again.stdout).toContain('added (0):\n  none\nchanged (0):\n  none\nretired (0):\n  none\n');
  });

  test('a broken catalogue file stops the refresh before any change, with the fix', async () => {
    const file = path.join(dir, 'controls.json');
    writeFileSync(
      file,
      '{"formatVersion": 1, "sources": [], "standards": [], "controls": [{"securityControlId": "S3 1"}]}',
    );
    const run = await refresh(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /controls\[0\]\.securityControlId: "S3 1" is not a control id such as "S3\.1"; regenerate it with `securityhub catalogue refresh`/,
    );
  });
});

describe('securityhub catalogue list', () => {
  test('one standard as a table, and as JSON', async () => {
    const table = await runCli(['catalogue', 'list', '--standard', 'standards/cis-aws-foundations-benchmark/v/5.0.0']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+STANDARDS\s+PARAMETERS\s+RUNBOOK\s+TITLE$/);
    expect(lines.at(-1)).toBe('40 controls (catalogue data of 2026-09-23)');
    expect(lines.find((l) => l.startsWith('IAM.3 '))).toMatch(
      /^IAM\.3\s+MEDIUM\s+7\s+-\s+DeactivateOldAccessKeys\s+IAM users' access keys should be rotated every 90 days or less$/,
    );
    expect(lines.find((l) => l.startsWith('IAM.4 '))).toMatch(
      /^IAM\.4\s+CRITICAL\s+\d+\s+-\s+NotifyRootAccessKey\s+IAM root user access key should not exist$/,
    );
    const json = JSON.parse(
      (await runCli(['catalogue', 'list', '--standard', 'nist-800-171/v/2.0.0', '--format', 'json'])).stdout,
    ) as { securityControlId: string; parameters: unknown[] }[];
    // The standard's controls in the shipped file (EFS.6 joined it on 2026-06-29).
    const shipped = parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'));
    expect(json.map((c) => c.securityControlId)).toEqual(
      shipped.controls
        .filter((c) => !c.retired && c.standards.includes('standards/nist-800-171/v/2.0.0'))
        .map((c) => c.securityControlId),
    );
    expect(json.map((c) => c.securityControlId)).toContain('EFS.6');
    expect(json[0]).toMatchObject({
      securityControlId: 'ACM.1',
      parameters: [{ name: 'daysToExpiration', type: 'integer', min: 14, max: 365, default: 30 }],
    });
  });

  test('--severity narrows the list: which CRITICAL controls have a runbook', async () => {
    const run = await runCli(['catalogue', 'list', '--severity', 'CRITICAL', '--format', 'json']);
    const critical = JSON.parse(run.stdout) as { securityControlId: string; severity: string; runbook?: string }[];
    expect(critical.every((c) => c.severity === 'CRITICAL')).toBe(true);
    // Every current CRITICAL control of the shipped file (SNS.4 and SQS.3 became CRITICAL on 2025-11-13, MSK.4 was added).
    const shipped = parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'));
    expect(critical.map((c) => c.securityControlId)).toEqual(
      shipped.controls.filter((c) => !c.retired && c.severity === 'CRITICAL').map((c) => c.securityControlId),
    );
    expect(critical.map((c) => c.securityControlId)).toEqual(expect.arrayContaining(['SNS.4', 'SQS.3', 'MSK.4']));
    expect(critical.find((c) => c.securityControlId === 'EC2.19')?.runbook).toBe('RevokePublicIngressHighRiskPorts');
    expect((await runCli(['catalogue', 'list', '--severity', 'SEVERE'])).code).toBe(2);
  });

  test('an unknown standard gets the closest ones and exit code 2', async () => {
    const run = await runCli(['catalogue', 'list', '--standard', 'pci-dds/v/4.0.1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^securityhub catalogue: list: --standard "pci-dds\/v\/4\.0\.1" is not a standard in the catalogue; did you mean "standards\/pci-dss\/v\/4\.0\.1"/,
    );
  });
});
