import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RunRecord } from '../../remediation-functions/shared/ledger';
import { isAwsError } from '../../remediation-functions/shared/errors';
import type { Command, CommandIo } from '../command';
import { awsConnectionFlags } from '../aws/connection-flags';
import {
  clientSettings,
  DEFAULT_MAX_ATTEMPTS,
  describeAwsError,
  isMissingRegion,
  missingRegionError,
  type AwsConnectionOptions,
} from '../aws/securityhub-client';
import { parseGivenTime, parsePeriodStart } from '../dates';
import { CliError, EXIT_OK, UsageError } from '../errors';
import { evidenceFindingOf, evidenceFindingOfExportRow, type EvidenceFinding } from '../evidence/evidence-findings';
import { assembleEvidence } from '../evidence/assemble-evidence';
import { LedgerRunsReader, runsOfStandard } from '../evidence/ledger-runs';
import { writePackAtomic } from '../evidence/write-pack';
import {
  exitCodesHelp,
  formatFlagHelp,
  HELP_FLAG,
  integerFlag,
  parseFlags,
  stringFlag,
  type FlagSpec,
  type FlagValues,
} from '../flags';
import { toStandardsId } from '../findings/asff';
import { loadOrgConfigForCli } from '../org-config';
import { buildReport } from '../report/build-report';
import type { ComplianceTally } from '../report/compliance-tally';
import type { ReportScope } from '../report/report-scope';
import { EXPORT_SOURCE_FLAGS, selectSource, type ReportSource, type SourceRequest } from '../report/sources';
import { REPORT_FLAGS } from './report';

const NAME = 'securityhub evidence';

/** The report's flags the evidence pack reads the same way (source, organization, connection). */
const SHARED = ['input', 'source', 'config', 'organization', 'admin-account', 'as-of'];

/** The flags `securityhub evidence` takes. */
export const EVIDENCE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'standard',
    type: 'string',
    value: 'ID',
    description: 'the standard: its id (standards/pci-dss/v/4.0.1) or ARN, as `securityhub report` lists them',
  },
  {
    name: 'output',
    type: 'string',
    short: 'o',
    value: 'DIR',
    description: 'the folder to write the pack into (must not exist, or be empty); written whole or not at all',
  },
  ...REPORT_FLAGS.filter((f) => SHARED.includes(f.name)),
  ...EXPORT_SOURCE_FLAGS,
  {
    name: 'period',
    type: 'string',
    value: 'PERIOD',
    description: 'remediation runs of this period before --as-of: 90d, 12w or a start date (default 90d)',
  },
  {
    name: 'ledger-table',
    type: 'string',
    value: 'NAME',
    description:
      'read remediation runs from this ledger table (DynamoDB); from the API source the default is remediation.ledger.tableName of --config',
  },
  ...awsConnectionFlags(
    'the aggregation Region (default: --config home Region, then AWS_REGION)',
    'endpoint for Security Hub, DynamoDB (ledger), S3 and Athena, e.g. local AWS',
  ),
  HELP_FLAG,
];

const HELP = `Usage: securityhub evidence --standard ID --output DIR [flags]

Writes audit evidence for one standard into a new folder: index.html (printable), requirements.csv
(each requirement id as AWS names it, its controls and their status per account, the failing
resources), findings.csv, exemptions.csv, remediations.csv (ledger runs in the period), scope.json,
manifest.json and SHA256SUMS (\`sha256sum -c SHA256SUMS\` in the folder verifies every file).
Reads the same sources as \`securityhub report\`.

Flags:
${formatFlagHelp(EVIDENCE_FLAGS)}

${exitCodesHelp('the findings, the scope or the ledger could not be read, or the folder could not be written (nothing is left half-written)')}

Examples:
  securityhub evidence --standard standards/pci-dss/v/4.0.1 --config org.yaml --output evidence/2026-q4-pci
  securityhub evidence --standard standards/nist-800-53/v/5.0.0 --input findings.json --as-of 2026-12-31 -o nist-2026
  securityhub evidence --standard standards/pci-dss/v/4.0.1 --source athena --workgroup securityhub-findings --database securityhub_findings --table findings -o pci
`;

/** `securityhub evidence`: an evidence pack for one standard. */
export const evidenceCommand: Command = {
  name: 'evidence',
  summary: 'write an evidence pack for one standard: HTML, CSVs, scope, manifest and SHA256SUMS',
  help: () => HELP,
  async run(argv, io) {
    const flags = parseFlags(NAME, EVIDENCE_FLAGS, argv);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    return runEvidence(flags, io);
  },
};

/** The collected findings: the report's tally and the standard's evidence rows. */
interface Collected {
  readonly tally: ComplianceTally;
  readonly findings: EvidenceFinding[];
  scope: ReportScope;
}

async function runEvidence(flags: FlagValues, io: CommandIo): Promise<number> {
  const standardFlag = stringFlag(flags, 'standard');
  const output = stringFlag(flags, 'output');
  if (standardFlag === undefined)
    throw new UsageError(
      `${NAME}: --standard ID is required, e.g. --standard standards/pci-dss/v/4.0.1 (\`securityhub report\` lists the enabled standards).`,
    );
  if (output === undefined)
    throw new UsageError(`${NAME}: --output DIR is required: the new folder the pack is written to.`);
  const standardsId = toStandardsId(standardFlag);
  const asOf =
    stringFlag(flags, 'as-of') !== undefined ? parseGivenTime('--as-of', stringFlag(flags, 'as-of')!) : undefined;
  const now = asOf?.date ?? new Date();
  const until = asOf?.dateOnly ? new Date(now.getTime() + 86_399_999) : now;
  const since = parsePeriodStart('--period', stringFlag(flags, 'period') ?? '90d', now);
  const configFile = stringFlag(flags, 'config');
  const config = configFile !== undefined ? loadOrgConfigForCli(configFile, now) : undefined;
  const admin = stringFlag(flags, 'admin-account') ?? config?.organization.securityAccountId ?? null;
  if (admin !== null && !/^\d{12}$/.test(admin))
    throw new UsageError(
      `${NAME}: --admin-account ${JSON.stringify(admin)} is not a 12-digit account id; e.g. --admin-account 111122223333.`,
    );
  const organization = stringFlag(flags, 'organization') ?? config?.organization.name ?? null;
  const connection: AwsConnectionOptions = {
    region: stringFlag(flags, 'region') ?? config?.organization.homeRegion,
    profile: stringFlag(flags, 'profile'),
    endpointUrl: stringFlag(flags, 'endpoint-url'),
    maxAttempts: integerFlag(NAME, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS),
  };
  const source = selectSource(NAME, flags);

  const collected = await collect(
    source,
    { command: NAME, flags, io, connection, now, administratorAccount: admin ?? undefined },
    standardsId,
  );
  const report = buildReport(collected.tally, collected.scope, {
    generatedAt: now,
    organization,
    administratorAccount: admin,
    source: source.describeInput(flags),
    top: 10,
  });
  const standard = report.standards.find((s) => s.standardsId === standardsId);
  if (!standard) {
    const known = report.standards.map((s) => s.standardsId);
    throw new UsageError(
      `${NAME}: --standard ${standardFlag} is not among the standards of the findings read (${known.length > 0 ? known.join(', ') : 'none'}); give one of them. Nothing was written.`,
    );
  }

  // The ledger is in AWS: read it when asked by name, or when the findings come from the API too
  // (a pack from a file or an export is often made offline).
  const ledgerTable =
    stringFlag(flags, 'ledger-table') ?? (source.live ? config?.remediation.ledger.tableName : undefined);
  const { runs, ledger } = await readRuns(
    ledgerTable,
    connection,
    since.toISOString(),
    until.toISOString(),
    standardsId,
  );
  const { files, scope, findings } = assembleEvidence({
    report,
    standard,
    findings: collected.findings,
    tally: collected.tally,
    reportScope: collected.scope,
    region: connection.region,
    organization,
    period: { since: since.toISOString(), until: until.toISOString() },
    runs,
    ledger,
    config,
  });
  const written = await writePackAtomic(output, files, {
    standard: standardsId,
    generatedAt: report.generatedAt,
    toolVersion: scope.toolVersion,
  });
  const failing = findings.filter((f) => f.status === 'FAILED' && f.workflow !== 'SUPPRESSED').length;
  io.stderr.write(
    `Wrote the evidence pack for ${standard.name} to ${output}: ${written.length + 1} files, score ${standard.score === null ? 'no data' : `${standard.score}%`}, ${failing} failing resource finding${failing === 1 ? '' : 's'}, ${runs.length} remediation run${runs.length === 1 ? '' : 's'}. Check it with: (cd ${output} && sha256sum -c SHA256SUMS)\n`,
  );
  return EXIT_OK;
}

/**
 * Reads the findings from the source the flags name into the report's tally and the standard's
 * evidence rows: whole findings as they are read (API, file), or the export's rows of the standard.
 */
async function collect(source: ReportSource, request: SourceRequest, standardsId: string): Promise<Collected> {
  const findings: EvidenceFinding[] = [];
  const { tally, scope, standardRows } = await source.load({
    ...request,
    problemSuffix: ' Nothing was written.',
    onFinding: (finding) => {
      const row = evidenceFindingOf(finding, standardsId);
      if (row) findings.push(row);
    },
    standardRowsOf: standardsId,
  });
  for (const row of standardRows ?? []) findings.push(evidenceFindingOfExportRow(row));
  return { tally, findings, scope };
}

/** Runs of the standard's controls that started in the period, or why none were read. */
async function readRuns(
  table: string | undefined,
  connection: AwsConnectionOptions,
  since: string,
  until: string,
  standardsId: string,
): Promise<{ runs: RunRecord[]; ledger: { table?: string; region?: string; note?: string } }> {
  if (table === undefined)
    return {
      runs: [],
      ledger: {
        note: 'No remediation ledger was read (give --ledger-table, or --config with the API source): remediations.csv lists no runs.',
      },
    };
  const dynamodb = new DynamoDBClient(clientSettings(connection));
  try {
    const all = await new LedgerRunsReader(dynamodb, table).runsStartedBetween(since, until);
    const runs = runsOfStandard(all, standardsId);
    return { runs, ledger: { table, ...(connection.region ? { region: connection.region } : {}) } };
  } catch (e) {
    if (isMissingRegion(e)) throw missingRegionError();
    if (isAwsError(e, 'ResourceNotFoundException')) {
      return {
        runs: [],
        ledger: {
          table,
          note: `There is no ledger table ${table} in ${connection.region ?? 'the Region'}: remediation is not deployed there, so no runs are recorded.`,
        },
      };
    }
    throw new CliError(
      `reading the remediation ledger ${table} failed: ${describeAwsError(e)}; nothing was written. Check --ledger-table and --region.`,
    );
  } finally {
    dynamodb.destroy();
  }
}
