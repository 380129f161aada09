import { existsSync } from 'node:fs';
import type { Command, CommandIo } from '../command';
import { createSecurityHubClient, DEFAULT_MAX_ATTEMPTS } from '../aws/securityhub-client';
import { FindingsReader } from '../aws/findings-reader';
import { readTierPlacement } from '../aws/organization-units';
import { progressFor } from '../aws/progress';
import { ScopeReader } from '../aws/scope-reader';
import { calendarMonthOf, parseGivenTime, parsePeriodStart } from '../dates';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors';
import {
  choiceFlag, exitCodesHelp, formatFlag, formatFlagHelp, HELP_FLAG, integerFlag, OUTPUT_FLAG, parseFlags, stringFlag, type FlagSpec, type FlagValues,
} from '../flags';
import { awsConnectionFlags } from '../aws/connection-flags';
import type { AsffFinding } from '../findings/asff';
import { readFindings } from '../findings/read-findings';
import { openInput } from '../io/input-source';
import { writeResult } from '../io/output';
import { loadOrgContext, type OrgContext } from '../org-config';
import { buildReport, reportAccounts } from '../report/build-report';
import { ComplianceTally, FindingDetails, FindingProblem } from '../report/compliance-tally';
import { withPageDetails } from '../report/page-details';
import { scopeFromFindings } from '../report/findings-scope';
import { scopeWarnings } from '../report/scope-check';
import { REPORT_FORMATS, renderReport } from '../report/formats';
import { defaultHistoryFile, ReportHistory } from '../report/history';
import { remediationWindowReport, type WindowBaseline } from '../report/remediation-window';
import type { RemediationWindowSetting } from '../../core/compliance-review-contract';
import type { ReportScope } from '../report/report-scope';
import { placeByListedAccounts, type TierPlacement } from '../report/tiers';
import { computeTrend } from '../report/trend';
import { renderTrendHtml, renderTrendJson, renderTrendMarkdown, renderTrendText } from '../report/formats/trend';
import { EXPORT_SOURCE_FLAGS, exportSourceOf, exportSourceOptions, exportTrend, readExportReport } from '../report/sources/export-command';

const NAME = 'securityhub report';

/** The flags `securityhub report` takes. */
export const REPORT_FLAGS: readonly FlagSpec[] = [
  { name: 'input', type: 'string', short: 'i', value: 'FILE', description: 'read findings from FILE (get-findings JSON or JSON Lines; - for stdin) instead of the API' },
  { name: 'source', type: 'string', value: 'SOURCE', description: 'api, file (--input), export (--path: exported findings, embedded engine) or athena (default: file with --input, else api)' },
  ...EXPORT_SOURCE_FLAGS,
  formatFlag(REPORT_FORMATS, '--trend: text, json, markdown, html'),
  OUTPUT_FLAG,
  { name: 'strict', type: 'boolean', description: 'exit 1 when the scope looks wrong (no findings, no enabled standard, no member accounts: see NOTES)' },
  { name: 'config', type: 'string', value: 'FILE', description: 'organization config: name, administrator account, home Region, tiers' },
  { name: 'organization', type: 'string', value: 'NAME', description: 'organization name for the header (overrides --config)' },
  { name: 'admin-account', type: 'string', value: 'ID', description: 'delegated administrator account id (overrides --config)' },
  { name: 'by', type: 'string', value: 'account|tier', description: 'add scores per account, or per tier of --config (accounts placed by their OUs, read from AWS Organizations)' },
  { name: 'resolve-ous', type: 'boolean', description: 'with --input and --by tier: read OU paths from AWS Organizations too (else tiers hold only the accounts they list)' },
  { name: 'top', type: 'string', value: 'N', description: 'how many top failed controls to list (default 10)' },
  { name: 'as-of', type: 'string', value: 'DATE', description: 'treat DATE as now (report date, "this month"); YYYY-MM-DD or ISO 8601' },
  ...awsConnectionFlags('the aggregation Region (default: --config home Region, then AWS_REGION)', 'Security Hub endpoint (also S3 and Athena with --source export|athena), e.g. a local emulator'),
  { name: 'save', type: 'boolean', description: 'store the report figures in the history file' },
  { name: 'history', type: 'string', value: 'FILE', description: 'history file (default $SECURITYHUB_REPORT_HISTORY or ~/.local/state/securityhub/report-history.sqlite)' },
  { name: 'trend', type: 'string', value: 'PERIOD', description: 'show saved scores over PERIOD (90d, 12w or a start date) instead of reading findings' },
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
function commonOptions(flags: FlagValues, io: CommandIo) {
  const asOf = stringFlag(flags, 'as-of') !== undefined ? parseGivenTime('--as-of', stringFlag(flags, 'as-of')!) : undefined;
  const configFile = stringFlag(flags, 'config');
  const org: OrgContext | undefined = configFile !== undefined ? loadOrgContext(configFile) : undefined;
  const admin = stringFlag(flags, 'admin-account');
  if (admin !== undefined && !/^\d{12}$/.test(admin)) {
    throw new UsageError(`${NAME}: --admin-account ${JSON.stringify(admin)} is not a 12-digit account id; e.g. --admin-account 111122223333.`);
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

/** The formats `--trend` accepts. */
const TREND_FORMATS = ['text', 'json', 'markdown', 'html'] as const;
const TREND_RENDERERS = { text: renderTrendText, json: renderTrendJson, markdown: renderTrendMarkdown, html: renderTrendHtml } as const;

async function runTrend(flags: FlagValues, io: CommandIo): Promise<number> {
  for (const conflicting of ['input', 'save', 'by', 'strict']) {
    if (flags[conflicting] !== undefined) throw new UsageError(`${NAME}: --trend reads saved reports and cannot be combined with --${conflicting}; run them separately.`);
  }
  const format = choiceFlag(NAME, flags, 'format', TREND_FORMATS, 'text');
  const common = commonOptions(flags, io);
  // A day given with --as-of means the whole of that day.
  const until = common.asOf?.dateOnly ? new Date(common.now.getTime() + 86_399_999) : common.now;
  const since = parsePeriodStart('--trend', stringFlag(flags, 'trend')!, common.now);
  const exportKind = exportSourceOf(NAME, flags);
  if (exportKind) {
    const trend = await exportTrend(exportSourceOptions(NAME, flags, exportKind, connectionOf(flags, common)), since, until, common.organization, io);
    await emit(format === 'json' ? renderTrendJson(trend) : renderTrendText(trend), common.output, io);
    return EXIT_OK;
  }
  const history = ReportHistory.open(common.historyFile, { create: false });
  try {
    const trend = computeTrend(history, since.toISOString(), until.toISOString(), common.organization);
    await emit(TREND_RENDERERS[format](trend), common.output, io);
  } finally {
    history.close();
  }
  return EXIT_OK;
}

async function runReport(flags: FlagValues, io: CommandIo): Promise<number> {
  const format = choiceFlag(NAME, flags, 'format', REPORT_FORMATS, 'text');
  const by = choiceFlag(NAME, flags, 'by', ['account', 'tier'] as const);
  const top = integerFlag(NAME, flags, 'top', 1, 1000, 10);
  const common = commonOptions(flags, io);
  if (by === 'tier' && !common.org) {
    throw new UsageError(`${NAME}: --by tier needs --config FILE, whose tiers list the accounts; or use --by account.`);
  }
  if (flags['resolve-ous'] && by !== 'tier') {
    throw new UsageError(`${NAME}: --resolve-ous places accounts in the tiers of --config and needs --by tier; add --by tier or drop --resolve-ous.`);
  }
  const input = stringFlag(flags, 'input');
  const exportKind = exportSourceOf(NAME, flags);
  if (input !== undefined && !flags['resolve-ous']) {
    for (const apiOnly of ['profile', 'endpoint-url', 'max-attempts']) {
      if (flags[apiOnly] !== undefined) throw new UsageError(`${NAME}: --${apiOnly} applies to API reads and cannot be combined with --input (unless --resolve-ous); drop one of them.`);
    }
  }
  const connection = connectionOf(flags, common);
  const region = connection.region;
  // The HTML page lists the failing resources and other products' findings; the other formats keep only figures.
  const details = format === 'html' ? new FindingDetails() : undefined;
  let tally = new ComplianceTally(calendarMonthOf(common.now), details);

  let scope: ReportScope;
  if (exportKind) {
    tally = await readExportReport(exportSourceOptions(NAME, flags, exportKind, connection), common.now, io);
    scope = scopeFromFindings(tally, region);
  } else if (input !== undefined) {
    const source = await openInput(input, io.stdin);
    const name = `--input ${source.name}`;
    for await (const { finding, ordinal, line } of readFindings(source.stream, name)) {
      addOrExplain(tally, finding, () => `${name}: finding ${ordinal} (line ${line}${idPart(finding, ', ')})`);
    }
    scope = scopeFromFindings(tally, region);
  } else {
    const client = createSecurityHubClient(connection);
    try {
      const where = { region, endpointUrl: connection.endpointUrl };
      const reader = new FindingsReader(client, progressFor(io.stderr, 'GetFindings', 'findings'), where);
      for await (const finding of reader.activeFindings()) {
        addOrExplain(tally, finding, () => `GetFindings page ${reader.pages}: finding${idPart(finding, ' ')}`);
      }
      scope = await new ScopeReader(client, where).read(tally, common.administratorAccount ?? undefined, region);
    } finally {
      client.destroy();
    }
  }

  // Tiers are defined by OUs: from the API (or with --resolve-ous) each account's OU path places it.
  let placement: TierPlacement | undefined;
  if (by === 'tier') {
    placement = (input === undefined && !exportKind) || flags['resolve-ous']
      ? await readTierPlacement(common.org!.tiers, reportAccounts(tally, scope), connection)
      : placeByListedAccounts(common.org!.tiers);
    if (placement.notes.length > 0) scope = { ...scope, notes: [...placement.notes, ...scope.notes] };
  }

  const warnings = scopeWarnings({ findingsRead: tally.findingsRead, source: exportKind ?? (input !== undefined ? 'file' : 'api'), region, scope });
  if (warnings.length > 0) scope = { ...scope, notes: [...warnings, ...scope.notes] };

  const built = buildReport(tally, scope, {
    generatedAt: common.now,
    organization: common.organization,
    administratorAccount: common.administratorAccount,
    source: exportKind ? { kind: exportKind, input: stringFlag(flags, 'path') ?? stringFlag(flags, 'table') }
      : input !== undefined ? { kind: 'file', input: input === '-' ? 'stdin' : input } : { kind: 'api' },
    top,
    ...(by ? { by } : {}),
    ...(placement ? { tiers: placement.tiers } : {}),
  });
  const window = common.org?.remediationWindow;
  const report = window
    ? { ...built, remediationWindow: remediationWindowReport(built, window, savedBaselines(common.historyFile, window, common.organization, common.now), common.now) }
    : built;
  await emit(renderReport(format === 'html' ? withPageDetails(report, tally, scope, region, common.historyFile) : report, format), common.output, io);

  if (flags.save) {
    const history = ReportHistory.open(common.historyFile, { create: true });
    try {
      const runId = history.save(report);
      io.stderr.write(`Saved the report's figures to ${common.historyFile} (report ${runId}).\n`);
    } finally {
      history.close();
    }
  }
  // Whatever the format and wherever the report went, the terminal hears that the scope looks wrong.
  for (const w of warnings) io.stderr.write(`${NAME}: NOTE: ${w}\n`);
  if (flags.strict && warnings.length > 0) {
    io.stderr.write(`${NAME}: --strict: exit 1 because the scope looks wrong (${warnings.length} note${warnings.length === 1 ? '' : 's'} above).\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/**
 * Each standard's baseline in the remediation window: its first saved score (`--save`) on or after
 * the window's start. Without a history file there is none, and the report is its own baseline.
 */
function savedBaselines(file: string, window: RemediationWindowSetting, organization: string | null, now: Date): (standardsId: string) => WindowBaseline | undefined {
  if (!existsSync(file)) return () => undefined;
  const history = ReportHistory.open(file, { create: false });
  try {
    const first = new Map<string, WindowBaseline>();
    for (const s of history.scores(window.start ? `${window.start}T00:00:00.000Z` : '', now.toISOString(), organization)) {
      if (s.score !== null && !first.has(s.standardsId)) first.set(s.standardsId, { score: s.score, at: s.generatedAt });
    }
    return (id) => first.get(id);
  } finally {
    history.close();
  }
}

/** The connection flags (Region from --region, then the config's home Region). */
function connectionOf(flags: FlagValues, common: { org?: OrgContext }) {
  const maxAttempts = integerFlag(NAME, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS);
  return { region: stringFlag(flags, 'region') ?? common.org?.homeRegion, profile: stringFlag(flags, 'profile'), endpointUrl: stringFlag(flags, 'endpoint-url'), maxAttempts };
}

function idPart(finding: AsffFinding, separator: string): string {
  return typeof finding.Id === 'string' ? `${separator}Id ${JSON.stringify(finding.Id)}` : '';
}

/** Adds a finding, turning a FindingProblem into a one-line error that says where the finding was. */
function addOrExplain(tally: ComplianceTally, finding: AsffFinding, where: () => string): void {
  try {
    tally.add(finding);
  } catch (e) {
    if (e instanceof FindingProblem) throw new CliError(`${where()} ${e.message}; fix or drop that finding and run again.`);
    throw e;
  }
}
