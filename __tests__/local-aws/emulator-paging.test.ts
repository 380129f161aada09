import {
  GetFindingsCommand,
  InvalidInputException,
  paginateGetFindings,
  type GetFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { finding, ids, startTestHub, type TestHub } from './helpers';

// SortCriteria and pagination: MaxResults bounds, page tokens, empty pages.
describe('GetFindings sorting and pagination', () => {
  let hub: TestHub;
  const labels = ['LOW', 'CRITICAL', 'MEDIUM', 'HIGH', 'INFORMATIONAL'] as const;

  beforeAll(async () => {
    hub = await startTestHub();
    hub.emulator.enableHub('123456789012');
    // 250 findings: 5 severities, confidence 0..249 mod 100, UpdatedAt one minute apart.
    const fixtures = Array.from({ length: 250 }, (_, i) =>
      finding({
        Id: `f-${String(i).padStart(3, '0')}`,
        Severity: { Label: labels[i % 5] },
        Confidence: i % 100,
        UpdatedAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
        CreatedAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      }),
    );
    expect(hub.emulator.loadFindings(fixtures).failed).toEqual([]);
  });
  afterAll(() => hub.close());

  const get = (input: GetFindingsCommandInput) => hub.client().send(new GetFindingsCommand(input));

  test('sorts by one attribute ascending and descending', async () => {
    const asc = await get({ SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }], MaxResults: 3 });
    expect(ids(asc.Findings)).toEqual(['f-000', 'f-001', 'f-002']);
    const desc = await get({ SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'desc' }], MaxResults: 3 });
    expect(ids(desc.Findings)).toEqual(['f-249', 'f-248', 'f-247']);
  });

  test('sorts by several attributes: severity first, then confidence', async () => {
    // CRITICAL findings are i = 1, 6, 11, ...; confidence 1 occurs for i = 1, 101 and 201.
    const page = await get({
      SortCriteria: [
        { Field: 'SeverityLabel', SortOrder: 'desc' },
        { Field: 'Confidence', SortOrder: 'asc' },
      ],
      MaxResults: 4,
    });
    expect(page.Findings?.map((f) => [f.Severity?.Label, f.Confidence])).toEqual([
      ['CRITICAL', 1],
      ['CRITICAL', 1],
      ['CRITICAL', 1],
      ['CRITICAL', 6],
    ]);
  });

  test('accepts a dotted ASFF path as the sort field', async () => {
    const page = await get({ SortCriteria: [{ Field: 'Severity.Normalized', SortOrder: 'desc' }], MaxResults: 1 });
    expect(page.Findings?.[0].Severity?.Label).toBe('CRITICAL');
  });

  test('pages through everything exactly once with MaxResults 100', async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateGetFindings(
      { client: hub.client(), pageSize: 100 },
      { SortCriteria: [{ Field: 'Id', SortOrder: 'asc' }] },
    )) {
      pages++;
      seen.push(...ids(page.Findings));
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]).toBe('f-000');
    expect(seen[249]).toBe('f-249');
  });

  test('the last page has no NextToken, and an exact multiple ends without an empty page', async () => {
    const first = await get({ Filters: { Confidence: [{ Lt: 2 }] }, MaxResults: 5 });
    // Confidence 0 and 1 occur 3 times each in 250 findings: 6 findings, pages of 5 then 1.
    expect(first.Findings).toHaveLength(5);
    const second = await get({ Filters: { Confidence: [{ Lt: 2 }] }, MaxResults: 5, NextToken: first.NextToken });
    expect(second.Findings).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const exact = await get({ Filters: { Confidence: [{ Lt: 2 }] }, MaxResults: 6 });
    expect(exact.Findings).toHaveLength(6);
    expect(exact.NextToken).toBeUndefined();
  });

  test('a query that matches nothing returns an empty list and no token', async () => {
    const page = await get({ Filters: { Title: [{ Value: 'no such title', Comparison: 'EQUALS' }] } });
    expect(page.Findings).toEqual([]);
    expect(page.NextToken).toBeUndefined();
  });

  test('a token can be sent again and returns the same page', async () => {
    const first = await get({ MaxResults: 10, SortCriteria: [{ Field: 'Id', SortOrder: 'desc' }] });
    const again1 = await get({
      MaxResults: 10,
      SortCriteria: [{ Field: 'Id', SortOrder: 'desc' }],
      NextToken: first.NextToken,
    });
    const again2 = await get({
      MaxResults: 10,
      SortCriteria: [{ Field: 'Id', SortOrder: 'desc' }],
      NextToken: first.NextToken,
    });
    expect(ids(again1.Findings)).toEqual(ids(again2.Findings));
    expect(ids(again1.Findings)[0]).toBe('f-239');
  });

  test('a token from another query, a tampered token or garbage is InvalidInputException', async () => {
    const first = await get({ MaxResults: 10, Filters: { SeverityLabel: [{ Value: 'LOW', Comparison: 'EQUALS' }] } });
    expect(first.NextToken).toBeDefined();
    const token = first.NextToken as string;
    await expect(
      get({ MaxResults: 10, Filters: { SeverityLabel: [{ Value: 'HIGH', Comparison: 'EQUALS' }] }, NextToken: token }),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await expect(get({ MaxResults: 10, NextToken: token })).rejects.toBeInstanceOf(InvalidInputException);
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'BB' : 'AA'}`;
    await expect(
      get({
        MaxResults: 10,
        Filters: { SeverityLabel: [{ Value: 'LOW', Comparison: 'EQUALS' }] },
        NextToken: tampered,
      }),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await expect(get({ NextToken: 'not-a-token' })).rejects.toBeInstanceOf(InvalidInputException);
  });

  test('a token belongs to the account that got it', async () => {
    hub.emulator.enableHub('222233334444');
    const first = await get({ MaxResults: 10 });
    await expect(
      hub.client('222233334444').send(new GetFindingsCommand({ MaxResults: 10, NextToken: first.NextToken })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  test.each([0, 101, -1])('MaxResults %d is outside 1..100 and rejected', async (max) => {
    await expect(get({ MaxResults: max })).rejects.toBeInstanceOf(InvalidInputException);
  });

  test('MaxResults 1 and 100 are accepted; the default page is 100', async () => {
    expect((await get({ MaxResults: 1 })).Findings).toHaveLength(1);
    expect((await get({ MaxResults: 100 })).Findings).toHaveLength(100);
    expect((await get({})).Findings).toHaveLength(100);
  });

  test('unknown sort fields and orders are rejected', async () => {
    await expect(get({ SortCriteria: [{ Field: 'NoSuchField', SortOrder: 'asc' }] })).rejects.toBeInstanceOf(
      InvalidInputException,
    );
    await expect(get({ SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'up' as 'asc' }] })).rejects.toBeInstanceOf(
      InvalidInputException,
    );
  });
});
