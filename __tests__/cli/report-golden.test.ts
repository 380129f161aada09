import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ComplianceReport } from '../../cli/report/model';
import { packageVersion } from '../../cli/main';
import { expectGolden as expectGoldenFile } from '../support/golden';
import { ADMIN, FIXED, MEMBER_B, MEMBER_C, ORG_JSON, ORG_JSONL, runCli } from './helpers';

/*
 * The organization fixture (fixtures/findings/organization.json) has 28 findings in three
 * accounts (A = 111122223333, the administrator; B = 444455556666; C = 777788889999) and three
 * Regions. Control findings, by control (status, account, Region, [standards]):
 *
 *   S3.1          f01 FAILED A use1, f02 FAILED B euw1, f03 PASSED C use1, f18 PASSED A usw2   [FSBP, CIS5, PCI]
 *   IAM.4         f04 PASSED A, f05 PASSED B, f06 PASSED C, f19 PASSED C,
 *                 f07 FAILED B but ARCHIVED (ignored)                                          [FSBP, CIS5, PCI]
 *   CloudTrail.1  f08 PASSED A use1, f09 WARNING A euw1                                        [FSBP, CIS5]
 *   EC2.19        f10 FAILED B but SUPPRESSED (ignored), f11 PASSED C, f20 PASSED C            [FSBP]
 *   RDS.3         f12 FAILED C but SUPPRESSED (ignored)                                        [FSBP, CIS5]
 *   Config.1      f13 NOT_AVAILABLE B                                                          [FSBP, CIS5, PCI]
 *   KMS.4         f14 FAILED C use1, f15 FAILED C euw1 (one account, two Regions)              [CIS5, PCI]
 *   CloudWatch.1  f16 FAILED A; no AssociatedStandards, ProductFields.StandardsArn = CIS 1.2   [CIS12]
 *   Athena.4      f17 FAILED B, not in the catalogue (title and severity from the finding)     [FSBP]
 *
 * Control status over all accounts and Regions:
 *   S3.1 FAILED (A, B), IAM.4 PASSED, CloudTrail.1 UNKNOWN (WARNING), EC2.19 PASSED,
 *   RDS.3 NO DATA, Config.1 UNKNOWN (NOT_AVAILABLE), KMS.4 FAILED (C), CloudWatch.1 FAILED (A),
 *   Athena.4 FAILED (B).
 */
const EXPECTED_STANDARDS = [
  // CIS v5.0: S3.1 F, IAM.4 P, CloudTrail.1 U, RDS.3 -, Config.1 U, KMS.4 F
  //   passed 1, failed 2, unknown 2, no data 1 -> 100 x 1 / 5 = 20
  { name: 'CIS AWS Foundations Benchmark v5.0.0', score: 20, passed: 1, failed: 2, unknown: 2, noData: 1 },
  // CIS v1.2: CloudWatch.1 F -> 100 x 0 / 1 = 0
  { name: 'CIS AWS Foundations Benchmark v1.2.0', score: 0, passed: 0, failed: 1, unknown: 0, noData: 0 },
  // FSBP: S3.1 F, IAM.4 P, CloudTrail.1 U, EC2.19 P, RDS.3 -, Config.1 U, Athena.4 F
  //   passed 2, failed 2, unknown 2, no data 1 -> 100 x 2 / 6 = 33.3 -> 33
  { name: 'AWS Foundational Security Best Practices v1.0.0', score: 33, passed: 2, failed: 2, unknown: 2, noData: 1 },
  // PCI DSS v3.2.1: S3.1 F, IAM.4 P, Config.1 U, KMS.4 F -> 100 x 1 / 4 = 25
  { name: 'PCI DSS v3.2.1', score: 25, passed: 1, failed: 2, unknown: 1, noData: 0 },
];

/*
 * Top failed controls, by accounts with a FAILED, ACTIVE, not-suppressed finding (N = 3 accounts
 * seen): S3.1 in A and B = 2; then one account each, ordered by severity then id:
 * Athena.4 (MEDIUM), KMS.4 (MEDIUM, C in two Regions counts once), CloudWatch.1 (LOW).
 * IAM.4 (archived FAILED), EC2.19 and RDS.3 (suppressed FAILED) do not appear.
 */
const EXPECTED_TOP = [
  { controlId: 'S3.1', failedAccounts: 2, totalAccounts: 3 },
  { controlId: 'Athena.4', failedAccounts: 1, totalAccounts: 3 },
  { controlId: 'KMS.4', failedAccounts: 1, totalAccounts: 3 },
  { controlId: 'CloudWatch.1', failedAccounts: 1, totalAccounts: 3 },
];

/*
 * Finding summary. Total Active = ACTIVE, workflow NEW or NOTIFIED, compliance not PASSED:
 *   control findings f01 M, f02 M, f09 H, f13 C, f14 M, f15 M, f16 L, f17 M (NOTIFIED)  = 8
 *   other findings   g01 H (GuardDuty), g02 C (Inspector, NOTIFIED), g04 L (Macie),
 *                    g05 I (GuardDuty), g08 Normalized 75 -> H                          = 5
 *   = 13: Critical 2 (f13, g02), High 3 (f09, g01, g08), Medium 5, Low 2 (f16, g04), Informational 1 (g05).
 *   Not counted: PASSED findings, g03 (RESOLVED), g07 and f07 (ARCHIVED), suppressed ones.
 * Suppressed = ACTIVE + SUPPRESSED: f10, f12, g06 = 3.
 * Auto-remediated this month (as of 2025-02-23): f18 marked REMEDIATED on 2025-02-10 = 1;
 *   f19 (January), f20 (outcome FAILED) and f07 (archived) do not count.
 */
const EXPECTED_FINDINGS = {
  totalActive: 13,
  bySeverity: { CRITICAL: 2, HIGH: 3, MEDIUM: 5, LOW: 2, INFORMATIONAL: 1 },
  suppressed: 3,
  autoRemediatedThisMonth: 1,
};

const GOLDEN = path.join(__dirname, 'golden');

/** Compares with a golden file of __tests__/cli/golden; UPDATE_GOLDEN=1 rewrites it. */
function expectGolden(name: string, actual: string): void {
  expectGoldenFile(path.join(GOLDEN, name), actual);
}

describe('securityhub report on the organization fixture', () => {
  let json: ComplianceReport;

  beforeAll(async () => {
    const run = await runCli(['report', '--input', ORG_JSON, '--format', 'json', ...FIXED]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    json = JSON.parse(run.stdout) as ComplianceReport;
  });

  test('scores every standard as worked out by hand', () => {
    expect(
      json.standards.map(({ name, score, passed, failed, unknown, noData }) => ({
        name,
        score,
        passed,
        failed,
        unknown,
        noData,
      })),
    ).toEqual(EXPECTED_STANDARDS);
    expect(json.standards.map((s) => s.standardsArn)).toEqual([
      'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
      'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
      'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
    ]);
  });

  test('ranks failed controls by failing accounts, with catalogue titles and finding titles as fallback', () => {
    expect(
      json.topFailedControls.map(({ controlId, failedAccounts, totalAccounts }) => ({
        controlId,
        failedAccounts,
        totalAccounts,
      })),
    ).toEqual(EXPECTED_TOP);
    expect(json.topFailedControls[0].title).toBe(
      'S3 general purpose buckets should have block public access settings enabled',
    );
    // Athena.4 is not in the catalogue: its finding's title and severity are used.
    expect(json.topFailedControls[1]).toMatchObject({
      title: 'Athena workgroups should have logging enabled',
      severity: 'MEDIUM',
    });
  });

  test('summarises findings; the severity parts add up to the total', () => {
    expect(json.findings).toEqual(EXPECTED_FINDINGS);
    const parts = Object.values(json.findings.bySeverity).reduce((a, b) => a + b, 0);
    expect(parts).toBe(json.findings.totalActive);
  });

  test('names the organization, the administrator and the provenance', () => {
    expect(json).toMatchObject({
      generatedAt: '2025-02-23T00:00:00.000Z',
      reportDate: '2025-02-23',
      organization: 'acme-corp',
      administratorAccount: ADMIN,
      accountsInScope: 3,
      // 28 findings less f07 and g07, which are ARCHIVED.
      findingsRead: 26,
      source: { kind: 'file', scopeFrom: 'findings' },
    });
    expect(json.source.notes.join(' ')).toMatch(/derived from the findings alone/);
  });

  test('"this month" follows --as-of: in March the February remediation no longer counts', async () => {
    const run = await runCli(['report', '--input', ORG_JSON, '--format', 'json', ...FIXED, '--as-of', '2025-03-01']);
    expect((JSON.parse(run.stdout) as ComplianceReport).findings.autoRemediatedThisMonth).toBe(0);
  });

  test('JSON Lines input gives the same report as get-findings JSON', async () => {
    const lines = await runCli(['report', '--input', ORG_JSONL, '--format', 'json', ...FIXED]);
    const fromLines = JSON.parse(lines.stdout) as ComplianceReport;
    expect({ ...fromLines, source: undefined }).toEqual({ ...json, source: undefined });
  });

  test('stdin works like a file', async () => {
    const run = await runCli(['report', '--input', '-', '--format', 'json', ...FIXED], {
      stdin: readFileSync(ORG_JSON),
    });
    expect((JSON.parse(run.stdout) as ComplianceReport).standards).toEqual(json.standards);
  });

  describe.each(['text', 'json', 'csv', 'markdown', 'html'])('--format %s', (format) => {
    test('matches its golden file', async () => {
      // Relative, as a user types it: the JSON names the input, and the checkout's location must not matter.
      const run = await runCli([
        'report',
        '--input',
        path.relative(process.cwd(), ORG_JSON),
        '--format',
        format,
        ...FIXED,
      ]);
      expect(run.code).toBe(0);
      // The page names the tool's version, which a release changes: the golden file holds a placeholder.
      expectGolden(
        `organization.${format === 'markdown' ? 'md' : format}`,
        run.stdout.replace(`cdktf-securityhub ${packageVersion()}<`, 'cdktf-securityhub VERSION<'),
      );
    });
  });

  test('text follows the report layout line for line', async () => {
    const run = await runCli(['report', '--input', ORG_JSON, ...FIXED]);
    expect(run.stdout.split('\n').slice(0, 21)).toEqual([
      'AWS Security Hub Compliance Report',
      '====================================',
      'Organization: acme-corp',
      'Administrator Account: 111122223333',
      'Report Date: 2025-02-23',
      'Standards Enabled: CIS v5.0, CIS v1.2, AWS FSBP v1.0, PCI DSS v3.2.1',
      'COMPLIANCE SCORES:',
      'CIS AWS Foundations Benchmark v5.0.0: 20%',
      'CIS AWS Foundations Benchmark v1.2.0: 0%',
      'AWS Foundational Security Best Practices v1.0.0: 33%',
      'PCI DSS v3.2.1: 25%',
      'TOP FAILED CONTROLS (by account count):',
      '[S3.1] S3 general purpose buckets should have block public access settings enabled - 2/3 accounts FAILED',
      '[Athena.4] Athena workgroups should have logging enabled - 1/3 accounts FAILED',
      '[KMS.4] AWS KMS key rotation should be enabled - 1/3 accounts FAILED',
      '[CloudWatch.1] A log metric filter and alarm should exist for usage of the "root" user - 1/3 accounts FAILED',
      'FINDING SUMMARY:',
      'Total Active Findings: 13',
      'Critical: 2 | High: 3 | Medium: 5 | Low: 2 | Informational: 1',
      'Auto-Remediated This Month: 1',
      'Suppressed: 3',
    ]);
  });

  test('--top limits the failed controls', async () => {
    const run = await runCli(['report', '--input', ORG_JSON, '--format', 'json', '--top', '1', ...FIXED]);
    expect((JSON.parse(run.stdout) as ComplianceReport).topFailedControls.map((c) => c.controlId)).toEqual(['S3.1']);
  });
});

describe('per-account and per-tier breakdown', () => {
  /*
   * Per account, the same rules over that account's findings only (standards CIS5, CIS12, FSBP, PCI):
   *   A: CIS5  S3.1 F, IAM.4 P, CloudTrail.1 U          -> 1/3 = 33
   *      CIS12 CloudWatch.1 F                           -> 0/1 = 0
   *      FSBP  S3.1 F, IAM.4 P, CloudTrail.1 U          -> 1/3 = 33
   *      PCI   S3.1 F, IAM.4 P                          -> 1/2 = 50
   *   B: CIS5  S3.1 F, IAM.4 P, Config.1 U              -> 1/3 = 33
   *      CIS12 no data
   *      FSBP  S3.1 F, IAM.4 P, Config.1 U, Athena.4 F  -> 1/4 = 25
   *      PCI   S3.1 F, IAM.4 P, Config.1 U              -> 1/3 = 33
   *   C: CIS5  S3.1 P, IAM.4 P, KMS.4 F                 -> 2/3 = 67
   *      CIS12 no data
   *      FSBP  S3.1 P, IAM.4 P, EC2.19 P                -> 3/3 = 100
   *      PCI   S3.1 P, IAM.4 P, KMS.4 F                 -> 2/3 = 67
   */
  test('--by account', async () => {
    const run = await runCli(['report', '--input', ORG_JSON, '--format', 'json', '--by', 'account', ...FIXED]);
    const report = JSON.parse(run.stdout) as ComplianceReport;
    expect(report.breakdown?.groups.map((g) => [g.key, g.standards.map((s) => s.score)])).toEqual([
      [ADMIN, [33, 0, 33, 50]],
      [MEMBER_B, [33, null, 25, 33]],
      [MEMBER_C, [67, null, 100, 67]],
    ]);
  });

  /*
   * Tiers from org.yaml: production = B and C; A is in no tier, so "unassigned".
   *   production: CIS5  S3.1 F (B), IAM.4 P, Config.1 U, KMS.4 F (C), RDS.3 -      -> 1/4 = 25
   *               FSBP  S3.1 F, IAM.4 P, EC2.19 P, Config.1 U, Athena.4 F        -> 2/5 = 40
   *               PCI   S3.1 F, IAM.4 P, Config.1 U, KMS.4 F                     -> 1/4 = 25
   *   unassigned: as account A above.
   */
  test('--by tier with the tiers of --config', async () => {
    const config = path.join(__dirname, '..', 'fixtures', 'findings', 'org.yaml');
    const run = await runCli([
      'report',
      '--input',
      ORG_JSON,
      '--config',
      config,
      '--as-of',
      '2025-02-23',
      '--by',
      'tier',
    ]);
    expect(run.stderr).toBe('');
    expectGolden('organization-by-tier.txt', run.stdout);
    const json = JSON.parse(
      (
        await runCli([
          'report',
          '--input',
          ORG_JSON,
          '--config',
          config,
          '--as-of',
          '2025-02-23',
          '--by',
          'tier',
          '--format',
          'json',
        ])
      ).stdout,
    ) as ComplianceReport;
    expect(json.organization).toBe('acme-corp');
    expect(json.administratorAccount).toBe(ADMIN);
    expect(json.breakdown?.groups.map((g) => [g.key, g.accounts, g.standards.map((s) => s.score)])).toEqual([
      ['production', [MEMBER_B, MEMBER_C], [25, null, 40, 25]],
      ['unassigned', [ADMIN], [33, 0, 33, 50]],
    ]);
  });
});
