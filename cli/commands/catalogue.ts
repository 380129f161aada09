import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { closestMatches } from '../../core/closest';
import {
  catalogueDate,
  diffCatalogues,
  parseCatalogue,
  withRetired,
  type CatalogueDiff,
  type CatalogueFile,
} from '../../domain/catalogue/catalogue-file';
import { CATALOGUE_FILE, writeCatalogue } from '../../domain/catalogue/catalogue-store';
import { REMEDIATIONS } from '../../domain/catalogue/remediations';
import { SecurityStandard } from '../../domain/security-standard';
import {
  createSecurityHubClient,
  DEFAULT_MAX_ATTEMPTS,
  isMissingRegion,
  missingRegionError,
} from '../aws/securityhub-client';
import { explainAwsError } from '../aws/aws-errors';
import { freshCatalogue, LiveCatalogueReader } from '../catalogue/live-catalogue';
import type { Command, CommandIo } from '../command';
import { parseGivenTime } from '../dates';
import { CliError, EXIT_OK, UsageError } from '../errors';
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
  WIDE_FLAG,
  type FlagSpec,
} from '../flags';
import { renderTable, tableWidth, writeResult, wroteFile } from '../io/output';
import { runSubcommand } from '../subcommands';
import { awsConnectionFlags } from '../aws/connection-flags';
import { messageOf } from '../../core/error-message';
import { SEVERITY_LABELS } from '../../core/severity';

const NAME = 'securityhub catalogue';

const FILE_FLAG: FlagSpec = {
  name: 'file',
  type: 'string',
  value: 'FILE',
  description: `the catalogue data file (default ${path.relative(process.cwd(), CATALOGUE_FILE) || CATALOGUE_FILE})`,
};

/** The flags `securityhub catalogue refresh` takes. */
export const REFRESH_FLAGS: readonly FlagSpec[] = [
  FILE_FLAG,
  { name: 'dry-run', type: 'boolean', description: 'print what changed; write nothing' },
  {
    name: 'now',
    type: 'string',
    value: 'TIME',
    description: 'the day recorded as when the data was taken (default today); ISO 8601',
  },
  ...awsConnectionFlags(
    'Region to read the controls in (default AWS_REGION)',
    'Security Hub endpoint, e.g. a local emulator',
  ),
  HELP_FLAG,
];

/** The formats `catalogue list` renders; `table` is accepted for text, its name before every command said text. */
const LIST_FORMATS = ['text', 'json'] as const;

/** The flags `securityhub catalogue list` takes. */
export const LIST_FLAGS: readonly FlagSpec[] = [
  {
    name: 'standard',
    type: 'string',
    value: 'ID',
    description: 'only the controls of this standard (id, ARN or e.g. pci-dss/v/4.0.1)',
  },
  formatFlag(LIST_FORMATS, 'table is another name for text'),
  OUTPUT_FLAG,
  WIDE_FLAG,
  { name: 'retired', type: 'boolean', description: 'list the retired controls too' },
  {
    name: 'severity',
    type: 'string',
    value: 'LABEL',
    description: 'only controls of this severity (CRITICAL, HIGH, MEDIUM, LOW)',
  },
  FILE_FLAG,
  HELP_FLAG,
];

const HELP = `Usage: securityhub catalogue <refresh|list> [flags]

The control catalogue lists every Security Hub control: id, title, severity, the standards that
include it and the parameters it takes. Config validation, configuration policies, the report and
plan review read it from ${path.basename(CATALOGUE_FILE)}; its TypeScript types are generated beside it.

  refresh   rebuild the file from your account's Security Hub API (DescribeStandards,
            ListSecurityControlDefinitions, GetSecurityControlDefinition) and print what was
            added, changed and retired. Controls the API no longer returns stay, marked retired.
  list      show the catalogue, optionally one standard's controls

refresh flags:
${formatFlagHelp(REFRESH_FLAGS)}

list flags:
${formatFlagHelp(LIST_FLAGS)}

${exitCodesHelp('the catalogue file or the API could not be read, or the file could not be written')}

Examples:
  securityhub catalogue refresh --region us-east-1 --dry-run
  securityhub catalogue list --standard standards/pci-dss/v/4.0.1
`;

/** `securityhub catalogue`: refresh the control catalogue from AWS, or list it. */
export const catalogueCommand: Command = {
  name: 'catalogue',
  summary: 'refresh the control catalogue from the Security Hub API, or list it',
  help: () => HELP,
  run: (argv, io) => runSubcommand(NAME, HELP, { refresh, list }, argv, io),
};

function readCatalogue(file: string): CatalogueFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(
      `--file ${file}: cannot read the catalogue (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path.`,
    );
  }
  try {
    return parseCatalogue(text, file);
  } catch (e) {
    throw new CliError(messageOf(e));
  }
}

async function refresh(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags(NAME, REFRESH_FLAGS, argv);
  if (flags.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const file = stringFlag(flags, 'file') ?? CATALOGUE_FILE;
  const region = stringFlag(flags, 'region') ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const maxAttempts = integerFlag(NAME, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS);
  const takenAt = (
    stringFlag(flags, 'now') !== undefined ? parseGivenTime('--now', stringFlag(flags, 'now')!).date : new Date()
  )
    .toISOString()
    .slice(0, 10);
  // Read the old file first: a broken one should stop the refresh before any API call.
  // A new file starts from the shipped standards table, so its standards keep their short names and order.
  const previous: CatalogueFile = existsSync(file)
    ? readCatalogue(file)
    : { formatVersion: 1, sources: [], standards: readCatalogue(CATALOGUE_FILE).standards, controls: [] };
  const client = createSecurityHubClient({
    region,
    profile: stringFlag(flags, 'profile'),
    endpointUrl: stringFlag(flags, 'endpoint-url'),
    maxAttempts,
  });
  let live;
  try {
    live = await new LiveCatalogueReader(client).read();
  } catch (e) {
    if (isMissingRegion(e)) throw missingRegionError();
    throw new CliError(
      `refresh: ${explainAwsError(e, { operation: 'reading the controls from Security Hub', action: 'securityhub:ListSecurityControlDefinitions', region, endpointUrl: stringFlag(flags, 'endpoint-url') })} Nothing was written.`,
    );
  }
  if (live.controls.length === 0)
    throw new CliError(
      `refresh: Security Hub returned no controls (is Security Hub enabled in ${region}?). Nothing was written.`,
    );
  const names = live.standardNames;
  const next = withRetired(previous, freshCatalogue(live, region ?? 'unknown', takenAt), names, takenAt);
  const diff = diffCatalogues(previous, next);
  io.stdout.write(renderDiff(diff, live.controls.length, region ?? 'the default Region', live.calls));
  if (flags['dry-run']) {
    io.stdout.write('dry run: nothing written\n');
    return EXIT_OK;
  }
  try {
    // One stderr line per file written, as every command does.
    for (const w of writeCatalogue(next, file)) wroteFile(NAME, path.relative(process.cwd(), w) || w, io);
  } catch (e) {
    throw new CliError(
      `--file ${file}: cannot write the catalogue (${(e as NodeJS.ErrnoException).code ?? String(e)}); choose a writable path.`,
    );
  }
  return EXIT_OK;
}

/** The refresh summary: counts, then one line per added, changed and retired control. */
export function renderDiff(diff: CatalogueDiff, current: number, region: string, calls: number): string {
  const lines = [`${current} controls read from Security Hub in ${region} (${calls} API calls)`];
  const section = (title: string, rows: string[]) =>
    lines.push(`${title} (${rows.length}):`, ...(rows.length ? rows : ['  none']));
  section(
    'added',
    diff.added.map((c) => `  + ${c.securityControlId.padEnd(22)} ${c.severity.padEnd(13)} ${c.title}`),
  );
  section(
    'changed',
    diff.changed.map((c) => `  ~ ${c.control.securityControlId.padEnd(22)} ${c.fields.join(', ')}`),
  );
  section(
    'retired',
    diff.retired.map((c) => `  - ${c.securityControlId.padEnd(22)} ${c.severity.padEnd(13)} ${c.title}`),
  );
  return `${lines.join('\n')}\n`;
}

async function list(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags(NAME, LIST_FLAGS, argv);
  if (flags.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const format =
    stringFlag(flags, 'format') === 'table' ? 'text' : choiceFlag(NAME, flags, 'format', LIST_FORMATS, 'text');
  const output = stringFlag(flags, 'output');
  const catalogue = readCatalogue(stringFlag(flags, 'file') ?? CATALOGUE_FILE);
  const wanted = stringFlag(flags, 'standard');
  const severity = choiceFlag(NAME, flags, 'severity', SEVERITY_LABELS);
  let controls = catalogue.controls.filter(
    (c) => (flags.retired === true || !c.retired) && (severity === undefined || c.severity === severity),
  );
  if (wanted !== undefined) {
    const known = catalogue.standards.map((s) => s.standardsId);
    const standardsId = SecurityStandard.fromId(wanted)?.standardsId ?? (known.includes(wanted) ? wanted : undefined);
    if (!standardsId || !known.includes(standardsId)) {
      // Compare without the standards/ or ruleset/ prefix, which users often leave out.
      const short = (id: string) => id.replace(/^(standards|ruleset)\//, '');
      const near = closestMatches(short(wanted), known.map(short)).map((n) => known.find((k) => short(k) === n)!);
      throw new UsageError(
        `list: --standard ${JSON.stringify(wanted)} is not a standard in the catalogue; ${near.length ? `did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}? ` : ''}known: ${known.join(', ')}.`,
      );
    }
    controls = controls.filter((c) => c.standards.includes(standardsId));
  }
  // Which controls this project can remediate: the question behind "which CRITICAL controls have a runbook?".
  const runbook = (id: string) => REMEDIATIONS[id]?.runbook;
  if (format === 'json') {
    await writeResult(
      NAME,
      `${JSON.stringify(
        controls.map((c) => ({
          ...c,
          ...(runbook(c.securityControlId) ? { runbook: runbook(c.securityControlId) } : {}),
        })),
        null,
        2,
      )}\n`,
      output,
      io,
    );
    return EXIT_OK;
  }
  const rows = controls.map((c) => [
    c.securityControlId,
    c.retired ? 'retired' : c.severity,
    String(c.standards.length),
    c.parameters.map((p) => p.name).join(',') || '-',
    runbook(c.securityControlId) ?? '-',
    c.title,
  ]);
  const header = ['ID', 'SEVERITY', 'STANDARDS', 'PARAMETERS', 'RUNBOOK', 'TITLE'];
  const taken = catalogueDate(catalogue);
  // A file holds whole lines; the terminal gets lines cut to its width unless --wide.
  const width = output === undefined ? tableWidth(io, flags.wide === true) : Number.POSITIVE_INFINITY;
  await writeResult(
    NAME,
    `${renderTable(header, rows, width, [5, 3, 4]).join('\n')}\n${controls.length} controls (catalogue data of ${taken})\n`,
    output,
    io,
  );
  return EXIT_OK;
}
