import { UsageError } from '../../errors';
import { stringFlag, type FlagValues } from '../../flags';
import { API_SOURCE } from './api-source';
import { ATHENA_SOURCE, EXPORT_SOURCE } from './export-sources';
import { FILE_SOURCE } from './file-source';
import type { ReportSource, ReportSourceName } from './report-source';

export { EXPORT_SOURCE_FLAGS } from './export-command';
export type { LoadedFindings, ReportSource, ReportSourceName, SourceRequest } from './report-source';

/**
 * Every source `--source` takes, in the order help lists them. Adding a source is a file that
 * implements ReportSource and a line here.
 */
export const REPORT_SOURCES: Readonly<Record<ReportSourceName, ReportSource>> = {
  api: API_SOURCE,
  file: FILE_SOURCE,
  export: EXPORT_SOURCE,
  athena: ATHENA_SOURCE,
};

/** What `--source` help says: every source, with what it reads, and the default. */
export function sourceFlagHelp(): string {
  const names = Object.values(REPORT_SOURCES).map((s) => (s.describe ? `${s.name} (${s.describe})` : s.name));
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]} (default: file with --input, else api)`;
}

/**
 * The source the flags ask for (`--source`, else file with `--input`, else the API), after
 * checking the flags agree with it.
 * @throws UsageError naming the flags that conflict
 */
export function selectSource(command: string, flags: FlagValues): ReportSource {
  const source = stringFlag(flags, 'source');
  const allowed = Object.keys(REPORT_SOURCES);
  if (source !== undefined && !allowed.includes(source)) {
    throw new UsageError(
      `${command}: --source ${JSON.stringify(source)} is not a source; allowed: ${allowed.join(', ')}.`,
    );
  }
  const input = stringFlag(flags, 'input');
  if (source === 'file' && input === undefined)
    throw new UsageError(`${command}: --source file reads --input FILE; add --input.`);
  if (source !== undefined && source !== 'file' && input !== undefined) {
    throw new UsageError(
      `${command}: --input reads a file and cannot be combined with --source ${source}; drop one of them.`,
    );
  }
  for (const other of Object.values(REPORT_SOURCES)) {
    for (const flag of other.ownFlags ?? []) {
      if (flags[flag] !== undefined && source !== other.name)
        throw new UsageError(
          `${command}: --${flag} applies to --source ${other.name}; add --source ${other.name} or drop --${flag}.`,
        );
    }
  }
  // Both export sources take --since.
  if (flags.since !== undefined && source !== 'export' && source !== 'athena') {
    throw new UsageError(
      `${command}: --since bounds the days read from an export; it needs --source export or --source athena.`,
    );
  }
  return REPORT_SOURCES[(source ?? (input !== undefined ? 'file' : 'api')) as ReportSourceName];
}
