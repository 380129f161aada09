import type { CommandIo } from '../command';
import { writeFileAtomic } from './atomic-write';

/**
 * Writes what a command rendered: to the file `--output` names (atomically, then one line on
 * stderr naming it, so a run that writes a file never looks like one that did nothing), or to
 * stdout.
 * @param command the command's name for the stderr line, e.g. `securityhub report`
 * @param output the value of `--output`, or undefined for stdout
 */
export async function writeResult(
  command: string,
  text: string,
  output: string | undefined,
  io: CommandIo,
): Promise<void> {
  if (output !== undefined) {
    await writeFileAtomic(output, text);
    wroteFile(command, output, io);
    return;
  }
  await new Promise<void>((resolve, reject) => io.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}

/** The one stderr line for a file a command wrote: `securityhub report: wrote report.html (12.3 kB)`. */
export function wroteFile(command: string, file: string, io: CommandIo, what?: string): void {
  io.stderr.write(`${command}: wrote ${file}${what ? ` (${what})` : ''}\n`);
}

/** The width a table may take: the terminal's columns when stdout is one, else unlimited. */
export function tableWidth(io: CommandIo, wide: boolean): number {
  const columns = (io.stdout as { columns?: number; isTTY?: boolean }).isTTY
    ? (io.stdout as { columns?: number }).columns
    : undefined;
  return wide || !columns ? Number.POSITIVE_INFINITY : columns;
}

/**
 * Aligned columns, two spaces apart, fitted to `width` the way `gh` and `kubectl` fit tables to
 * the terminal: when a line would be longer, the columns named in `shrink` (a title, a list) are
 * narrowed in that order, no narrower than their header or 12 characters, and values cut with `…`.
 * @param shrink indexes of the columns that may be narrowed, first the one to narrow first @default the last column
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  width = Number.POSITIVE_INFINITY,
  shrink: readonly number[] = [header.length - 1],
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  let excess = widths.reduce((a, b) => a + b, 0) + 2 * (header.length - 1) - width;
  for (const i of shrink) {
    if (excess <= 0) break;
    const floor = Math.min(widths[i], Math.max(header[i].length, 12));
    const cut = Math.min(excess, widths[i] - floor);
    widths[i] -= cut;
    excess -= cut;
  }
  const fit = (v: string, w: number) => (v.length > w ? `${v.slice(0, Math.max(0, w - 1))}…` : v.padEnd(w));
  return [header, ...rows].map((r) =>
    r
      .map((v, i) => fit(v, widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/** Each line of `text` cut with `…` to `width` characters: a table of free text on a terminal. */
export function fitLines(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((l) => (l.length > width ? `${l.slice(0, Math.max(0, width - 1))}…` : l))
    .join('\n');
}
