import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../config/load';
import { runbookFor } from '../../domain/catalogue/remediations';
import { SecurityStandard } from '../../domain/security-standard';
import { runCli } from './helpers';

/* `securityhub coverage` on the embedded example and on configs that leave a control uncovered. */

const EXAMPLE = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
const AS_OF = ['--as-of', '2026-01-15'];

/* The catalogue and the example, read as files: what --strict names is checked against them, not against the matrix code. */
interface CatalogueControl {
  securityControlId: string;
  severity: string;
  standards: string[];
}
const CATALOGUE = (
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'domain', 'catalogue', 'controls.json'), 'utf8')) as {
    controls: CatalogueControl[];
  }
).controls;
interface RawTier {
  name: string;
  environment: string;
  standards: string[];
  disabledControls?: { securityControlId: string }[];
  remediation?: { defaultMode?: string; controls?: Record<string, string> };
}
interface RawConfig {
  remediation: {
    exemptions?: { securityControlId: string }[];
    accepted?: { securityControlId: string; tiers?: string[]; expires?: string }[];
  };
  tiers: RawTier[];
}
const RAW = parse(EXAMPLE) as RawConfig;
const PRODUCTION = RAW.tiers.find((t) => t.environment === 'production') as RawTier;

/** One line --strict writes per gap: tier, control, severity, the standards that enable it. */
const GAP_LINE =
  /^securityhub coverage: tier (\S+): (\S+) \((CRITICAL|HIGH), enabled by (.+?)\) is not remediated, exempted, disabled or accepted; (.+)\.$/;

interface JsonControl {
  securityControlId: string;
  severity: string;
  status: string;
  mode?: string;
  runbook?: string;
  disabledReason?: string;
  accepted?: { owner: string };
  exemptions: { owner: string; expires: string }[];
}
interface JsonMatrix {
  organization: string;
  tiers: { tier: string; environment: string; controls: JsonControl[]; counts: Record<string, number> }[];
  strictGaps: { tier: string; securityControlId: string; severity: string; fix: string }[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'coverage-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example with `edit` applied, written to a file of its own. */
function exampleWith(name: string, edit: (text: string) => string): string {
  const text = edit(EXAMPLE);
  if (text === EXAMPLE) throw new Error(`edit ${name} changed nothing in the example`);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const control = (m: JsonMatrix, tier: string, id: string): JsonControl | undefined =>
  m.tiers.find((t) => t.tier === tier)?.controls.find((c) => c.securityControlId === id);

describe('securityhub coverage on the embedded example', () => {
  test('--strict fails, naming exactly the enabled CRITICAL and HIGH production controls the example leaves undecided', async () => {
    const run = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '--strict', ...AS_OF]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Tier production (production): ');
    expect(run.stdout).toMatch(
      /\n {2}CRITICAL\n(?: {4}.*\n)* {4}Config\.1 +remediated +shadow via EnableConfigRecorder\n/,
    );
    const [source, ...lines] = run.stderr.trim().split('\n');
    // First the config it read, so nobody mistakes the embedded example for their organization.
    expect(source).toBe('securityhub coverage: config: config/default-org.yaml (from --config)');
    const named = lines.map((line) => {
      const m = GAP_LINE.exec(line);
      if (!m) throw new Error(`unexpected stderr line: ${line}`);
      return { tier: m[1], id: m[2], severity: m[3], standards: m[4].split(', '), fix: m[5] };
    });
    expect(named.length).toBeGreaterThan(0);
    const productionStandards = PRODUCTION.standards;
    for (const gap of named) {
      expect(gap.tier).toBe(PRODUCTION.name);
      const entry = CATALOGUE.find((c) => c.securityControlId === gap.id) as CatalogueControl;
      expect(entry).toBeDefined();
      expect(gap.severity).toBe(entry.severity);
      const enabling = productionStandards
        .filter((s) => entry.standards.includes(s))
        .map((s) => (SecurityStandard.fromId(s) as SecurityStandard).shortName);
      expect(gap.standards).toEqual(enabling);
      expect(gap.fix).toContain(`securityControlId: ${JSON.stringify(gap.id)}, tiers: ["production"]`);
    }
    // Every CRITICAL/HIGH control production enables that the config does not cover, and no other.
    const modeOf = (id: string): string =>
      PRODUCTION.remediation?.controls?.[id] ?? PRODUCTION.remediation?.defaultMode ?? 'off';
    const expected = CATALOGUE.filter(
      (c) =>
        (c.severity === 'CRITICAL' || c.severity === 'HIGH') &&
        c.standards.some((s) => productionStandards.includes(s)),
    )
      .filter((c) => !(runbookFor(c.securityControlId) && modeOf(c.securityControlId) !== 'off'))
      .filter((c) => !(RAW.remediation.exemptions ?? []).some((e) => e.securityControlId === c.securityControlId))
      .filter((c) => !(PRODUCTION.disabledControls ?? []).some((d) => d.securityControlId === c.securityControlId))
      .filter(
        (c) =>
          !(RAW.remediation.accepted ?? []).some(
            (a) =>
              a.securityControlId === c.securityControlId &&
              (a.tiers === undefined || a.tiers.includes(PRODUCTION.name)),
          ),
      )
      .map((c) => c.securityControlId);
    expect(named.map((g) => g.id).sort()).toEqual([...expected].sort());
    // Covered ones are not named: accepted, disabled, remediated.
    expect(run.stderr).not.toMatch(/: (IAM\.9|IAM\.6|Config\.1|S3\.8) \(/);
    // Staging and sandbox are not production: --strict names production only.
    expect(run.stderr).not.toContain('tier staging');
    expect(run.stderr).not.toContain('tier sandbox');
  });

  test('accepting every control the matrix lists as uncovered makes --strict pass', async () => {
    const lax = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '--format', 'json', ...AS_OF]);
    expect(lax.code).toBe(0);
    const m = JSON.parse(lax.stdout) as JsonMatrix;
    const uncovered =
      m.tiers
        .find((t) => t.environment === 'production')
        ?.controls.filter((c) => c.status === 'uncovered')
        .map((c) => c.securityControlId) ?? [];
    // The JSON's strictGaps are the CRITICAL/HIGH part of them.
    expect(m.strictGaps.length).toBeGreaterThan(0);
    for (const g of m.strictGaps) expect(uncovered).toContain(g.securityControlId);
    const entries = uncovered
      .map(
        (id) =>
          `    - securityControlId: ${id}\n      tiers: [production]\n      owner: risk-office@acme-corp.example\n      reason: Reviewed by the risk office each quarter; no automation for this control yet.\n`,
      )
      .join('');
    const file = exampleWith('all-accepted', (t) => t.replace('  accepted:\n', `  accepted:\n${entries}`));
    const strict = await runCli(['coverage', '--config', file, '--strict', '--format', 'json', ...AS_OF]);
    expect(strict.stderr).toMatch(/^securityhub coverage: config: \S+all-accepted\.yaml \(from --config\)\n$/);
    expect(strict.code).toBe(0);
    const after = JSON.parse(strict.stdout) as JsonMatrix;
    expect(after.strictGaps).toEqual([]);
    for (const id of uncovered)
      expect(control(after, 'production', id)).toMatchObject({
        status: 'accepted',
        accepted: { owner: 'risk-office@acme-corp.example' },
      });
    const text = await runCli(['coverage', '--config', file, '--strict', ...AS_OF]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'Every enabled CRITICAL and HIGH control of the production tiers is remediated, exempted, disabled or accepted.',
    );
  });

  test('json: each control with its status, mode, exemptions, disabling reason or acceptance', async () => {
    const run = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '--format', 'json', ...AS_OF]);
    expect(run.code).toBe(0);
    const m = JSON.parse(run.stdout) as JsonMatrix;
    expect(m.tiers.map((t) => [t.tier, t.environment])).toEqual([
      ['staging', 'staging'],
      ['production', 'production'],
      ['sandbox', 'sandbox'],
    ]);
    expect(control(m, 'production', 'IAM.6')).toMatchObject({
      severity: 'CRITICAL',
      status: 'disabled',
      disabledReason: expect.stringMatching(/^Root credentials are centrally managed/),
    });
    expect(control(m, 'production', 'S3.8')).toMatchObject({
      status: 'remediated',
      mode: 'shadow',
      runbook: 'EnableS3BucketBlockPublicAccess',
      exemptions: [{ owner: 'web-platform@acme-corp.example', expires: '2027-06-30' }],
    });
    expect(control(m, 'staging', 'S3.8')).toMatchObject({ status: 'remediated', mode: 'auto' });
    expect(control(m, 'production', 'IAM.9')).toMatchObject({
      status: 'accepted',
      accepted: { owner: 'cloud-platform@acme-corp.example' },
    });
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
    // strictGaps: production only, CRITICAL/HIGH, uncovered.
    for (const g of m.strictGaps)
      expect(control(m, g.tier, g.securityControlId)).toMatchObject({
        status: 'uncovered',
        severity: expect.stringMatching(/^(CRITICAL|HIGH)$/),
      });
    expect(new Set(m.strictGaps.map((g) => g.tier))).toEqual(new Set(['production']));
  });

  test('markdown: a summary table and a table per tier', async () => {
    const run = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '-f', 'markdown', ...AS_OF]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Remediation coverage: acme-corp\n/);
    expect(run.stdout).toContain(
      '| Tier | Environment | Enabled | remediated | exempted | disabled | accepted | uncovered |',
    );
    expect(run.stdout).toContain('## production (production)');
    expect(run.stdout).toMatch(
      /\| CRITICAL \| IAM\.9 \| MFA should be enabled for the root user \| accepted \| owner cloud-platform@acme-corp\.example: Root credentials/,
    );
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
    expect(strict.stderr.trim().split('\n')).toContainEqual(
      'securityhub coverage: tier production: IAM.9 (CRITICAL, enabled by CIS v5.0, PCI DSS v3.2.1, NIST 800-53 r5) is not remediated, exempted, disabled or accepted; ' +
        'disable it with a reason (tiers[1].disabledControls), or accept it without automation (remediation.accepted: [{ securityControlId: "IAM.9", tiers: ["production"], owner: ..., reason: ... }]).',
    );
    // With the acceptance the example's --strict does not name IAM.9.
    const example = await runCli(['coverage', '--config', DEFAULT_CONFIG_FILE, '--strict', ...AS_OF]);
    expect(example.stderr).not.toContain(': IAM.9 (');
    // Staging and sandbox are not production: IAM.9 uncovered there too, but --strict names production only.
    expect(strict.stderr).not.toContain('tier staging');
  });

  test('a control with a runbook that production turns off: the fix names the runbook and the mode setting', async () => {
    const file = exampleWith('config1-off', (t) =>
      t.replace(
        '        S3.1: auto\n        CloudTrail.1: auto\n        EC2.19: auto',
        '        S3.1: auto\n        CloudTrail.1: auto\n        EC2.19: auto\n        Config.1: "off"',
      ),
    );
    const run = await runCli(['coverage', '--config', file, '--strict', '--format', 'json', ...AS_OF]);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as JsonMatrix).strictGaps).toContainEqual({
      tier: 'production',
      securityControlId: 'Config.1',
      severity: 'CRITICAL',
      fix: expect.stringContaining(
        'run runbook EnableConfigRecorder for it (tiers[1].remediation.controls["Config.1"]: shadow, manual or auto)',
      ),
    });
    expect(run.stderr).toMatch(
      /^securityhub coverage: tier production: Config\.1 \(CRITICAL, enabled by [^)]+\) is not remediated, exempted, disabled or accepted; run runbook EnableConfigRecorder/m,
    );
  });

  test('an expired acceptance no longer covers the control', async () => {
    const file = exampleWith('expired', (t) =>
      t.replace(
        '      owner: cloud-platform@acme-corp.example\n',
        '      owner: cloud-platform@acme-corp.example\n      expires: "2026-01-01"\n',
      ),
    );
    const before = await runCli(['coverage', '--config', file, '--strict', '--as-of', '2025-12-31']);
    expect(before.stderr).not.toContain(': IAM.9 (');
    const after = await runCli(['coverage', '--config', file, '--strict', '--as-of', '2026-01-02']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('tier production: IAM.9 (CRITICAL');
  });
});

describe('remediation.accepted validation', () => {
  test('an unknown control id or tier is refused with the path, the value and the fix (exit 2, nothing printed)', async () => {
    const file = exampleWith('bad-acceptance', (t) =>
      t
        .replace('    - securityControlId: IAM.9\n', '    - securityControlId: IAM.99\n')
        .replace('      tiers: [production]\n', '      tiers: [prod]\n'),
    );
    const run = await runCli(['coverage', '--config', file, ...AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /remediation\.accepted\[0\]\.securityControlId: "IAM\.99" is not a security control id in the catalogue; check the spelling/,
    );
    expect(run.stderr).toMatch(/and 1 more problem/);
  });

  test('a reason too short to tell an auditor anything is refused', async () => {
    const file = exampleWith('short-reason', (t) =>
      t.replace(/( {4}- securityControlId: IAM\.9\n {6}owner: .*\n {6}reason: ).*\n/, '$1later\n'),
    );
    const run = await runCli(['coverage', '--config', file, ...AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/remediation\.accepted\.0\.reason|remediation\.accepted\[0\]\.reason/);
    expect(run.stderr).toContain('must say how the control is handled without automation');
  });

  test('--format outside text, json, markdown is a usage error', async () => {
    const run = await runCli(['coverage', '--format', 'html']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'securityhub coverage: --format "html" is not supported; use one of: text, json, markdown.',
    );
  });
});
