import type { Command } from '../command';
import { createSecurityHubClient, DEFAULT_MAX_ATTEMPTS } from '../aws/securityhub-client';
import { progressFor } from '../aws/progress';
import { runBackfill } from '../export/backfill';
import { runCompact } from '../export/compact';
import { EXIT_OK, UsageError } from '../errors';
import {
  exitCodesHelp,
  formatFlagHelp,
  HELP_FLAG,
  integerFlag,
  parseFlags,
  requiredFlag,
  stringFlag,
  type FlagSpec,
} from '../flags';
import { runSubcommand } from '../subcommands';
import type { CommandIo } from '../command';
import { awsConnectionFlags } from '../aws/connection-flags';
import { parseGivenTime } from '../dates';

const NAME = 'securityhub export';

/** The flags `securityhub export backfill` takes. */
export const BACKFILL_FLAGS: readonly FlagSpec[] = [
  {
    name: 'path',
    type: 'string',
    value: 'DIR|S3URL',
    description:
      'where to write: a local folder, or s3://BUCKET/PREFIX/ (the export bucket; FindingsExport output export-location)',
  },
  {
    name: 'day',
    type: 'string',
    value: 'DATE',
    description: 'the export day the objects are filed under (default: today, UTC)',
  },
  ...awsConnectionFlags(
    'the aggregation Region (default AWS_REGION)',
    'send every AWS request (Security Hub, S3) to URL, e.g. local AWS',
  ),
  HELP_FLAG,
];

/** The flags `securityhub export compact` takes. */
export const COMPACT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'path',
    type: 'string',
    value: 'DIR|S3URL',
    description: 'the export: a local folder, or s3://BUCKET/PREFIX/ (FindingsExport output export-location)',
  },
  { name: 'since', type: 'string', value: 'DATE', description: 'only export days on or after DATE' },
  { name: 'until', type: 'string', value: 'DATE', description: 'only export days on or before DATE' },
  ...awsConnectionFlags(
    "the export bucket's Region (default AWS_REGION)",
    'send every S3 request to URL, e.g. local AWS',
  ),
  HELP_FLAG,
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

${exitCodesHelp('the findings could not be read or written (objects written before stay)')}

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
  run: (argv, io) => runSubcommand(NAME, HELP, { backfill, compact }, argv, io),
};

/** `securityhub export backfill`. */
async function backfill(rest: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags(`${NAME} backfill`, BACKFILL_FLAGS, rest);
  if (flags.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const target = requiredFlag(
    `${NAME} backfill`,
    flags,
    'path',
    'a folder, or s3://BUCKET/PREFIX/ of the export bucket',
  );
  const dayFlag = stringFlag(flags, 'day');
  const day =
    dayFlag !== undefined
      ? parseGivenTime('--day', dayFlag).date.toISOString().slice(0, 10)
      : new Date().toISOString().slice(0, 10);
  const connection = {
    region: stringFlag(flags, 'region'),
    profile: stringFlag(flags, 'profile'),
    endpointUrl: stringFlag(flags, 'endpoint-url'),
    maxAttempts: integerFlag(`${NAME} backfill`, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS),
  };
  const client = createSecurityHubClient(connection);
  try {
    const result = await runBackfill(client, {
      target,
      day,
      connection,
      progress: progressFor(io.stderr, 'GetFindings', 'findings'),
    });
    io.stdout.write(
      `Wrote ${result.findings} findings in ${result.objects} objects to ${result.where} (export day ${day}).\n`,
    );
  } finally {
    client.destroy();
  }
  return EXIT_OK;
}

/** `securityhub export compact`. */
async function compact(rest: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags(`${NAME} compact`, COMPACT_FLAGS, rest);
  if (flags.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const target = requiredFlag(
    `${NAME} compact`,
    flags,
    'path',
    "the export's folder, or s3://BUCKET/PREFIX/ of the export bucket",
  );
  const day = (flag: string) => {
    const value = stringFlag(flags, flag);
    return value !== undefined ? parseGivenTime(`--${flag}`, value).date.toISOString().slice(0, 10) : undefined;
  };
  const sinceDay = day('since');
  const untilDay = day('until');
  if (sinceDay && untilDay && sinceDay > untilDay)
    throw new UsageError(
      `${NAME} compact: --since ${sinceDay} is after --until ${untilDay}; give --since on or before --until.`,
    );
  const result = await runCompact({
    target,
    ...(sinceDay ? { sinceDay } : {}),
    ...(untilDay ? { untilDay } : {}),
    connection: {
      region: stringFlag(flags, 'region'),
      profile: stringFlag(flags, 'profile'),
      endpointUrl: stringFlag(flags, 'endpoint-url'),
      maxAttempts: integerFlag(`${NAME} compact`, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS),
    },
  });
  io.stdout.write(
    result.days === 0
      ? `Nothing to compact in ${result.where}: every export day is one Parquet object.\n`
      : `Compacted ${result.objectsBefore} objects (${megabytes(result.bytesBefore)}) of ${result.days} export days into ${result.days} Parquet objects (${megabytes(result.bytesAfter)}) in ${result.where}.\n`,
  );
  return EXIT_OK;
}
