import { stringFlag } from '../../flags';
import { scopeFromFindings } from '../findings-scope';
import { ATHENA_FLAGS, exportSourceOptions, exportTrend, readExportReport } from './export-command';
import type { ExportSourceKind } from './export-source';
import type { ReportSource } from './report-source';

/**
 * A source over the findings export: the same SQL on a local or S3 copy (embedded engine) or in
 * Athena. An export holds every version of each finding, so it gives a trend of its own, and the
 * scope is derived from the findings (the export holds no API state).
 */
function exportBackedSource(kind: ExportSourceKind, describe: string, ownFlags: readonly string[]): ReportSource {
  return {
    name: kind,
    describe,
    live: false,
    ownFlags,
    describeInput: (flags) => ({ kind, input: stringFlag(flags, 'path') ?? stringFlag(flags, 'table') }),
    async load(request) {
      const options = exportSourceOptions(request.command, request.flags, kind, request.connection);
      const { tally, standardRows } = await readExportReport(options, request.now, request.io, request.standardRowsOf);
      return {
        tally,
        scope: scopeFromFindings(tally, request.connection.region),
        ...(standardRows ? { standardRows } : {}),
      };
    },
    trend(request, since, until, organization) {
      return exportTrend(
        exportSourceOptions(request.command, request.flags, kind, request.connection),
        since,
        until,
        organization,
        request.io,
      );
    },
  };
}

/** `--source export --path DIR|s3://...`: exported findings read with the embedded engine. */
export const EXPORT_SOURCE: ReportSource = exportBackedSource('export', '--path: exported findings, embedded engine', [
  'path',
  'memory-limit',
]);

/** `--source athena --workgroup --database --table`: the FindingsExport's table, queried in its Athena workgroup. */
export const ATHENA_SOURCE: ReportSource = exportBackedSource('athena', '', ATHENA_FLAGS);
