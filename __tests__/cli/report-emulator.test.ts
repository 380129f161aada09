import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchUpdateStandardsControlAssociationsCommand } from '@aws-sdk/client-securityhub';
import type { ComplianceReport } from '../../cli/report/model';
import { generateFindings, generatedAccounts } from '../fixtures/findings/generate';
import { startFaultProxy, startOrgEmulator, useEmulatorCredentials, type Fault, type OrgEmulator } from './emulator';
import { ADMIN, FIXED, MEMBER_B, MEMBER_C, ORG_JSON, runCli } from './helpers';

const fixtureFindings = () => (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: unknown[] }).Findings;

/** The file report's notes say the scope came from findings; everything else must match the API report. */
function withoutProvenance(text: string): string {
  return text.replace(/\nNOTES:\n[\s\S]*$/, '\n');
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

  test('the same findings give the same report, in every format', async () => {
    for (const format of ['text', 'json', 'csv', 'markdown', 'html']) {
      const fromFile = await runCli(['report', '--input', ORG_JSON, '--format', format, ...FIXED]);
      const fromApi = await runCli(['report', '--endpoint-url', org.endpoint, '--format', format, ...FIXED]);
      expect(fromApi.stderr).toBe('');
      expect(fromApi.code).toBe(0);
      if (format === 'json') {
        const a = JSON.parse(fromApi.stdout) as ComplianceReport;
        const f = JSON.parse(fromFile.stdout) as ComplianceReport;
        expect(a.source).toEqual({ kind: 'api', scopeFrom: 'api', notes: [] });
        expect({ ...a, source: undefined }).toEqual({ ...f, source: undefined });
      } else if (format === 'text') {
        expect(fromApi.stdout).toBe(withoutProvenance(fromFile.stdout));
      } else {
        // Only the provenance note differs between the two.
        const strip = (s: string) => s.split('\n').filter((l) => !/derived from the findings alone|^## Notes|<h2>Notes|^note,|^report,.*,findingsRead,|^$/.test(l)).join('\n');
        expect(strip(fromApi.stdout)).toBe(strip(fromFile.stdout));
      }
    }
  });

  test('the API read asks GetFindings for ACTIVE findings, 100 a page, then the scope', async () => {
    org.requests.length = 0;
    await runCli(['report', '--endpoint-url', org.endpoint, ...FIXED]);
    expect(org.requests.map((r) => r.operation)).toEqual(['GetFindings', 'GetEnabledStandards', 'BatchGetStandardsControlAssociations', 'ListMembers']);
    expect(org.requests.every((r) => r.status === 200)).toBe(true);
  });

  test('disabled controls and enabled standards come from the API', async () => {
    // RDS.3 disabled in FSBP, S3.1 disabled in PCI DSS.
    await org.admin.send(new BatchUpdateStandardsControlAssociationsCommand({
      StandardsControlAssociationUpdates: [
        { SecurityControlId: 'RDS.3', StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0', AssociationStatus: 'DISABLED', UpdatedReason: 'no RDS in this organization' },
        { SecurityControlId: 'S3.1', StandardsArn: 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1', AssociationStatus: 'DISABLED', UpdatedReason: 'buckets out of PCI scope' },
      ],
    }));
    try {
      const run = await runCli(['report', '--endpoint-url', org.endpoint, '--format', 'json', ...FIXED]);
      const report = JSON.parse(run.stdout) as ComplianceReport;
      const byName = Object.fromEntries(report.standards.map((s) => [s.shortName, s]));
      // FSBP: RDS.3 (no data) moves to disabled; still 2 passed / 2 failed / 2 unknown -> 33.
      expect(byName['AWS FSBP v1.0']).toMatchObject({ score: 33, passed: 2, failed: 2, unknown: 2, noData: 0, disabled: 1 });
      // PCI DSS: S3.1 (failed) is left out: IAM.4 P, Config.1 U, KMS.4 F -> 100 x 1 / 3 = 33.
      expect(byName['PCI DSS v3.2.1']).toMatchObject({ score: 33, passed: 1, failed: 1, unknown: 1, disabled: 1 });
      // S3.1 is still enabled (and failing) in FSBP and CIS, so it still tops the list.
      expect(report.topFailedControls[0]).toMatchObject({ controlId: 'S3.1', failedAccounts: 2, totalAccounts: 3 });
    } finally {
      await org.admin.send(new BatchUpdateStandardsControlAssociationsCommand({
        StandardsControlAssociationUpdates: [
          { SecurityControlId: 'RDS.3', StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0', AssociationStatus: 'ENABLED' },
          { SecurityControlId: 'S3.1', StandardsArn: 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1', AssociationStatus: 'ENABLED' },
        ],
      }));
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
    org = await startOrgEmulator({ administrator: accounts[0], members: accounts.slice(1), findings: generateFindings(COUNT, 20), standardsArns: FIXTURE_STANDARD_ARNS_NO_CIS12 });
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

  test('the clean read matches the same findings read from a file', async () => {
    const file = path.join(dir, 'generated.jsonl');
    writeFileSync(file, [...generateFindings(COUNT, 20)].map((f) => JSON.stringify(f)).join('\n'));
    const fromFile = await runCli(['report', '--input', file, '--format', 'json', ...FIXED]);
    expect({ ...JSON.parse(fromFile.stdout), source: undefined }).toEqual({ ...JSON.parse(expected), source: undefined });
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
    const proxy = await startFaultProxy(org.endpoint, (route, n) => (route === 'POST /findings' ? faults[n] ?? { kind: 'pass' } : { kind: 'pass' }));
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
    const proxy = await startFaultProxy(org.endpoint, (route, n) => (route === 'POST /findings' && n >= 3
      ? { kind: 'error', status: 500, errorType: 'InternalException', message: 'Internal error' }
      : { kind: 'pass' }));
    const out = path.join(dir, 'report.json');
    writeFileSync(out, 'previous report\n');
    try {
      const run = await runCli(['report', '--endpoint-url', proxy.endpoint, '--max-attempts', '2', '--output', out, ...FIXED]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('securityhub report: GetFindings page 3 failed: InternalException: Internal error (HTTP 500, 2 attempts); no report was written. Check the credentials, the Region and --endpoint-url, or raise --max-attempts.\n');
      // The earlier report is untouched.
      expect(readFileSync(out, 'utf8')).toBe('previous report\n');
    } finally {
      await proxy.stop();
    }
  });

  test('an access error is reported without retries', async () => {
    const proxy = await startFaultProxy(org.endpoint, () => ({ kind: 'error', status: 403, errorType: 'AccessDeniedException', message: 'User is not authorized to perform: securityhub:GetFindings' }));
    try {
      const run = await runCli(['report', '--endpoint-url', proxy.endpoint, ...FIXED]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^securityhub report: GetFindings page 1 failed: AccessDeniedException: User is not authorized to perform: securityhub:GetFindings \(HTTP 403, 1 attempt\)/);
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
