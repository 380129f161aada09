import { closestMatches } from '../../core/closest';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-east-1'];

describe('closestMatches', () => {
  test('a one-character typo finds the intended value first', () => {
    expect(closestMatches('us-east-l', REGIONS)[0]).toBe('us-east-1');
    expect(closestMatches('eu-centrl-1', REGIONS)).toEqual(['eu-central-1']);
  });

  test('case is ignored, and an exact match but for case comes first', () => {
    expect(closestMatches('US-EAST-2', REGIONS)[0]).toBe('us-east-2');
    expect(closestMatches('iam.6', ['IAM.5', 'IAM.6', 'IAM.7'])[0]).toBe('IAM.6');
  });

  test('two swapped neighbours count as one edit', () => {
    expect(closestMatches('IAM.61', ['IAM.16', 'S3.1'])).toEqual(['IAM.16']);
  });

  test('the start of a candidate finds it; far candidates are not listed next to a near one', () => {
    expect(closestMatches('prod', ['staging', 'production', 'sandbox'])).toEqual(['production']);
    expect(
      closestMatches('standards/pci-dss/v/4.0.2', ['standards/pci-dss/v/4.0.1', 'standards/pci-dss/v/3.2.1']),
    ).toEqual(['standards/pci-dss/v/4.0.1']);
    expect(closestMatches('pr', ['production'])).toEqual([]);
  });

  test('nothing close gives nothing', () => {
    expect(closestMatches('mars-north-1', REGIONS)).toEqual([]);
    expect(closestMatches('x', [])).toEqual([]);
  });

  test('at most max results, nearest first, ties in candidate order', () => {
    expect(closestMatches('us-west-3', REGIONS, 2)).toEqual(['us-west-1', 'us-west-2']);
    expect(closestMatches('us-east-3', REGIONS)).toEqual(['us-east-1', 'us-east-2']);
    expect(closestMatches('us-east-3', REGIONS, 0)).toEqual([]);
  });
});
