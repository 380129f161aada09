/**
 * GetFindings throughput of the local Security Hub emulator, end to end: a client pages through
 * every stored finding with MaxResults 100 over HTTP on 127.0.0.1, with no filter and with a
 * filter, at 10,000 and 100,000 stored findings. Two clients: the real SDK v3 client (what tests
 * and tools see; its ASFF deserializer costs more than the emulator) and plain fetch with
 * JSON.parse (closer to the emulator's own cost). Prints figures; asserts nothing.
 *
 *   npm run bench:e2e
 */
import { paginateGetFindings, SecurityHubClient, type AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import { SecurityHubEmulator } from '../local-aws/securityhub';

const ADMIN = '123456789012';
const MEMBERS = ['222233334444', '333344445555', '444455556666', '555566667777'];
const LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const RESOURCE_TYPES = [
  'AwsS3Bucket',
  'AwsEc2Instance',
  'AwsIamRole',
  'AwsEc2SecurityGroup',
  'AwsLambdaFunction',
  'AwsRdsDbInstance',
];

/** A control finding much like Security Hub's own, about 1.5 KB of JSON. */
function controlFinding(i: number): Record<string, unknown> {
  const account = MEMBERS[i % MEMBERS.length];
  const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
  const control = `S3.${(i % 20) + 1}`;
  return {
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:securityhub:us-east-1:${account}:security-control/${control}/finding/${i.toString(16).padStart(8, '0')}`,
    ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
    GeneratorId: `security-control/${control}`,
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    FirstObservedAt: at,
    LastObservedAt: at,
    CreatedAt: at,
    UpdatedAt: at,
    Severity: { Label: LABELS[i % LABELS.length], Original: LABELS[i % LABELS.length] },
    Title: `Control ${control} check ${i}`,
    Description:
      'This control checks whether the resource follows the security best practice that the control describes.',
    Remediation: {
      Recommendation: {
        Text: 'For information on how to correct this issue, consult the documentation.',
        Url: `https://docs.aws.amazon.com/console/securityhub/${control}/remediation`,
      },
    },
    ProductFields: {
      'aws/securityhub/ProductName': 'Security Hub',
      'aws/securityhub/CompanyName': 'AWS',
      RelatedAWSResources: 'S3',
    },
    Resources: [
      {
        Type: RESOURCE_TYPES[i % RESOURCE_TYPES.length],
        Id: `arn:aws:s3:::bucket-${i}`,
        Partition: 'aws',
        Region: 'us-east-1',
        Tags: { env: i % 2 ? 'prod' : 'dev' },
      },
    ],
    Compliance: {
      Status: i % 3 === 0 ? 'PASSED' : 'FAILED',
      SecurityControlId: control,
      AssociatedStandards: [{ StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' }],
    },
    RecordState: i % 10 === 0 ? 'ARCHIVED' : 'ACTIVE',
  };
}

// Active, failed, high or critical: about a quarter of the findings, the shape of a daily report.
const FILTER: AwsSecurityFindingFilters = {
  RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
  SeverityLabel: [
    { Value: 'HIGH', Comparison: 'EQUALS' },
    { Value: 'CRITICAL', Comparison: 'EQUALS' },
  ],
};

interface Figure {
  readonly stored: number;
  readonly client: string;
  readonly filter: string;
  readonly returned: number;
  readonly pages: number;
  readonly seconds: number;
}

async function pageThrough(
  client: SecurityHubClient,
  filters: AwsSecurityFindingFilters | undefined,
): Promise<{ returned: number; pages: number; seconds: number }> {
  const started = process.hrtime.bigint();
  let returned = 0;
  let pages = 0;
  for await (const page of paginateGetFindings({ client, pageSize: 100 }, { Filters: filters })) {
    returned += page.Findings?.length ?? 0;
    pages++;
  }
  return { returned, pages, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Pages with plain fetch: a minimal SigV4-shaped header is all the emulator reads. */
async function pageThroughRaw(
  endpoint: string,
  filters: AwsSecurityFindingFilters | undefined,
): Promise<{ returned: number; pages: number; seconds: number }> {
  const authorization = `AWS4-HMAC-SHA256 Credential=${ADMIN}/20240101/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=bench`;
  const started = process.hrtime.bigint();
  let returned = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const res = await fetch(`${endpoint}/findings`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ Filters: filters, MaxResults: 100, NextToken: token }),
    });
    const page = (await res.json()) as { Findings: unknown[]; NextToken?: string };
    returned += page.Findings.length;
    pages++;
    token = page.NextToken;
  } while (token);
  return { returned, pages, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function measure(stored: number): Promise<Figure[]> {
  const emulator = new SecurityHubEmulator({ administratorAccountId: ADMIN });
  emulator.enableHub(ADMIN, 'us-east-1');
  const findings = Array.from({ length: stored }, (_, i) => controlFinding(i));
  const loaded = emulator.loadFindings(findings);
  if (loaded.failed.length > 0) throw new Error(`fixture findings failed to load: ${loaded.failed[0].problem.message}`);
  const port = await emulator.listen(0);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SecurityHubClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: ADMIN, secretAccessKey: 'bench' },
  });
  try {
    // One short warm-up page so JIT and connection set-up are not in the figures.
    await pageThrough(client, { Id: [{ Value: 'none', Comparison: 'EQUALS' }] });
    const filtered = 'active, failed, HIGH or CRITICAL';
    return [
      { stored, client: 'sdk v3', filter: 'none', ...(await pageThrough(client, undefined)) },
      { stored, client: 'sdk v3', filter: filtered, ...(await pageThrough(client, FILTER)) },
      { stored, client: 'fetch', filter: 'none', ...(await pageThroughRaw(endpoint, undefined)) },
      { stored, client: 'fetch', filter: filtered, ...(await pageThroughRaw(endpoint, FILTER)) },
    ];
  } finally {
    client.destroy();
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const figures: Figure[] = [];
  for (const stored of sizes.length > 0 ? sizes : [10_000, 100_000]) figures.push(...(await measure(stored)));
  console.log('GetFindings through the emulator (HTTP on 127.0.0.1, MaxResults 100)');
  console.log(['stored', 'client', 'filter', 'returned', 'pages', 'seconds', 'findings/s', 'pages/s'].join('\t'));
  for (const f of figures) {
    console.log(
      [
        f.stored,
        f.client,
        f.filter,
        f.returned,
        f.pages,
        f.seconds.toFixed(2),
        Math.round(f.returned / f.seconds),
        Math.round(f.pages / f.seconds),
      ].join('\t'),
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
