import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchUpdateStandardsControlAssociationsCommand } from '@aws-sdk/client-securityhub';
import { renderReport, type ReportFormat } from '../../cli/report/formats';
import type { ComplianceReport } from '../../cli/report/model';
import { CONTROL_CATALOGUE } from '../../domain/control-catalogue';
import { generateFindings, generatedAccounts } from '../fixtures/findings/generate';
import {
  splitApiOnly,
  startFaultProxy,
  startOrgEmulator,
  useEmulatorCredentials,
  type Fault,
  type OrgEmulator,
} from './emulator';
import { ADMIN, FIXED, MEMBER_B, MEMBER_C, ORG_JSON, runCli } from './helpers';

const fixtureFindings = () => (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: unknown[] }).Findings;

/** The file report's notes say the scope came from findings; everything else must match the API report. */
function withoutProvenance(text: string): string {
  return text.replace(/\nNOTES:\n[\s\S]*$/, '\n');
}

/** The file report with the API's own fields put in: what the API report must render as, in any format. */
function withApiOnly(file: ComplianceReport, api: ComplianceReport): ComplianceReport {
  return {
    ...file,
    source: api.source,
    standards: file.standards.map((s, i) => ({
      ...s,
      noData: api.standards[i].noData,
      controls: api.standards[i].controls,
    })),
  };
}

/** The standards the fixture organization enables, in report order. */
const FIXTURE_STANDARDS = [
  'standards/cis-aws-foundations-benchmark/v/5.0.0',
  'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
  'standards/aws-foundational-security-best-practices/v/1.0.0',
  'standards/pci-dss/v/3.2.1',
];
const FSBP = 'standards/aws-foundational-security-best-practices/v/1.0.0';

/** Security control ids of the emulator's catalogue that a standard includes. */
function catalogueControlsOf(standardsId: string): string[] {
  return CONTROL_CATALOGUE.filter((c) => c.standards.some((s) => s.standardsId === standardsId)).map(
    (c) => c.securityControlId,
  );
}

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorCredentials(ADMIN);
});
afterAll(() => restoreEnv());

describe('report from the Security Hub API (local emulator) vs from a file', () => {
  let org: OrgEmulator;
  beforeAll(async () => {
    org = await startOrgEmulator({ administrator: ADMIN, members: [MEMBER_B, MEMBER_C], findings: fixtureFindings() });
  });
  afterAll(async () => org?.stop());

  /*
   * The same findings from the API and from a file give the same report, except for what only the
   * API can know: the enabled controls that produced no finding at all, which the API report
   * counts as NO DATA (ListSecurityControlDefinitions) and a file cannot see. Today's catalogue:
   *   CIS v5.0  36 controls, 6 with findings  -> 30 more NO DATA (31 with RDS.3, suppressed only)
   *   CIS v1.2  29 controls, 1 (CloudWatch.1) -> 28
   *   FSBP      46 controls, 6 (Athena.4 is not one of them) -> 40 more (41 with RDS.3)
   *   PCI DSS   29 controls, 4                -> 25
   */
  test('the same findings give the same report, in every format, but for the controls only the API lists', async () => {
    const file = JSON.parse(
      (await runCli(['report', '--input', ORG_JSON, '--format', 'json', ...FIXED])).stdout,
    ) as ComplianceReport;
    const run = await runCli(['report', '--endpoint-url', org.endpoint, '--format', 'json', ...FIXED]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const api = JSON.parse(run.stdout) as ComplianceReport;
    expect(api.source).toEqual({ kind: 'api', scopeFrom: 'api', notes: [] });

    // Everything a file can know is identical.
    const { common, apiOnly } = splitApiOnly(api, file);
    expect(common).toEqual(file);

    // What only the API knows: every control of the standard without a finding in it, as NO DATA.
    expect(api.standards.map((s) => [s.shortName, s.noData])).toEqual([
      ['CIS v5.0', 35],
      ['CIS v1.2', 41],
      // FSBP: every control of the catalogue's standard but the 6 the fixture has findings for.
      ['AWS FSBP v1.0', catalogueControlsOf(FSBP).length - 6],
      ['PCI DSS v3.2.1', 40],
    ]);
    for (const s of api.standards) {
      const inFile = new Set(
        file.standards.find((f) => f.standardsId === s.standardsId)!.controls.map((c) => c.controlId),
      );
      const only = apiOnly.get(s.standardsId)!;
      expect(only.map((c) => c.controlId).sort()).toEqual(
        catalogueControlsOf(s.standardsId)
          .filter((id) => !inFile.has(id))
          .sort(),
      );
      expect(only.every((c) => c.status === 'NO_DATA' && c.failedAccounts === 0)).toBe(true);
      // NO DATA controls come after every control with a status.
      const firstNoData = s.controls.findIndex((c) => c.status === 'NO_DATA');
      expect(s.controls.slice(firstNoData).every((c) => c.status === 'NO_DATA')).toBe(true);
    }
    // Titles and severities come from the catalogue, as for controls with findings.
    expect(api.standards[0].controls.find((c) => c.controlId === 'IAM.9')).toEqual({
      controlId: 'IAM.9',
      title: 'MFA should be enabled for the root user',
      severity: 'CRITICAL',
      status: 'NO_DATA',
      failedAccounts: 0,
      failedAccountIds: [],
    });

    // Every format renders those same figures: the text layout has no NO DATA counts and matches
    // the file's line for line; the others render the file's report with the API's own fields.
    const fromFileText = await runCli(['report', '--input', ORG_JSON, ...FIXED]);
    expect((await runCli(['report', '--endpoint-url', org.endpoint, ...FIXED])).stdout).toBe(
      withoutProvenance(fromFileText.stdout),
    );
    for (const format of ['csv', 'markdown'] as const satisfies readonly ReportFormat[]) {
      const fromApi = await runCli(['report', '--endpoint-url', org.endpoint, '--format', format, ...FIXED]);
      expect(fromApi.stdout).toBe(renderReport(withApiOnly(file, api), format));
    }
    // The HTML page adds what only the command knows (failing resources, Regions, tool version);
    // its scores and finding summary are the same figures.
    const figures = (html: string) => html.slice(html.indexOf('<h2>Compliance scores</h2>'), html.indexOf('<h2 id='));
    const htmlFromApi = await runCli(['report', '--endpoint-url', org.endpoint, '--format', 'html', ...FIXED]);
    expect(figures(htmlFromApi.stdout)).not.toBe('');
    expect(figures(htmlFromApi.stdout)).toBe(figures(renderReport(withApiOnly(file, api), 'html')));
  });

  test('the API read asks GetFindings for ACTIVE findings, 100 a page, then the scope', async () => {
    org.requests.length = 0;
    await runCli(['report', '--endpoint-url', org.endpoint, ...FIXED]);
    // One control list per enabled standard, 100 a page (FSBP's take 4 pages); then the association
    // of every listed control with its standard (100 a call); then the members.
    const sizes = FIXTURE_STANDARDS.map((id) => catalogueControlsOf(id).length);
    const pages = (n: number) => Math.ceil(n / 100);
    expect(org.requests.map((r) => r.operation)).toEqual([
      'GetFindings',
      'GetEnabledStandards',
      ...Array(sizes.reduce((sum, n) => sum + pages(n), 0)).fill('ListSecurityControlDefinitions'),
      ...Array(pages(sizes.reduce((sum, n) => sum + n, 0))).fill('BatchGetStandardsControlAssociations'),
      'ListMembers',
    ]);
    expect(org.requests.every((r) => r.status === 200)).toBe(true);
  });

  test('disabled controls and enabled standards come from the API', async () => {
    // RDS.3 disabled in FSBP, S3.1 disabled in PCI DSS.
    await org.admin.send(
      new BatchUpdateStandardsControlAssociationsCommand({
        StandardsControlAssociationUpdates: [
          {
            SecurityControlId: 'RDS.3',
            StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
            AssociationStatus: 'DISABLED',
            UpdatedReason: 'no RDS in this organization',
          },
          {
            SecurityControlId: 'S3.1',
            StandardsArn: 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
            AssociationStatus: 'DISABLED',
            UpdatedReason: 'buckets out of PCI scope',
          },
          {
            SecurityControlId: 'IAM.9',
            StandardsArn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
            AssociationStatus: 'DISABLED',
            UpdatedReason: 'root credentials are centrally managed',
          },
        ],
      }),
    );
    try {
      const run = await runCli(['report', '--endpoint-url', org.endpoint, '--format', 'json', ...FIXED]);
      const report = JSON.parse(run.stdout) as ComplianceReport;
      const byName = Object.fromEntries(report.standards.map((s) => [s.shortName, s]));
      // FSBP: RDS.3 (no data) moves to disabled; still 2 passed / 2 failed / 2 unknown -> 33.
      expect(byName['AWS FSBP v1.0']).toMatchObject({
        score: 33,
        passed: 2,
        failed: 2,
        unknown: 2,
        noData: catalogueControlsOf(FSBP).length - 7,
        disabled: 1,
      });
      // PCI DSS: S3.1 (failed) is left out: IAM.4 P, Config.1 U, KMS.4 F -> 100 x 1 / 3 = 33.
      expect(byName['PCI DSS v3.2.1']).toMatchObject({
        score: 33,
        passed: 1,
        failed: 1,
        unknown: 1,
        noData: 40,
        disabled: 1,
      });
      // CIS v5.0: IAM.9 has no finding; disabled, it is no longer NO DATA (35 -> 34) and is not listed.
      expect(byName['CIS v5.0']).toMatchObject({ score: 20, noData: 34, disabled: 1 });
      expect(byName['CIS v5.0'].controls.map((c) => c.controlId)).not.toContain('IAM.9');
      // S3.1 is still enabled (and failing) in FSBP and CIS, so it still tops the list.
      expect(report.topFailedControls[0]).toMatchObject({ controlId: 'S3.1', failedAccounts: 2, totalAccounts: 3 });
    } finally {
      await org.admin.send(
        new BatchUpdateStandardsControlAssociationsCommand({
          StandardsControlAssociationUpdates: [
            {
              SecurityControlId: 'RDS.3',
              StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
              AssociationStatus: 'ENABLED',
            },
            {
              SecurityControlId: 'S3.1',
              StandardsArn: 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
              AssociationStatus: 'ENABLED',
            },
            {
              SecurityControlId: 'IAM.9',
              StandardsArn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
              AssociationStatus: 'ENABLED',
            },
          ],
        }),
      );
    }
  });

  test('control lists refused: NO DATA counts controls seen in findings, as from a file, and the report says so', async () => {
    const proxy = await startFaultProxy(org.endpoint, (route) =>
      route === 'GET /securityControls/definitions'
        ? {
            kind: 'error',
            status: 403,
            errorType: 'AccessDeniedException',
            message: 'User is not authorized to perform: securityhub:ListSecurityControlDefinitions',
          }
        : { kind: 'pass' },
    );
    try {
      const run = await runCli(['report', '--endpoint-url', proxy.endpoint, '--format', 'json', ...FIXED]);
      expect(run.code).toBe(0);
      const api = JSON.parse(run.stdout) as ComplianceReport;
      const file = JSON.parse(
        (await runCli(['report', '--input', ORG_JSON, '--format', 'json', ...FIXED])).stdout,
      ) as ComplianceReport;
      expect(api.standards).toEqual(file.standards);
      expect(api.source.notes).toEqual([
        'ListSecurityControlDefinitions was refused (AccessDeniedException: User is not authorized to perform: securityhub:ListSecurityControlDefinitions (HTTP 403, 1 attempt)); NO DATA counts only controls that appear in findings (an enabled control with no finding at all is not counted).',
      ]);
    } finally {
      await proxy.stop();
    }
  });

  test('progress goes to stderr only when it is a terminal', async () => {
    const tty = await runCli(['report', '--endpoint-url', org.endpoint, ...FIXED], { stderrIsTty: true });
    expect(tty.stderr).toMatch(/^\rGetFindings: page 1, 26 findings, [\d,]+\/s\x1b\[K\r\x1b\[K$/);
    const pipe = await runCli(['report', '--endpoint-url', org.endpoint, ...FIXED]);
    expect(pipe.stderr).toBe('');
  });
});

describe('faults on the way to the API', () => {
  // 950 findings -> 10 GetFindings pages; 20 accounts.
  const COUNT = 950;
  const accounts = generatedAccounts(20);
  let org: OrgEmulator;
  let dir: string;
  let expected: string;

  beforeAll(async () => {
    org = await startOrgEmulator({
      administrator: accounts[0],
      members: accounts.slice(1),
      findings: generateFindings(COUNT, 20),
      standardsArns: FIXTURE_STANDARD_ARNS_NO_CIS12,
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-faults-'));
    const clean = await runCli(['report', '--endpoint-url', org.endpoint, '--format', 'json', ...FIXED]);
    expect(clean.code).toBe(0);
    expected = clean.stdout;
    const report = JSON.parse(expected) as ComplianceReport;
    expect(report.accountsInScope).toBe(20);
    expect(report.standards.length).toBe(3);
  });
  afterAll(async () => {
    await org?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the clean read matches the same findings read from a file, but for the controls only the API lists', async () => {
    const file = path.join(dir, 'generated.jsonl');
    writeFileSync(file, [...generateFindings(COUNT, 20)].map((f) => JSON.stringify(f)).join('\n'));
    const fromFile = JSON.parse(
      (await runCli(['report', '--input', file, '--format', 'json', ...FIXED])).stdout,
    ) as ComplianceReport;
    expect(splitApiOnly(JSON.parse(expected) as ComplianceReport, fromFile).common).toEqual(fromFile);
  });

  test('throttling, 500s, a connection dropped mid-page and a reset give the identical report', async () => {
    const faults: Record<number, Fault> = {
      2: { kind: 'error', status: 429, errorType: 'TooManyRequestsException', message: 'Rate exceeded' },
      3: { kind: 'error', status: 500, errorType: 'InternalException', message: 'Internal error' },
      5: { kind: 'drop-mid-body' },
      7: { kind: 'reset' },
      8: { kind: 'error', status: 503, errorType: 'ServiceUnavailableException', message: 'Service unavailable' },
      9: { kind: 'error', status: 400, errorType: 'ThrottlingException', message: 'Rate exceeded' },
    };
    const proxy = await startFaultProxy(org.endpoint, (route, n) =>
      route === 'POST /findings' ? (faults[n] ?? { kind: 'pass' }) : { kind: 'pass' },
    );
    try {
      const run = await runCli(['report', '--endpoint-url', proxy.endpoint, '--format', 'json', ...FIXED]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(expected);
      // 10 pages plus one retry for each of the 6 faults.
      expect(proxy.seen.get('POST /findings')).toBe(16);
    } finally {
      await proxy.stop();
    }
  });

  test('a page that keeps failing stops the report: which page, no partial output', async () => {
    const proxy = await startFaultProxy(org.endpoint, (route, n) =>
      route === 'POST /findings' && n >= 3
        ? { kind: 'error', status: 500, errorType: 'InternalException', message: 'Internal error' }
        : { kind: 'pass' },
    );
    const out = path.join(dir, 'report.json');
    writeFileSync(out, 'previous report\n');
    try {
      const run = await runCli([
        'report',
        '--endpoint-url',
        proxy.endpoint,
        '--max-attempts',
        '2',
        '--output',
        out,
        ...FIXED,
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'securityhub report: GetFindings page 3 failed: InternalException: Internal error (HTTP 500, 2 attempts); the service failed after every retry. Fix: run again later, or raise --max-attempts.\n',
      );
      // The earlier report is untouched.
      expect(readFileSync(out, 'utf8')).toBe('previous report\n');
    } finally {
      await proxy.stop();
    }
  });

  test('an access error is reported without retries', async () => {
    const proxy = await startFaultProxy(org.endpoint, () => ({
      kind: 'error',
      status: 403,
      errorType: 'AccessDeniedException',
      message: 'User is not authorized to perform: securityhub:GetFindings',
    }));
    try {
      const run = await runCli(['report', '--endpoint-url', proxy.endpoint, ...FIXED]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^securityhub report: GetFindings page 1 failed: AccessDeniedException: User is not authorized to perform: securityhub:GetFindings \(HTTP 403, 1 attempt\)/,
      );
      expect(proxy.seen.get('POST /findings')).toBe(1);
    } finally {
      await proxy.stop();
    }
  });
});

const FIXTURE_STANDARD_ARNS_NO_CIS12 = [
  'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
  'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
  'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
];
