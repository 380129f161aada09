import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../../cli/errors';
import { writeFileAtomic } from '../../cli/io/atomic-write';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('replaces the file and leaves no temporary file', async () => {
    const target = path.join(dir, 'report.html');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new report');
    expect(readFileSync(target, 'utf8')).toBe('new report');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  test('when the rename fails, the target is untouched and the temporary file is gone', async () => {
    const target = path.join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'keep');
    await expect(writeFileAtomic(target, 'report')).rejects.toThrow(CliError);
    await expect(writeFileAtomic(target, 'report')).rejects.toThrow(/--output .*taken: cannot write the file/);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(path.join(target, 'inside'), 'utf8')).toBe('keep');
  });

  test('a missing directory is named', async () => {
    await expect(writeFileAtomic(path.join(dir, 'nope', 'r.txt'), 'x')).rejects.toThrow(
      /\(directory .*nope does not exist\); choose a writable path/,
    );
  });
});
