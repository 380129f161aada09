import { existsSync } from 'node:fs';
import type { Command, CommandIo } from '../command';
import { DEFAULT_MAX_ATTEMPTS, type AwsConnectionOptions } from '../aws/securityhub-client';
import { readTierPlacement } from '../aws/organization-units';
import { parseGivenTime, parsePeriodStart } from '../dates';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors';
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
  type FlagValues,
} from '../flags';
import { awsConnectionFlags } from '../aws/connection-flags';
import { writeResult } from '../io/output';
import { loadOrgContext, type OrgContext } from '../org-config';
import { buildReport, reportAccounts } from '../report/build-report';
import { FindingDetails, type ComplianceTally } from '../report/compliance-tally';
import type { ComplianceReport } from '../report/model';
import { withPageDetails } from '../report/page-details';
import { scopeWarnings } from '../report/scope-check';
import { REPORT_FORMATS, renderReport, renderTrend, TREND_FORMATS, type ReportFormat } from '../report/formats';
import { defaultHistoryFile, ReportHistory } from '../report/history';
import { remediationWindowReport, type WindowBaseline } from '../report/remediation-window';
import type { RemediationWindowSetting } from '../../core/compliance-review-contract';
import type { ReportScope } from '../report/report-scope';
import { placeByListedAccounts, type TierPlacement } from '../report/tiers';
import { computeTrend, type TrendReport } from '../report/trend';
import { EXPORT_SOURCE_FLAGS, selectSource, sourceFlagHelp, type ReportSource } from '../report/sources';

const NAME = 'securityhub report';

/** The flags `securityhub report` takes. */
export const REPORT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'input',
    type: 'string',
    short: 'i',
    value: 'FILE',
    description: 'read findings from FILE (get-findings JSON or JSON Lines; - for stdin) instead of the API',
  },
  { name: 'source', type: 'string', value: 'SOURCE', description: sourceFlagHelp() },
  ...EXPORT_SOURCE_FLAGS,
  formatFlag(REPORT_FORMATS, '--trend: text, json, markdown, html'),
  OUTPUT_FLAG,
  {
    name: 'strict',
    type: 'boolean',
    description: 'exit 1 when the scope looks wrong (no findings, no enabled standard, no member accounts: see NOTES)',
  },
  {
    name: 'config',
    type: 'string',
    value: 'FILE',
    description: 'organization config: name, administrator account, home Region, tiers',
  },
  {
    name: 'organization',
    type: 'string',
    value: 'NAME',
    description: 'organization name for the header (overrides --config)',
  },
  {
    name: 'admin-account',
    type: 'string',
    value: 'ID',
    description: 'delegated administrator account id (overrides --config)',
  },
  {
    name: 'by',
    type: 'string',
    value: 'account|tier',
    description:
      'add scores per account, or per tier of --config (accounts placed by their OUs, read from AWS Organizations)',
  },
  {
    name: 'resolve-ous',
    type: 'boolean',
    description:
      'with --input and --by tier: read OU paths from AWS Organizations too (else tiers hold only the accounts they list)',
  },
  { name: 'top', type: 'string', value: 'N', description: 'how many top failed controls to list (default 10)' },
  {
    name: 'as-of',
    type: 'string',
    value: 'DATE',
    description: 'treat DATE as now (report date, "this month"); YYYY-MM-DD or ISO 8601',
  },
  ...awsConnectionFlags(
    'the aggregation Region (default: --config home Region, then AWS_REGION)',
    'Security Hub endpoint (also S3 and Athena with --source export|athena), e.g. a local emulator',
  ),
  { name: 'save', type: 'boolean', description: 'store the report figures in the history file' },
  {
    name: 'history',
    type: 'string',
    value: 'FILE',
    description:
      'history file (default $SECURITYHUB_REPORT_HISTORY or ~/.local/state/securityhub/report-history.sqlite)',
  },
  {
    name: 'trend',
    type: 'string',
    value: 'PERIOD',
    description: 'show saved scores over PERIOD (90d, 12w or a start date) instead of reading findings',
  },
  HELP_FLAG,
];

const HELP = `Usage: securityhub report [flags]

Scores every enabled standard the way Security Hub does, lists the controls failing in the most
accounts, and summarises active findings. Reads GetFindings in the aggregation Region of the
delegated administrator, or a file of findings.

Flags:
${formatFlagHelp(REPORT_FLAGS)}

A report whose scope looks wrong (no findings, no enabled standard, Security Hub listing no member
accounts: the caller is not the delegated administrator) says so under NOTES and on stderr.

${exitCodesHelp('the findings or the API could not be read, or with --strict the scope looks wrong')}

Examples:
  securityhub report --config org.yaml
  aws securityhub get-findings > findings.json && securityhub report --input findings.json --format html -o report.html
  securityhub report --config org.yaml --by tier --save
  securityhub report --input findings.json --config org.yaml --by tier --resolve-ous
  securityhub report --trend 90d
  securityhub report --trend 12w --format html -o trend.html
  securityhub report --source export --path ./findings-export --config org.yaml
  securityhub report --source athena --workgroup securityhub-findings --database securityhub_findings --table findings
  securityhub report --source athena --workgroup securityhub-findings --database securityhub_findings --table findings --trend 30d
`;

/** `securityhub report`: the compliance report, its history and its trend. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'compliance scores, top failed controls and finding summary (text, json, csv, markdown, html)',
  help: () => HELP,
  async run(argv, io) {
    const flags = parseFlags(NAME, REPORT_FLAGS, argv);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    return stringFlag(flags, 'trend') !== undefined ? runTrend(flags, io) : runReport(flags, io);
  },
};

/** Options common to reports and trends. */
type CommonOptions = ReturnType<typeof commonOptions>;

/** Options common to reports and trends: the time, the organization and where output and history go. */
function commonOptions(flags: FlagValues, io: CommandIo) {
  const asOf =
    stringFlag(flags, 'as-of') !== undefined ? parseGivenTime('--as-of', stringFlag(flags, 'as-of')!) : undefined;
  const configFile = stringFlag(flags, 'config');
  const org: OrgContext | undefined = configFile !== undefined ? loadOrgContext(configFile) : undefined;
  const admin = stringFlag(flags, 'admin-account');
  if (admin !== undefined && !/^\d{12}$/.test(admin)) {
    throw new UsageError(
      `${NAME}: --admin-account ${JSON.stringify(admin)} is not a 12-digit account id; e.g. --admin-account 111122223333.`,
    );
  }
  return {
    asOf,
    now: asOf?.date ?? new Date(),
    org,
    organization: stringFlag(flags, 'organization') ?? org?.organization ?? null,
    administratorAccount: admin ?? org?.administratorAccount ?? null,
    historyFile: stringFlag(flags, 'history') ?? defaultHistoryFile(io.env),
    output: stringFlag(flags, 'output'),
  };
}

async function emit(text: string, output: string | undefined, io: CommandIo): Promise<void> {
  await writeResult(NAME, text, output, io);
}

/** `--trend`: the scores over a period, from the source's own history (an export) or from saved reports. */
async function runTrend(flags: FlagValues, io: CommandIo): Promise<number> {
  for (const conflicting of ['input', 'save', 'by', 'strict']) {
    if (flags[conflicting] !== undefined)
      throw new UsageError(
        `${NAME}: --trend reads saved reports and cannot be combined with --${conflicting}; run them separately.`,
      );
  }
  const format = choiceFlag(NAME, flags, 'format', TREND_FORMATS, 'text');
  const common = commonOptions(flags, io);
  // A day given with --as-of means the whole of that day.
  const until = common.asOf?.dateOnly ? new Date(common.now.getTime() + 86_399_999) : common.now;
  const since = parsePeriodStart('--trend', stringFlag(flags, 'trend')!, common.now);
  const source = selectSource(NAME, flags);
  const trend = source.trend
    ? await source.trend(
        { command: NAME, flags, io, connection: connectionOf(flags, common), now: common.now },
        since,
        until,
        common.organization,
      )
    : savedTrend(common.historyFile, since, until, common.organization);
  // Every trend format, whichever history the trend came from.
  await emit(renderTrend(trend, format), common.output, io);
  return EXIT_OK;
}

/** The trend of the reports saved with `--save`. */
function savedTrend(historyFile: string, since: Date, until: Date, organization: string | null): TrendReport {
  const history = ReportHistory.open(historyFile, { create: false });
  try {
    return computeTrend(history, since.toISOString(), until.toISOString(), organization);
  } finally {
    history.close();
  }
}

/** What one report run was asked for, checked: the flags agree with each other and with the source. */
interface ReportRequest {
  readonly flags: FlagValues;
  readonly format: ReportFormat;
  readonly by?: 'account' | 'tier';
  readonly top: number;
  readonly common: CommonOptions;
  readonly source: ReportSource;
  readonly connection: AwsConnectionOptions;
}

/** The report: read the source, place accounts in tiers, check the scope, build, write, save, exit. */
async function runReport(flags: FlagValues, io: CommandIo): Promise<number> {
  const request = reportRequest(flags, io);
  const { common, format, connection } = request;
  // The HTML page lists the failing resources and other products' findings; the other formats keep only figures.
  const details = format === 'html' ? new FindingDetails() : undefined;
  const { tally, scope: read } = await request.source.load({
    command: NAME,
    flags,
    io,
    connection,
    now: common.now,
    administratorAccount: common.administratorAccount ?? undefined,
    details,
  });
  const placement = await placeInTiers(request, tally, read);
  const placed =
    placement && placement.notes.length > 0 ? { ...read, notes: [...placement.notes, ...read.notes] } : read;
  const warnings = scopeWarnings({
    findingsRead: tally.findingsRead,
    source: request.source.name,
    region: connection.region,
    scope: placed,
  });
  const scope = warnings.length > 0 ? { ...placed, notes: [...warnings, ...placed.notes] } : placed;

  const report = composeReport(request, tally, scope, placement);
  await emit(
    renderReport(
      format === 'html' ? withPageDetails(report, tally, scope, connection.region, common.historyFile) : report,
      format,
    ),
    common.output,
    io,
  );
  if (flags.save) saveFigures(report, common.historyFile, io);
  return scopeVerdict(warnings, flags.strict === true, io);
}

/**
 * Step 1: the flags, checked before anything is read. Tiers need the config that lists them, and
 * a file source reads no AWS API unless --resolve-ous asks Organizations for OU paths.
 */
function reportRequest(flags: FlagValues, io: CommandIo): ReportRequest {
  const format = choiceFlag(NAME, flags, 'format', REPORT_FORMATS, 'text');
  const by = choiceFlag(NAME, flags, 'by', ['account', 'tier'] as const);
  const top = integerFlag(NAME, flags, 'top', 1, 1000, 10);
  const common = commonOptions(flags, io);
  if (by === 'tier' && !common.org) {
    throw new UsageError(`${NAME}: --by tier needs --config FILE, whose tiers list the accounts; or use --by account.`);
  }
  if (flags['resolve-ous'] && by !== 'tier') {
    throw new UsageError(
      `${NAME}: --resolve-ous places accounts in the tiers of --config and needs --by tier; add --by tier or drop --resolve-ous.`,
    );
  }
  const source = selectSource(NAME, flags);
  if (stringFlag(flags, 'input') !== undefined && !flags['resolve-ous']) {
    for (const apiOnly of ['profile', 'endpoint-url', 'max-attempts']) {
      if (flags[apiOnly] !== undefined)
        throw new UsageError(
          `${NAME}: --${apiOnly} applies to API reads and cannot be combined with --input (unless --resolve-ous); drop one of them.`,
        );
    }
  }
  return { flags, format, ...(by ? { by } : {}), top, common, source, connection: connectionOf(flags, common) };
}

/**
 * Step 2, with `--by tier`: tiers are defined by OUs, so with a live source (or --resolve-ous)
 * each account's OU path from Organizations places it; otherwise only the accounts tiers list.
 */
async function placeInTiers(
  request: ReportRequest,
  tally: ComplianceTally,
  scope: ReportScope,
): Promise<TierPlacement | undefined> {
  if (request.by !== 'tier') return undefined;
  const tiers = request.common.org!.tiers;
  return request.source.live || request.flags['resolve-ous']
    ? readTierPlacement(tiers, reportAccounts(tally, scope), request.connection)
    : placeByListedAccounts(tiers);
}

/** Step 3: the report's figures, with the remediation window's progress when the config sets one. */
function composeReport(
  request: ReportRequest,
  tally: ComplianceTally,
  scope: ReportScope,
  placement: TierPlacement | undefined,
): ComplianceReport {
  const { common, by } = request;
  const built = buildReport(tally, scope, {
    generatedAt: common.now,
    organization: common.organization,
    administratorAccount: common.administratorAccount,
    source: request.source.describeInput(request.flags),
    top: request.top,
    ...(by ? { by } : {}),
    ...(placement ? { tiers: placement.tiers } : {}),
  });
  const window = common.org?.remediationWindow;
  return window
    ? {
        ...built,
        remediationWindow: remediationWindowReport(
          built,
          window,
          savedBaselines(common.historyFile, window, common.organization, common.now),
          common.now,
        ),
      }
    : built;
}

/** Step 4, with `--save`: the figures go to the history the trend and the remediation window read. */
function saveFigures(report: ComplianceReport, historyFile: string, io: CommandIo): void {
  const history = ReportHistory.open(historyFile, { create: true });
  try {
    const runId = history.save(report);
    io.stderr.write(`Saved the report's figures to ${historyFile} (report ${runId}).\n`);
  } finally {
    history.close();
  }
}

/**
 * Step 5: whatever the format and wherever the report went, the terminal hears that the scope
 * looks wrong; with --strict that fails the run.
 */
function scopeVerdict(warnings: readonly string[], strict: boolean, io: CommandIo): number {
  for (const w of warnings) io.stderr.write(`${NAME}: NOTE: ${w}\n`);
  if (strict && warnings.length > 0) {
    io.stderr.write(
      `${NAME}: --strict: exit 1 because the scope looks wrong (${warnings.length} note${warnings.length === 1 ? '' : 's'} above).\n`,
    );
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/**
 * Each standard's baseline in the remediation window: its first saved score (`--save`) on or after
 * the window's start. Without a history file there is none, and the report is its own baseline.
 */
function savedBaselines(
  file: string,
  window: RemediationWindowSetting,
  organization: string | null,
  now: Date,
): (standardsId: string) => WindowBaseline | undefined {
  if (!existsSync(file)) return () => undefined;
  const history = ReportHistory.open(file, { create: false });
  try {
    const first = new Map<string, WindowBaseline>();
    for (const s of history.scores(
      window.start ? `${window.start}T00:00:00.000Z` : '',
      now.toISOString(),
      organization,
    )) {
      if (s.score !== null && !first.has(s.standardsId))
        first.set(s.standardsId, { score: s.score, at: s.generatedAt });
    }
    return (id) => first.get(id);
  } finally {
    history.close();
  }
}

/** The connection flags (Region from --region, then the config's home Region). */
function connectionOf(flags: FlagValues, common: { org?: OrgContext }): AwsConnectionOptions {
  const maxAttempts = integerFlag(NAME, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS);
  return {
    region: stringFlag(flags, 'region') ?? common.org?.homeRegion,
    profile: stringFlag(flags, 'profile'),
    endpointUrl: stringFlag(flags, 'endpoint-url'),
    maxAttempts,
  };
}
