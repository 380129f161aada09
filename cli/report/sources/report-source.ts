import type { CommandIo } from '../../command';
import type { AwsConnectionOptions } from '../../aws/securityhub-client';
import { CliError } from '../../errors';
import type { FlagValues } from '../../flags';
import type { AsffFinding } from '../../findings/asff';
import { FindingProblem, type ComplianceTally, type FindingDetails } from '../compliance-tally';
import type { ReportSource as ReportSourceField } from '../model';
import type { ReportScope } from '../report-scope';
import type { TrendReport } from '../trend';

/** The `--source` values: the model's `source.kind`, which the report's JSON and history record. */
export type ReportSourceName = ReportSourceField['kind'];

/** What a command asks of a source: the flags, where to read, and what to collect beyond the tally. */
export interface SourceRequest {
  /** The command, for messages (`securityhub report`). */
  readonly command: string;
  readonly flags: FlagValues;
  readonly io: CommandIo;
  /** Region, profile, endpoint and attempts for the AWS reads. */
  readonly connection: AwsConnectionOptions;
  /** The report's time: findings are tallied as of it. */
  readonly now: Date;
  /** The delegated administrator's account, which the API's scope is checked against. */
  readonly administratorAccount?: string;
  /** Collects failing resources and other products' findings (the HTML page); the export sources tally figures only. */
  readonly details?: FindingDetails;
  /** Called with each finding after it was tallied (the sources that read whole findings: API and file). */
  readonly onFinding?: (finding: AsffFinding) => void;
  /** Also read the latest findings of this standard as rows (the export sources, for the evidence pack). */
  readonly standardRowsOf?: string;
  /** Added to the message that rejects a malformed finding (the evidence pack says nothing was written). */
  readonly problemSuffix?: string;
}

/** What a source read. */
export interface LoadedFindings {
  readonly tally: ComplianceTally;
  /** Enabled standards, disabled controls and accounts: from the API, or derived from the findings. */
  readonly scope: ReportScope;
  /** With `standardRowsOf`, from an export source: one row per finding (see standardFindingsQuery). */
  readonly standardRows?: readonly Record<string, unknown>[];
}

/**
 * One place the report reads findings from: `securityhub report --source NAME`, and the same
 * for `securityhub evidence`. A new source is one file implementing this and one line in the
 * registry (cli/report/sources/index.ts). Not to be confused with the report's `source` field
 * (model.ts), which records the name of the source that was read.
 */
export interface ReportSource {
  /** The `--source` value. */
  readonly name: ReportSourceName;
  /** What `--source` help says after the name, e.g. the flag the source reads; empty for none. */
  readonly describe: string;
  /**
   * Whether the findings come from the live organization, so `--by tier` places accounts by the
   * OU paths AWS Organizations holds; other sources place only the accounts tiers list (unless
   * `--resolve-ous`).
   */
  readonly live: boolean;
  /** Flags only this source takes: with another source they are a usage error. */
  readonly ownFlags?: readonly string[];
  /** The report's `source` field: the kind and what was read (a file, a path, a table). */
  describeInput(flags: FlagValues): Pick<ReportSourceField, 'kind' | 'input'>;
  /**
   * Reads the active findings into a tally and the scope the report scores.
   * @throws UsageError for a flag the source needs; CliError for findings or reads that failed
   */
  load(request: SourceRequest): Promise<LoadedFindings>;
  /**
   * The score trend from the source's own history (an export keeps every version of each
   * finding); absent when the trend comes from saved reports (`report --save`).
   */
  trend?(request: SourceRequest, since: Date, until: Date, organization: string | null): Promise<TrendReport>;
}

/** ` Id "..."` when the finding has a readable Id, for messages that point at one finding. */
export function idPart(finding: AsffFinding, separator: string): string {
  return typeof finding.Id === 'string' ? `${separator}Id ${JSON.stringify(finding.Id)}` : '';
}

/**
 * Adds a finding, turning a FindingProblem into a one-line error that says where the finding was,
 * then hands it to the request's onFinding.
 * @param where where the finding was read (file and line, or API page), built only on failure
 */
export function addOrExplain(
  request: SourceRequest,
  tally: ComplianceTally,
  finding: AsffFinding,
  where: () => string,
): void {
  try {
    tally.add(finding);
  } catch (e) {
    if (e instanceof FindingProblem)
      throw new CliError(
        `${where()} ${e.message}; fix or drop that finding and run again.${request.problemSuffix ?? ''}`,
      );
    throw e;
  }
  request.onFinding?.(finding);
}
