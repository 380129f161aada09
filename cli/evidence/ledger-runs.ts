import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RunRecord } from '../../remediation-functions/shared/ledger';
import { findControl } from '../../domain/control-catalogue';

/**
 * The remediation runs the ledger holds that started in a period. Run items are `run#<id>` with
 * the whole record as JSON in `record` and `startedAt` beside it (remediation-functions/shared/ledger.ts);
 * a Scan with a filter reads them, since the table's only key is the run id.
 */
export class LedgerRunsReader {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /**
   * @param since ISO 8601 start of the period (inclusive)
   * @param until ISO 8601 end of the period (inclusive)
   * @returns the runs, oldest first
   */
  public async runsStartedBetween(since: string, until: string): Promise<RunRecord[]> {
    const runs: RunRecord[] = [];
    let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const page = await this.dynamodb.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :run) AND startedAt BETWEEN :since AND :until',
          ExpressionAttributeValues: { ':run': { S: 'run#' }, ':since': { S: since }, ':until': { S: until } },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const text = item.record?.S;
        if (!text) continue;
        try {
          runs.push(JSON.parse(text) as RunRecord);
        } catch {
          // A record that is not JSON was not written by the functions; it cannot be evidence.
          continue;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId.localeCompare(b.runId));
  }
}

/** The runs of a standard's controls: a run counts for every standard its control belongs to; custom-action runs on non-control findings count for none. */
export function runsOfStandard(runs: readonly RunRecord[], standardsId: string): RunRecord[] {
  return runs.filter(
    (r) =>
      r.securityControlId !== undefined &&
      (findControl(r.securityControlId)?.standardsIds.includes(standardsId) ?? false),
  );
}
