import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../errors';

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * half-written report: the text goes to a temporary file in the same directory (same file
 * system, so the rename is atomic), is flushed to disk, then renamed over the target.
 * @param flag the flag that named the file, for messages (`--output`)
 * @throws CliError naming the file and the reason when it cannot be written; the target is untouched
 */
export async function writeFileAtomic(file: string, content: string | Buffer, flag = '--output'): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', 0o644);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, file);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? `directory ${dir} does not exist`
        : err.code === 'EISDIR'
          ? 'it is a directory'
          : `${err.code ?? err.message}`;
    throw new CliError(`${flag} ${file}: cannot write the file (${why}); choose a writable path.`);
  }
}
