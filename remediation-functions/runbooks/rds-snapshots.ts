import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { rds, rdsNameOf, tagsOf } from './rds-client';
import type { Runbook, RunbookContext } from './types';

/** Whether the snapshot was public before the run. */
interface SnapshotState {
  readonly snapshotIdentifier: string;
  readonly cluster: boolean;
  readonly public: boolean;
}

/** RDS.1: the DB (or DB cluster) snapshot cannot be restored by everyone. */
export const makeRdsSnapshotPrivate: Runbook<SnapshotState> = {
  name: 'MakeRdsSnapshotPrivate',
  rollbackKind: 'additive',
  resourceTypes: ['AwsRdsDbSnapshot', 'AwsRdsDbClusterSnapshot'],
  async inspect(ctx) {
    const id = rdsNameOf(ctx);
    const cluster = ctx.resource.Type === 'AwsRdsDbClusterSnapshot';
    let values: string[];
    try {
      values = cluster
        ? (
            (await rds(ctx).send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id })))
              .DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? []
          )
            .filter((a) => a.AttributeName === 'restore')
            .flatMap((a) => a.AttributeValues ?? [])
        : (
            (await rds(ctx).send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id })))
              .DBSnapshotAttributesResult?.DBSnapshotAttributes ?? []
          )
            .filter((a) => a.AttributeName === 'restore')
            .flatMap((a) => a.AttributeValues ?? []);
    } catch (error) {
      if (isAwsError(error, 'DBSnapshotNotFound', 'DBSnapshotNotFoundFault', 'DBClusterSnapshotNotFoundFault'))
        throw new ResourceNotFoundError(`snapshot ${id} no longer exists`);
      throw error;
    }
    const isPublic = values.includes('all');
    return {
      before: { snapshotIdentifier: id, cluster, public: isPublic },
      changes: isPublic
        ? [`remove public restore permission from ${cluster ? 'DB cluster' : 'DB'} snapshot ${id}`]
        : [],
      tags: await tagsOf(ctx, ctx.resource.Id.startsWith('arn:') ? ctx.resource.Id : undefined),
    };
  },
  async apply(ctx, { before }) {
    await modifyRestore(ctx, before, { ValuesToRemove: ['all'] });
  },
  async rollback(ctx, before) {
    if (before.public) await modifyRestore(ctx, before, { ValuesToAdd: ['all'] });
  },
};

async function modifyRestore(
  ctx: RunbookContext,
  s: SnapshotState,
  change: { ValuesToAdd?: string[]; ValuesToRemove?: string[] },
): Promise<void> {
  if (s.cluster) {
    await rds(ctx).send(
      new ModifyDBClusterSnapshotAttributeCommand({
        DBClusterSnapshotIdentifier: s.snapshotIdentifier,
        AttributeName: 'restore',
        ...change,
      }),
    );
  } else {
    await rds(ctx).send(
      new ModifyDBSnapshotAttributeCommand({
        DBSnapshotIdentifier: s.snapshotIdentifier,
        AttributeName: 'restore',
        ...change,
      }),
    );
  }
}

/** RDS.4: a snapshot cannot be encrypted in place, so this runbook says how to replace it with an encrypted copy. */
export const notifyRdsSnapshotEncryption: Runbook<{
  readonly snapshotIdentifier: string;
  readonly cluster: boolean;
  readonly encrypted: boolean;
}> = {
  name: 'NotifyRdsSnapshotEncryption',
  resourceTypes: ['AwsRdsDbSnapshot', 'AwsRdsDbClusterSnapshot'],
  async inspect(ctx) {
    const id = rdsNameOf(ctx);
    const cluster = ctx.resource.Type === 'AwsRdsDbClusterSnapshot';
    let encrypted: boolean | undefined;
    try {
      encrypted = cluster
        ? (await rds(ctx).send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id })))
            .DBClusterSnapshots?.[0]?.StorageEncrypted
        : (await rds(ctx).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }))).DBSnapshots?.[0]
            ?.Encrypted;
    } catch (error) {
      if (!isAwsError(error, 'DBSnapshotNotFound', 'DBSnapshotNotFoundFault', 'DBClusterSnapshotNotFoundFault'))
        throw error;
    }
    if (encrypted === undefined) throw new ResourceNotFoundError(`snapshot ${id} no longer exists`);
    const region = parseArn(ctx.resource.Id)?.region || ctx.region;
    const copy = cluster
      ? 'copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier'
      : 'copy-db-snapshot --source-db-snapshot-identifier';
    const target = cluster ? '--target-db-cluster-snapshot-identifier' : '--target-db-snapshot-identifier';
    const remove = cluster
      ? 'delete-db-cluster-snapshot --db-cluster-snapshot-identifier'
      : 'delete-db-snapshot --db-snapshot-identifier';
    const instructions = encrypted
      ? `Snapshot ${id} is encrypted now; nothing was changed, and the finding clears at the next evaluation.`
      : [
          `${cluster ? 'DB cluster' : 'DB'} snapshot ${id} is not encrypted. A snapshot cannot be encrypted in place, and deleting it would lose the only copy, so nothing was changed:`,
          `1. aws rds ${copy} ${id} ${target} ${id}-encrypted --kms-key-id <KMS key ARN> --copy-tags --region ${region}`,
          `2. Check the copy is available (aws rds describe-db${cluster ? '-cluster' : ''}-snapshots --region ${region}), then point restores and retention at ${id}-encrypted.`,
          `3. When nothing needs the unencrypted copy any more: aws rds ${remove} ${id} --region ${region}.`,
          '4. Encrypt the source database (RDS.3) so its next snapshots are encrypted.',
        ].join('\n');
    return {
      before: { snapshotIdentifier: id, cluster, encrypted },
      changes: [],
      instructions,
      tags: await tagsOf(ctx, ctx.resource.Id.startsWith('arn:') ? ctx.resource.Id : undefined),
    };
  },
};
