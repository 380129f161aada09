/** Options of `npm run local-aws`. */
export interface CliOptions {
  readonly port?: number;
  readonly seed?: string;
  readonly adminAccount?: string;
  readonly region?: string;
  /** Build the organization of this config (`--organization` alone: $SECURITYHUB_CONFIG, else the embedded example). */
  readonly organization?: string | true;
  readonly help: boolean;
}

/** A bad command line; the message names the option, the value and the fix, on one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The help text. */
export const USAGE = `Usage: npm run local-aws -- [--port N] [--seed FILE] [--admin-account ID] [--region REGION] [--organization [CONFIG]]

  --port N             port for the local AWS endpoint on 127.0.0.1 (default: a free port)
  --seed FILE          findings to load: the JSON \`aws securityhub get-findings\` prints, or JSON Lines of ASFF
  --admin-account ID   12-digit delegated administrator of the seeded organization; the printed credentials act as it (default 123456789012)
  --region REGION      home (aggregation) Region, Region for findings that name none, and AWS_REGION printed (default us-east-1)
  --organization [CONFIG]
                       build the AWS Organization of CONFIG (default $SECURITYHUB_CONFIG, then the embedded example): the
                       organization, the security account, each tier's OUs and accounts, with the gaps proxy in front of moto;
                       writes local-aws.org.yaml (CONFIG with the ids moto chose) and prints SECURITYHUB_CONFIG for it, and the
                       management account's credentials, so \`npm run diff\` and \`npm run deploy\` run against it

Prints AWS_ENDPOINT_URL=http://127.0.0.1:PORT first, then the other variables to export; runs until Ctrl-C or SIGTERM.`;

const VALUE_OPTIONS = ['--port', '--seed', '--admin-account', '--region'] as const;

/**
 * Parses the arguments after `--`. Accepts `--name value` and `--name=value`.
 * @throws UsageError for unknown options, missing values and values out of range
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const values: Record<string, string> = {};
  let help = false;
  let organization: string | true | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    // The config is optional: `--organization` alone, or followed by another option, means the default one.
    if (arg === '--organization' || arg.startsWith('--organization=')) {
      const next = argv[i + 1];
      if (arg.includes('=')) organization = arg.slice('--organization='.length) || true;
      else if (next !== undefined && !next.startsWith('--')) organization = argv[++i];
      else organization = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) {
      throw new UsageError(
        `unknown option ${JSON.stringify(arg)}: use --port, --seed, --admin-account, --region, --organization or --help`,
      );
    }
    const value: string | undefined = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq <= 0) i++;
    if (value === undefined || value === '' || (eq <= 0 && value.startsWith('--'))) {
      throw new UsageError(`option ${name} needs a value: e.g. ${name} ${example(name)}`);
    }
    values[name] = value;
  }
  const port = values['--port'];
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    throw new UsageError(
      `--port ${JSON.stringify(port)} is not a port: give a whole number from 1 to 65535, or leave it out for a free port`,
    );
  }
  const admin = values['--admin-account'];
  if (admin !== undefined && !/^\d{12}$/.test(admin)) {
    throw new UsageError(
      `--admin-account ${JSON.stringify(admin)} is not an AWS account ID: give the 12 digits, e.g. --admin-account 111122223333`,
    );
  }
  const region = values['--region'];
  if (region !== undefined && !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)) {
    throw new UsageError(`--region ${JSON.stringify(region)} is not an AWS Region: give a code such as us-east-1`);
  }
  if (organization !== undefined && (values['--seed'] !== undefined || admin !== undefined)) {
    throw new UsageError(
      '--organization builds the organization the stacks deploy into and cannot be combined with --seed or --admin-account (a seeded organization as its administrator sees it); run them separately',
    );
  }
  return {
    port: port === undefined ? undefined : Number(port),
    seed: values['--seed'],
    adminAccount: admin,
    region,
    ...(organization !== undefined ? { organization } : {}),
    help,
  };
}

function example(name: string): string {
  return (
    { '--port': '4566', '--seed': 'findings.json', '--admin-account': '111122223333', '--region': 'eu-west-1' }[name] ??
    'VALUE'
  );
}
