import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../errors';

/** What manifest.json records of each file. */
export interface ManifestEntry {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Writes an evidence pack as a folder that appears whole or not at all: the files (plus
 * manifest.json and SHA256SUMS over them) go to a hidden folder beside DIR, are flushed, and the
 * folder is renamed to DIR. DIR must not exist yet or be empty (rename replaces an empty folder
 * atomically), so an earlier pack is never mixed with a new one.
 * @param flag the flag that named the folder, for messages
 * @throws CliError naming the folder and what to do; nothing is left behind
 */
export async function writePackAtomic(
  dir: string,
  files: ReadonlyMap<string, string>,
  manifest: Record<string, unknown>,
  flag = '--output',
): Promise<ManifestEntry[]> {
  const target = path.resolve(dir);
  try {
    const existing = await fs.readdir(target);
    if (existing.length > 0)
      throw new CliError(
        `${flag} ${dir}: the folder exists and is not empty; an evidence pack is written to a new folder (choose another path, or remove the old pack first).`,
      );
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new CliError(`${flag} ${dir}: is a file; give a folder path for the evidence pack.`);
    if (code !== 'ENOENT')
      throw new CliError(`${flag} ${dir}: cannot be read (${code}); choose a writable folder path.`);
  }
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await fs.mkdir(temp);
    const write = async (name: string, text: string) => {
      const handle = await fs.open(path.join(temp, name), 'wx', 0o644);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
    };
    const packed = packWithManifest(files, manifest);
    for (const [name, text] of packed.files) await write(name, text);
    const sums = packed.entries;
    await fs.rename(temp, target);
    return sums;
  } catch (e) {
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (e instanceof CliError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? `folder ${path.dirname(target)} does not exist`
        : err.code === 'ENOTEMPTY' || err.code === 'EEXIST'
          ? 'a pack appeared there meanwhile'
          : (err.code ?? err.message);
    throw new CliError(
      `${flag} ${dir}: cannot write the evidence pack (${why}); nothing was written. Choose a writable path.`,
    );
  }
}

/**
 * The pack's files with manifest.json (each file's size and SHA-256) and SHA256SUMS (the format
 * `sha256sum -c` reads) added, in name order: what a folder or an S3 prefix of the pack holds.
 */
export function packWithManifest(
  files: ReadonlyMap<string, string>,
  manifest: Record<string, unknown>,
): { files: Map<string, string>; entries: ManifestEntry[] } {
  const entries: ManifestEntry[] = [...files]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, text]) => ({ file, bytes: Buffer.byteLength(text), sha256: sha256(text) }));
  const manifestText = `${JSON.stringify({ ...manifest, files: entries }, null, 2)}\n`;
  const sums = [
    ...entries,
    { file: 'manifest.json', bytes: Buffer.byteLength(manifestText), sha256: sha256(manifestText) },
  ].sort((a, b) => a.file.localeCompare(b.file));
  const out = new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
  out.set('manifest.json', manifestText);
  // Hash, two spaces (text mode), file name.
  out.set('SHA256SUMS', sums.map((e) => `${e.sha256}  ${e.file}\n`).join(''));
  return { files: out, entries: sums };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
