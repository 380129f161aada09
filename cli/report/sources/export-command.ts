import type { CommandIo } from '../../command';
import type { AwsConnectionOptions } from '../../aws/securityhub-client';
import { parseGivenTime } from '../../dates';
import { UsageError } from '../../errors';
import { stringFlag, type FlagSpec, type FlagValues } from '../../flags';
import { buildReport } from '../build-report';
import type { ComplianceTally } from '../compliance-tally';
import { scopeFromFindings } from '../findings-scope';
import { ReportHistory } from '../history';
import { computeTrend, type TrendReport } from '../trend';
import { DEFAULT_MEMORY_LIMIT, parseMemoryLimit } from './memory-limit';
import { ExportSource, type ExportDays, type ExportSourceKind, type ExportSourceOptions } from './export-source';

/** The flags of `securityhub report` that only the export sources take. */
export const EXPORT_SOURCE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'path',
    type: 'string',
    value: 'DIR|S3URL',
    description:
      'with --source export: a folder in the export layout, or s3://BUCKET/PREFIX/ (copied locally, then queried)',
  },
  {
    name: 'workgroup',
    type: 'string',
    value: 'NAME',
    description: 'with --source athena: the Athena workgroup (FindingsExport output athena-workgroup)',
  },
  {
    name: 'database',
    type: 'string',
    value: 'NAME',
    description: 'with --source athena: the Glue database (output glue-database)',
  },
  {
    name: 'table',
    type: 'string',
    value: 'NAME',
    description: 'with --source athena: the Glue table (output glue-table)',
  },
  {
    name: 'memory-limit',
    type: 'string',
    value: 'SIZE',
    description: `with --source export: the most memory the embedded engine holds before it spills to a temporary folder, e.g. 2GB (default ${DEFAULT_MEMORY_LIMIT})`,
  },
  {
    name: 'since',
    type: 'string',
    value: 'DATE',
    description: 'with --source export or athena: read only objects exported on or after DATE (bounds the scan)',
  },
];

/** The flags only `--source athena` takes; the registry refuses them with any other source. */
export const ATHENA_FLAGS = ['workgroup', 'database', 'table'] as const;

/** The export source's options from the flags. */
export function exportSourceOptions(
  command: string,
  flags: FlagValues,
  kind: ExportSourceKind,
  connection: AwsConnectionOptions,
): ExportSourceOptions & { sinceDay?: string } {
  const since = stringFlag(flags, 'since');
  const memoryLimit = stringFlag(flags, 'memory-limit');
  const sinceDay = since !== undefined ? parseGivenTime('--since', since).date.toISOString().slice(0, 10) : undefined;
  if (kind === 'athena') {
    const missing = ATHENA_FLAGS.filter((f) => stringFlag(flags, f) === undefined);
    if (missing.length > 0)
      throw new UsageError(
        `${command}: --source athena needs ${missing.map((f) => `--${f}`).join(', ')} (the FindingsExport construct's outputs name them).`,
      );
  }
  // A missing required flag is a usage error (exit 2) in every command.
  if (kind === 'export' && stringFlag(flags, 'path') === undefined) {
    throw new UsageError(
      `${command}: --source export reads --path: a folder in the export layout or s3://BUCKET/PREFIX/; add --path.`,
    );
  }
  return {
    kind,
    path: stringFlag(flags, 'path'),
    ...(kind === 'athena'
      ? {
          athena: {
            workgroup: stringFlag(flags, 'workgroup')!,
            database: stringFlag(flags, 'database')!,
            table: stringFlag(flags, 'table')!,
          },
        }
      : {}),
    connection,
    ...(memoryLimit !== undefined ? { memoryLimit: parseMemoryLimit(command, memoryLimit) } : {}),
    ...(sinceDay ? { sinceDay } : {}),
  };
}

const megabytes = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** Tells what the queries scanned (Athena bills by it), on stderr. */
function reportScan(source: ExportSource, io: CommandIo): void {
  const parts = Object.entries(source.scannedBytes).map(
    ([name, bytes]) => `${name} ${megabytes(bytes)} (${bytes} bytes)`,
  );
  io.stderr.write(`${source.where}: scanned ${parts.join(', ')}.\n`);
}

/**
 * The tally of an export's findings in their latest state and, when asked, one standard's
 * findings as rows (the evidence pack's). What the queries scanned is told on stderr.
 */
export async function readExportReport(
  options: ExportSourceOptions & { sinceDay?: string },
  now: Date,
  io: CommandIo,
  standardRowsOf?: string,
): Promise<{ tally: ComplianceTally; standardRows?: readonly Record<string, unknown>[] }> {
  const days: ExportDays = options.sinceDay ? { sinceDay: options.sinceDay } : {};
  const source = await ExportSource.open(options, days);
  try {
    const { tally } = await source.read(now, days);
    const standardRows = standardRowsOf !== undefined ? await source.standardFindings(standardRowsOf, days) : undefined;
    reportScan(source, io);
    return { tally, ...(standardRows ? { standardRows } : {}) };
  } finally {
    source.close();
  }
}

/**
 * The score trend over the export's history: for each day of the period, the report of the
 * findings as known at the end of that day (each finding's latest version exported by then),
 * kept in a history that lives only for this command, then the same trend as saved reports give.
 */
export async function exportTrend(
  options: ExportSourceOptions & { sinceDay?: string },
  since: Date,
  until: Date,
  organization: string | null,
  io: CommandIo,
): Promise<TrendReport> {
  const firstDay = since.toISOString().slice(0, 10);
  const lastDay = until.toISOString().slice(0, 10);
  const days: string[] = [];
  for (let t = Date.parse(`${firstDay}T00:00:00Z`); t <= Date.parse(`${lastDay}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  const source = await ExportSource.open(options, {
    ...(options.sinceDay ? { sinceDay: options.sinceDay } : {}),
    untilDay: lastDay,
  });
  const history = ReportHistory.open(':memory:', { create: true });
  try {
    for (const day of days) {
      const endOfDay = new Date(Math.min(Date.parse(`${day}T23:59:59.999Z`), until.getTime()));
      const { tally } = await source.read(endOfDay, {
        ...(options.sinceDay ? { sinceDay: options.sinceDay } : {}),
        untilDay: day,
      });
      if (tally.findingsRead === 0) continue;
      history.save(
        buildReport(tally, scopeFromFindings(tally, options.connection.region), {
          generatedAt: endOfDay,
          organization,
          administratorAccount: null,
          source: { kind: options.kind },
          top: 0,
        }),
      );
    }
    reportScan(source, io);
    return computeTrend(history, since.toISOString(), until.toISOString(), organization);
  } finally {
    history.close();
    source.close();
  }
}
