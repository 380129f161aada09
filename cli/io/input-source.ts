import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors';

/** Where findings are read from, with the name messages use for it. */
export interface InputSource {
  /** `stdin` or the file path, for messages. */
  readonly name: string;
  /** The bytes. */
  readonly stream: Readable;
}

/**
 * Opens `--input`: a file path, or `-` for standard input. Checks the file up front so a wrong
 * path is a one-line usage error rather than a stream error half-way through a report.
 * @throws UsageError naming the path and the reason
 */
export async function openInput(input: string, stdin: Readable, flag = '--input'): Promise<InputSource> {
  if (input === '-') return { name: 'stdin', stream: stdin };
  let stat;
  try {
    stat = await fs.stat(input);
    await fs.access(input, fs.constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new UsageError(
      `${flag} ${input}: cannot read it (${why}); give a readable file, or - to read standard input.`,
    );
  }
  if (stat.isDirectory()) {
    throw new UsageError(
      `${flag} ${input}: is a directory; give a findings file (JSON or JSON Lines), or - to read standard input.`,
    );
  }
  // 1 MiB reads: the splitter's cost is per byte, but fewer, larger chunks mean fewer partial findings to stitch.
  return { name: input, stream: createReadStream(input, { highWaterMark: 1 << 20 }) };
}
