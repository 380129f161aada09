import {
  DescribeHubCommand,
  GetAdministratorAccountCommand,
  GetEnabledStandardsCommand,
  GetFindingAggregatorCommand,
  GetFindingsCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
} from '@aws-sdk/client-securityhub';
import { parseFindings, seedFindings, SeedFormatError } from '../../local-aws/seed';
import { finding, ids, startTestHub } from './helpers';

describe('parseFindings', () => {
  const a = finding({ Id: 'a' });
  const b = finding({ Id: 'b' });

  test('reads what `aws securityhub get-findings` prints', () => {
    expect(parseFindings(JSON.stringify({ Findings: [a, b], NextToken: 'x' }))).toEqual([a, b]);
  });
  test('reads a bare array and a single finding', () => {
    expect(parseFindings(JSON.stringify([a]))).toEqual([a]);
    expect(parseFindings(JSON.stringify(b))).toEqual([b]);
  });
  test('reads JSON Lines, skipping blank lines', () => {
    expect(parseFindings(`${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`)).toEqual([a, b]);
  });
  test('an empty file is no findings', () => {
    expect(parseFindings('  \n')).toEqual([]);
  });
  test('names the bad line of a JSON Lines file', () => {
    expect(() => parseFindings(`${JSON.stringify(a)}\n{oops`)).toThrow(new SeedFormatError('line 2 is not valid JSON'));
  });
  test('rejects JSON that holds no findings', () => {
    expect(() => parseFindings('{"Items": []}')).toThrow(SeedFormatError);
  });
});

describe('seedFindings', () => {
  test('loads findings of any account and product, each in its own Region and all of them in the home Region', async () => {
    const hub = await startTestHub();
    try {
      const result = seedFindings(
        hub.emulator,
        [
          finding({ Id: 'm1', AwsAccountId: '222233334444', Region: 'us-east-1' }),
          {
            ...finding({ Id: 'gd', AwsAccountId: '333344445555' }),
            ProductArn: 'arn:aws:securityhub:ap-south-1::product/aws/guardduty',
            Region: undefined,
          },
          { ...finding({ Id: 'broken' }), Title: undefined },
        ],
        { administratorAccountId: '111122223333' },
      );
      expect(result).toMatchObject({
        loaded: 2,
        administratorAccountId: '111122223333',
        regions: ['ap-south-1', 'us-east-1'],
      });
      expect(result.failed.map((f) => f.id)).toEqual(['broken']);
      // us-east-1 is the aggregation Region: it sees the findings of every linked Region.
      expect(
        ids((await hub.client('111122223333', 'us-east-1').send(new GetFindingsCommand({}))).Findings).sort(),
      ).toEqual(['gd', 'm1']);
      const southAsia =
        (await hub.client('111122223333', 'ap-south-1').send(new GetFindingsCommand({}))).Findings ?? [];
      expect(southAsia.map((f) => [f.Id, f.Region, f.ProductName])).toEqual([['gd', 'ap-south-1', 'GuardDuty']]);
      // The member account sees its own finding in its own hub; nobody else's.
      expect(ids((await hub.client('222233334444').send(new GetFindingsCommand({}))).Findings)).toEqual(['m1']);
    } finally {
      await hub.close();
    }
  });
});

describe('seedFindings builds the organization a delegated administrator sees', () => {
  const ADMIN = '111122223333';
  const control = (id: string, account: string, region: string, standardsIds: string[]) => ({
    ...finding({ Id: id, AwsAccountId: account, Region: region }),
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    Compliance: {
      Status: 'FAILED',
      SecurityControlId: 'S3.1',
      AssociatedStandards: standardsIds.map((StandardsId) => ({ StandardsId })),
    },
  });

  test('hub, standards, aggregator linking the other Regions, members with their own hubs, in every Region', async () => {
    const hub = await startTestHub();
    try {
      const result = seedFindings(
        hub.emulator,
        [
          control('a', ADMIN, 'us-east-1', ['standards/aws-foundational-security-best-practices/v/1.0.0']),
          control('b', '444455556666', 'eu-west-1', [
            'standards/cis-aws-foundations-benchmark/v/5.0.0',
            'standards/pci-dss/v/3.2.1',
          ]),
          {
            ...control('c', '777788889999', 'us-west-2', []),
            Compliance: { Status: 'PASSED', SecurityControlId: 'CloudWatch.1' },
            ProductFields: { StandardsGuideArn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0' },
          },
        ],
        { administratorAccountId: ADMIN },
      );
      expect(result.organization).toMatchObject({
        homeRegion: 'us-east-1',
        regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
        memberAccountIds: ['444455556666', '777788889999'],
      });

      const admin = hub.client(ADMIN, 'us-east-1');
      const standards = (await admin.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions?.map((s) => [
        s.StandardsArn,
        s.StandardsStatus,
      ]);
      expect(standards).toEqual(
        expect.arrayContaining([
          ['arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0', 'READY'],
          ['arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0', 'READY'],
          ['arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1', 'READY'],
          ['arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0', 'READY'],
        ]),
      );
      expect(standards).toHaveLength(4);

      const [aggregator] = (await admin.send(new ListFindingAggregatorsCommand({}))).FindingAggregators ?? [];
      const linking = await admin.send(
        new GetFindingAggregatorCommand({ FindingAggregatorArn: aggregator.FindingAggregatorArn }),
      );
      expect([linking.FindingAggregationRegion, linking.RegionLinkingMode, linking.Regions]).toEqual([
        'us-east-1',
        'SPECIFIED_REGIONS',
        ['eu-west-1', 'us-west-2'],
      ]);
      expect(ids((await admin.send(new GetFindingsCommand({}))).Findings).sort()).toEqual(['a', 'b', 'c']);

      for (const region of result.organization.regions) {
        const members =
          (await hub.client(ADMIN, region).send(new ListMembersCommand({ OnlyAssociated: true }))).Members ?? [];
        expect(members.map((m) => [m.AccountId, m.MemberStatus, m.AdministratorId])).toEqual([
          ['444455556666', 'Enabled', ADMIN],
          ['777788889999', 'Enabled', ADMIN],
        ]);
        expect(
          (await hub.client(ADMIN, region).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts?.map(
            (a) => a.AccountId,
          ),
        ).toEqual([ADMIN]);
        const member = hub.client('444455556666', region);
        expect((await member.send(new DescribeHubCommand({}))).HubArn).toBe(
          `arn:aws:securityhub:${region}:444455556666:hub/default`,
        );
        expect((await member.send(new GetAdministratorAccountCommand({}))).Administrator?.AccountId).toBe(ADMIN);
        expect((await member.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions).toHaveLength(4);
      }
    } finally {
      await hub.close();
    }
  });

  test("findings that name no standard get Security Hub's default standards; one Region links all", async () => {
    const hub = await startTestHub();
    try {
      seedFindings(hub.emulator, [finding({ Id: 'custom', AwsAccountId: '444455556666' })], {
        administratorAccountId: ADMIN,
      });
      const admin = hub.client(ADMIN);
      expect(
        (await admin.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions?.map(
          (s) => s.StandardsArn,
        ).sort(),
      ).toEqual([
        'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
        'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      ]);
      const [aggregator] = (await admin.send(new ListFindingAggregatorsCommand({}))).FindingAggregators ?? [];
      expect(
        (await admin.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: aggregator.FindingAggregatorArn })))
          .RegionLinkingMode,
      ).toBe('ALL_REGIONS');
    } finally {
      await hub.close();
    }
  });
});
