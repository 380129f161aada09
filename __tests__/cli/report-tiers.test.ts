import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { placeByOrganizationalUnits } from '../../cli/aws/organization-units';
import type { ComplianceReport } from '../../cli/report/model';
import type { OrgTier } from '../../cli/org-config';
import type { AccountDirectory } from '../../remediation-functions/shared/account-directory';
import {
  delegatedListParents,
  LIST_PARENTS,
  MANAGEMENT,
  startFaultProxy,
  startOrgEmulatorInOrganization,
  useEmulatorCredentials,
  type OrgEmulator,
  type MotoOrganization,
} from './emulator';
import { ADMIN, FIXED, MEMBER_B, MEMBER_C, ORG_JSON, runCli } from './helpers';

const A = '100000000001';
const B = '100000000002';
const C = '100000000003';
const D = '100000000004';

const TIERS: OrgTier[] = [
  { name: 'production', accounts: [D], organizationalUnits: ['ou-prod-parent'] },
  { name: 'staging', accounts: [], organizationalUnits: ['ou-stag-ing00000'] },
];

/** A directory that answers from a table, counting lookups and how many run at once. */
function tableDirectory(paths: Record<string, string[] | Error>) {
  const asked: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const directory: AccountDirectory = {
    organizationalUnitPath: async (accountId) => {
      asked.push(accountId);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      const answer = paths[accountId];
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    },
  };
  return { directory, asked, mostAtOnce: () => mostAtOnce };
}

function awsError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts: 1 } });
}

describe('placing accounts in tiers by OU', () => {
  test('the nearest OU on the path places an account; a listed account is not looked up and stays in its tier', async () => {
    const { directory, asked } = tableDirectory({
      [A]: ['ou-prod-child00', 'ou-prod-parent'],
      [B]: ['ou-stag-ing00000'],
      [C]: ['ou-sand-box00000'],
    });
    const placement = await placeByOrganizationalUnits(TIERS, [A, B, C, D], directory);
    expect(placement).toEqual({
      tiers: [
        { name: 'production', accounts: [A, D] },
        { name: 'staging', accounts: [B] },
      ],
      notes: [],
    });
    expect(asked.sort()).toEqual([A, B, C]);
  });

  test('lookups run a few at a time, one per account', async () => {
    const accounts = Array.from({ length: 30 }, (_, i) => String(200000000000 + i));
    const { directory, asked, mostAtOnce } = tableDirectory(
      Object.fromEntries(accounts.map((a) => [a, ['ou-stag-ing00000']])),
    );
    const placement = await placeByOrganizationalUnits(TIERS, [...accounts, ...accounts], directory, 4);
    expect(placement.tiers[1].accounts).toEqual(accounts);
    expect(asked).toHaveLength(30);
    expect(mostAtOnce()).toBe(4);
  });

  test('no OU in any tier: no lookups at all', async () => {
    const { directory, asked } = tableDirectory({});
    const placement = await placeByOrganizationalUnits(
      [{ name: 'listed', accounts: [A], organizationalUnits: [] }],
      [A, B],
      directory,
    );
    expect(placement).toEqual({ tiers: [{ name: 'listed', accounts: [A] }], notes: [] });
    expect(asked).toEqual([]);
  });

  test('access denied: listed accounts only, no further lookups, and a note that says why', async () => {
    const accounts = Array.from({ length: 20 }, (_, i) => String(300000000000 + i));
    const denied = awsError('AccessDeniedException', 400, "You don't have permissions to access this resource.");
    const { directory, asked } = tableDirectory(Object.fromEntries(accounts.map((a) => [a, denied])));
    const placement = await placeByOrganizationalUnits(TIERS, [...accounts, D], directory, 4);
    expect(placement.tiers).toEqual([
      { name: 'production', accounts: [D] },
      { name: 'staging', accounts: [] },
    ]);
    expect(placement.notes).toEqual([
      "Tiers by OU were not available: organizations:ListParents failed (AccessDeniedException: You don't have permissions to access this resource. (HTTP 400, 1 attempt)). " +
        'Accounts were placed only in the tiers that list them by id, so accounts that belong to a tier through its OUs show as unassigned; ' +
        "the principal needs organizations:ListParents (the security account has it through the management stack's Organizations resource policy).",
    ]);
    // The workers stop after the first refusal.
    expect(asked.length).toBeLessThanOrEqual(4);
  });

  test('an account Organizations does not know stays unassigned, with a note; the others are placed', async () => {
    const { directory } = tableDirectory({
      [A]: ['ou-prod-parent'],
      [B]: awsError('ChildNotFoundException', 400, 'We could not find a child with that ID.'),
    });
    const placement = await placeByOrganizationalUnits(TIERS, [A, B], directory);
    expect(placement.tiers).toEqual([
      { name: 'production', accounts: [A, D] },
      { name: 'staging', accounts: [] },
    ]);
    expect(placement.notes).toEqual([
      `1 account is not in the organization as ListParents sees it (${B}), so no OU places it in a tier.`,
    ]);
  });
});

/*
 * The organization moto holds, as the management account builds it:
 *
 *   root
 *   +-- workloads            <- the production tier names this OU
 *   |   +-- prod-apps        <- "prod" sits here, one level below
 *   +-- staging              <- the staging tier names this OU; "stage" sits here
 *   +-- sandbox              <- no tier names it; "play" sits here
 *
 * The security account (the administrator, 111122223333) is listed by id in the security tier,
 * as accounts outside the tiers' OUs are. The fixture's findings of accounts B and C become the
 * findings of "prod" and "stage"; "play" has none.
 */
describe('--by tier from local AWS: accounts placed by their OU path in AWS Organizations', () => {
  let org: OrgEmulator & { organization: MotoOrganization };
  let dir: string;
  let config: string;
  let findingsFile: string;
  let restoreEnv: () => void;
  let ids: Record<'prod' | 'stage' | 'play', string>;

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials(ADMIN);
    let findings: unknown[] = [];
    org = await startOrgEmulatorInOrganization(
      {
        organizationalUnits: ['workloads', 'workloads/prod-apps', 'staging', 'sandbox'],
        accounts: { prod: 'workloads/prod-apps', stage: 'staging', play: 'sandbox' },
      },
      ({ accounts }) => {
        const text = readFileSync(ORG_JSON, 'utf8')
          .replaceAll(MEMBER_B, accounts.prod)
          .replaceAll(MEMBER_C, accounts.stage);
        findings = (JSON.parse(text) as { Findings: unknown[] }).Findings;
        return { administrator: ADMIN, members: [accounts.prod, accounts.stage, accounts.play], findings };
      },
    );
    ids = {
      prod: org.organization.accounts.prod,
      stage: org.organization.accounts.stage,
      play: org.organization.accounts.play,
    };
    dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-tiers-'));
    findingsFile = path.join(dir, 'findings.json');
    writeFileSync(findingsFile, JSON.stringify({ Findings: findings }));
    config = path.join(dir, 'org.yaml');
    const ous = org.organization.organizationalUnits;
    const standards = ['standards/aws-foundational-security-best-practices/v/1.0.0'];
    writeFileSync(
      config,
      stringify({
        organization: {
          name: 'acme-corp',
          managementAccountId: MANAGEMENT,
          securityAccountId: ADMIN,
          homeRegion: 'us-east-1',
          linkedRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
        },
        tiers: [
          { name: 'production', environment: 'production', organizationalUnits: [ous.workloads], standards },
          { name: 'staging', environment: 'staging', organizationalUnits: [ous.staging], standards },
          { name: 'security', environment: 'production', accounts: [ADMIN], standards },
        ],
      }),
    );
  });
  afterAll(async () => {
    await org?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    restoreEnv?.();
  });

  const groupsOf = (run: { stdout: string }) =>
    (JSON.parse(run.stdout) as ComplianceReport).breakdown?.groups.map((g) => [
      g.key,
      g.accounts,
      g.standards.map((s) => s.score),
    ]);

  /*
   * Scores per group are those of the accounts in it (see report-golden.test.ts, --by account):
   * prod has B's findings, stage C's, the security tier is the administrator A; play has none.
   * Standards: CIS v5.0, CIS v1.2, FSBP, PCI DSS.
   */
  test('an account in a nested OU lands in the tier of the parent OU; one ListParents chain per account', async () => {
    const proxy = await startFaultProxy(org.endpoint, delegatedListParents);
    try {
      const run = await runCli([
        'report',
        '--endpoint-url',
        proxy.endpoint,
        '--config',
        config,
        '--by',
        'tier',
        '--format',
        'json',
        ...FIXED,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(groupsOf(run)).toEqual([
        ['production', [ids.prod], [33, null, 25, 33]],
        ['staging', [ids.stage], [67, null, 100, 67]],
        ['security', [ADMIN], [33, 0, 33, 50]],
        ['unassigned', [ids.play], [null, null, null, null]],
      ]);
      expect((JSON.parse(run.stdout) as ComplianceReport).source.notes).toEqual([]);
      // prod: prod-apps, workloads, root; stage: staging, root; play: sandbox, root. The administrator is listed, so not asked.
      expect(proxy.seen.get(LIST_PARENTS)).toBe(7);
    } finally {
      await proxy.stop();
    }
  });

  test('ListParents denied (no delegation): the report is still made, tiers by listed accounts, with a note', async () => {
    const proxy = await startFaultProxy(org.endpoint, (route) =>
      route === LIST_PARENTS
        ? {
            kind: 'error',
            status: 400,
            errorType: 'AccessDeniedException',
            message: "You don't have permissions to access this resource.",
          }
        : { kind: 'pass' },
    );
    try {
      const run = await runCli([
        'report',
        '--endpoint-url',
        proxy.endpoint,
        '--config',
        config,
        '--by',
        'tier',
        ...FIXED,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /\nSCORES BY TIER:\nproduction \(0 accounts\): .*\nstaging \(0 accounts\): .*\nsecurity \(1 account\): CIS v5\.0 33% \| CIS v1\.2 0% \| AWS FSBP v1\.0 33% \| PCI DSS v3\.2\.1 50%\nunassigned \(3 accounts\): /,
      );
      expect(run.stdout).toContain(
        "\nNOTES:\n- Tiers by OU were not available: organizations:ListParents failed (AccessDeniedException: You don't have permissions to access this resource. (HTTP 400, 1 attempt)). Accounts were placed only in the tiers that list them by id",
      );
    } finally {
      await proxy.stop();
    }
  });

  test('from a file: listed accounts only, with a note, unless --resolve-ous reads the OUs', async () => {
    const listed = await runCli([
      'report',
      '--input',
      findingsFile,
      '--config',
      config,
      '--by',
      'tier',
      '--format',
      'json',
      ...FIXED,
    ]);
    expect(listed.code).toBe(0);
    expect(groupsOf(listed)).toEqual([
      ['production', [], [null, null, null, null]],
      ['staging', [], [null, null, null, null]],
      ['security', [ADMIN], [33, 0, 33, 50]],
      ['unassigned', [ids.prod, ids.stage].sort(), [25, null, 40, 25]],
    ]);
    expect((JSON.parse(listed.stdout) as ComplianceReport).source.notes[0]).toBe(
      'Tiers were matched by the accounts they list only: findings say nothing of OUs, so accounts that belong to a tier through its OUs show as unassigned; add --resolve-ous to place them by their OU path in AWS Organizations.',
    );

    const proxy = await startFaultProxy(org.endpoint, delegatedListParents);
    try {
      const resolved = await runCli([
        'report',
        '--input',
        findingsFile,
        '--config',
        config,
        '--by',
        'tier',
        '--resolve-ous',
        '--endpoint-url',
        proxy.endpoint,
        '--format',
        'json',
        ...FIXED,
      ]);
      expect(resolved.stderr).toBe('');
      expect(groupsOf(resolved)).toEqual([
        ['production', [ids.prod], [33, null, 25, 33]],
        ['staging', [ids.stage], [67, null, 100, 67]],
        ['security', [ADMIN], [33, 0, 33, 50]],
      ]);
      // Only the note that the scope came from the findings remains.
      expect((JSON.parse(resolved.stdout) as ComplianceReport).source.notes).toHaveLength(1);
      // From a file, "play" (no findings) is not among the accounts, so two chains.
      expect(proxy.seen.get(LIST_PARENTS)).toBe(5);
      // Security Hub is not read: the findings come from the file.
      expect([...proxy.seen.keys()].filter((route) => route !== LIST_PARENTS)).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });
});
