import {
  checkPage,
  isKnownRequirementId,
  mergePages,
  parseControlPage,
  type PageRequirements,
} from '../../scripts/catalogue/extract-requirements';

const PATH = 'docs/securityhub/latest/userguide/s3-controls.md';

/** A control page as the user guide writes it: escaped headings, ids wrapped and unevenly spaced. */
const PAGE = [
  '# Security Hub CSPM controls for Amazon S3',
  '',
  '## \\[S3\\.1\\] S3 general purpose buckets should have block public access settings enabled',
  '<a name="s3-1"></a>',
  '',
  '**Related requirements:** CIS AWS Foundations Benchmark v5.0.0/2.1.4, PCI DSS v3.2.1/1.2.1,PCI DSS v3.2.1/1.3.1,',
  'NIST.800-53.r5 AC-21, PCI DSS v4.0.1/1.4.4',
  '',
  '**Category:** Protect > Secure access management',
  '',
  '## [S3.8] S3 general purpose buckets should block public access',
  '',
  '**Category:** Protect',
  '',
  '**Related requirements:** CIS AWS Foundations Benchmark v3.0.02.1.4, NIST.800-53.r5 SI-13(5',
  '',
  '## [S3.25] S3 directory buckets should have lifecycle configurations',
  '',
  '**Severity:** Low',
].join('\n');

describe('extract-requirements', () => {
  test("reads each control's related requirement ids from a page, wrapped lines and missing spaces included", () => {
    expect(parseControlPage(PAGE)).toEqual({
      'S3.1': [
        'CIS AWS Foundations Benchmark v5.0.0/2.1.4',
        'PCI DSS v3.2.1/1.2.1',
        'PCI DSS v3.2.1/1.3.1',
        'NIST.800-53.r5 AC-21',
        'PCI DSS v4.0.1/1.4.4',
      ],
      'S3.8': ['CIS AWS Foundations Benchmark v3.0.02.1.4', 'NIST.800-53.r5 SI-13(5'],
    });
  });

  test('an id of no known standard, or malformed, is reported rather than guessed', () => {
    const page: PageRequirements = {
      repository: 'github.com/c2hans/aws-docs',
      commit: '0'.repeat(40),
      path: PATH,
      controls: parseControlPage(PAGE),
    };
    expect(checkPage(page, []).unknown).toEqual([
      { control: 'S3.8', path: PATH, id: 'CIS AWS Foundations Benchmark v3.0.02.1.4' },
      { control: 'S3.8', path: PATH, id: 'NIST.800-53.r5 SI-13(5' },
    ]);
    expect(isKnownRequirementId('ISO 27001 A.9')).toBe(false);
    expect(isKnownRequirementId('NIST.800-171.r2 3.13.1')).toBe(true);
    expect(isKnownRequirementId('PCI DSS v4.0.1/8.3.10.1')).toBe(true);
  });

  test('a correction in the data applies to that control on that page only', () => {
    const page: PageRequirements = {
      repository: 'github.com/c2hans/aws-docs',
      commit: '0'.repeat(40),
      path: PATH,
      controls: parseControlPage(PAGE),
    };
    const fix = {
      control: 'S3.8',
      path: PATH,
      written: 'CIS AWS Foundations Benchmark v3.0.02.1.4',
      read: 'CIS AWS Foundations Benchmark v3.0.0/2.1.4',
      why: 'slash missing',
    };
    const checked = checkPage(page, [
      fix,
      { ...fix, control: 'S3.1', written: 'NIST.800-53.r5 SI-13(5', read: 'NIST.800-53.r5 SI-13(5)' },
    ]);
    expect(checked.page.controls['S3.8']).toEqual([
      'CIS AWS Foundations Benchmark v3.0.0/2.1.4',
      'NIST.800-53.r5 SI-13(5',
    ]);
    expect(checked.unknown).toEqual([{ control: 'S3.8', path: PATH, id: 'NIST.800-53.r5 SI-13(5' }]);
  });

  test('a correction may read one written id as several, where a missing comma ran them together', () => {
    const written = 'NIST.800-53.r5 SI-2(5) PCI DSS v4.0.1/6.3.3';
    const page: PageRequirements = {
      repository: 'github.com/c2hans/aws-docs',
      commit: '0'.repeat(40),
      path: PATH,
      controls: parseControlPage(
        `## [ElastiCache.2] Title\n\n**Related requirements:** NIST.800-53.r5 SI-2, ${written}\n`,
      ),
    };
    expect(checkPage(page, []).unknown).toEqual([{ control: 'ElastiCache.2', path: PATH, id: written }]);
    const fix = { control: 'ElastiCache.2', path: PATH, written, why: 'comma missing' };
    const checked = checkPage(page, [{ ...fix, read: ['NIST.800-53.r5 SI-2(5)', 'PCI DSS v4.0.1/6.3.3'] }]);
    expect(checked.unknown).toEqual([]);
    expect(checked.page.controls['ElastiCache.2']).toEqual([
      'NIST.800-53.r5 SI-2',
      'NIST.800-53.r5 SI-2(5)',
      'PCI DSS v4.0.1/6.3.3',
    ]);
    // Every id read must be well formed, or the written one stays reported.
    expect(checkPage(page, [{ ...fix, read: ['NIST.800-53.r5 SI-2(5)', 'PCI DSS 6.3.3'] }]).unknown).toHaveLength(1);
  });

  test('pages read again merge into one record per repository, commit and path', () => {
    const a: PageRequirements = {
      repository: 'github.com/c2hans/aws-docs',
      commit: 'a'.repeat(40),
      path: PATH,
      controls: { 'S3.8': ['PCI DSS v4.0.1/1.4.4'] },
    };
    const merged = mergePages(
      [a, { ...a, controls: { 'S3.1': ['PCI DSS v4.0.1/1.4.4'] } }],
      [
        { ...a, controls: { 'S3.8': ['PCI DSS v4.0.1/1.3.1'] } },
        { ...a, commit: 'b'.repeat(40) },
      ],
    );
    expect(merged).toHaveLength(2);
    expect(merged[0].controls).toEqual({ 'S3.1': ['PCI DSS v4.0.1/1.4.4'], 'S3.8': ['PCI DSS v4.0.1/1.3.1'] });
  });
});
