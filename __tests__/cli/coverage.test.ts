import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../config/load';
import { runCli } from './helpers';

/* `securityhub coverage` on the embedded example and on configs that leave a control uncovered. */

const EXAMPLE = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
const AS_OF = ['--as-of', '2026-01-15'];

interface JsonControl { securityControlId: string; severity: string; status: string; mode?: string; runbook?: string; disabledReason?: string; accepted?: { owner: string }; exemptions: { owner: string; expires: string }[] }
interface JsonMatrix { organization: string; tiers: { tier: string; environment: string; controls: JsonControl[]; counts: Record<string, number> }[]; strictGaps: { tier: string; securityControlId: string }[] }

let dir: string;
beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'coverage-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example with `edit` applied, written to a file of its own. */
function exampleWith(name: string, edit: (text: string) => string): string {
  const text = edit(EXAMPLE);
  if (text === EXAMPLE) throw new Error(`edit ${name} changed nothing in the example`);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const control = (m: JsonMatrix, tier: string, id: string): JsonControl | undefined => m.tiers.find((t) => t.tier === tier)?.controls.find((c) => c.securityControlId === id);

describe('securityhub coverage on the embedded example', () => {
  test('--strict passes: every enabled CRITICAL and HIGH control of production is covered', async () => {
    const run = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '--strict', ...AS_OF]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Tier production (production): ');
    expect(run.stdout).toMatch(/\n {2}CRITICAL\n {4}Config\.1 +remediated +shadow via EnableConfigRecorder\n/);
    expect(run.stdout).toContain('Every enabled CRITICAL and HIGH control of the production tiers is remediated, exempted, disabled or accepted.');
  });

  test('json: each control with its status, mode, exemptions, disabling reason or acceptance', async () => {
    const run = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '--format', 'json', ...AS_OF]);
    expect(run.code).toBe(0);
    const m = JSON.parse(run.stdout) as JsonMatrix;
    expect(m.tiers.map((t) => [t.tier, t.environment])).toEqual([['staging', 'staging'], ['production', 'production'], ['sandbox', 'sandbox']]);
    expect(control(m, 'production', 'IAM.6')).toMatchObject({ severity: 'CRITICAL', status: 'disabled', disabledReason: expect.stringMatching(/^Root credentials are centrally managed/) });
    expect(control(m, 'production', 'S3.8')).toMatchObject({
      status: 'remediated', mode: 'shadow', runbook: 'EnableS3BucketBlockPublicAccess', exemptions: [{ owner: 'web-platform@acme-corp.example', expires: '2027-06-30' }],
    });
    expect(control(m, 'staging', 'S3.8')).toMatchObject({ status: 'remediated', mode: 'auto' });
    expect(control(m, 'production', 'IAM.9')).toMatchObject({ status: 'accepted', accepted: { owner: 'cloud-platform@acme-corp.example' } });
    // CloudFront.1 is accepted for production only.
    expect(control(m, 'sandbox', 'CloudFront.1')).toMatchObject({ status: 'uncovered' });
    expect(control(m, 'sandbox', 'Macie.1')).toMatchObject({ status: 'disabled' });
    // Only controls the tier's standards enable: sandbox runs FSBP alone, which has no CIS-only control.
    expect(control(m, 'sandbox', 'IAM.11')).toBeUndefined();
    expect(control(m, 'staging', 'IAM.11')).toBeUndefined();
    // Grouped by severity: CRITICAL first, then HIGH, MEDIUM, LOW.
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
    for (const t of m.tiers) {
      const ranks = t.controls.map((c) => order.indexOf(c.severity));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(Object.values(t.counts).reduce((a, b) => a + b, 0)).toBe(t.controls.length);
    }
    expect(m.strictGaps).toEqual([]);
  });

  test('markdown: a summary table and a table per tier', async () => {
    const run = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '-f', 'markdown', ...AS_OF]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Remediation coverage: acme-corp\n/);
    expect(run.stdout).toContain('| Tier | Environment | Enabled | remediated | exempted | disabled | accepted | uncovered |');
    expect(run.stdout).toContain('## production (production)');
    expect(run.stdout).toMatch(/\| CRITICAL \| IAM\.9 \| MFA should be enabled for the root user \| accepted \| owner cloud-platform@acme-corp\.example: Root credentials/);
  });
});

describe('securityhub coverage --strict on uncovered controls', () => {
  test('an uncovered CRITICAL control in production: exit 1, naming the control, the tier and what to do', async () => {
    // Drop the acceptance of IAM.9 (CRITICAL, enabled in production by CIS v5.0, PCI DSS and NIST).
    const file = exampleWith('iam9-uncovered', (t) => t.replace(/ {4}- securityControlId: IAM\.9\n(?: {6}.*\n)+/, ''));
    const lax = await runCli(['coverage', '--config', file, ...AS_OF]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).toMatch(/ {4}IAM\.9 +uncovered +no runbook\n/);
    const strict = await runCli(['coverage', '--config', file, '--strict', ...AS_OF]);
    expect(strict.code).toBe(1);
    expect(strict.stderr.trim().split('\n')).toEqual([
      'securityhub coverage: tier production: IAM.9 (CRITICAL, enabled by CIS v5.0, PCI DSS v3.2.1, NIST 800-53 r5) is not remediated, exempted, disabled or accepted; '
      + 'disable it with a reason (tiers[1].disabledControls), or accept it without automation (remediation.accepted: [{ securityControlId: "IAM.9", tiers: ["production"], owner: ..., reason: ... }]).',
    ]);
    // Staging and sandbox are not production: IAM.9 uncovered there too, but --strict names production only.
    expect(strict.stderr).not.toContain('tier staging');
  });

  test('a control with a runbook that production turns off: the fix names the runbook and the mode setting', async () => {
    const file = exampleWith('config1-off', (t) => t.replace('        S3.1: auto\n        CloudTrail.1: auto\n        EC2.19: auto', '        S3.1: auto\n        CloudTrail.1: auto\n        EC2.19: auto\n        Config.1: "off"'));
    const run = await runCli(['coverage', '--config', file, '--strict', '--format', 'json', ...AS_OF]);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as JsonMatrix).strictGaps).toEqual([{ tier: 'production', securityControlId: 'Config.1', severity: 'CRITICAL', fix: expect.stringContaining('run runbook EnableConfigRecorder for it (tiers[1].remediation.controls["Config.1"]: shadow, manual or auto)') }]);
  });

  test('an expired acceptance no longer covers the control', async () => {
    const file = exampleWith('expired', (t) => t.replace('      owner: cloud-platform@acme-corp.example\n', '      owner: cloud-platform@acme-corp.example\n      expires: "2026-01-01"\n'));
    const before = await runCli(['coverage', '--config', file, '--strict', '--as-of', '2025-12-31']);
    expect(before.code).toBe(0);
    const after = await runCli(['coverage', '--config', file, '--strict', '--as-of', '2026-01-02']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('tier production: IAM.9 (CRITICAL');
  });
});

describe('remediation.accepted validation', () => {
  test('an unknown control id or tier is refused with the path, the value and the fix (exit 2, nothing printed)', async () => {
    const file = exampleWith('bad-acceptance', (t) => t.replace('    - securityControlId: IAM.9\n', '    - securityControlId: IAM.99\n').replace('      tiers: [production]\n', '      tiers: [prod]\n'));
    const run = await runCli(['coverage', '--config', file, ...AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/remediation\.accepted\[0\]\.securityControlId: "IAM\.99" is not a security control id in the catalogue; check the spelling/);
    expect(run.stderr).toMatch(/and 1 more problem/);
  });

  test('a reason too short to tell an auditor anything is refused', async () => {
    const file = exampleWith('short-reason', (t) => t.replace(/( {4}- securityControlId: IAM\.9\n {6}owner: .*\n {6}reason: ).*\n/, '$1later\n'));
    const run = await runCli(['coverage', '--config', file, ...AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/remediation\.accepted\.0\.reason|remediation\.accepted\[0\]\.reason/);
    expect(run.stderr).toContain('must say how the control is handled without automation');
  });

  test('--format outside text, json, markdown is a usage error', async () => {
    const run = await runCli(['coverage', '--format', 'html']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('securityhub coverage: --format "html" is not supported; use one of: text, json, markdown.');
  });
});
