import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  EnableImportFindingsForProductCommand,
  EnableSecurityHubCommand,
  GetFindingsCommand,
  InvalidAccessException,
  InvalidInputException,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { ADMIN, finding, MEMBER, OTHER, startTestHub, type TestHub } from './helpers';

// BatchImportFindings validation and update rules, and BatchUpdateFindings.
describe('BatchImportFindings and BatchUpdateFindings', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.client().send(new EnableSecurityHubCommand({}));
  });
  afterAll(() => hub.close());

  const importFindings = (findings: AwsSecurityFinding[]) =>
    hub.client().send(new BatchImportFindingsCommand({ Findings: findings }));
  const getById = async (id: string) =>
    (await hub.client().send(new GetFindingsCommand({ Filters: { Id: [{ Value: id, Comparison: 'EQUALS' }] } })))
      .Findings?.[0];

  test('imports a finding and fills in what the service adds', async () => {
    const result = await importFindings([finding({ Id: 'new-1', Severity: { Label: 'HIGH' } })]);
    expect(result).toMatchObject({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    const stored = await getById('new-1');
    expect(stored).toMatchObject({
      Region: 'us-east-1',
      ProductName: 'Default',
      CompanyName: 'Personal',
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      Severity: { Label: 'HIGH', Normalized: 70 },
      FindingProviderFields: {
        Severity: { Label: 'HIGH' },
        Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      },
    });
    expect(stored?.ProcessedAt).toBeDefined();
  });

  test('derives the severity label from a normalized score', async () => {
    await importFindings([finding({ Id: 'normalized', Severity: { Normalized: 45 } })]);
    expect((await getById('normalized'))?.Severity).toMatchObject({ Label: 'MEDIUM', Normalized: 45 });
  });

  test('accepts 100 findings and rejects 0 or 101 as a whole', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => finding({ Id: `bulk-${i}` }));
    expect((await importFindings(hundred)).SuccessCount).toBe(100);
    await expect(importFindings([...hundred, finding()])).rejects.toBeInstanceOf(InvalidInputException);
    await expect(importFindings([])).rejects.toBeInstanceOf(InvalidInputException);
  });

  test.each([
    ['a missing required attribute', { Title: undefined }, /required property 'Title'/],
    ['a wrong schema version', { SchemaVersion: '2020-01-01' }, /SchemaVersion/],
    ['a bad account id', { AwsAccountId: '12345' }, /AwsAccountId/],
    ['a date that is not ISO 8601', { CreatedAt: 'yesterday' }, /CreatedAt/],
    ['no resources', { Resources: [] }, /Resources/],
    ['a bad severity label', { Severity: { Label: 'SEVERE' } }, /Severity.Label/],
    ['a type outside the ASFF namespaces', { Types: ['Whatever/Else'] }, /Types/],
    ['a title over 256 characters', { Title: 'x'.repeat(257) }, /Title/],
    ['confidence over 100', { Confidence: 101 }, /Confidence/],
  ])('reports %s per finding in FailedFindings', async (_name, override, message) => {
    const bad = { ...finding({ Id: 'bad-one' }), ...override } as AwsSecurityFinding;
    const result = await importFindings([finding(), bad]);
    expect(result.SuccessCount).toBe(1);
    expect(result.FailedCount).toBe(1);
    expect(result.FailedFindings?.[0]).toMatchObject({ Id: 'bad-one', ErrorCode: 'InvalidInput' });
    expect(result.FailedFindings?.[0].ErrorMessage).toMatch(message);
  });

  test('a finding for another account, or a product in another Region, fails', async () => {
    const result = await importFindings([
      finding({ Id: 'other-account', AwsAccountId: '999988887777' }),
      {
        ...finding({ Id: 'other-region' }),
        ProductArn: `arn:aws:securityhub:eu-west-1:${ADMIN}:product/${ADMIN}/default`,
      },
      {
        ...finding({ Id: 'unsubscribed' }),
        ProductArn: 'arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon',
      },
    ]);
    expect(result.FailedCount).toBe(3);
    expect(result.FailedFindings?.map((f) => [f.Id, f.ErrorCode])).toEqual([
      ['other-account', 'AccessDeniedException'],
      ['other-region', 'InvalidInput'],
      ['unsubscribed', 'AccessDeniedException'],
    ]);
  });

  test('a finding over 240 KB fails with FindingSizeExceeded', async () => {
    const result = await importFindings([finding({ Id: 'huge', ProductFields: { blob: 'x'.repeat(250 * 1024) } })]);
    expect(result.FailedFindings?.[0]).toMatchObject({ Id: 'huge', ErrorCode: 'FindingSizeExceeded' });
  });

  test('re-importing keeps CreatedAt, needs a later UpdatedAt and keeps customer fields', async () => {
    await importFindings([
      finding({
        Id: 'update-me',
        CreatedAt: '2024-01-01T00:00:00.000Z',
        UpdatedAt: '2024-01-01T00:00:00.000Z',
        Title: 'v1',
      }),
    ]);
    await hub.client().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: 'update-me', ProductArn: finding().ProductArn }],
        Workflow: { Status: 'NOTIFIED' },
        Note: { Text: 'looking', UpdatedBy: 'analyst' },
        Severity: { Label: 'CRITICAL' },
      }),
    );
    const same = await importFindings([
      finding({ Id: 'update-me', UpdatedAt: '2024-01-01T00:00:00.000Z', Title: 'stale' }),
    ]);
    expect(same.FailedFindings?.[0]).toMatchObject({ Id: 'update-me', ErrorCode: 'InvalidInput' });
    expect(same.FailedFindings?.[0].ErrorMessage).toMatch(/UpdatedAt/);
    const newer = await importFindings([
      finding({
        Id: 'update-me',
        CreatedAt: '2024-06-01T00:00:00.000Z',
        UpdatedAt: '2024-02-01T00:00:00.000Z',
        Title: 'v2',
        Severity: { Label: 'LOW' },
        Workflow: { Status: 'RESOLVED' },
      }),
    ]);
    expect(newer.SuccessCount).toBe(1);
    const stored = await getById('update-me');
    expect(stored).toMatchObject({
      Title: 'v2',
      CreatedAt: '2024-01-01T00:00:00.000Z',
      UpdatedAt: '2024-02-01T00:00:00.000Z',
      Workflow: { Status: 'NOTIFIED' },
      Note: { Text: 'looking', UpdatedBy: 'analyst' },
      Severity: { Label: 'CRITICAL' },
      FindingProviderFields: { Severity: { Label: 'LOW' } },
    });
  });

  test('BatchUpdateFindings updates every customer field and leaves UpdatedAt alone', async () => {
    const target = finding({ Id: 'triage', UpdatedAt: '2024-03-01T00:00:00.000Z' });
    await importFindings([target]);
    const result = await hub.client().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: 'triage', ProductArn: target.ProductArn }],
        Note: { Text: 'triaged', UpdatedBy: 'me' },
        Severity: { Normalized: 95 },
        VerificationState: 'TRUE_POSITIVE',
        Confidence: 80,
        Criticality: 70,
        Types: ['TTPs/Discovery'],
        UserDefinedFields: { ticket: 'SEC-42' },
        Workflow: { Status: 'RESOLVED' },
        RelatedFindings: [{ ProductArn: target.ProductArn, Id: 'new-1' }],
      }),
    );
    expect(result).toMatchObject({
      ProcessedFindings: [{ Id: 'triage', ProductArn: target.ProductArn }],
      UnprocessedFindings: [],
    });
    const stored = await getById('triage');
    expect(stored).toMatchObject({
      Note: { Text: 'triaged', UpdatedBy: 'me' },
      Severity: { Label: 'CRITICAL', Normalized: 95 },
      VerificationState: 'TRUE_POSITIVE',
      Confidence: 80,
      Criticality: 70,
      Types: ['TTPs/Discovery'],
      UserDefinedFields: { ticket: 'SEC-42' },
      Workflow: { Status: 'RESOLVED' },
      RelatedFindings: [{ ProductArn: target.ProductArn, Id: 'new-1' }],
      UpdatedAt: '2024-03-01T00:00:00.000Z',
    });
    expect(stored?.Note?.UpdatedAt).toBeDefined();
  });

  test('BatchUpdateFindings reports unknown and duplicated identifiers as unprocessed', async () => {
    const known = finding({ Id: 'known' });
    await importFindings([known]);
    const result = await hub.client().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [
          { Id: 'known', ProductArn: known.ProductArn },
          { Id: 'known', ProductArn: known.ProductArn },
          { Id: 'missing', ProductArn: known.ProductArn },
        ],
        Workflow: { Status: 'SUPPRESSED' },
      }),
    );
    expect(result.ProcessedFindings).toEqual([{ Id: 'known', ProductArn: known.ProductArn }]);
    expect(result.UnprocessedFindings?.map((u) => [u.FindingIdentifier?.Id, u.ErrorCode])).toEqual([
      ['known', 'DuplicatedFindingIdentifier'],
      ['missing', 'FindingNotFound'],
    ]);
  });

  test('BatchUpdateFindings validates its request', async () => {
    const id = [{ Id: 'known', ProductArn: finding().ProductArn }];
    const send = (input: object) =>
      hub.client().send(new BatchUpdateFindingsCommand({ FindingIdentifiers: id, ...input }));
    await expect(send({})).rejects.toBeInstanceOf(InvalidInputException);
    await expect(send({ Confidence: 101 })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(send({ Workflow: { Status: 'DONE' } })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(send({ Note: { Text: 'no author' } })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(
      hub.client().send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [], Confidence: 1 })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  describe('what an account may import (AWS refuses the rest, and so does local AWS)', () => {
    const PARTNER = 'arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon';
    const held = () => JSON.stringify(hub.emulator.state.findings.get(PARTNER, 'shared-id')?.finding);
    const member = (account: string) => hub.client(account);

    beforeAll(async () => {
      for (const account of [MEMBER, OTHER]) {
        await member(account).send(new EnableSecurityHubCommand({}));
        await member(account).send(new EnableImportFindingsForProductCommand({ ProductArn: PARTNER }));
      }
      // A partner's finding for MEMBER, and the services' own findings, as the services file them.
      expect(
        (
          await member(MEMBER).send(
            new BatchImportFindingsCommand({
              Findings: [{ ...finding({ Id: 'shared-id', AwsAccountId: MEMBER }), ProductArn: PARTNER }],
            }),
          )
        ).SuccessCount,
      ).toBe(1);
      expect(
        hub.emulator.loadFindings([
          {
            ...finding({
              Id: 'arn:aws:securityhub:us-east-1:222233334444:security-control/S3.1/finding/0001',
              AwsAccountId: MEMBER,
            }),
            ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
          },
        ]).failed,
      ).toEqual([]);
    });

    test.each([
      [
        "Security Hub's own product (empty account field)",
        (f: AwsSecurityFinding) => ({ ...f, ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub' }),
        /only the AWS service itself/,
      ],
      [
        "GuardDuty's product",
        (f: AwsSecurityFinding) => ({
          ...f,
          Id: 'arn:aws:guardduty:us-east-1:333344445555:detector/abc/finding/def',
          ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty',
        }),
        /only the AWS service itself/,
      ],
      [
        "Inspector's product",
        (f: AwsSecurityFinding) => ({ ...f, ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/inspector' }),
        /only the AWS service itself/,
      ],
      [
        "another account's default product",
        (f: AwsSecurityFinding) => ({
          ...f,
          ProductArn: `arn:aws:securityhub:us-east-1:${MEMBER}:product/${MEMBER}/default`,
        }),
        /another account's default product/,
      ],
      [
        'a finding about another account',
        (f: AwsSecurityFinding) => ({ ...f, AwsAccountId: MEMBER }),
        /not allowed to import findings for account 222233334444/,
      ],
      [
        'a partner product it did not enable',
        (f: AwsSecurityFinding) => ({ ...f, ProductArn: 'arn:aws:securityhub:us-east-1::product/prowler/prowler' }),
        /not subscribed/,
      ],
      [
        "another account's finding under a shared partner product (same Id)",
        (f: AwsSecurityFinding) => ({
          ...f,
          Id: 'shared-id',
          ProductArn: PARTNER,
          UpdatedAt: '2030-01-01T00:00:00.000Z',
        }),
        /finding of account 222233334444/,
      ],
    ])('%s: AccessDeniedException in FailedFindings, nothing stored or changed', async (_name, alter, message) => {
      const before = { shared: held(), count: hub.emulator.state.findings.size };
      const forged = alter(finding({ Id: 'forged', AwsAccountId: OTHER }));
      const result = await member(OTHER).send(new BatchImportFindingsCommand({ Findings: [forged] }));
      expect(result).toMatchObject({ SuccessCount: 0, FailedCount: 1 });
      expect(result.FailedFindings?.[0]).toMatchObject({
        ErrorCode: 'AccessDeniedException',
        ErrorMessage: expect.stringMatching(message),
      });
      expect({ shared: held(), count: hub.emulator.state.findings.size }).toEqual(before);
    });

    test("the same account's own default product and an enabled partner product are accepted", async () => {
      const own = finding({ Id: 'own', AwsAccountId: OTHER });
      const partner = { ...finding({ Id: 'partner-own', AwsAccountId: OTHER }), ProductArn: PARTNER };
      expect(await member(OTHER).send(new BatchImportFindingsCommand({ Findings: [own, partner] }))).toMatchObject({
        SuccessCount: 2,
        FailedCount: 0,
      });
    });
  });

  test('import and update need the hub enabled (InvalidAccessException)', async () => {
    const stranger = hub.client('444455556666');
    await expect(
      stranger.send(new BatchImportFindingsCommand({ Findings: [finding({ AwsAccountId: '444455556666' })] })),
    ).rejects.toBeInstanceOf(InvalidAccessException);
    await expect(stranger.send(new GetFindingsCommand({}))).rejects.toThrow(/not subscribed to AWS Security Hub/);
  });
});
