import { DynamodbTable, Construct } from './framework';
import { LEDGER_PARTITION_KEY, LEDGER_TTL_ATTRIBUTE } from '../core/remediation-contract';

/** Properties of {@link RemediationLedger}. */
export interface RemediationLedgerProps {
  /** Table name. */
  readonly tableName: string;
}

/**
 * The remediation ledger: a DynamoDB table in the security account that holds each run's
 * before-state (what rollback restores) and the per-account rate counters. Point-in-time
 * recovery is on because the ledger is the only record of what was changed.
 */
export class RemediationLedger extends Construct {
  /** The table. */
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: RemediationLedgerProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: LEDGER_PARTITION_KEY,
      attribute: [{ name: LEDGER_PARTITION_KEY, type: 'S' }],
      ttl: { attributeName: LEDGER_TTL_ATTRIBUTE, enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
    });
  }
}
