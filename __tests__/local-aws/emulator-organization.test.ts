import {
  AcceptAdministratorInvitationCommand,
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  CreateMembersCommand,
  DescribeOrganizationConfigurationCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  GetConfigurationPolicyAssociationCommand,
  GetFindingsCommand,
  GetMembersCommand,
  InvalidAccessException,
  InvalidInputException,
  InviteMembersCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  StartConfigurationPolicyAssociationCommand,
  UpdateOrganizationConfigurationCommand,
  AccessDeniedException,
} from '@aws-sdk/client-securityhub';
import { ADMIN, finding, ids, MEMBER, OTHER, startTestHub, type TestHub } from './helpers';

const MANAGEMENT = '111111111111';
const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';

// Who sees which findings: members, the delegated administrator, and cross-Region aggregation.
describe('administrators, members and aggregation', () => {
  let hub: TestHub;

  beforeEach(async () => {
    hub = await startTestHub();
  });
  afterEach(() => hub.close());

  const enable = (account: string, region = 'us-east-1') =>
    hub.client(account, region).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
  const importAs = (account: string, region: string, id: string) =>
    hub
      .client(account, region)
      .send(new BatchImportFindingsCommand({ Findings: [finding({ Id: id, AwsAccountId: account, Region: region })] }));
  const visible = async (account: string, region = 'us-east-1') =>
    ids((await hub.client(account, region).send(new GetFindingsCommand({}))).Findings).sort();

  test("a member sees only its own findings; an invited-and-accepted administrator sees the member's too", async () => {
    await enable(ADMIN);
    await enable(MEMBER);
    await importAs(MEMBER, 'us-east-1', 'member-finding');
    await importAs(ADMIN, 'us-east-1', 'admin-finding');
    expect(await visible(MEMBER)).toEqual(['member-finding']);
    expect(await visible(ADMIN)).toEqual(['admin-finding']);

    await hub
      .client(ADMIN)
      .send(new CreateMembersCommand({ AccountDetails: [{ AccountId: MEMBER, Email: 'member@example.com' }] }));
    expect(
      (await hub.client(ADMIN).send(new GetMembersCommand({ AccountIds: [MEMBER] }))).Members?.[0].MemberStatus,
    ).toBe('Created');
    expect(await visible(ADMIN)).toEqual(['admin-finding']);

    await hub.client(ADMIN).send(new InviteMembersCommand({ AccountIds: [MEMBER] }));
    const invitations = (await hub.client(MEMBER).send(new ListInvitationsCommand({}))).Invitations ?? [];
    expect(invitations).toHaveLength(1);
    await hub
      .client(MEMBER)
      .send(
        new AcceptAdministratorInvitationCommand({ AdministratorId: ADMIN, InvitationId: invitations[0].InvitationId }),
      );
    expect(
      (await hub.client(ADMIN).send(new ListMembersCommand({}))).Members?.map((m) => [m.AccountId, m.MemberStatus]),
    ).toEqual([[MEMBER, 'Enabled']]);
    expect(await visible(ADMIN)).toEqual(['admin-finding', 'member-finding']);
    expect(await visible(MEMBER)).toEqual(['member-finding']);

    // The administrator may update the member's finding; a stranger may not.
    const identifier = { Id: 'member-finding', ProductArn: finding({ AwsAccountId: MEMBER }).ProductArn };
    const update = await hub
      .client(ADMIN)
      .send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [identifier], Workflow: { Status: 'NOTIFIED' } }));
    expect(update.ProcessedFindings).toHaveLength(1);
    await enable(OTHER);
    const denied = await hub
      .client(OTHER)
      .send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [identifier], Workflow: { Status: 'NOTIFIED' } }));
    expect(denied.UnprocessedFindings?.[0].ErrorCode).toBe('FindingNotFound');
  });

  test("the delegated administrator sees every account's findings, per Region, and all linked Regions from the aggregation Region", async () => {
    await hub.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: ADMIN }));
    await hub
      .client(MANAGEMENT, 'eu-west-1')
      .send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: ADMIN }));
    expect((await hub.client(MANAGEMENT).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([
      { AccountId: ADMIN, Status: 'ENABLED' },
    ]);
    for (const region of ['us-east-1', 'eu-west-1']) {
      await enable(ADMIN, region);
      await enable(MEMBER, region);
      await enable(OTHER, region);
    }
    await importAs(MEMBER, 'us-east-1', 'm-use1');
    await importAs(MEMBER, 'eu-west-1', 'm-euw1');
    await importAs(OTHER, 'eu-west-1', 'o-euw1');

    expect(await visible(ADMIN, 'us-east-1')).toEqual(['m-use1']);
    expect(await visible(ADMIN, 'eu-west-1')).toEqual(['m-euw1', 'o-euw1']);

    await hub.client(ADMIN).send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    expect(await visible(ADMIN, 'us-east-1')).toEqual(['m-euw1', 'm-use1', 'o-euw1']);
    // Linked Regions still see their own findings only.
    expect(await visible(ADMIN, 'eu-west-1')).toEqual(['m-euw1', 'o-euw1']);
    expect(await visible(MEMBER, 'us-east-1')).toEqual(['m-use1']);
  });

  test('SPECIFIED_REGIONS links only the listed Regions', async () => {
    // The configured administrator sees every account, as with --admin-account.
    hub.emulator.state.administratorAccountId = ADMIN;
    for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1']) {
      await enable(ADMIN, region);
      await enable(MEMBER, region);
      await importAs(MEMBER, region, `m-${region}`);
    }
    await hub
      .client(ADMIN)
      .send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-west-1'] }));
    expect(await visible(ADMIN)).toEqual(['m-eu-west-1', 'm-us-east-1']);
    await expect(
      hub.client(ADMIN, 'eu-west-1').send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' })),
    ).rejects.toBeInstanceOf(ResourceConflictException);
    await expect(
      hub.client(ADMIN).send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  test('the organization enrols members directly, and only its administrator configures the organization', async () => {
    await hub.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: ADMIN }));
    await expect(
      hub.client(MANAGEMENT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: OTHER })),
    ).rejects.toBeInstanceOf(ResourceConflictException);
    await enable(ADMIN);
    await enable(OTHER);
    await hub.client(ADMIN).send(new CreateMembersCommand({ AccountDetails: [{ AccountId: MEMBER }] }));
    expect(await hub.client(ADMIN).send(new GetMembersCommand({ AccountIds: [MEMBER, OTHER] }))).toMatchObject({
      Members: [{ AccountId: MEMBER, MemberStatus: 'Enabled', AdministratorId: ADMIN }],
      UnprocessedAccounts: [{ AccountId: OTHER }],
    });

    await expect(hub.client(OTHER).send(new DescribeOrganizationConfigurationCommand({}))).rejects.toBeInstanceOf(
      InvalidAccessException,
    );
    expect(await hub.client(ADMIN).send(new DescribeOrganizationConfigurationCommand({}))).toMatchObject({
      AutoEnable: false,
      AutoEnableStandards: 'DEFAULT',
      OrganizationConfiguration: { ConfigurationType: 'LOCAL', Status: 'ENABLED' },
    });

    // Central configuration needs the home Region's aggregator and no auto-enable.
    const central = {
      AutoEnable: false,
      AutoEnableStandards: 'NONE' as const,
      OrganizationConfiguration: { ConfigurationType: 'CENTRAL' as const },
    };
    await expect(hub.client(ADMIN).send(new UpdateOrganizationConfigurationCommand(central))).rejects.toBeInstanceOf(
      InvalidInputException,
    );
    await hub.client(ADMIN).send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    await expect(
      hub.client(ADMIN).send(new UpdateOrganizationConfigurationCommand({ ...central, AutoEnable: true })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await hub.client(ADMIN).send(new UpdateOrganizationConfigurationCommand(central));
    expect(
      (await hub.client(ADMIN).send(new DescribeOrganizationConfigurationCommand({}))).OrganizationConfiguration
        ?.ConfigurationType,
    ).toBe('CENTRAL');

    // Configuration policies, then their association with an account.
    await expect(
      hub.client(OTHER).send(
        new CreateConfigurationPolicyCommand({
          Name: 'x',
          ConfigurationPolicy: { SecurityHub: { ServiceEnabled: false } },
        }),
      ),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(
      hub.client(ADMIN).send(
        new CreateConfigurationPolicyCommand({
          Name: 'bad',
          ConfigurationPolicy: {
            SecurityHub: {
              ServiceEnabled: true,
              EnabledStandardIdentifiers: [FSBP],
              SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: ['NoSuch.1'] },
            },
          },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInputException);
    const policy = await hub.client(ADMIN).send(
      new CreateConfigurationPolicyCommand({
        Name: 'baseline',
        ConfigurationPolicy: {
          SecurityHub: {
            ServiceEnabled: true,
            EnabledStandardIdentifiers: [FSBP],
            SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: ['EC2.2'] },
          },
        },
      }),
    );
    await expect(
      hub.client(ADMIN).send(new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: MEMBER } })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await hub.client(ADMIN).send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: policy.Id,
        Target: { AccountId: MEMBER },
      }),
    );
    expect(
      await hub.client(ADMIN).send(new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: MEMBER } })),
    ).toMatchObject({
      ConfigurationPolicyId: policy.Id,
      TargetId: MEMBER,
      TargetType: 'ACCOUNT',
      AssociationStatus: 'SUCCESS',
    });
  });
});
