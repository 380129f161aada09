import { BatchUpdateFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { remediationMarks, WORKFLOW_STATUS_FOR_OUTCOME, type RemediationOutcome } from '../../core/remediation-marks';

/** What a run writes on the finding it acted on. */
export interface FindingMark {
  readonly findingId: string;
  readonly productArn: string;
  readonly runId: string;
  readonly outcome: RemediationOutcome;
  /** Note text; Security Hub keeps 512 characters. */
  readonly note: string;
  readonly at: Date;
}

/** Writes a run's outcome on its finding. */
export interface FindingUpdater {
  mark(mark: FindingMark): Promise<void>;
}

/** Security Hub limits a note to 512 characters. */
export const NOTE_LIMIT = 512;

/** Starts every note this runtime writes, so people and automation rules can tell them apart. */
export const NOTE_PREFIX = '[securityhub-remediation]';

/** Who the notes say updated the finding. */
export const NOTE_AUTHOR = 'securityhub-remediation';

/**
 * Marks findings through BatchUpdateFindings in the aggregation Region of the administrator
 * account, which may update findings of every member account and linked Region. The update
 * does not change the finding's UpdatedAt, which is how the runtime tells its own echo
 * (the Imported event the update causes) from a new evaluation.
 */
export class SecurityHubFindingUpdater implements FindingUpdater {
  constructor(private readonly securityhub: SecurityHubClient) {}

  public async mark(mark: FindingMark): Promise<void> {
    const workflow = WORKFLOW_STATUS_FOR_OUTCOME[mark.outcome];
    const text = mark.note.length > NOTE_LIMIT ? `${mark.note.slice(0, NOTE_LIMIT - 3)}...` : mark.note;
    const response = await this.securityhub.send(new BatchUpdateFindingsCommand({
      FindingIdentifiers: [{ Id: mark.findingId, ProductArn: mark.productArn }],
      Note: { Text: text, UpdatedBy: NOTE_AUTHOR },
      UserDefinedFields: remediationMarks(mark.runId, mark.outcome, mark.at),
      ...(workflow ? { Workflow: { Status: workflow } } : {}),
    }));
    const unprocessed = response.UnprocessedFindings ?? [];
    if (unprocessed.length > 0) {
      const u = unprocessed[0];
      throw new Error(`BatchUpdateFindings did not update finding ${mark.findingId}: ${u.ErrorCode ?? 'unknown'}: ${u.ErrorMessage ?? ''}`);
    }
  }
}
