import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareWithGolden } from './golden';

describe('golden files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'golden-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['in CI', { CI: 'true' }],
    ['locally', {}],
  ])('a missing golden file fails %s and is not written', (_, env) => {
    const file = path.join(dir, 'report.txt');
    expect(() => compareWithGolden(file, 'new text', env)).toThrow(
      `golden file ${file} is missing: run the test once with UPDATE_GOLDEN=1`,
    );
    expect(existsSync(file)).toBe(false);
  });

  test('UPDATE_GOLDEN=1 writes the file, creating its folder', () => {
    const file = path.join(dir, 'sub', 'report.txt');
    expect(compareWithGolden(file, 'new text', { UPDATE_GOLDEN: '1', CI: 'true' })).toEqual({
      expected: 'new text',
      written: true,
    });
    expect(readFileSync(file, 'utf8')).toBe('new text');
  });

  test('an existing file is read, never rewritten, so a difference shows', () => {
    const file = path.join(dir, 'report.txt');
    writeFileSync(file, 'old text');
    expect(compareWithGolden(file, 'new text', {})).toEqual({ expected: 'old text', written: false });
    expect(readFileSync(file, 'utf8')).toBe('old text');
  });
});
