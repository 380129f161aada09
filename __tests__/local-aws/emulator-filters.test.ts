import { GetFindingsCommand, InvalidInputException, type AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import { finding, ids, startTestHub, type TestHub } from './helpers';

// GetFindings filters, one kind at a time, through the real SDK client.
describe('GetFindings filters', () => {
  let hub: TestHub;
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();

  const fixtures = [
    finding({
      Id: 'iam-policy',
      Title: 'IAM policy allows CloudFront admin',
      Severity: { Label: 'CRITICAL' },
      Confidence: 90,
      UpdatedAt: daysAgo(1),
      CreatedAt: daysAgo(1),
      Resources: [{ Type: 'AwsIamPolicy', Id: 'arn:aws:iam::123456789012:policy/p', Tags: { env: 'prod' } }],
      ProductFields: { 'aws/securityhub/ProductName': 'Security Hub' },
      Network: { Direction: 'IN', SourceIpV4: '10.1.2.3', SourcePort: 443 },
      Sample: true,
      Compliance: { Status: 'FAILED', SecurityControlId: 'IAM.1' },
    }),
    finding({
      Id: 'iam-role',
      Title: 'IAM role trusts everyone',
      Severity: { Label: 'HIGH' },
      Confidence: 50,
      UpdatedAt: daysAgo(3),
      CreatedAt: daysAgo(3),
      Resources: [{ Type: 'AwsIamRole', Id: 'arn:aws:iam::123456789012:role/r', Tags: { env: 'dev' } }],
      Network: { Direction: 'OUT', SourceIpV4: '192.168.0.9', SourcePort: 22 },
      Compliance: { Status: 'PASSED', SecurityControlId: 'IAM.2' },
    }),
    finding({
      Id: 'ec2-sg',
      Title: 'CloudWatch alarm missing for security group',
      Severity: { Label: 'MEDIUM' },
      Confidence: 10,
      UpdatedAt: daysAgo(10),
      CreatedAt: daysAgo(10),
      Resources: [
        { Type: 'AwsEc2SecurityGroup', Id: 'sg-1' },
        { Type: 'AwsEc2NetworkInterface', Id: 'eni-1' },
      ],
      Sample: false,
      Network: { SourceIpV6: '2001:db8::1' },
      Compliance: { Status: 'FAILED', SecurityControlId: 'EC2.2' },
    }),
    finding({
      Id: 'ec2-eni',
      Title: 'Network interface exposed',
      Severity: { Label: 'LOW' },
      UpdatedAt: daysAgo(30),
      CreatedAt: daysAgo(30),
      Resources: [{ Type: 'AwsEc2NetworkInterface', Id: 'eni-2' }],
      UserDefinedFields: { ticket: 'SEC-1' },
    }),
    finding({
      Id: 's3-bucket',
      Title: 'Bucket is public',
      Severity: { Label: 'INFORMATIONAL' },
      UpdatedAt: daysAgo(60),
      CreatedAt: daysAgo(60),
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::b' }],
      RecordState: 'ARCHIVED',
    }),
  ];

  beforeAll(async () => {
    hub = await startTestHub();
    hub.emulator.enableHub('123456789012');
    const result = hub.emulator.loadFindings(fixtures);
    expect(result.failed).toEqual([]);
  });
  afterAll(() => hub.close());

  const query = async (Filters: AwsSecurityFindingFilters) =>
    ids((await hub.client().send(new GetFindingsCommand({ Filters }))).Findings).sort();

  test('no filters returns every finding', async () => {
    expect(await query({})).toEqual(['ec2-eni', 'ec2-sg', 'iam-policy', 'iam-role', 's3-bucket']);
  });

  test('string EQUALS, PREFIX and CONTAINS on one attribute are joined by OR', async () => {
    expect(
      await query({
        SeverityLabel: [
          { Value: 'CRITICAL', Comparison: 'EQUALS' },
          { Value: 'HIGH', Comparison: 'EQUALS' },
        ],
      }),
    ).toEqual(['iam-policy', 'iam-role']);
    expect(await query({ ResourceType: [{ Value: 'AwsIam', Comparison: 'PREFIX' }] })).toEqual([
      'iam-policy',
      'iam-role',
    ]);
    expect(
      await query({
        Title: [
          { Value: 'CloudFront', Comparison: 'CONTAINS' },
          { Value: 'CloudWatch', Comparison: 'CONTAINS' },
        ],
      }),
    ).toEqual(['ec2-sg', 'iam-policy']);
  });

  test('NOT_EQUALS, PREFIX_NOT_EQUALS and NOT_CONTAINS are joined by AND', async () => {
    expect(
      await query({
        SeverityLabel: [
          { Value: 'CRITICAL', Comparison: 'NOT_EQUALS' },
          { Value: 'LOW', Comparison: 'NOT_EQUALS' },
        ],
      }),
    ).toEqual(['ec2-sg', 'iam-role', 's3-bucket']);
    expect(
      await query({
        ResourceType: [
          { Value: 'AwsIam', Comparison: 'PREFIX_NOT_EQUALS' },
          { Value: 'AwsS3', Comparison: 'PREFIX_NOT_EQUALS' },
        ],
      }),
    ).toEqual(['ec2-eni', 'ec2-sg']);
    expect(
      await query({
        Title: [
          { Value: 'IAM', Comparison: 'NOT_CONTAINS' },
          { Value: 'Bucket', Comparison: 'NOT_CONTAINS' },
        ],
      }),
    ).toEqual(['ec2-eni', 'ec2-sg']);
  });

  test('PREFIX filters apply first, then the exclusions (the documented ResourceType example)', async () => {
    expect(
      await query({
        ResourceType: [
          { Value: 'AwsIam', Comparison: 'PREFIX' },
          { Value: 'AwsEc2', Comparison: 'PREFIX' },
          { Value: 'AwsIamPolicy', Comparison: 'NOT_EQUALS' },
          { Value: 'AwsEc2NetworkInterface', Comparison: 'NOT_EQUALS' },
        ],
      }),
    ).toEqual(['iam-role']);
  });

  test('a list attribute matches when any value does, and a negative filter needs every value to differ', async () => {
    expect(await query({ ResourceType: [{ Value: 'AwsEc2NetworkInterface', Comparison: 'EQUALS' }] })).toEqual([
      'ec2-eni',
      'ec2-sg',
    ]);
    expect(await query({ ResourceType: [{ Value: 'AwsEc2SecurityGroup', Comparison: 'NOT_EQUALS' }] })).toEqual([
      'ec2-eni',
      'iam-policy',
      'iam-role',
      's3-bucket',
    ]);
  });

  test('different attributes are joined by AND', async () => {
    expect(
      await query({
        ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
        SeverityLabel: [{ Value: 'CRITICAL', Comparison: 'EQUALS' }],
      }),
    ).toEqual(['iam-policy']);
  });

  test.each([
    [
      'EQUALS with NOT_EQUALS',
      [
        { Value: 'A', Comparison: 'EQUALS' },
        { Value: 'B', Comparison: 'NOT_EQUALS' },
      ],
    ],
    [
      'EQUALS with PREFIX_NOT_EQUALS',
      [
        { Value: 'A', Comparison: 'EQUALS' },
        { Value: 'B', Comparison: 'PREFIX_NOT_EQUALS' },
      ],
    ],
    [
      'CONTAINS with EQUALS',
      [
        { Value: 'A', Comparison: 'CONTAINS' },
        { Value: 'B', Comparison: 'EQUALS' },
      ],
    ],
    [
      'NOT_CONTAINS with NOT_EQUALS',
      [
        { Value: 'A', Comparison: 'NOT_CONTAINS' },
        { Value: 'B', Comparison: 'NOT_EQUALS' },
      ],
    ],
  ] as const)('combining %s on one attribute is rejected', async (_name, filters) => {
    await expect(query({ Title: [...filters] })).rejects.toBeInstanceOf(InvalidInputException);
  });

  test('number filters: Gte/Lte within one filter are ANDed, several filters are ORed', async () => {
    expect(await query({ Confidence: [{ Gte: 40, Lte: 90 }] })).toEqual(['iam-policy', 'iam-role']);
    expect(await query({ Confidence: [{ Eq: 10 }, { Gt: 60 }] })).toEqual(['ec2-sg', 'iam-policy']);
    expect(await query({ Confidence: [{ Lt: 50 }] })).toEqual(['ec2-sg']);
    expect(await query({ SeverityNormalized: [{ Gte: 70 }] })).toEqual(['iam-policy', 'iam-role']);
    expect(await query({ NetworkSourcePort: [{ Eq: 22 }] })).toEqual(['iam-role']);
  });

  test('date filters: Start/End and DateRange in DAYS', async () => {
    expect(await query({ UpdatedAt: [{ DateRange: { Value: 7, Unit: 'DAYS' } }] })).toEqual(['iam-policy', 'iam-role']);
    expect(await query({ CreatedAt: [{ Start: daysAgo(45), End: daysAgo(5) }] })).toEqual(['ec2-eni', 'ec2-sg']);
    expect(await query({ CreatedAt: [{ End: daysAgo(45) }] })).toEqual(['s3-bucket']);
  });

  test('map filters match a key of a map attribute', async () => {
    expect(await query({ ResourceTags: [{ Key: 'env', Value: 'prod', Comparison: 'EQUALS' }] })).toEqual([
      'iam-policy',
    ]);
    expect(await query({ ResourceTags: [{ Key: 'env', Value: 'prod', Comparison: 'NOT_EQUALS' }] })).toEqual([
      'ec2-eni',
      'ec2-sg',
      'iam-role',
      's3-bucket',
    ]);
    expect(await query({ UserDefinedFields: [{ Key: 'ticket', Value: 'SEC', Comparison: 'CONTAINS' }] })).toEqual([
      'ec2-eni',
    ]);
    expect(
      await query({
        ProductFields: [{ Key: 'aws/securityhub/ProductName', Value: 'Security Hub', Comparison: 'EQUALS' }],
      }),
    ).toEqual(['iam-policy']);
  });

  test('boolean, IP and keyword filters', async () => {
    expect(await query({ Sample: [{ Value: true }] })).toEqual(['iam-policy']);
    expect(await query({ Sample: [{ Value: false }] })).toEqual(['ec2-sg']);
    expect(await query({ NetworkSourceIpV4: [{ Cidr: '10.0.0.0/8' }] })).toEqual(['iam-policy']);
    expect(await query({ NetworkSourceIpV4: [{ Cidr: '192.168.0.0/16' }, { Cidr: '10.1.2.3/32' }] })).toEqual([
      'iam-policy',
      'iam-role',
    ]);
    expect(await query({ NetworkSourceIpV6: [{ Cidr: '2001:db8::/32' }] })).toEqual(['ec2-sg']);
    expect(await query({ Keyword: [{ Value: 'eni-2' }] })).toEqual(['ec2-eni']);
  });

  test('filters on nested members: record state, compliance, control id', async () => {
    expect(await query({ RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }] })).toEqual(['s3-bucket']);
    expect(await query({ ComplianceSecurityControlId: [{ Value: 'IAM.', Comparison: 'PREFIX' }] })).toEqual([
      'iam-policy',
      'iam-role',
    ]);
    expect(await query({ WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }] })).toHaveLength(5);
  });

  test('malformed filters are InvalidInputException, not crashes', async () => {
    await expect(query({ Confidence: [{}] })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(query({ CreatedAt: [{ Start: 'yesterday' }] })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(query({ CreatedAt: [{ DateRange: { Value: 3, Unit: 'WEEKS' as 'DAYS' } }] })).rejects.toBeInstanceOf(
      InvalidInputException,
    );
    await expect(query({ NetworkSourceIpV4: [{ Cidr: '10.0.0.0/40' }] })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(query({ Title: [{ Value: 'x', Comparison: 'LIKE' as 'EQUALS' }] })).rejects.toBeInstanceOf(
      InvalidInputException,
    );
  });
});
