import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { isAwsError } from './errors';
import type { RemediationTrigger } from './events';
import { DEFAULT_LEDGER_RETENTION_DAYS } from '../../core/remediation-contract';
import type { DriftChange } from '../runbooks/types';
import type { RemediationOutcome } from '../../core/remediation-marks';
import type { PolicyParameterValue, RemediationMode } from '../../core/remediation-policy';

/** A run is STARTED once its before-state is recorded, then ends with an outcome. */
export type RunStatus = 'STARTED' | RemediationOutcome;

/** One remediation run as the ledger keeps it: enough to audit it and to roll it back. */
export interface RunRecord {
  readonly runId: string;
  readonly status: RunStatus;
  readonly mode: RemediationMode;
  readonly trigger: RemediationTrigger;
  /** The control whose finding started the run (absent for custom actions on non-control findings). */
  readonly securityControlId?: string;
  /** The custom action that started the run, if one did. */
  readonly actionId?: string;
  readonly runbook: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly findingId: string;
  readonly productArn: string;
  /** What the runbook changed (or, in shadow mode, would change); empty when the resource was compliant. */
  readonly changes: readonly string[];
  /** The runbook's record of the resource before the run; rollback restores it. */
  readonly before?: unknown;
  /**
   * The same settings as the run left them (read again after the change); rollback goes ahead
   * only while the resource still has them (see shared/drift.ts).
   */
  readonly after?: unknown;
  /** The Lambda function that ran it (it holds the runbook, so rollback goes there). */
  readonly remediationFunction?: string;
  /** Runbook parameter values the run used; rollback reads them too. */
  readonly parameters?: Readonly<Record<string, PolicyParameterValue>>;
  /** Set just before the runbook starts changing things: from then on the run may have changed the resource. */
  readonly applyStartedAt?: string;
  /** The note written on the finding. */
  readonly note?: string;
  /** True when the failure was sent on to the DLQ for a person. */
  readonly escalate?: boolean;
  /** Instructions sent for controls that cannot be fixed in place. */
  readonly instructions?: string;
  /** Why the run failed. */
  readonly error?: string;
  /** The exemption that made the run skip the resource. */
  readonly exemption?: { readonly owner: string; readonly reason: string; readonly expires: string };
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly rolledBackAt?: string;
  readonly rolledBackBy?: string;
  readonly rollbackReason?: string;
  /** Set while a rollback is in progress, so two cannot run at once. */
  readonly rollbackStartedAt?: string;
  readonly rollbackError?: string;
  /** The last rollback refused because the resource changed since the run: when, who asked, what changed. */
  readonly rollbackRefusal?: {
    readonly at: string;
    readonly requestedBy: string;
    readonly reason: string;
    readonly drift: readonly DriftChange[];
  };
  /** What the resource had changed since the run when a person rolled it back anyway (`--force`). */
  readonly rollbackForcedOver?: readonly DriftChange[];
  /** When the finding was marked and the topic notified; a retried request repeats whichever is missing. */
  readonly markedAt?: string;
  readonly notifiedAt?: string;
}

const RUN_PREFIX = 'run#';
const RATE_PREFIX = 'rate#';
const FINDING_PREFIX = 'finding#';

/** The ledger key of a finding's run list: a hash, since a finding id may be longer than is sensible for a key. */
function findingKey(productArn: string, findingId: string): string {
  return FINDING_PREFIX + createHash('sha256').update(`${productArn}\n${findingId}`).digest('hex');
}

/** True when a run record is the run of this finding (same Id, ProductArn and account). */
export function isRunOfFinding(
  run: RunRecord,
  finding: { readonly Id: string; readonly ProductArn: string; readonly AwsAccountId: string },
): boolean {
  return (
    run.findingId === finding.Id && run.productArn === finding.ProductArn && run.accountId === finding.AwsAccountId
  );
}

/** True when a run may have changed its resource (it reached the runbook's apply step and ended REMEDIATED, FAILED or ROLLED_BACK). */
export function runChangedSomething(run: RunRecord): boolean {
  return (
    run.applyStartedAt !== undefined &&
    (run.status === 'REMEDIATED' || run.status === 'FAILED' || run.status === 'ROLLED_BACK')
  );
}

/**
 * The remediation ledger: one DynamoDB table in the security account, partition key `pk` (S),
 * TTL attribute `expiresAt`. Run items hold the whole record as JSON (`record`) plus `status`,
 * `accountId` and `startedAt` for ad-hoc scans; rate-limit counters live in the same table, and
 * so does one item per finding listing its runs in order (`finding#<hash>`, `runIds`). The
 * ledger is append only: a run record is never replaced by another run, and a finding's list
 * only grows, so no later run hides an earlier one.
 */
export class RemediationLedger {
  readonly #dynamodb: DynamoDBClient;
  readonly #tableName: string;
  readonly #retentionDays: number;

  /**
   * @param dynamodb client in the security account's home Region
   * @param tableName ledger table name
   * @param retentionDays how long run records are kept before DynamoDB TTL removes them
   */
  constructor(dynamodb: DynamoDBClient, tableName: string, retentionDays = DEFAULT_LEDGER_RETENTION_DAYS) {
    this.#dynamodb = dynamodb;
    this.#tableName = tableName;
    this.#retentionDays = retentionDays;
  }

  /** When DynamoDB TTL removes a run's items: the retention period after the run started. */
  #expiresAt(record: RunRecord): string {
    return String(Math.floor(Date.parse(record.startedAt) / 1000) + this.#retentionDays * 86400);
  }

  /** One item by key, read consistently so a run written a moment ago is seen. */
  async #getItem(pk: string): Promise<Record<string, AttributeValue> | undefined> {
    return (
      await this.#dynamodb.send(
        new GetItemCommand({ TableName: this.#tableName, Key: { pk: { S: pk } }, ConsistentRead: true }),
      )
    ).Item;
  }

  #item(record: RunRecord, version: number): Record<string, AttributeValue> {
    return {
      pk: { S: RUN_PREFIX + record.runId },
      record: { S: JSON.stringify(record) },
      status: { S: record.status },
      accountId: { S: record.accountId },
      startedAt: { S: record.startedAt },
      version: { N: String(version) },
      expiresAt: { N: this.#expiresAt(record) },
    };
  }

  async #read(runId: string): Promise<{ record: RunRecord; version: number } | undefined> {
    const item = await this.#getItem(RUN_PREFIX + runId);
    if (!item?.record?.S) return undefined;
    return { record: JSON.parse(item.record.S) as RunRecord, version: Number(item.version?.N ?? '0') };
  }

  /** The run with this id, if the ledger has it. */
  public async get(runId: string): Promise<RunRecord | undefined> {
    return (await this.#read(runId))?.record;
  }

  /**
   * Records a new run and adds it to its finding's run list. When the run id is already there (a
   * retried request), nothing is written and the recorded run is returned, so its first
   * before-state is the one kept.
   */
  public async begin(record: RunRecord): Promise<{ readonly created: boolean; readonly record: RunRecord }> {
    try {
      await this.#dynamodb.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: this.#item(record, 1),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await this.#addRunOfFinding(record);
      return { created: true, record };
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      const existing = await this.#read(record.runId);
      if (!existing) throw error;
      return { created: false, record: existing.record };
    }
  }

  async #addRunOfFinding(record: RunRecord): Promise<void> {
    try {
      await this.#dynamodb.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: { pk: { S: findingKey(record.productArn, record.findingId) } },
          UpdateExpression: 'SET runIds = list_append(if_not_exists(runIds, :none), :run), expiresAt = :ttl',
          // A retried begin must not list the run twice.
          ConditionExpression: 'attribute_not_exists(runIds) OR NOT contains(runIds, :id)',
          ExpressionAttributeValues: {
            ':none': { L: [] },
            ':run': { L: [{ S: record.runId }] },
            ':id': { S: record.runId },
            ':ttl': { N: this.#expiresAt(record) },
          },
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
    }
  }

  /** Ids of every run of a finding, oldest first (empty when it has none). */
  public async runIdsOfFinding(productArn: string, findingId: string): Promise<string[]> {
    const item = await this.#getItem(findingKey(productArn, findingId));
    return (item?.runIds?.L ?? []).map((v) => v.S).filter((id): id is string => typeof id === 'string');
  }

  /**
   * The latest run of a finding that may have changed its resource (see runChangedSomething),
   * whether or not it was rolled back since; undefined when no run of it changed anything.
   */
  public async latestChangeOfFinding(productArn: string, findingId: string): Promise<RunRecord | undefined> {
    const ids = await this.runIdsOfFinding(productArn, findingId);
    for (let i = ids.length - 1; i >= 0; i--) {
      const run = await this.get(ids[i]);
      if (run && runChangedSomething(run)) return run;
    }
    return undefined;
  }

  /**
   * Applies changes to a recorded run. Writes are conditional on the version read, so two
   * concurrent updates (a rollback racing a retry) cannot lose each other's fields.
   * @param guard checked against the stored record before writing; return an error message to refuse
   * @throws Error when the run is not in the ledger or the guard refuses
   */
  public async update(
    runId: string,
    changes: Partial<RunRecord>,
    guard?: (current: RunRecord) => string | undefined,
  ): Promise<RunRecord> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.#read(runId);
      if (!current) throw new Error(`run ${runId} is not in the ledger table ${this.#tableName}`);
      const refusal = guard?.(current.record);
      if (refusal) throw new Error(refusal);
      const next: RunRecord = { ...current.record, ...changes };
      try {
        await this.#dynamodb.send(
          new PutItemCommand({
            TableName: this.#tableName,
            Item: this.#item(next, current.version + 1),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': { N: String(current.version) } },
          }),
        );
        return next;
      } catch (error) {
        if (!isAwsError(error, 'ConditionalCheckFailedException') || attempt >= 2) throw error;
      }
    }
  }

  /**
   * Takes one of the account's run tokens for the current clock hour.
   * @returns false when the account already used `limit` tokens this hour
   */
  public async takeRateToken(accountId: string, limit: number, now: Date): Promise<boolean> {
    const hour = now.toISOString().slice(0, 13).replace(/[-T]/g, '');
    try {
      await this.#dynamodb.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: { pk: { S: `${RATE_PREFIX}${accountId}#${hour}` } },
          UpdateExpression: 'ADD #count :one SET expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':limit': { N: String(limit) },
            ':ttl': { N: String(Math.floor(now.getTime() / 1000) + 2 * 3600) },
          },
        }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}
