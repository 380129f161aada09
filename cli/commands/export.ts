import type { Command } from '../command';
import { createSecurityHubClient, DEFAULT_MAX_ATTEMPTS } from '../aws/securityhub-client';
import { progressFor } from '../aws/progress';
import { runBackfill } from '../export/backfill';
import { runCompact } from '../export/compact';
import { EXIT_OK, UsageError } from '../errors';
import { formatFlagHelp, integerFlag, parseFlags, stringFlag, type FlagSpec } from '../flags';
import { awsConnectionFlags } from '../aws/connection-flags';
import { parseGivenTime } from '../dates';

const NAME = 'securityhub export';

/** The flags `securityhub export backfill` takes. */
export const BACKFILL_FLAGS: readonly FlagSpec[] = [
  { name: 'path', type: 'string', value: 'DIR|S3URL', description: 'where to write: a local folder, or s3://BUCKET/PREFIX/ (the export bucket; FindingsExport output export-location)' },
  { name: 'day', type: 'string', value: 'DATE', description: 'the export day the objects are filed under (default: today, UTC)' },
  ...awsConnectionFlags('the aggregation Region (default AWS_REGION)', 'send every AWS request (Security Hub, S3) to URL, e.g. local AWS'),
  { name: 'help', type: 'boolean', short: 'h', description: 'show this help' },
];

/** The flags `securityhub export compact` takes. */
export const COMPACT_FLAGS: readonly FlagSpec[] = [
  { name: 'path', type: 'string', value: 'DIR|S3URL', description: 'the export: a local folder, or s3://BUCKET/PREFIX/ (FindingsExport output export-location)' },
  { name: 'since', type: 'string', value: 'DATE', description: 'only export days on or after DATE' },
  { name: 'until', type: 'string', value: 'DATE', description: 'only export days on or before DATE' },
  ...awsConnectionFlags('the export bucket\'s Region (default AWS_REGION)', 'send every S3 request to URL, e.g. local AWS'),
  { name: 'help', type: 'boolean', short: 'h', description: 'show this help' },
];

const HELP = `Usage: securityhub export backfill --path DIR|s3://BUCKET/PREFIX/ [flags]
       securityhub export compact --path DIR|s3://BUCKET/PREFIX/ [--since DATE] [--until DATE] [flags]

backfill writes every ACTIVE finding Security Hub holds now (GetFindings in the aggregation
Region) in the export layout: Parquet objects under findings/dt=DAY/ with the Glue table's
columns, as the FindingsExport's Firehose stream writes new findings. Run it once after deploying
the export, so findings that have not changed since are in the export too; running it again adds
a snapshot (reports keep each finding's latest version).

compact rewrites each export day that holds several objects, or GZIP'd JSON Lines of an earlier
export, as one Parquet object, then removes exactly the objects it read. Every version of every
finding is kept, so reports read the same before and after; Athena and DuckDB open fewer, larger
objects. Safe while Firehose writes: objects that arrive meanwhile stay.

Flags of backfill:
${formatFlagHelp(BACKFILL_FLAGS)}

Flags of compact:
${formatFlagHelp(COMPACT_FLAGS)}

Examples:
  securityhub export backfill --path s3://securityhub-findings-111122223333/ --region us-east-1
  securityhub export backfill --path ./findings-export && securityhub report --source export --path ./findings-export
  securityhub export compact --path s3://securityhub-findings-111122223333-us-east-1/ --until 2025-02-22 --region us-east-1
`;

const megabytes = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** `securityhub export`: maintenance of the findings export (`backfill`). */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write the findings Security Hub holds now into the findings export (backfill), or compact it',
  help: () => HELP,
  async run(argv, io) {
    const [subcommand, ...rest] = argv;
    if (subcommand === '--help' || subcommand === '-h') {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    if (subcommand === 'compact') {
      const flags = parseFlags(`${NAME} compact`, COMPACT_FLAGS, rest);
      if (flags.help) {
        io.stdout.write(HELP);
        return EXIT_OK;
      }
      const target = stringFlag(flags, 'path');
      if (target === undefined) throw new UsageError(`${NAME} compact: --path is required: the export's folder, or s3://BUCKET/PREFIX/ of the export bucket.`);
      const day = (flag: string) => {
        const value = stringFlag(flags, flag);
        return value !== undefined ? parseGivenTime(`--${flag}`, value).date.toISOString().slice(0, 10) : undefined;
      };
      const sinceDay = day('since');
      const untilDay = day('until');
      if (sinceDay && untilDay && sinceDay > untilDay) throw new UsageError(`${NAME} compact: --since ${sinceDay} is after --until ${untilDay}; give --since on or before --until.`);
      const result = await runCompact({
        target, ...(sinceDay ? { sinceDay } : {}), ...(untilDay ? { untilDay } : {}),
        connection: {
          region: stringFlag(flags, 'region'), profile: stringFlag(flags, 'profile'), endpointUrl: stringFlag(flags, 'endpoint-url'),
          maxAttempts: integerFlag(`${NAME} compact`, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS),
        },
      });
      io.stdout.write(result.days === 0
        ? `Nothing to compact in ${result.where}: every export day is one Parquet object.\n`
        : `Compacted ${result.objectsBefore} objects (${megabytes(result.bytesBefore)}) of ${result.days} export days into ${result.days} Parquet objects (${megabytes(result.bytesAfter)}) in ${result.where}.\n`);
      return EXIT_OK;
    }
    if (subcommand !== 'backfill') {
      throw new UsageError(`${NAME}: ${subcommand === undefined ? 'needs a subcommand' : `unknown subcommand ${JSON.stringify(subcommand)}`}; the subcommands are backfill and compact (securityhub export --help).`);
    }
    const flags = parseFlags(`${NAME} backfill`, BACKFILL_FLAGS, rest);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const target = stringFlag(flags, 'path');
    if (target === undefined) throw new UsageError(`${NAME} backfill: --path is required: a folder, or s3://BUCKET/PREFIX/ of the export bucket.`);
    const dayFlag = stringFlag(flags, 'day');
    const day = dayFlag !== undefined ? parseGivenTime('--day', dayFlag).date.toISOString().slice(0, 10) : new Date().toISOString().slice(0, 10);
    const connection = {
      region: stringFlag(flags, 'region'),
      profile: stringFlag(flags, 'profile'),
      endpointUrl: stringFlag(flags, 'endpoint-url'),
      maxAttempts: integerFlag(`${NAME} backfill`, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS),
    };
    const client = createSecurityHubClient(connection);
    try {
      const result = await runBackfill(client, { target, day, connection, progress: progressFor(io.stderr, 'GetFindings', 'findings') });
      io.stdout.write(`Wrote ${result.findings} findings in ${result.objects} objects to ${result.where} (export day ${day}).\n`);
    } finally {
      client.destroy();
    }
    return EXIT_OK;
  },
};
