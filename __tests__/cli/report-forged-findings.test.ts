import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { ComplianceReport } from '../../cli/report/model';
import { credentialsFor, startOrgEmulator, useEmulatorCredentials, type OrgEmulator } from './emulator';
import { ADMIN, FIXED, MEMBER_B, MEMBER_C, ORG_JSON, runCli } from './helpers';

type Finding = Record<string, unknown>;
const fixtureFindings = () => (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: Finding[] }).Findings;

/**
 * What a member account can import into Security Hub under its own default product: a FAILED
 * "control" finding for IAM.4 (PASSED everywhere in the fixture), in all three standards,
 * carrying a remediation mark dated this month.
 */
function forgedFinding(account: string, id: string): Finding {
  return {
    SchemaVersion: '2018-10-08',
    Id: `forged/${id}`,
    ProductArn: `arn:aws:securityhub:us-east-1:${account}:product/${account}/default`,
    GeneratorId: 'security-control/IAM.4',
    AwsAccountId: account,
    Region: 'us-east-1',
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    CreatedAt: '2025-02-20T10:00:00.000Z',
    UpdatedAt: '2025-02-20T10:00:00.000Z',
    Severity: { Label: 'CRITICAL' },
    Title: 'IAM root user access key should not exist',
    Description: 'Imported by a member account.',
    Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${account}`, Partition: 'aws', Region: 'us-east-1' }],
    Compliance: {
      Status: 'FAILED',
      SecurityControlId: 'IAM.4',
      AssociatedStandards: [
        { StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' },
        { StandardsId: 'standards/cis-aws-foundations-benchmark/v/5.0.0' },
        { StandardsId: 'standards/pci-dss/v/3.2.1' },
      ],
    },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    UserDefinedFields: {
      'securityhub-remediation-outcome': 'REMEDIATED',
      'securityhub-remediation-at': '2025-02-21T10:00:00.000Z',
    },
  };
}

/** Every figure an auditor reads as compliance: scores, control results, top failed controls, N, per-account scores. */
function complianceFigures(report: ComplianceReport) {
  return {
    standards: report.standards,
    topFailedControls: report.topFailedControls,
    accountsInScope: report.accountsInScope,
    breakdown: report.breakdown,
    autoRemediatedThisMonth: report.findings.autoRemediatedThisMonth,
  };
}

const NOTE =
  /^1 active finding of products other than Security Hub carried a security control id; it counts in the finding summary only, not as control results/;

describe('a forged control finding moves no compliance figure', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-forged-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function fileReport(findings: Finding[]): Promise<ComplianceReport> {
    const file = path.join(dir, `findings-${findings.length}.json`);
    writeFileSync(file, JSON.stringify({ Findings: findings }));
    const run = await runCli(['report', '--input', file, '--format', 'json', '--by', 'account', ...FIXED]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as ComplianceReport;
  }

  test('from a file: same scores, controls, N and per-account scores; the finding counts as a finding and a note says why', async () => {
    const baseline = await fileReport(fixtureFindings());
    // The control flips to FAILED if the forged finding counted: guard that the test can fail.
    expect(baseline.standards[0].controls.find((c) => c.controlId === 'IAM.4')?.status).toBe('PASSED');
    // An account the organization does not have, as a file may hold anything.
    const forged = await fileReport([
      ...fixtureFindings(),
      forgedFinding(MEMBER_B, 'b'),
      forgedFinding('123456789012', 'x'),
    ]);

    expect(complianceFigures(forged)).toEqual(complianceFigures(baseline));
    expect(forged.breakdown?.groups.map((g) => g.key)).toEqual([ADMIN, MEMBER_B, MEMBER_C]);
    // Real findings of other products are findings: the summary counts them, by severity.
    expect(forged.findings.totalActive).toBe(baseline.findings.totalActive + 2);
    expect(forged.findings.bySeverity.CRITICAL).toBe(baseline.findings.bySeverity.CRITICAL + 2);
    expect(forged.source.notes).toContainEqual(
      expect.stringMatching(
        /^2 active findings of products other than Security Hub carried a security control id; they count in the finding summary only/,
      ),
    );
    expect(baseline.source.notes.some((n) => /other than Security Hub/.test(n))).toBe(false);
  });

  test("from a file: Security Hub's own product in another partition still counts (the check is the exact product, not the partition)", async () => {
    const own = {
      ...forgedFinding(MEMBER_B, 'own'),
      ProductArn: 'arn:aws-us-gov:securityhub:us-gov-west-1::product/aws/securityhub',
      UserDefinedFields: {},
    };
    const report = await fileReport([...fixtureFindings(), own]);
    expect(report.standards[0].controls.find((c) => c.controlId === 'IAM.4')).toMatchObject({
      status: 'FAILED',
      failedAccounts: 1,
    });
  });

  describe('from the Security Hub API (local emulator)', () => {
    let org: OrgEmulator;
    let restoreEnv: () => void;
    beforeAll(async () => {
      restoreEnv = useEmulatorCredentials(ADMIN);
      org = await startOrgEmulator({
        administrator: ADMIN,
        members: [MEMBER_B, MEMBER_C],
        findings: fixtureFindings(),
      });
    });
    afterAll(async () => {
      await org?.stop();
      restoreEnv?.();
    });

    test("a member imports a FAILED IAM.4 under its own product: the administrator's report keeps every compliance figure", async () => {
      const report = async () => {
        const run = await runCli([
          'report',
          '--endpoint-url',
          org.endpoint,
          '--format',
          'json',
          '--by',
          'account',
          ...FIXED,
        ]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        return JSON.parse(run.stdout) as ComplianceReport;
      };
      const baseline = await report();
      const member = new SecurityHubClient({
        region: 'us-east-1',
        endpoint: org.endpoint,
        credentials: credentialsFor(MEMBER_B),
      });
      try {
        const imported = await member.send(
          new BatchImportFindingsCommand({ Findings: [forgedFinding(MEMBER_B, 'api')] as never }),
        );
        expect(imported).toMatchObject({ SuccessCount: 1, FailedCount: 0 });
      } finally {
        member.destroy();
      }
      const after = await report();
      expect(after.findingsRead).toBe(baseline.findingsRead + 1);
      expect(complianceFigures(after)).toEqual(complianceFigures(baseline));
      expect(after.findings.totalActive).toBe(baseline.findings.totalActive + 1);
      expect(after.source.notes).toEqual([expect.stringMatching(NOTE)]);
    });
  });
});
