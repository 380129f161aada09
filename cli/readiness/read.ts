import { allPages as pages } from '../aws/pages';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand as ListGuardDutyMembersCommand,
} from '@aws-sdk/client-guardduty';
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import {
  GetMacieSessionCommand,
  ListMembersCommand as ListMacieMembersCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import {
  BatchGetConfigurationPolicyAssociationsCommand,
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  GetConfigurationPolicyCommand,
  GetFindingAggregatorCommand,
  GetFindingsCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { clientSettings, describeAwsError, type AwsConnectionOptions } from '../aws/securityhub-client';
import { CliError } from '../errors';
import { isSecurityHubProductArn } from '../../core/security-hub-product';
import type { ReadinessCheck, ReadinessReport, ReadinessService } from './model';

/** The control whose findings say whether AWS Config records in an account and Region. */
const CONFIG_CONTROL = 'Config.1';

type Add = (
  accountId: string,
  region: string,
  service: ReadinessService,
  status: ReadinessCheck['status'],
  detail: string,
) => void;

/**
 * Reads, with the delegated administrator's credentials in the home Region, the prerequisites of
 * every member account in every linked Region: Security Hub membership and standards, AWS Config
 * recording, GuardDuty, Inspector and Macie. A service the administrator cannot read is reported
 * as unknown, not as a gap.
 */
export async function readReadiness(
  connection: AwsConnectionOptions,
  administratorAccountId: string,
  homeRegion: string,
): Promise<ReadinessReport> {
  const inRegion = (region: string) => clientSettings({ ...connection, region });
  const home = new SecurityHubClient(inRegion(homeRegion));
  const checks: ReadinessCheck[] = [];
  const add: Add = (accountId, region, service, status, detail) =>
    checks.push({ accountId, region, service, status, detail });
  try {
    let regions: string[];
    try {
      // The aggregation Region first, so a run in a linked Region is told where to run instead.
      regions = await linkedRegions(home, connection, homeRegion);
      await home.send(new DescribeOrganizationConfigurationCommand({}));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(
        `account ${administratorAccountId} is not the Security Hub delegated administrator in ${homeRegion} (${describeAwsError(e)}); run readiness with the administrator's credentials in the aggregation Region.`,
      );
    }
    const members = await pages(async (NextToken) => {
      const r = await home.send(new ListMembersCommand({ NextToken, OnlyAssociated: false }));
      return { items: r.Members, next: r.NextToken };
    });
    const accounts = [
      administratorAccountId,
      ...members
        .map((m) => m.AccountId!)
        .filter((a) => a !== administratorAccountId)
        .sort(),
    ];
    const standards = await standardsByAccount(home, accounts);
    const config = await configFindings(home);
    for (const region of regions) {
      await securityHub(inRegion(region), region, administratorAccountId, accounts, standards, add);
      await awsConfig(inRegion(region), region, administratorAccountId, accounts, config, add);
      await guardDuty(inRegion(region), region, administratorAccountId, accounts, add);
      await inspector(inRegion(region), region, accounts, add);
      await macie(inRegion(region), region, administratorAccountId, accounts, add);
    }
    return { administratorAccountId, homeRegion, regions, accounts, checks };
  } finally {
    home.destroy();
  }
}

/** The home Region and the Regions linked to its aggregator (every opted-in Region for ALL_REGIONS). */
async function linkedRegions(
  home: SecurityHubClient,
  connection: AwsConnectionOptions,
  homeRegion: string,
): Promise<string[]> {
  const aggregators = (await home.send(new ListFindingAggregatorsCommand({}))).FindingAggregators ?? [];
  if (aggregators.length === 0) return [homeRegion];
  const arn = aggregators[0].FindingAggregatorArn!;
  if (arn.split(':')[3] !== homeRegion)
    throw new CliError(
      `${homeRegion} is not the aggregation Region: the finding aggregator ${arn} is in ${arn.split(':')[3]}; run with --region ${arn.split(':')[3]}.`,
    );
  const got = await home.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: arn }));
  const listed = got.Regions ?? [];
  if (got.RegionLinkingMode === 'SPECIFIED_REGIONS')
    return [homeRegion, ...listed.filter((r) => r !== homeRegion).sort()];
  if (got.RegionLinkingMode === 'NO_REGIONS') return [homeRegion];
  const ec2 = new EC2Client(clientSettings({ ...connection, region: homeRegion }));
  try {
    const all = ((await ec2.send(new DescribeRegionsCommand({}))).Regions ?? []).map((r) => r.RegionName!);
    const except = got.RegionLinkingMode === 'ALL_REGIONS_EXCEPT_SPECIFIED' ? listed : [];
    return [homeRegion, ...all.filter((r) => r !== homeRegion && !except.includes(r)).sort()];
  } finally {
    ec2.destroy();
  }
}

/** Under CENTRAL configuration, the standards each account's policy enables; nothing under LOCAL. */
async function standardsByAccount(
  home: SecurityHubClient,
  accounts: readonly string[],
): Promise<Map<string, { policy: string; standards: number; enabled: boolean }>> {
  const result = new Map<string, { policy: string; standards: number; enabled: boolean }>();
  const organization = await home.send(new DescribeOrganizationConfigurationCommand({}));
  if (organization.OrganizationConfiguration?.ConfigurationType !== 'CENTRAL') return result;
  const policies = new Map<string, { name: string; standards: number; enabled: boolean }>();
  for (let i = 0; i < accounts.length; i += 10) {
    const got = await home.send(
      new BatchGetConfigurationPolicyAssociationsCommand({
        ConfigurationPolicyAssociationIdentifiers: accounts
          .slice(i, i + 10)
          .map((AccountId) => ({ Target: { AccountId } })),
      }),
    );
    for (const a of got.ConfigurationPolicyAssociations ?? []) {
      const id = a.ConfigurationPolicyId!;
      if (id === 'SELF_MANAGED_SECURITY_HUB') {
        result.set(a.TargetId!, { policy: 'self-managed', standards: -1, enabled: true });
        continue;
      }
      if (!policies.has(id)) {
        const p = await home.send(new GetConfigurationPolicyCommand({ Identifier: id }));
        policies.set(id, {
          name: p.Name!,
          standards: p.ConfigurationPolicy?.SecurityHub?.EnabledStandardIdentifiers?.length ?? 0,
          enabled: p.ConfigurationPolicy?.SecurityHub?.ServiceEnabled === true,
        });
      }
      const p = policies.get(id)!;
      result.set(a.TargetId!, { policy: `policy ${p.name}`, standards: p.standards, enabled: p.enabled });
    }
  }
  return result;
}

/** Config.1 results by `account/region`, from the aggregated findings of the home Region. */
async function configFindings(home: SecurityHubClient): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  const findings = await pages(async (NextToken) => {
    const r = await home.send(
      new GetFindingsCommand({
        NextToken,
        MaxResults: 100,
        Filters: {
          ComplianceSecurityControlId: [{ Value: CONFIG_CONTROL, Comparison: 'EQUALS' }],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        },
      }),
    );
    return { items: r.Findings, next: r.NextToken };
  });
  // Only Security Hub's own control findings say whether Config records: a member can import a
  // Config.1 finding of its own, under its own product, with any status.
  for (const f of findings)
    if (isSecurityHubProductArn(f.ProductArn))
      statuses.set(`${f.AwsAccountId}/${f.Region}`, f.Compliance?.Status ?? 'UNKNOWN');
  return statuses;
}

async function securityHub(
  settings: ReturnType<typeof clientSettings>,
  region: string,
  admin: string,
  accounts: readonly string[],
  standards: ReadonlyMap<string, { policy: string; standards: number; enabled: boolean }>,
  add: Add,
): Promise<void> {
  const client = new SecurityHubClient(settings);
  try {
    let hubOn = true;
    try {
      await client.send(new DescribeHubCommand({}));
    } catch {
      hubOn = false;
    }
    add(admin, region, 'Security Hub', hubOn ? 'ready' : 'gap', hubOn ? 'administrator, enabled' : 'not enabled');
    if (!hubOn) {
      for (const a of accounts.filter((x) => x !== admin))
        add(a, region, 'Security Hub', 'unknown', "administrator's hub is off here");
      return;
    }
    const members = await pages(async (NextToken) => {
      const r = await client.send(new ListMembersCommand({ NextToken, OnlyAssociated: false }));
      return { items: r.Members, next: r.NextToken };
    });
    for (const a of accounts.filter((x) => x !== admin)) {
      const member = members.find((m) => m.AccountId === a);
      const policy = standards.get(a);
      if (!member) add(a, region, 'Security Hub', 'gap', 'not a member');
      else if (member.MemberStatus !== 'Enabled')
        add(a, region, 'Security Hub', 'gap', `member ${member.MemberStatus}`);
      else if (policy && (!policy.enabled || policy.standards === 0))
        add(
          a,
          region,
          'Security Hub',
          'gap',
          `${policy.policy}: ${policy.enabled ? 'no standard' : 'Security Hub off'}`,
        );
      else
        add(
          a,
          region,
          'Security Hub',
          'ready',
          policy
            ? `member, ${policy.policy}${policy.standards >= 0 ? ` (${policy.standards} standard${policy.standards === 1 ? '' : 's'})` : ''}`
            : 'member, enabled',
        );
    }
  } finally {
    client.destroy();
  }
}

async function awsConfig(
  settings: ReturnType<typeof clientSettings>,
  region: string,
  admin: string,
  accounts: readonly string[],
  findings: ReadonlyMap<string, string>,
  add: Add,
): Promise<void> {
  const client = new ConfigServiceClient(settings);
  try {
    // The administrator's own recorders are readable; members' are known from their Config.1 findings.
    try {
      const recorders = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
      const status =
        (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
      const recording = recorders.filter((r) => status.find((s) => s.name === r.name)?.recording);
      if (recording.length > 0)
        add(
          admin,
          region,
          'AWS Config',
          'ready',
          recording.map((r) => (r.servicePrincipal ? 'service-linked recorder' : 'customer recorder')).join(', '),
        );
      else if (recorders.length > 0)
        add(admin, region, 'AWS Config', 'gap', `recorder ${recorders[0].name} is not recording`);
      else add(admin, region, 'AWS Config', 'gap', 'no recorder');
    } catch (e) {
      add(admin, region, 'AWS Config', 'unknown', `cannot read the recorders (${describeAwsError(e)})`);
    }
    for (const a of accounts.filter((x) => x !== admin)) {
      const result = findings.get(`${a}/${region}`);
      if (result === 'PASSED') add(a, region, 'AWS Config', 'ready', `recording (${CONFIG_CONTROL} PASSED)`);
      else if (result === 'FAILED') add(a, region, 'AWS Config', 'gap', `not recording (${CONFIG_CONTROL} FAILED)`);
      else add(a, region, 'AWS Config', 'unknown', `no ${CONFIG_CONTROL} finding`);
    }
  } finally {
    client.destroy();
  }
}

/**
 * Runs one service's reads for a Region with a client of its own. A read that fails marks every
 * account of the Region unknown for that service, naming the error, instead of failing the whole
 * report; the client is closed either way.
 */
async function readService<C extends { destroy(): void }>(
  client: C,
  service: ReadinessService,
  region: string,
  accounts: readonly string[],
  add: Add,
  read: (client: C) => Promise<void>,
): Promise<void> {
  try {
    await read(client);
  } catch (e) {
    for (const a of accounts) add(a, region, service, 'unknown', `cannot read (${describeAwsError(e)})`);
  } finally {
    client.destroy();
  }
}

async function guardDuty(
  settings: ReturnType<typeof clientSettings>,
  region: string,
  admin: string,
  accounts: readonly string[],
  add: Add,
): Promise<void> {
  await readService(new GuardDutyClient(settings), 'GuardDuty', region, accounts, add, async (client) => {
    const detectors = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    if (detectors.length === 0) {
      for (const a of accounts)
        add(a, region, 'GuardDuty', 'gap', a === admin ? 'no detector' : 'the administrator has no detector here');
      return;
    }
    const detector = await client.send(new GetDetectorCommand({ DetectorId: detectors[0] }));
    add(
      admin,
      region,
      'GuardDuty',
      detector.Status === 'ENABLED' ? 'ready' : 'gap',
      `detector ${detector.Status?.toLowerCase() ?? 'unknown'}`,
    );
    const members = await pages(async (NextToken) => {
      const r = await client.send(
        new ListGuardDutyMembersCommand({ DetectorId: detectors[0], NextToken, OnlyAssociated: 'false' }),
      );
      return { items: r.Members, next: r.NextToken };
    });
    for (const a of accounts.filter((x) => x !== admin)) {
      const member = members.find((m) => m.AccountId === a);
      if (!member) add(a, region, 'GuardDuty', 'gap', 'not a member');
      else if (member.RelationshipStatus !== 'Enabled')
        add(a, region, 'GuardDuty', 'gap', `member ${member.RelationshipStatus}`);
      else add(a, region, 'GuardDuty', 'ready', 'member, enabled');
    }
  });
}

async function inspector(
  settings: ReturnType<typeof clientSettings>,
  region: string,
  accounts: readonly string[],
  add: Add,
): Promise<void> {
  await readService(new Inspector2Client(settings), 'Inspector', region, accounts, add, async (client) => {
    const statuses = [];
    for (let i = 0; i < accounts.length; i += 10) {
      statuses.push(
        ...((await client.send(new BatchGetAccountStatusCommand({ accountIds: accounts.slice(i, i + 10) }))).accounts ??
          []),
      );
    }
    for (const a of accounts) {
      const state = statuses.find((s) => s.accountId === a)?.state?.status;
      if (state === 'ENABLED') add(a, region, 'Inspector', 'ready', 'enabled');
      else add(a, region, 'Inspector', 'gap', state ? state.toLowerCase() : 'not enabled');
    }
  });
}

async function macie(
  settings: ReturnType<typeof clientSettings>,
  region: string,
  admin: string,
  accounts: readonly string[],
  add: Add,
): Promise<void> {
  await readService(new Macie2Client(settings), 'Macie', region, accounts, add, async (client) => {
    let status: string | undefined;
    try {
      status = (await client.send(new GetMacieSessionCommand({}))).status;
    } catch {
      status = undefined;
    }
    add(admin, region, 'Macie', status === 'ENABLED' ? 'ready' : 'gap', status ? status.toLowerCase() : 'not enabled');
    const members = status
      ? await pages(async (nextToken) => {
          const r = await client.send(new ListMacieMembersCommand({ nextToken, onlyAssociated: 'false' }));
          return { items: r.members, next: r.nextToken };
        })
      : [];
    for (const a of accounts.filter((x) => x !== admin)) {
      const member = members.find((m) => m.accountId === a);
      if (!status) add(a, region, 'Macie', 'gap', 'the administrator has no Macie session here');
      else if (!member) add(a, region, 'Macie', 'gap', 'not a member');
      else if (member.relationshipStatus !== 'Enabled')
        add(a, region, 'Macie', 'gap', `member ${member.relationshipStatus}`);
      else add(a, region, 'Macie', 'ready', 'member, enabled');
    }
  });
}
