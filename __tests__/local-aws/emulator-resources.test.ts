import {
  BatchDeleteAutomationRulesCommand,
  BatchDisableStandardsCommand,
  BatchEnableStandardsCommand,
  BatchGetAutomationRulesCommand,
  BatchGetSecurityControlsCommand,
  BatchImportFindingsCommand,
  BatchUpdateStandardsControlAssociationsCommand,
  CreateActionTargetCommand,
  CreateAutomationRuleCommand,
  CreateInsightCommand,
  DeleteActionTargetCommand,
  DeleteInsightCommand,
  DescribeActionTargetsCommand,
  DescribeHubCommand,
  DescribeProductsCommand,
  DescribeStandardsCommand,
  DescribeStandardsControlsCommand,
  DisableImportFindingsForProductCommand,
  DisableSecurityHubCommand,
  EnableImportFindingsForProductCommand,
  EnableSecurityHubCommand,
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  GetInsightResultsCommand,
  GetInsightsCommand,
  InvalidAccessException,
  InvalidInputException,
  LimitExceededException,
  ListEnabledProductsForImportCommand,
  ListSecurityControlDefinitionsCommand,
  ListStandardsControlAssociationsCommand,
  ListTagsForResourceCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  SecurityHubServiceException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecurityControlCommand,
  UpdateSecurityHubConfigurationCommand,
  UpdateStandardsControlCommand,
} from '@aws-sdk/client-securityhub';
import { CONTROL_CATALOGUE } from '../../domain/control-catalogue';
import { SecurityStandard } from '../../domain/security-standard';
import { ADMIN, finding, startTestHub, type TestHub } from './helpers';

const FSBP = SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0;
const FSBP_ARN = FSBP.arn('us-east-1');

describe('hub, standards, controls and other resources', () => {
  let hub: TestHub;

  beforeEach(async () => {
    hub = await startTestHub();
  });
  afterEach(() => hub.close());

  const sh = () => hub.client();

  test('enable, describe, update and disable the hub; errors are typed', async () => {
    await expect(sh().send(new DescribeHubCommand({}))).rejects.toBeInstanceOf(InvalidAccessException);
    await sh().send(
      new EnableSecurityHubCommand({ Tags: { team: 'sec' }, ControlFindingGenerator: 'STANDARD_CONTROL' }),
    );
    await expect(sh().send(new EnableSecurityHubCommand({}))).rejects.toBeInstanceOf(ResourceConflictException);
    const described = await sh().send(new DescribeHubCommand({}));
    expect(described).toMatchObject({
      HubArn: `arn:aws:securityhub:us-east-1:${ADMIN}:hub/default`,
      AutoEnableControls: true,
      ControlFindingGenerator: 'STANDARD_CONTROL',
    });
    await expect(
      sh().send(new DescribeHubCommand({ HubArn: 'arn:aws:securityhub:us-east-1:999999999999:hub/default' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await sh().send(new UpdateSecurityHubConfigurationCommand({ AutoEnableControls: false }));
    expect((await sh().send(new DescribeHubCommand({}))).AutoEnableControls).toBe(false);
    expect((await sh().send(new ListTagsForResourceCommand({ ResourceArn: described.HubArn }))).Tags).toEqual({
      team: 'sec',
    });
    await sh().send(new TagResourceCommand({ ResourceArn: described.HubArn, Tags: { env: 'test' } }));
    await sh().send(new UntagResourceCommand({ ResourceArn: described.HubArn, TagKeys: ['team'] }));
    expect((await sh().send(new ListTagsForResourceCommand({ ResourceArn: described.HubArn }))).Tags).toEqual({
      env: 'test',
    });
    // Default standards came with the hub: FSBP and CIS v1.2.0.
    const enabled = (await sh().send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions?.map(
      (s) => s.StandardsArn,
    ).sort();
    expect(enabled).toEqual([SecurityStandard.CIS_1_2_0.arn('us-east-1'), FSBP_ARN].sort());
    await sh().send(new DisableSecurityHubCommand({}));
    await expect(sh().send(new DescribeHubCommand({}))).rejects.toBeInstanceOf(InvalidAccessException);
    expect(hub.emulator.state.summary()).toEqual({ hubs: 0, resources: 0, findings: 0, organizationAdmins: 0 });
  });

  test('hubs are per account and per Region', async () => {
    await sh().send(new EnableSecurityHubCommand({}));
    await expect(hub.client(ADMIN, 'eu-west-1').send(new DescribeHubCommand({}))).rejects.toBeInstanceOf(
      InvalidAccessException,
    );
    await expect(hub.client('222233334444').send(new DescribeHubCommand({}))).rejects.toBeInstanceOf(
      InvalidAccessException,
    );
  });

  test('standards: describe, enable, read controls, disable a control, disable the standard', async () => {
    await sh().send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    const standards = (await sh().send(new DescribeStandardsCommand({}))).Standards ?? [];
    expect(standards.map((s) => s.StandardsArn)).toEqual(SecurityStandard.ALL.map((s) => s.arn('us-east-1')));
    await expect(
      sh().send(
        new BatchEnableStandardsCommand({
          StandardsSubscriptionRequests: [{ StandardsArn: 'arn:aws:securityhub:us-east-1::standards/nope/v/1' }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInputException);
    const enabled = await sh().send(
      new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP_ARN }] }),
    );
    const subscriptionArn = enabled.StandardsSubscriptions?.[0].StandardsSubscriptionArn as string;
    expect(subscriptionArn).toBe(FSBP.subscriptionArn('us-east-1', ADMIN));
    expect(
      (await sh().send(new GetEnabledStandardsCommand({ StandardsSubscriptionArns: [subscriptionArn] })))
        .StandardsSubscriptions?.[0].StandardsStatus,
    ).toBe('READY');

    const controls =
      (
        await sh().send(
          new DescribeStandardsControlsCommand({ StandardsSubscriptionArn: subscriptionArn, MaxResults: 100 }),
        )
      ).Controls ?? [];
    const expected = CONTROL_CATALOGUE.filter((c) => c.standards.includes(FSBP));
    expect(controls.map((c) => c.ControlId)).toEqual(expected.slice(0, 100).map((c) => c.securityControlId));
    const first = controls[0];
    expect(first).toMatchObject({
      ControlStatus: 'ENABLED',
      Title: expected[0].title,
      SeverityRating: expected[0].severity,
    });
    await expect(
      sh().send(
        new UpdateStandardsControlCommand({
          StandardsControlArn: first.StandardsControlArn,
          ControlStatus: 'DISABLED',
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await sh().send(
      new UpdateStandardsControlCommand({
        StandardsControlArn: first.StandardsControlArn,
        ControlStatus: 'DISABLED',
        DisabledReason: 'not used',
      }),
    );
    const again = (await sh().send(new DescribeStandardsControlsCommand({ StandardsSubscriptionArn: subscriptionArn })))
      .Controls?.[0];
    expect(again).toMatchObject({ ControlStatus: 'DISABLED', DisabledReason: 'not used' });

    await sh().send(new BatchDisableStandardsCommand({ StandardsSubscriptionArns: [subscriptionArn] }));
    expect((await sh().send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions).toEqual([]);
    await expect(
      sh().send(new DescribeStandardsControlsCommand({ StandardsSubscriptionArn: subscriptionArn })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('security controls: definitions, associations and parameters', async () => {
    await sh().send(new EnableSecurityHubCommand({}));
    const definitions =
      (await sh().send(new ListSecurityControlDefinitionsCommand({ StandardsArn: FSBP_ARN, MaxResults: 100 })))
        .SecurityControlDefinitions ?? [];
    expect(definitions.length).toBeGreaterThan(0);
    const acm = definitions.find((d) => d.SecurityControlId === 'ACM.1');
    expect(acm?.ParameterDefinitions?.daysToExpiration.ConfigurationOptions).toEqual({
      Integer: { Min: 14, Max: 365, DefaultValue: 30 },
    });

    const associations = await sh().send(new ListStandardsControlAssociationsCommand({ SecurityControlId: 'EC2.2' }));
    expect(
      associations.StandardsControlAssociationSummaries?.map((a) => [a.StandardsArn, a.AssociationStatus]).sort(),
    ).toEqual(
      [
        [SecurityStandard.CIS_1_2_0.arn('us-east-1'), 'ENABLED'],
        [FSBP_ARN, 'ENABLED'],
      ].sort(),
    );
    const update = await sh().send(
      new BatchUpdateStandardsControlAssociationsCommand({
        StandardsControlAssociationUpdates: [
          {
            StandardsArn: FSBP_ARN,
            SecurityControlId: 'EC2.2',
            AssociationStatus: 'DISABLED',
            UpdatedReason: 'no default VPCs',
          },
          { StandardsArn: FSBP_ARN, SecurityControlId: 'EC2.2', AssociationStatus: 'DISABLED' },
          {
            StandardsArn: SecurityStandard.PCI_DSS_3_2_1.arn('us-east-1'),
            SecurityControlId: 'EC2.2',
            AssociationStatus: 'DISABLED',
            UpdatedReason: 'x',
          },
        ],
      }),
    );
    expect(update.UnprocessedAssociationUpdates?.map((u) => u.ErrorCode)).toEqual([
      'INVALID_INPUT',
      'RESOURCE_NOT_FOUND',
    ]);
    const after = await sh().send(new ListStandardsControlAssociationsCommand({ SecurityControlId: 'EC2.2' }));
    expect(after.StandardsControlAssociationSummaries?.find((a) => a.StandardsArn === FSBP_ARN)).toMatchObject({
      AssociationStatus: 'DISABLED',
      UpdatedReason: 'no default VPCs',
    });

    await expect(
      sh().send(
        new UpdateSecurityControlCommand({
          SecurityControlId: 'ACM.1',
          Parameters: { daysToExpiration: { ValueType: 'CUSTOM', Value: { Integer: 5 } } },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await sh().send(
      new UpdateSecurityControlCommand({
        SecurityControlId: 'ACM.1',
        Parameters: { daysToExpiration: { ValueType: 'CUSTOM', Value: { Integer: 30 } } },
        LastUpdateReason: 'policy',
      }),
    );
    const got = await sh().send(new BatchGetSecurityControlsCommand({ SecurityControlIds: ['ACM.1', 'Nope.9'] }));
    expect(got.SecurityControls?.[0]).toMatchObject({
      SecurityControlId: 'ACM.1',
      Parameters: { daysToExpiration: { ValueType: 'CUSTOM', Value: { Integer: 30 } } },
      LastUpdateReason: 'policy',
    });
    expect(got.UnprocessedIds).toEqual([
      expect.objectContaining({ SecurityControlId: 'Nope.9', ErrorCode: 'NOT_FOUND' }),
    ]);
  });

  test('insights and their results', async () => {
    await sh().send(new EnableSecurityHubCommand({}));
    await sh().send(
      new BatchImportFindingsCommand({
        Findings: [
          finding({ Severity: { Label: 'CRITICAL' }, Resources: [{ Type: 'AwsS3Bucket', Id: 'bucket-a' }] }),
          finding({ Severity: { Label: 'CRITICAL' }, Resources: [{ Type: 'AwsS3Bucket', Id: 'bucket-a' }] }),
          finding({ Severity: { Label: 'CRITICAL' }, Resources: [{ Type: 'AwsS3Bucket', Id: 'bucket-b' }] }),
          finding({ Severity: { Label: 'LOW' }, Resources: [{ Type: 'AwsS3Bucket', Id: 'bucket-c' }] }),
        ],
      }),
    );
    const { InsightArn } = await sh().send(
      new CreateInsightCommand({
        Name: 'Critical by resource',
        GroupByAttribute: 'ResourceId',
        Filters: { SeverityLabel: [{ Value: 'CRITICAL', Comparison: 'EQUALS' }] },
      }),
    );
    expect(InsightArn).toMatch(
      new RegExp(`^arn:aws:securityhub:us-east-1:${ADMIN}:insight/${ADMIN}/custom/[0-9a-f-]{36}$`),
    );
    const results = await sh().send(new GetInsightResultsCommand({ InsightArn }));
    expect(results.InsightResults?.ResultValues).toEqual([
      { GroupByAttributeValue: 'bucket-a', Count: 2 },
      { GroupByAttributeValue: 'bucket-b', Count: 1 },
    ]);
    expect((await sh().send(new GetInsightsCommand({ InsightArns: [InsightArn as string] }))).Insights?.[0].Name).toBe(
      'Critical by resource',
    );
    await expect(
      sh().send(new CreateInsightCommand({ Name: 'bad', GroupByAttribute: 'Nope', Filters: {} })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await sh().send(new DeleteInsightCommand({ InsightArn }));
    await expect(sh().send(new GetInsightsCommand({ InsightArns: [InsightArn as string] }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test('action targets: create, conflict, limit, delete', async () => {
    await sh().send(new EnableSecurityHubCommand({}));
    const created = await sh().send(
      new CreateActionTargetCommand({ Name: 'Ticket', Description: 'Open a ticket', Id: 'Ticket' }),
    );
    expect(created.ActionTargetArn).toBe(`arn:aws:securityhub:us-east-1:${ADMIN}:action/custom/Ticket`);
    await expect(
      sh().send(new CreateActionTargetCommand({ Name: 'Ticket', Description: 'again', Id: 'Ticket' })),
    ).rejects.toBeInstanceOf(ResourceConflictException);
    await expect(
      sh().send(new CreateActionTargetCommand({ Name: 'Bad', Description: 'bad id', Id: 'has-dash' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    for (let i = 1; i < 50; i++)
      await sh().send(new CreateActionTargetCommand({ Name: `A${i}`, Description: 'd', Id: `A${i}` }));
    await expect(
      sh().send(new CreateActionTargetCommand({ Name: 'One more', Description: 'd', Id: 'OneMore' })),
    ).rejects.toBeInstanceOf(LimitExceededException);
    const described = await sh().send(
      new DescribeActionTargetsCommand({ ActionTargetArns: [created.ActionTargetArn as string] }),
    );
    expect(described.ActionTargets).toEqual([
      { ActionTargetArn: created.ActionTargetArn, Name: 'Ticket', Description: 'Open a ticket' },
    ]);
    await sh().send(new DeleteActionTargetCommand({ ActionTargetArn: created.ActionTargetArn }));
    await expect(
      sh().send(new DeleteActionTargetCommand({ ActionTargetArn: created.ActionTargetArn })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('automation rules apply to imported findings that match, in rule order', async () => {
    await sh().send(new EnableSecurityHubCommand({}));
    const { RuleArn } = await sh().send(
      new CreateAutomationRuleCommand({
        RuleName: 'Suppress sample findings',
        Description: 'Samples are noise',
        RuleOrder: 1,
        Criteria: { Title: [{ Value: 'sample', Comparison: 'CONTAINS' }] },
        Actions: [
          {
            Type: 'FINDING_FIELDS_UPDATE',
            FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' }, Note: { Text: 'auto', UpdatedBy: 'rule' } },
          },
        ],
        Tags: { owner: 'sec' },
      }),
    );
    await sh().send(
      new BatchImportFindingsCommand({
        Findings: [
          finding({ Id: 'noise', Title: 'a sample finding' }),
          finding({ Id: 'real', Title: 'a real finding' }),
        ],
      }),
    );
    const all = (await sh().send(new GetFindingsCommand({}))).Findings ?? [];
    expect(all.find((f) => f.Id === 'noise')).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'auto', UpdatedBy: 'rule' },
    });
    expect(all.find((f) => f.Id === 'real')?.Workflow?.Status).toBe('NEW');
    const rules = await sh().send(
      new BatchGetAutomationRulesCommand({ AutomationRulesArns: [RuleArn as string, `${RuleArn}x`] }),
    );
    expect(rules.Rules?.[0]).toMatchObject({
      RuleName: 'Suppress sample findings',
      RuleStatus: 'ENABLED',
      IsTerminal: false,
      RuleOrder: 1,
    });
    expect(rules.UnprocessedAutomationRules).toHaveLength(1);
    expect((await sh().send(new ListTagsForResourceCommand({ ResourceArn: RuleArn }))).Tags).toEqual({ owner: 'sec' });
    await sh().send(new BatchDeleteAutomationRulesCommand({ AutomationRulesArns: [RuleArn as string] }));
    await expect(sh().send(new ListTagsForResourceCommand({ ResourceArn: RuleArn }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test('product subscriptions let a third-party product import findings', async () => {
    await sh().send(new EnableSecurityHubCommand({}));
    const productArn = 'arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon';
    expect((await sh().send(new DescribeProductsCommand({ ProductArn: productArn }))).Products?.[0]).toMatchObject({
      ProductName: 'CrowdStrike Falcon',
    });
    const { ProductSubscriptionArn } = await sh().send(
      new EnableImportFindingsForProductCommand({ ProductArn: productArn }),
    );
    await expect(
      sh().send(new EnableImportFindingsForProductCommand({ ProductArn: productArn })),
    ).rejects.toBeInstanceOf(ResourceConflictException);
    expect((await sh().send(new ListEnabledProductsForImportCommand({}))).ProductSubscriptions).toEqual([
      ProductSubscriptionArn,
    ]);
    const imported = await sh().send(
      new BatchImportFindingsCommand({ Findings: [{ ...finding(), ProductArn: productArn }] }),
    );
    expect(imported.SuccessCount).toBe(1);
    await sh().send(new DisableImportFindingsForProductCommand({ ProductSubscriptionArn }));
    await expect(
      sh().send(new DisableImportFindingsForProductCommand({ ProductSubscriptionArn })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('requests the API does not define get an error response, never a crash', async () => {
    const res = await fetch(`${hub.endpoint}/no/such/path`, {
      method: 'POST',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=x',
      },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
    const bad = await fetch(`${hub.endpoint}/findings`, {
      method: 'POST',
      body: '{not json',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=x',
      },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ __type: 'SerializationException', Code: 'SerializationException' });
    const unsigned = await fetch(`${hub.endpoint}/accounts`);
    expect(unsigned.status).toBe(403);
    await expect(sh().send(new DescribeHubCommand({}))).rejects.toBeInstanceOf(SecurityHubServiceException);
  });

  test('an unexpected failure is InternalException (500) with a log line', async () => {
    const lines: string[] = [];
    const broken = await startTestHub({ logError: (line) => lines.push(line) });
    try {
      broken.emulator.state.hubOf = () => {
        throw new Error('simulated fault');
      };
      const err = await broken
        .client()
        .send(new DescribeHubCommand({}))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecurityHubServiceException);
      expect(err).toMatchObject({ name: 'InternalException', $metadata: { httpStatusCode: 500 } });
      expect(lines.join('\n')).toMatch(/DescribeHub GET \/accounts failed: Error: simulated fault/);
    } finally {
      await broken.close();
    }
  });
});
