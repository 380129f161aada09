import type { Command } from '../command';
import { createSecurityHubClient, DEFAULT_MAX_ATTEMPTS } from '../aws/securityhub-client';
import { progressFor } from '../aws/progress';
import { runBackfill } from '../export/backfill';
import { EXIT_OK } from '../errors';
import { exitCodesHelp, formatFlagHelp, HELP_FLAG, integerFlag, parseFlags, requiredFlag, stringFlag, type FlagSpec } from '../flags';
import { runSubcommand } from '../subcommands';
import type { CommandIo } from '../command';
import { awsConnectionFlags } from '../aws/connection-flags';
import { parseGivenTime } from '../dates';

const NAME = 'securityhub export';

/** The flags `securityhub export backfill` takes. */
export const BACKFILL_FLAGS: readonly FlagSpec[] = [
  { name: 'path', type: 'string', value: 'DIR|S3URL', description: 'where to write: a local folder, or s3://BUCKET/PREFIX/ (the export bucket; FindingsExport output export-location)' },
  { name: 'day', type: 'string', value: 'DATE', description: 'the export day the objects are filed under (default: today, UTC)' },
  ...awsConnectionFlags('the aggregation Region (default AWS_REGION)', 'send every AWS request (Security Hub, S3) to URL, e.g. local AWS'),
  HELP_FLAG,
];

const HELP = `Usage: securityhub export backfill --path DIR|s3://BUCKET/PREFIX/ [flags]

Writes every ACTIVE finding Security Hub holds now (GetFindings in the aggregation Region) in the
export layout: GZIP'd JSON Lines under findings/dt=DAY/account=ID/region=REGION/, the objects the
FindingsExport's Firehose stream writes for new findings. Run it once after deploying the export,
so findings that have not changed since are in the export too; running it again adds a snapshot
(reports keep each finding's latest version).

Flags:
${formatFlagHelp(BACKFILL_FLAGS)}

${exitCodesHelp('the findings could not be read or written (objects written before stay)')}

Examples:
  securityhub export backfill --path s3://securityhub-findings-111122223333/ --region us-east-1
  securityhub export backfill --path ./findings-export && securityhub report --source export --path ./findings-export
`;

/** `securityhub export`: maintenance of the findings export (`backfill`). */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write the findings Security Hub holds now into the findings export (backfill)',
  help: () => HELP,
  run: (argv, io) => runSubcommand(NAME, HELP, { backfill }, argv, io),
};

/** `securityhub export backfill`. */
async function backfill(rest: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags(`${NAME} backfill`, BACKFILL_FLAGS, rest);
  if (flags.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const target = requiredFlag(`${NAME} backfill`, flags, 'path', 'a folder, or s3://BUCKET/PREFIX/ of the export bucket');
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
}
