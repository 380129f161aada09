import type { Command } from '../command';
import {
  createSecurityHubClient,
  DEFAULT_MAX_ATTEMPTS,
  isMissingRegion,
  missingRegionError,
} from '../aws/securityhub-client';
import { explainAwsError } from '../aws/aws-errors';
import { EXIT_FAILURE, EXIT_OK } from '../errors';
import {
  choiceFlag,
  exitCodesHelp,
  formatFlag,
  formatFlagHelp,
  HELP_FLAG,
  integerFlag,
  OUTPUT_FLAG,
  parseFlags,
  requiredFlag,
  stringFlag,
  type FlagSpec,
} from '../flags';
import { writeResult } from '../io/output';
import { awsConnectionFlags } from '../aws/connection-flags';
import type { AsffFinding } from '../findings/asff';
import { readFindings } from '../findings/read-findings';
import { validateFinding } from '../import/asff-validation';
import { fillFinding } from '../import/fill';
import { FindingImporter, IMPORT_BATCH_SIZE } from '../import/finding-importer';
import { openInput } from '../io/input-source';
import { parseGivenTime } from '../dates';

const NAME = 'securityhub import';

/** The flags `securityhub import` takes. */
export const IMPORT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'input',
    type: 'string',
    short: 'i',
    value: 'FILE',
    description: 'ASFF findings: get-findings JSON ({"Findings": [...]}) or JSON Lines; - for stdin (required)',
  },
  {
    name: 'fill',
    type: 'boolean',
    description:
      "derive missing SchemaVersion, CreatedAt/UpdatedAt (now), the default product ARN, and a control finding's Title and Severity",
  },
  { name: 'dry-run', type: 'boolean', description: 'validate only; send nothing' },
  formatFlag(['text', 'json']),
  OUTPUT_FLAG,
  {
    name: 'now',
    type: 'string',
    value: 'TIME',
    description: 'the time --fill uses (default the current time); ISO 8601',
  },
  ...awsConnectionFlags(
    'Region to import into (default AWS_REGION); also names the default product ARN',
    'Security Hub endpoint, e.g. a local emulator',
  ),
  HELP_FLAG,
];

const HELP = `Usage: securityhub import --input FILE [flags]

Validates ASFF findings against the format's required fields and value rules, then sends the
valid ones with BatchImportFindings, ${IMPORT_BATCH_SIZE} a call. Every finding that is invalid or that
Security Hub refuses is listed on stderr with its reason. When a call fails as a whole (credentials,
Region, endpoint, throttling, access), the import stops: the findings not sent are counted as such,
not as refused, and the reason is given once with its fix.

${exitCodesHelp('a finding was invalid, refused or not sent')}

Flags:
${formatFlagHelp(IMPORT_FLAGS)}

Examples:
  securityhub import --input scanner-findings.jsonl --fill --region us-east-1
  securityhub import --input findings.json --dry-run
`;

/** One finding that was not imported, and why. */
interface Failure {
  readonly ordinal?: number;
  readonly line?: number;
  readonly id: string;
  readonly stage: 'validation' | 'import';
  readonly reason: string;
}

/** `securityhub import`: validate and import custom findings. */
export const importCommand: Command = {
  name: 'import',
  summary: 'validate ASFF findings and send them with BatchImportFindings',
  help: () => HELP,
  async run(argv, io) {
    const flags = parseFlags(NAME, IMPORT_FLAGS, argv);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const input = requiredFlag(
      NAME,
      flags,
      'input',
      'the findings file, e.g. --input findings.jsonl (--input - reads standard input)',
    );
    const format = choiceFlag(NAME, flags, 'format', ['text', 'json'] as const, 'text');
    const maxAttempts = integerFlag(NAME, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS);
    const now =
      stringFlag(flags, 'now') !== undefined ? parseGivenTime('--now', stringFlag(flags, 'now')!).date : new Date();
    const region = stringFlag(flags, 'region') ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
    const dryRun = flags['dry-run'] === true;
    const source = await openInput(input, io.stdin);

    // No client for a dry run: validating needs no credentials.
    const client = dryRun
      ? undefined
      : createSecurityHubClient({
          region,
          profile: stringFlag(flags, 'profile'),
          endpointUrl: stringFlag(flags, 'endpoint-url'),
          maxAttempts,
        });
    const importer = client ? new FindingImporter(client) : undefined;
    const failures: Failure[] = [];
    const fail = (f: Failure) => {
      failures.push(f);
      io.stderr.write(
        `${f.stage === 'validation' ? `finding ${f.ordinal} (line ${f.line}, Id ${JSON.stringify(f.id)})` : `Id ${JSON.stringify(f.id)}`}: ${f.reason}\n`,
      );
    };
    let read = 0;
    let valid = 0;
    let imported = 0;
    let notSent = 0;
    let stopped: string | undefined;
    let batch: { finding: AsffFinding; ordinal: number; line: number }[] = [];

    const flush = async () => {
      const sending = batch;
      batch = [];
      if (!importer || sending.length === 0) return;
      if (stopped) {
        notSent += sending.length;
        return;
      }
      try {
        const outcome = await importer.importBatch(sending.map((b) => b.finding));
        imported += outcome.successCount;
        for (const f of outcome.failures)
          fail({ id: f.id, stage: 'import', reason: `${f.errorCode}: ${f.errorMessage}` });
      } catch (e) {
        if (isMissingRegion(e)) throw missingRegionError();
        // The call failed as a whole: Security Hub judged none of these findings, so none was refused.
        stopped = explainAwsError(e, {
          operation: `BatchImportFindings call ${importer.calls}`,
          action: 'securityhub:BatchImportFindings',
          region,
          endpointUrl: stringFlag(flags, 'endpoint-url'),
          principal: 'the account the findings are imported into',
        });
        notSent += sending.length;
        io.stderr.write(`${NAME}: ${stopped}\n`);
      }
    };

    try {
      for await (const item of readFindings(source.stream, `--input ${source.name}`)) {
        read++;
        const finding = flags.fill ? fillFinding(item.finding, { now, region }).finding : item.finding;
        const problems = validateFinding(finding);
        if (problems.length > 0) {
          const hint =
            flags.fill && !region && problems.some((p) => p.field === 'ProductArn')
              ? ' (pass --region so --fill can derive ProductArn)'
              : '';
          fail({
            ordinal: item.ordinal,
            line: item.line,
            id: typeof finding.Id === 'string' ? finding.Id : '(no Id)',
            stage: 'validation',
            reason: problems.map((p) => p.message).join('; ') + hint,
          });
          continue;
        }
        valid++;
        batch.push({ finding, ordinal: item.ordinal, line: item.line });
        if (batch.length === IMPORT_BATCH_SIZE) await flush();
      }
      await flush();
    } finally {
      client?.destroy();
    }

    const summary = {
      read,
      valid,
      invalid: failures.filter((f) => f.stage === 'validation').length,
      dryRun,
      imported,
      failedImport: failures.filter((f) => f.stage === 'import').length,
      notSent,
      batchImportCalls: importer?.calls ?? 0,
      ...(stopped ? { stopped } : {}),
      failures,
    };
    if (format === 'json') {
      await writeResult(NAME, `${JSON.stringify(summary, null, 2)}\n`, stringFlag(flags, 'output'), io);
    } else {
      const lines = [`Read ${read} finding${read === 1 ? '' : 's'}: ${valid} valid, ${summary.invalid} invalid.`];
      if (dryRun) lines.push('Dry run: nothing was sent.');
      else
        lines.push(
          `Imported ${imported} in ${summary.batchImportCalls} BatchImportFindings call${summary.batchImportCalls === 1 ? '' : 's'}; ${summary.failedImport} refused${notSent ? `, ${notSent} not sent` : ''}.`,
        );
      if (stopped)
        lines.push(
          `Stopped at ${stopped.replace(/ failed: .*/, '')}: ${notSent} finding${notSent === 1 ? '' : 's'} from there on were not sent (the reason is on stderr).`,
        );
      await writeResult(NAME, `${lines.join('\n')}\n`, stringFlag(flags, 'output'), io);
    }
    return failures.length > 0 || notSent > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};
