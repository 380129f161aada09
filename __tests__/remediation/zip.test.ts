import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeDeterministicZip } from '../../remediation-functions/scripts/zip';

// Lambda packages must be byte-identical for identical code, or every plan would show a new
// package; and they must be real zips that another implementation (python's zipfile) reads.
describe('writeDeterministicZip', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zip-'));
  const entries = [
    { name: 'index.js', data: Buffer.from('exports.handler = async () => "ok";\n'.repeat(50)) },
    { name: 'lib/util.js', data: Buffer.from('module.exports = 42;\n') },
  ];

  test('the same entries give the same bytes', () => {
    writeDeterministicZip(path.join(dir, 'a.zip'), entries);
    writeDeterministicZip(path.join(dir, 'b.zip'), entries);
    expect(readFileSync(path.join(dir, 'a.zip')).equals(readFileSync(path.join(dir, 'b.zip')))).toBe(true);
    writeDeterministicZip(path.join(dir, 'c.zip'), [
      entries[0],
      { ...entries[1], data: Buffer.from('module.exports = 43;\n') },
    ]);
    expect(readFileSync(path.join(dir, 'a.zip')).equals(readFileSync(path.join(dir, 'c.zip')))).toBe(false);
  });

  test('a standard zip reader lists and extracts the entries', () => {
    const file = path.join(dir, 'a.zip');
    writeDeterministicZip(file, entries);
    const script =
      'import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: z.read(i).decode() for i in z.infolist()}))';
    const contents = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
    expect(contents).toEqual(Object.fromEntries(entries.map((e) => [e.name, e.data.toString()])));
  });
});
