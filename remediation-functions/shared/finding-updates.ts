import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { remediationMarks, WORKFLOW_STATUS_FOR_OUTCOME, type RemediationOutcome } from '../../core/remediation-marks';
import { SecurityHubFindingSource } from './finding-source';
import type { RemediationLedger } from './ledger';
import { errorFields, type Logger } from './log';

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
  /** Writes only a note (no marks, no Workflow change): what a refused request leaves on a finding. */
  note(finding: { readonly findingId: string; readonly productArn: string }, note: string): Promise<void>;
}

/** Security Hub limits a note to 512 characters. */
export const NOTE_LIMIT = 512;

/** Starts every note this runtime writes, so people and automation rules can tell them apart. */
export const NOTE_PREFIX = '[securityhub-remediation]';

/** Who the notes say updated the finding. */
export const NOTE_AUTHOR = 'securityhub-remediation';

function clip(text: string): string {
  return text.length > NOTE_LIMIT ? `${text.slice(0, NOTE_LIMIT - 3)}...` : text;
}

/**
 * A run's note followed by every run id of the finding, oldest first, so a person sees all the
 * runs (and which to roll back) even after later runs changed nothing. When the note would pass
 * Security Hub's limit, the text is shortened first and then the oldest ids, which the ledger
 * still lists.
 */
export function noteWithRuns(text: string, runIds: readonly string[]): string {
  if (runIds.length === 0) return clip(text);
  for (let shown = runIds.length; shown > 0; shown--) {
    const earlier = runIds.length - shown;
    const list = ` Runs of this finding: ${earlier > 0 ? `(${earlier} earlier in the ledger) ` : ''}${runIds.slice(earlier).join(', ')}.`;
    const room = NOTE_LIMIT - list.length;
    if (room >= 120) return `${text.length > room ? `${text.slice(0, room - 3)}...` : text}${list}`;
  }
  return clip(text);
}

/**
 * Marks a run's finding with its outcome and a note that ends with the finding's runs from the
 * ledger, so a person reading the finding sees every run that touched it. The remediation and
 * the rollback service both mark findings this way.
 * @param mark the mark; `note` is the text without the prefix or the run list
 */
export async function markWithRuns(
  findings: FindingUpdater,
  ledger: Pick<RemediationLedger, 'runIdsOfFinding'>,
  mark: FindingMark,
): Promise<void> {
  const runIds = await ledger.runIdsOfFinding(mark.productArn, mark.findingId);
  await findings.mark({ ...mark, note: noteWithRuns(`${NOTE_PREFIX} ${mark.note}`, runIds) });
}

/**
 * Says on a finding Security Hub holds why a request about it was refused. A note that cannot be
 * written is logged and not thrown: the refusal stands either way.
 * @param request what was refused, as the note's subject (`A rollback`)
 */
export function noteRefusal(
  findings: FindingUpdater,
  logger: Logger,
  on: { readonly findingId: string; readonly productArn: string },
  request: string,
  reason: string,
): Promise<void> {
  return findings
    .note(on, `${NOTE_PREFIX} ${request} was refused: ${reason}. Nothing was changed.`)
    .catch((error: Error) =>
      logger.error('could not note the refusal on the finding', { findingId: on.findingId, ...errorFields(error) }),
    );
}

/**
 * Marks findings through BatchUpdateFindings in the aggregation Region of the administrator
 * account, which may update findings of every member account and linked Region. The update
 * does not change the finding's UpdatedAt, which is how the runtime tells its own echo
 * (the Imported event the update causes) from a new evaluation.
 */
export class SecurityHubFindingUpdater implements FindingUpdater {
  readonly #securityhub: SecurityHubClient;

  constructor(securityhub: SecurityHubClient) {
    this.#securityhub = securityhub;
  }

  /**
   * Writes the marks. The finding is read again first: a workflow status a person set after the
   * run read the finding wins over the run's, and SUPPRESSED is never replaced (a RESOLVED control
   * finding returns to NEW at its next failed check, a SUPPRESSED one stays suppressed), so the
   * run only adds its note and fields.
   */
  public async mark(mark: FindingMark): Promise<void> {
    const workflow = WORKFLOW_STATUS_FOR_OUTCOME[mark.outcome];
    const suppressed =
      workflow !== undefined &&
      (await new SecurityHubFindingSource(this.#securityhub).get({ Id: mark.findingId, ProductArn: mark.productArn }))
        ?.Workflow?.Status === 'SUPPRESSED';
    // Said first after the prefix, so clipping a long note keeps it.
    const note = suppressed
      ? mark.note.replace(NOTE_PREFIX, `${NOTE_PREFIX} Left SUPPRESSED as a person set it.`)
      : mark.note;
    await this.#update(mark, note, 'update', {
      UserDefinedFields: remediationMarks(mark.runId, mark.outcome, mark.at),
      ...(workflow && !suppressed ? { Workflow: { Status: workflow } } : {}),
    });
  }

  public async note(finding: { readonly findingId: string; readonly productArn: string }, note: string): Promise<void> {
    await this.#update(finding, note, 'note', {});
  }

  /** One BatchUpdateFindings call for one finding, with the note clipped and any unprocessed finding thrown. */
  async #update(
    finding: { readonly findingId: string; readonly productArn: string },
    note: string,
    verb: string,
    fields: Partial<BatchUpdateFindingsCommandInput>,
  ): Promise<void> {
    const response = await this.#securityhub.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: finding.findingId, ProductArn: finding.productArn }],
        Note: { Text: clip(note), UpdatedBy: NOTE_AUTHOR },
        ...fields,
      }),
    );
    const u = response.UnprocessedFindings?.[0];
    if (u)
      throw new Error(
        `BatchUpdateFindings did not ${verb} finding ${finding.findingId}: ${u.ErrorCode ?? 'unknown'}: ${u.ErrorMessage ?? ''}`,
      );
  }
}
