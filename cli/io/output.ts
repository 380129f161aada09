import type { CommandIo } from '../command';
import { writeFileAtomic } from './atomic-write';

/**
 * Writes what a command rendered: to the file `--output` names (atomically, then one line on
 * stderr naming it, so a run that writes a file never looks like one that did nothing), or to
 * stdout.
 * @param command the command's name for the stderr line, e.g. `securityhub report`
 * @param output the value of `--output`, or undefined for stdout
 */
export async function writeResult(command: string, text: string, output: string | undefined, io: CommandIo): Promise<void> {
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
  const columns = (io.stdout as { columns?: number; isTTY?: boolean }).isTTY ? (io.stdout as { columns?: number }).columns : undefined;
  return wide || !columns ? Number.POSITIVE_INFINITY : columns;
}

/**
 * Aligned columns, two spaces apart; the last column (a title, a description) is cut with `…` so
 * each line fits `width`, the way `gh` and `kubectl` fit tables to the terminal.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], width = Number.POSITIVE_INFINITY): string[] {
  const last = header.length - 1;
  const widths = header.slice(0, last).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => {
    const head = r.slice(0, last).map((v, i) => v.padEnd(widths[i])).join('  ');
    const room = width - head.length - 2;
    const tail = r[last].length > room ? `${r[last].slice(0, Math.max(0, room - 1))}…` : r[last];
    return `${head}  ${tail}`.trimEnd();
  });
}
