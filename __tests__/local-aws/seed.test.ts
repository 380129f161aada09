import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
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
  test('loads findings of any account and product, each visible to the administrator in its own Region', async () => {
    const hub = await startTestHub();
    try {
      const result = seedFindings(hub.emulator, [
        finding({ Id: 'm1', AwsAccountId: '222233334444', Region: 'us-east-1' }),
        { ...finding({ Id: 'gd', AwsAccountId: '333344445555' }), ProductArn: 'arn:aws:securityhub:ap-south-1::product/aws/guardduty', Region: undefined },
        { ...finding({ Id: 'broken' }), Title: undefined },
      ], { administratorAccountId: '111122223333' });
      expect(result).toMatchObject({ loaded: 2, administratorAccountId: '111122223333', regions: ['ap-south-1', 'us-east-1'] });
      expect(result.failed.map((f) => f.id)).toEqual(['broken']);
      expect(ids((await hub.client('111122223333', 'us-east-1').send(new GetFindingsCommand({}))).Findings)).toEqual(['m1']);
      const southAsia = (await hub.client('111122223333', 'ap-south-1').send(new GetFindingsCommand({}))).Findings ?? [];
      expect(southAsia.map((f) => [f.Id, f.Region, f.ProductName])).toEqual([['gd', 'ap-south-1', 'GuardDuty']]);
      // The member account sees its own finding once its hub is enabled; nobody else's.
      hub.emulator.enableHub('222233334444');
      expect(ids((await hub.client('222233334444').send(new GetFindingsCommand({}))).Findings)).toEqual(['m1']);
    } finally {
      await hub.close();
    }
  });
});
