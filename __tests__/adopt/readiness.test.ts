import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import {
  CreateDetectorCommand,
  CreateMembersCommand as CreateGuardDutyMembersCommand,
  EnableOrganizationAdminAccountCommand as EnableOrganizationAdminAccountGuardDutyCommand,
  GuardDutyClient,
} from '@aws-sdk/client-guardduty';
import { EnableCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import {
  AcceptInvitationCommand,
  CreateInvitationsCommand,
  EnableMacieCommand,
  ListInvitationsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateFindingAggregatorCommand,
  CreateMembersCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { parse } from 'yaml';
import { runCli } from '../cli/helpers';
import { MANAGEMENT_ACCOUNT, startLocalOrganization, type LocalOrganization } from '../e2e/support/local-organization';

// An organization in local AWS, set up with the SDK, where us-west-2 lacks AWS Config (the
// administrator has no recorder there; the members' Config.1 findings there FAILED) and one member
// account lacks GuardDuty. `securityhub readiness` must name exactly those gaps, in every format.
jest.setTimeout(300_000);

const HOME = 'us-east-1';
const REGIONS = [HOME, 'us-west-2'];

/** A Config.1 control finding as Security Hub writes it for an account and Region. */
function configFinding(accountId: string, region: string, status: 'PASSED' | 'FAILED') {
  return {
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:securityhub:${region}:${accountId}:security-control/Config.1/finding/${accountId}-${region}`,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    Region: region,
    GeneratorId: 'security-control/Config.1',
    AwsAccountId: accountId,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    CreatedAt: '2026-12-01T10:00:00.000Z',
    UpdatedAt: '2026-12-01T10:00:00.000Z',
    Severity: { Label: 'CRITICAL', Original: 'CRITICAL' },
    Title: 'AWS Config should be enabled and use the service-linked role for resource recording',
    Description: 'This control checks Config.1.',
    Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${accountId}`, Partition: 'aws', Region: region }],
    Compliance: { Status: status, SecurityControlId: 'Config.1' },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  };
}

describe('an organization with gaps: securityhub readiness, and adopt --management-profile', () => {
  let org: LocalOrganization;
  let admin: string;
  let ready: string;
  let noGuardDuty: string;

  beforeAll(async () => {
    org = await startLocalOrganization([]);
    admin = org.securityAccountId;
    const organizations = new OrganizationsClient(org.clientConfig(MANAGEMENT_ACCOUNT));
    const account = async (name: string) => {
      const request = (
        await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))
      ).CreateAccountStatus!;
      return (await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request.Id! })))
        .CreateAccountStatus!.AccountId!;
    };
    ready = await account('ready');
    noGuardDuty = await account('no-guardduty');
    // AWS Config is delegated to the security account already (adopt --management-profile adopts that).
    await organizations.send(
      new RegisterDelegatedAdministratorCommand({ AccountId: admin, ServicePrincipal: 'config.amazonaws.com' }),
    );
    organizations.destroy();
    // GuardDuty is delegated to another account than the security account in the home Region (adopt --management-profile names it).
    const managementGuardDuty = new GuardDutyClient({ ...org.clientConfig(MANAGEMENT_ACCOUNT), region: HOME });
    await managementGuardDuty.send(new EnableOrganizationAdminAccountGuardDutyCommand({ AdminAccountId: ready }));
    managementGuardDuty.destroy();
    const as = (accountId: string, region: string) => ({ ...org.clientConfig(accountId), region });

    // Security Hub's delegated administrator is designated in each Region.
    for (const region of REGIONS) {
      const management = new SecurityHubClient(as(MANAGEMENT_ACCOUNT, region));
      await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: admin }));
      management.destroy();
    }
    const s3 = new S3Client({ ...as(admin, HOME), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'config-history' }));
    s3.destroy();
    for (const region of REGIONS) {
      const hub = new SecurityHubClient(as(admin, region));
      await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      if (region === HOME)
        await hub.send(
          new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['us-west-2'] }),
        );
      await hub.send(new CreateMembersCommand({ AccountDetails: [{ AccountId: ready }, { AccountId: noGuardDuty }] }));
      hub.destroy();
      for (const member of [ready, noGuardDuty]) {
        const own = new SecurityHubClient(as(member, region));
        await own.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
        own.destroy();
      }
      // AWS Config records in the home Region only.
      if (region === HOME) {
        const config = new ConfigServiceClient(as(admin, region));
        await config.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: {
              name: 'default',
              roleARN: `arn:aws:iam::${admin}:role/config`,
              recordingGroup: { allSupported: true },
            },
          }),
        );
        await config.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'config-history' } }),
        );
        await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
        config.destroy();
      }
      const guardduty = new GuardDutyClient(as(admin, region));
      const detectorId = (await guardduty.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
      await guardduty.send(
        new CreateGuardDutyMembersCommand({
          DetectorId: detectorId,
          AccountDetails: [{ AccountId: ready, Email: 'ready@example.com' }],
        }),
      );
      guardduty.destroy();
      const inspector = new Inspector2Client(as(admin, region));
      await inspector.send(new EnableCommand({ accountIds: [admin, ready, noGuardDuty], resourceTypes: ['EC2'] }));
      inspector.destroy();
      const macie = new Macie2Client(as(admin, region));
      await macie.send(new EnableMacieCommand({}));
      await macie.send(new CreateInvitationsCommand({ accountIds: [ready, noGuardDuty] }));
      // moto lists invitations to the account that sent them, not to the invited one.
      const invitations = (await macie.send(new ListInvitationsCommand({}))).invitations ?? [];
      macie.destroy();
      for (const member of [ready, noGuardDuty]) {
        const own = new Macie2Client(as(member, region));
        await own.send(new EnableMacieCommand({}));
        const invitation = invitations.find((i) => i.accountId === member);
        await own.send(
          new AcceptInvitationCommand({ administratorAccountId: admin, invitationId: invitation!.invitationId! }),
        );
        own.destroy();
      }
    }
    const loaded = org.local.securityhub.loadFindings(
      [ready, noGuardDuty].flatMap((a) => [configFinding(a, HOME, 'PASSED'), configFinding(a, 'us-west-2', 'FAILED')]),
    );
    expect(loaded.failed).toEqual([]);
    // Members file findings of their own under their own product, with any control id and status:
    // each claims Config records in us-west-2, which Security Hub's own Config.1 finding denies.
    const forged = [ready, noGuardDuty].map((a) => ({
      ...configFinding(a, 'us-west-2', 'PASSED'),
      Id: `forged-config-1-${a}`,
      ProductArn: `arn:aws:securityhub:us-west-2:${a}:product/${a}/default`,
      UpdatedAt: '2026-12-02T10:00:00.000Z',
    }));
    expect(org.local.securityhub.loadFindings(forged).failed).toEqual([]);
  }, 240_000);

  afterAll(async () => {
    await org?.stop();
  });

  const readiness = async (...args: string[]) => {
    const saved = { ...process.env };
    Object.assign(process.env, org.envFor(admin));
    try {
      return await runCli(['readiness', '--region', HOME, '--endpoint-url', org.endpoint, ...args]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  };

  /** The five gaps the organization has: Config in us-west-2 for every account, GuardDuty for one member in both Regions. */
  const expectedGaps = () =>
    [
      `${admin} AWS Config in us-west-2: no recorder`,
      `${ready} AWS Config in us-west-2: not recording (Config.1 FAILED)`,
      `${noGuardDuty} AWS Config in us-west-2: not recording (Config.1 FAILED)`,
      `${noGuardDuty} GuardDuty in us-east-1: not a member`,
      `${noGuardDuty} GuardDuty in us-west-2: not a member`,
    ].sort();

  test('json: exactly the missing Config Region and the account without GuardDuty', async () => {
    const run = await readiness('--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      regions: string[];
      accounts: string[];
      gaps: { accountId: string; service: string; region: string; detail: string }[];
      columns: { service: string; regions: string[] }[];
    };
    expect(report.regions).toEqual(REGIONS);
    expect(new Set(report.accounts)).toEqual(new Set([admin, ready, noGuardDuty]));
    const gaps = report.gaps.map((g) => `${g.accountId} ${g.service} in ${g.region}: ${g.detail}`).sort();
    expect(gaps).toEqual(expectedGaps());
    // Config differs by Region: two columns; every other service reads the same in both Regions, so one column each.
    expect(report.columns.filter((c) => c.service === 'AWS Config').map((c) => c.regions)).toEqual([
      [HOME],
      ['us-west-2'],
    ]);
    expect(report.columns.filter((c) => c.service === 'GuardDuty').map((c) => c.regions)).toEqual([REGIONS]);
  });

  test('text, csv and html name the same gaps; --strict exits 1', async () => {
    const text = await readiness();
    expect(text.code).toBe(0);
    const listed = text.stdout
      .split('\n')
      .filter((l) => l.startsWith('  - '))
      .map((l) => l.slice(4))
      .sort();
    expect(listed).toEqual(expectedGaps());
    expect(text.stdout).toContain('5 gap(s):');
    expect(text.stdout.split('\n')[2]).toMatch(
      /^Account +Security Hub \(us-east-1, us-west-2\) +AWS Config \(us-east-1\) +AWS Config \(us-west-2\) +GuardDuty \(us-east-1, us-west-2\)/,
    );

    const csv = await readiness('--format', 'csv');
    const gapRows = csv.stdout
      .trim()
      .split('\n')
      .filter((l) => l.split(',')[3] === 'gap')
      .map((l) => l.split(',').slice(0, 3).join(' '))
      .sort();
    expect(gapRows).toEqual(
      [
        `${admin} AWS Config us-west-2`,
        `${noGuardDuty} AWS Config us-west-2`,
        `${noGuardDuty} GuardDuty us-east-1`,
        `${noGuardDuty} GuardDuty us-west-2`,
        `${ready} AWS Config us-west-2`,
      ].sort(),
    );

    const html = await readiness('--format', 'html');
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect([...html.stdout.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]).sort()).toEqual(expectedGaps());

    const strict = await readiness('--strict');
    expect(strict.code).toBe(1);
  });

  test('a member account is refused', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, org.envFor(ready));
    try {
      const run = await runCli(['readiness', '--region', HOME, '--endpoint-url', org.endpoint]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`account ${ready} is not the Security Hub delegated administrator`);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  test('adopt --management-profile says which delegations the management stack would make, and which must be removed first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adopt-profile-'));
    // Both accounts by profile, as a person runs it: AWS_PROFILE-style, no static keys in the environment.
    writeFileSync(
      path.join(dir, 'credentials'),
      `[security]\naws_access_key_id = ${admin}\naws_secret_access_key = local\n[management]\naws_access_key_id = ${MANAGEMENT_ACCOUNT}\naws_secret_access_key = local\n`,
    );
    const saved = { ...process.env };
    Object.assign(process.env, org.envFor(admin), { AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') });
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    let run;
    try {
      run = await runCli([
        'adopt',
        '--region',
        HOME,
        '--endpoint-url',
        org.endpoint,
        '--profile',
        'security',
        '--management-profile',
        'management',
        '--output',
        path.join(dir, 'org.yaml'),
      ]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    // The administrator enables no standard itself, so no tier can be adopted: the file is written and named as needing edits.
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/org\.yaml needs editing before synth:\nInvalid organization config/);
    expect(run.stdout).toContain('enables no standard this tool knows; a tier needs at least one. Not adopted.');
    expect(run.stdout).toContain(
      `GuardDuty in us-east-1: the management stack makes ${admin} its delegated administrator (today ${ready}; AWS refuses a second one, so remove that delegation first).`,
    );
    expect(run.stdout).toContain(
      `GuardDuty in us-west-2: the management stack makes ${admin} its delegated administrator (none today).`,
    );
    expect(run.stdout).toContain(
      `Inspector in us-east-1: the management stack makes ${admin} its delegated administrator (none today).`,
    );
    expect(run.stdout).toContain(
      `AWS Config (config-multiaccountsetup.amazonaws.com): the management stack registers ${admin} as its delegated administrator.`,
    );
    expect(run.stdout).not.toContain('AWS Config (config.amazonaws.com)');
    const written = parse(readFileSync(path.join(dir, 'org.yaml'), 'utf8')) as {
      adoption: { delegatedAdministrators: unknown };
    };
    expect(written.adoption.delegatedAdministrators).toEqual({
      guardduty: [],
      inspector: [],
      macie: [],
      servicePrincipals: ['config.amazonaws.com'],
    });
  });
});
