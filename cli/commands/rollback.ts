import { LambdaClient } from '@aws-sdk/client-lambda';
import type { ClientSettings } from '../../remediation-functions/shared/clients';
import { DEFAULT_EXECUTION_ROLE_NAME, DEFAULT_LEDGER_TABLE_NAME } from '../../core/remediation-contract';
import type { Command } from '../command';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors';
import {
  choiceFlag,
  exitCodesHelp,
  formatFlag,
  formatFlagHelp,
  HELP_FLAG,
  OUTPUT_FLAG,
  stringFlag,
  type FlagSpec,
  type FlagValues,
} from '../flags';
import { writeResult } from '../io/output';
import { awsConnectionFlags } from '../aws/connection-flags';
import { DEFAULT_ROLLBACK_FUNCTION, parseRollbackArguments, RUN_ID_EXAMPLE } from '../rollback/arguments';
import { callerArn, cliClientFactory, connection, resolveRegion, type Connection } from '../rollback/clients';
import { LocalRollback } from '../rollback/local';
import {
  allRolledBack,
  renderDryRun,
  renderJson,
  renderLine,
  renderSummary,
  type RunOutcome,
} from '../rollback/outcome';
import { invokeRollbackFunction, type InvokeClient } from '../rollback/via-function';

const NAME = 'securityhub rollback';

/** The ledger table name the security stack uses unless `remediation.ledger.tableName` says otherwise. */
export const DEFAULT_LEDGER_TABLE = DEFAULT_LEDGER_TABLE_NAME;

/** The flags `securityhub rollback` takes. */
export const ROLLBACK_FLAGS: readonly FlagSpec[] = [
  {
    name: 'dry-run',
    type: 'boolean',
    description: 'read the runs from the ledger and show what would be restored; change nothing',
  },
  {
    name: 'force',
    type: 'boolean',
    description: 'restore the before-state even where the resource changed since the run (refused without it)',
  },
  {
    name: 'reason',
    type: 'string',
    value: 'TEXT',
    description: 'why; kept in the ledger, the finding note and the notification',
  },
  { name: 'requested-by', type: 'string', value: 'WHO', description: 'who asks (default: your STS identity ARN)' },
  formatFlag(['text', 'json']),
  OUTPUT_FLAG,
  {
    name: 'ledger-table',
    type: 'string',
    value: 'NAME',
    description: `remediation ledger table in the security account (default ${DEFAULT_LEDGER_TABLE})`,
  },
  {
    name: 'execution-role-name',
    type: 'string',
    value: 'NAME',
    description: `role assumed in the run's account (default ${DEFAULT_EXECUTION_ROLE_NAME})`,
  },
  {
    name: 'topic-arn',
    type: 'string',
    value: 'ARN',
    description: 'remediation SNS topic to notify of each rollback (default: no notification)',
  },
  {
    name: 'via-function',
    type: 'string',
    value: '[NAME]',
    description: `invoke the deployed rollback function instead of acting locally (NAME default ${DEFAULT_ROLLBACK_FUNCTION})`,
  },
  ...awsConnectionFlags(
    "the security account's home Region, where the ledger is (default AWS_REGION, then the profile's)",
    'send every AWS request to URL, e.g. local AWS',
    false,
  ),
  HELP_FLAG,
];

const HELP = `Usage: securityhub rollback RUN_ID [RUN_ID...] [flags]

Restores the state a remediation run recorded before it changed anything, marks the run's
finding ROLLED_BACK and records the rollback in the ledger. By default the rollback runs here,
with your credentials in the security account: it reads the ledger, assumes the execution role
in the run's account and puts the recorded settings back, exactly as the remediation function
would. With --via-function it asks the deployed rollback function to do it instead.

Run ids, e.g. ${RUN_ID_EXAMPLE}, are in the finding's
securityhub-remediation-run field and in the remediation notification. One line a run: run id,
outcome, account, Region, resource, then what was undone or why not.

${exitCodesHelp('a run was refused or failed (its line says why)')}

A rollback goes ahead only where the resource is still as the run left it. When a person changed
it since (another Block Public Access setting, the instance moved to a forensic group), the run
is REFUSED with what changed; --force restores the before-state over that change.

Flags:
${formatFlagHelp(ROLLBACK_FLAGS)}

Examples:
  securityhub rollback ${RUN_ID_EXAMPLE} --dry-run --region us-east-1
  securityhub rollback ${RUN_ID_EXAMPLE} --reason "breaks the partner VPN" --topic-arn arn:aws:sns:us-east-1:111122223333:securityhub-findings
  securityhub rollback ${RUN_ID_EXAMPLE} --via-function
`;

/** Settings only a local rollback uses; the function has its own configuration. */
const LOCAL_ONLY = ['ledger-table', 'execution-role-name', 'topic-arn'];

/** What tests may replace: the Lambda client --via-function invokes. */
export interface RollbackCommandOptions {
  readonly lambda?: (connection: Connection, settings: ClientSettings) => InvokeClient;
}

/** `securityhub rollback`, with the given stand-ins. */
export function createRollbackCommand(options: RollbackCommandOptions = {}): Command {
  return {
    name: 'rollback',
    summary: 'roll remediation runs back to the state they recorded',
    help: () => HELP,
    async run(argv, io) {
      const { runIds, flags } = parseRollbackArguments(NAME, ROLLBACK_FLAGS, argv);
      if (flags.help) {
        io.stdout.write(HELP);
        return EXIT_OK;
      }
      const format = choiceFlag(NAME, flags, 'format', ['text', 'json'] as const, 'text');
      const via = stringFlag(flags, 'via-function');
      const dryRun = flags['dry-run'] === true;
      const force = flags.force === true;
      if (force && dryRun)
        throw new UsageError(
          `${NAME}: --force changes what a rollback does, and --dry-run does nothing; drop one of them.`,
        );
      const reason = nonEmpty(flags, 'reason');
      const given = nonEmpty(flags, 'requested-by');
      const conn = connection(stringFlag(flags, 'profile'), stringFlag(flags, 'endpoint-url'));
      const factory = cliClientFactory(conn);
      const output = stringFlag(flags, 'output');
      // Lines go out as each run ends; with --output they are kept for the file.
      const kept: string[] = [];
      const write = (o: RunOutcome) => {
        if (format !== 'text' || dryRun) return;
        if (output === undefined) io.stdout.write(`${renderLine(o)}\n`);
        else kept.push(`${renderLine(o)}\n`);
      };

      let outcomes: RunOutcome[];
      if (via !== undefined) {
        if (dryRun)
          throw new UsageError(
            `${NAME}: --dry-run reads the ledger with your credentials and cannot be combined with --via-function; drop one of them.`,
          );
        const local = LOCAL_ONLY.find((f) => flags[f] !== undefined);
        if (local)
          throw new UsageError(
            `${NAME}: --${local} applies to a local rollback; the rollback function uses its own configuration. Drop --${local} or --via-function.`,
          );
        if (!/^[A-Za-z0-9_:.$-]{1,170}$/.test(via))
          throw new UsageError(
            `${NAME}: --via-function ${JSON.stringify(via)} is not a Lambda function name or ARN; e.g. --via-function ${DEFAULT_ROLLBACK_FUNCTION}.`,
          );
        const region = await resolveRegion(stringFlag(flags, 'region'), io.env, conn);
        const requestedBy = given ?? (await callerArn(factory, region));
        const lambda = options.lambda
          ? options.lambda(conn, { region })
          : factory.create('lambda', LambdaClient, { region });
        outcomes = [];
        for (const runId of runIds) {
          const outcome = await invokeRollbackFunction(lambda, via, {
            runId,
            requestedBy,
            ...(reason !== undefined ? { reason } : {}),
            ...(force ? { force } : {}),
          });
          outcomes.push(outcome);
          write(outcome);
        }
      } else {
        const settings = {
          ledgerTable: checked(
            flags,
            'ledger-table',
            /^[A-Za-z0-9_.-]{3,255}$/,
            DEFAULT_LEDGER_TABLE,
            'a DynamoDB table name',
          ),
          executionRoleName: checked(
            flags,
            'execution-role-name',
            /^(\/?[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
            DEFAULT_EXECUTION_ROLE_NAME,
            'an IAM role name (optionally with a path)',
          ),
          topicArn: checked(
            flags,
            'topic-arn',
            /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/,
            undefined,
            'an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:securityhub-findings',
          ),
        };
        const region = await resolveRegion(stringFlag(flags, 'region'), io.env, conn);
        const local = new LocalRollback(factory, { region, ...settings });
        const runs = await local.read(runIds);
        if (dryRun) {
          outcomes = await local.plan(runs);
        } else {
          const requestedBy = given ?? (await callerArn(factory, region));
          outcomes = await local.rollback(runs, requestedBy, { reason, force }, write);
        }
      }

      const rendered =
        format === 'json'
          ? renderJson(outcomes, dryRun, via)
          : dryRun
            ? renderDryRun(outcomes)
            : renderSummary(outcomes, false);
      await writeResult(NAME, kept.join('') + rendered, output, io);
      return allRolledBack(outcomes) ? EXIT_OK : EXIT_FAILURE;
    },
  };
}

/** `securityhub rollback`. */
export const rollbackCommand: Command = createRollbackCommand();

function nonEmpty(flags: FlagValues, name: string): string | undefined {
  const value = stringFlag(flags, name);
  if (value !== undefined && value.trim() === '')
    throw new UsageError(`${NAME}: --${name} is empty; give some text or leave the flag out.`);
  return value;
}

function checked(flags: FlagValues, name: string, pattern: RegExp, fallback: string, what: string): string;
function checked(
  flags: FlagValues,
  name: string,
  pattern: RegExp,
  fallback: undefined,
  what: string,
): string | undefined;
function checked(
  flags: FlagValues,
  name: string,
  pattern: RegExp,
  fallback: string | undefined,
  what: string,
): string | undefined {
  const value = stringFlag(flags, name);
  if (value === undefined) return fallback;
  if (!pattern.test(value))
    throw new UsageError(
      `${NAME}: --${name} ${JSON.stringify(value)} is not ${what}${fallback ? `; e.g. --${name} ${fallback}` : ''}.`,
    );
  return value;
}
