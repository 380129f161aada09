import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Command } from '../command';
import { awsConnectionFlags } from '../aws/connection-flags';
import {
  clientSettings,
  createSecurityHubClient,
  DEFAULT_MAX_ATTEMPTS,
  describeAwsError,
  isMissingRegion,
  missingRegionError,
} from '../aws/securityhub-client';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../errors';
import {
  choiceFlag,
  exitCodesHelp,
  formatFlag,
  formatFlagHelp,
  HELP_FLAG,
  integerFlag,
  OUTPUT_FLAG,
  parseFlags,
  stringFlag,
  type FlagSpec,
} from '../flags';
import { writeResult } from '../io/output';
import { readinessGaps } from '../readiness/model';
import { readReadiness } from '../readiness/read';
import { READINESS_FORMATS, renderReadiness } from '../readiness/render';

const NAME = 'securityhub readiness';

/** The flags `securityhub readiness` takes. */
export const READINESS_FLAGS: readonly FlagSpec[] = [
  formatFlag(READINESS_FORMATS),
  OUTPUT_FLAG,
  { name: 'strict', type: 'boolean', description: 'exit 1 when any account lacks a prerequisite in any Region' },
  ...awsConnectionFlags(
    'the aggregation Region of the delegated administrator (default AWS_REGION)',
    'send every AWS request to URL, e.g. local AWS',
  ),
  HELP_FLAG,
];

const HELP = `Usage: securityhub readiness [--format text|json|csv|html] [--strict] [--region HOME] [flags]

Checks, with the delegated administrator's credentials, what the organization's stacks expect of
every member account in every linked Region (from the finding aggregator): Security Hub (member,
enabled, a policy with standards), AWS Config recording (a customer recorder, the service-linked
recorder, or none: from Config.1 control findings, and the administrator's own recorders),
GuardDuty, Inspector and Macie. One row per account, one column per service and group of Regions
that read the same, then a summary of the gaps. A service the administrator cannot read is
"unknown", not a gap.

Flags:
${formatFlagHelp(READINESS_FLAGS)}

${exitCodesHelp('the organization could not be read, or with --strict, an account lacks a prerequisite')}

Examples:
  securityhub readiness --region us-east-1
  securityhub readiness --region us-east-1 --format html -o readiness.html
  securityhub readiness --region us-east-1 --strict   # in CI: exit 1 on a gap
`;

/** `securityhub readiness`: the prerequisites of every member account and linked Region. */
export const readinessCommand: Command = {
  name: 'readiness',
  summary: 'check Security Hub, AWS Config, GuardDuty, Inspector and Macie in every member account and Region',
  help: () => HELP,
  async run(argv, io) {
    const flags = parseFlags(NAME, READINESS_FLAGS, argv);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const format = choiceFlag(NAME, flags, 'format', READINESS_FORMATS, 'text');
    const connection = {
      region: stringFlag(flags, 'region'),
      profile: stringFlag(flags, 'profile'),
      endpointUrl: stringFlag(flags, 'endpoint-url'),
      maxAttempts: integerFlag(NAME, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS),
    };
    const sts = new STSClient(clientSettings(connection));
    const securityhub = createSecurityHubClient(connection);
    let accountId: string;
    let region: string;
    try {
      region = await securityhub.config.region();
      accountId = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
    } catch (e) {
      if (isMissingRegion(e)) throw missingRegionError();
      throw new CliError(
        `cannot tell who the credentials belong to (${describeAwsError(e)}); pass --profile or set AWS credentials of the delegated administrator.`,
      );
    } finally {
      sts.destroy();
      securityhub.destroy();
    }
    const report = await readReadiness({ ...connection, region }, accountId, region);
    await writeResult(NAME, renderReadiness(report, format), stringFlag(flags, 'output'), io);
    return flags.strict && readinessGaps(report).length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};
