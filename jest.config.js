/**
 * Jest runs every suite under __tests__, and the unit tests next to the constructs and the domain
 * (modules/<name>.test.ts, domain/<name>.test.ts), through ts-jest, in five projects:
 * - `unit`: fast suites (in-process emulator, synth, renderers, constructs); `npm run test:unit`.
 * - `integration`: suites that start moto_server (local AWS) or terraform; `npm run test:integration`.
 * - `e2e`: the slow ones of those, which apply whole stacks to local AWS and destroy them again.
 * - `package`: __tests__/package/**, the packed tarball installed the way a consumer installs it.
 * - `scale`: reports over a million findings (export and file compared); `npm run test:scale`.
 * `npm test` runs `unit` and `integration` (under 15 minutes on 2 cores); `npm run test:e2e` runs
 * `e2e` and `package`; `npm run test:scale` runs `scale` (under 10 minutes on 2 cores); CI runs
 * all three. A guard test (__tests__/support/jest-projects.test.ts) fails when a suite that starts
 * moto or terraform is in none of INTEGRATION_SUITES, E2E_SUITES and SCALE_SUITES.
 */

// The AWS SDK prints a seven-line notice about Node.js 20 once per process that makes a client;
// set here, before jest forks its workers, it reaches every worker and every child a test starts.
// The SDK only honours the exact value "true".
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Suites (paths under __tests__) that start moto_server, local AWS or terraform. */
const INTEGRATION_SUITES = [
  'adopt/readiness.test.ts',
  'cli/catalogue.test.ts',
  'cli/evidence.test.ts',
  'cli/import.test.ts',
  'cli/report-forged-findings.test.ts',
  'cli/report-emulator.test.ts',
  'cli/report-tiers.test.ts',
  'cli/rollback.test.ts',
  'export/findings-export.test.ts',
  'export/report-athena.test.ts',
  'export/report-export.test.ts',
  'foundation/cdktf-commands.test.ts',
  'foundation/cdktf-preflight.test.ts',
  'foundation/organizations-read-delegation.test.ts',
  'foundation/terraform-validate.test.ts',
  'local-aws/cli.test.ts',
  'local-aws/front.test.ts',
  'local-aws/seeded-organization.test.ts',
  'local-aws/shutdown.test.ts',
  'remediation/chain/chain.test.ts',
  'remediation/chain/member-values-and-races.test.ts',
  'remediation/chain/drift.test.ts',
  'remediation/runbook-edges.test.ts',
  'remediation/runbooks.test.ts',
  'remediation/runbook-guards.test.ts',
  'remediation/runtime.test.ts',
  'review/compliance-review-athena.test.ts',
  'review/compliance-review-stack.test.ts',
  'review/compliance-review.test.ts',
];

/** Integration suites that apply whole stacks to local AWS, re-plan and destroy (minutes each). */
const E2E_SUITES = [
  'adopt/adopt-lifecycle.test.ts',
  'e2e/local-organization-diff.test.ts',
  'e2e/plan-review.test.ts',
  'e2e/stacks-lifecycle.test.ts',
  'export/export-lifecycle.test.ts',
  'local-aws/terraform.test.ts',
];

/** Suites over a million findings: each writes its data to a temporary folder and takes minutes. */
const SCALE_SUITES = ['scale/report-1m.test.ts'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
};

module.exports = {
  // Builds the remediation function bundles once, for whichever projects run.
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  testTimeout: 120000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      // The constructs' and the domain's unit tests sit next to what they test (modules/<name>.test.ts).
      roots: ['<rootDir>/__tests__', '<rootDir>/domain', '<rootDir>/modules'],
      testMatch: [
        '<rootDir>/__tests__/**/*.test.ts',
        '<rootDir>/domain/**/*.test.ts',
        '<rootDir>/modules/**/*.test.ts',
      ],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/__tests__/package/',
        ...[...INTEGRATION_SUITES, ...E2E_SUITES, ...SCALE_SUITES].map((s) => `<rootDir>/__tests__/${escape(s)}$`),
      ],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: INTEGRATION_SUITES.map((s) => `<rootDir>/__tests__/${s}`),
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: E2E_SUITES.map((s) => `<rootDir>/__tests__/${s}`),
    },
    {
      ...base,
      displayName: 'scale',
      testMatch: SCALE_SUITES.map((s) => `<rootDir>/__tests__/${s}`),
    },
    {
      ...base,
      displayName: 'package',
      testMatch: ['<rootDir>/__tests__/package/**/*.test.ts'],
    },
  ],
};
