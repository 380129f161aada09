import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { requirementResults } from '../../cli/evidence/evidence-pack';
import { writePackAtomic } from '../../cli/evidence/write-pack';
import type { StandardScore } from '../../cli/report/model';

describe('evidence pack writer', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'evidence-pack-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const files = new Map([
    ['b.csv', 'x,y\n1,2\n'],
    ['a.html', '<p>é</p>\n'],
  ]);
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  test('writes the files, a manifest of their sizes and hashes, and SHA256SUMS over both', async () => {
    const dir = path.join(work, 'pack');
    mkdirSync(dir); // an empty folder is taken over
    await writePackAtomic(dir, files, { standard: 'standards/pci-dss/v/4.0.1' });
    expect(readdirSync(dir).sort()).toEqual(['SHA256SUMS', 'a.html', 'b.csv', 'manifest.json']);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    // Bytes, not characters: é is two bytes in UTF-8.
    expect(manifest).toEqual({
      standard: 'standards/pci-dss/v/4.0.1',
      files: [
        { file: 'a.html', bytes: 10, sha256: sha('<p>é</p>\n') },
        { file: 'b.csv', bytes: 8, sha256: sha('x,y\n1,2\n') },
      ],
    });
    expect(readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8')).toBe(
      `${sha('<p>é</p>\n')}  a.html\n${sha('x,y\n1,2\n')}  b.csv\n${sha(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))}  manifest.json\n`,
    );
    expect(readdirSync(work)).toEqual(['pack']);
  });

  test('refuses a folder that holds files, a file in its place and a missing parent, leaving nothing behind', async () => {
    const taken = path.join(work, 'taken');
    mkdirSync(taken);
    writeFileSync(path.join(taken, 'old.csv'), 'kept');
    await expect(writePackAtomic(taken, files, {})).rejects.toThrow(
      `--output ${taken}: the folder exists and is not empty`,
    );
    expect(readdirSync(taken)).toEqual(['old.csv']);
    const file = path.join(work, 'file');
    writeFileSync(file, 'x');
    await expect(writePackAtomic(file, files, {})).rejects.toThrow(
      `--output ${file}: is a file; give a folder path for the evidence pack.`,
    );
    const orphan = path.join(work, 'no', 'such', 'pack');
    await expect(writePackAtomic(orphan, files, {})).rejects.toThrow(
      /cannot write the evidence pack \(folder .* does not exist\); nothing was written/,
    );
    expect(readdirSync(work).sort()).toEqual(['file', 'taken']);
  });
});

describe('requirement results', () => {
  const control = (controlId: string, status: 'FAILED' | 'PASSED' | 'UNKNOWN' | 'NO_DATA') => ({
    controlId,
    title: controlId,
    severity: 'MEDIUM' as const,
    status,
    failedAccounts: 0,
    failedAccountIds: [],
  });
  const standard = (controls: ReturnType<typeof control>[]): StandardScore => ({
    standardsId: 'standards/pci-dss/v/4.0.1',
    standardsArn: 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1',
    name: 'PCI DSS v4.0.1',
    shortName: 'PCI DSS v4.0.1',
    score: null,
    passed: 0,
    failed: 0,
    unknown: 0,
    noData: 0,
    disabled: 0,
    controls,
  });

  test('a requirement fails with any of its controls and scores over those with data; controls with no requirement come last', () => {
    // IAM.7 and ElastiCache.6 relate to PCI DSS v4.0.1 8.3.x (catalogue); Example.1 to none.
    const results = requirementResults(
      standard([control('IAM.7', 'PASSED'), control('ElastiCache.6', 'FAILED'), control('Example.1', 'NO_DATA')]),
    );
    const byId = new Map(results.map((r) => [r.requirementId, r]));
    expect(byId.get('PCI DSS v4.0.1/8.3.1')).toMatchObject({ status: 'FAILED', score: 0 });
    expect(byId.get('PCI DSS v4.0.1/8.3.6')).toMatchObject({ status: 'PASSED', score: 100 });
    expect(results.map((r) => r.requirementId).slice(0, 3)).toEqual([
      'PCI DSS v4.0.1/8.3.1',
      'PCI DSS v4.0.1/8.3.6',
      'PCI DSS v4.0.1/8.3.7',
    ]);
    expect(results.at(-1)).toMatchObject({ requirementId: '', status: 'NO_DATA', score: null });
  });
});
