import {
  BatchImportFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../findings/asff';

/** BatchImportFindings takes at most this many findings a call. */
export const IMPORT_BATCH_SIZE = 100;

/** A finding Security Hub refused, as FailedFindings reports it. */
export interface ImportFailure {
  readonly id: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** The outcome of one BatchImportFindings call. */
export interface BatchOutcome {
  readonly successCount: number;
  readonly failures: readonly ImportFailure[];
}

/** Sends findings to Security Hub with BatchImportFindings. */
export class FindingImporter {
  /** BatchImportFindings calls made. */
  public calls = 0;

  constructor(private readonly client: SecurityHubClient) {}

  /**
   * Imports one batch (at most IMPORT_BATCH_SIZE findings).
   * Findings the answer neither counts as success nor lists as failed are reported as failed too,
   * so no finding can go missing unnoticed.
   * @throws the SDK error when the call itself fails after retries
   */
  public async importBatch(findings: readonly AsffFinding[]): Promise<BatchOutcome> {
    if (findings.length > IMPORT_BATCH_SIZE)
      throw new RangeError(
        `a BatchImportFindings batch holds at most ${IMPORT_BATCH_SIZE} findings, got ${findings.length}`,
      );
    this.calls++;
    const out = await this.client.send(
      new BatchImportFindingsCommand({ Findings: findings as unknown as AwsSecurityFinding[] }),
    );
    const failures: ImportFailure[] = (out.FailedFindings ?? []).map((f) => ({
      id: f.Id ?? '(no Id)',
      errorCode: f.ErrorCode ?? 'Unknown',
      errorMessage: f.ErrorMessage ?? '',
    }));
    const successCount = out.SuccessCount ?? findings.length - failures.length;
    const unaccounted = findings.length - successCount - failures.length;
    if (unaccounted > 0) {
      const listed = new Set(failures.map((f) => f.id));
      for (const f of findings.filter((x) => !listed.has(String(x.Id))).slice(successCount)) {
        failures.push({
          id: String(f.Id),
          errorCode: 'Unaccounted',
          errorMessage: 'the answer neither counted this finding as imported nor listed it as failed',
        });
      }
    }
    return { successCount, failures };
  }
}
