import {
  DescribeDBClustersCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  type DBCluster,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { existing } from './lookup';
import { parseArn } from '../shared/finding';
import { describeInstance, rds, rdsNameOf, tagsOf } from './rds-client';
import type { Runbook, RunbookContext } from './types';

/** RDS.2: the DB instance is not publicly accessible. */
export const disableRdsPublicAccess: Runbook<{
  readonly dbInstanceIdentifier: string;
  readonly publiclyAccessible: boolean;
}> = {
  name: 'DisableRdsPublicAccess',
  resourceTypes: ['AwsRdsDbInstance'],
  async inspect(ctx) {
    const db = await describeInstance(ctx);
    const id = db.DBInstanceIdentifier ?? rdsNameOf(ctx);
    const publiclyAccessible = db.PubliclyAccessible ?? false;
    // A change already pending counts as done, so a re-run during the modification window changes nothing.
    const pendingOff =
      db.PendingModifiedValues &&
      'PubliclyAccessible' in db.PendingModifiedValues &&
      (db.PendingModifiedValues as { PubliclyAccessible?: boolean }).PubliclyAccessible === false;
    return {
      before: { dbInstanceIdentifier: id, publiclyAccessible },
      changes:
        publiclyAccessible && !pendingOff
          ? [`set PubliclyAccessible false on DB instance ${id} (applied immediately)`]
          : [],
      tags: await tagsOf(ctx, db.DBInstanceArn),
    };
  },
  async apply(ctx, { before }) {
    await rds(ctx).send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: before.dbInstanceIdentifier,
        PubliclyAccessible: false,
        ApplyImmediately: true,
      }),
    );
  },
  async rollback(ctx, before) {
    await rds(ctx).send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: before.dbInstanceIdentifier,
        PubliclyAccessible: before.publiclyAccessible,
        ApplyImmediately: true,
      }),
    );
  },
};

/** RDS.13: minor engine upgrades are applied automatically in the maintenance window. */
export const enableRdsAutoMinorVersionUpgrade: Runbook<{
  readonly dbInstanceIdentifier: string;
  readonly autoMinorVersionUpgrade: boolean;
}> = {
  name: 'EnableRdsAutoMinorVersionUpgrade',
  resourceTypes: ['AwsRdsDbInstance'],
  async inspect(ctx) {
    const db = await describeInstance(ctx);
    const id = db.DBInstanceIdentifier ?? rdsNameOf(ctx);
    const enabled = db.AutoMinorVersionUpgrade ?? false;
    return {
      before: { dbInstanceIdentifier: id, autoMinorVersionUpgrade: enabled },
      changes: enabled ? [] : [`turn on AutoMinorVersionUpgrade for DB instance ${id}`],
      tags: await tagsOf(ctx, db.DBInstanceArn),
    };
  },
  async apply(ctx, { before }) {
    // Changing this flag does not restart the instance; upgrades themselves wait for the maintenance window.
    await rds(ctx).send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: before.dbInstanceIdentifier,
        AutoMinorVersionUpgrade: true,
        ApplyImmediately: true,
      }),
    );
  },
  async rollback(ctx, before) {
    await rds(ctx).send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: before.dbInstanceIdentifier,
        AutoMinorVersionUpgrade: before.autoMinorVersionUpgrade,
        ApplyImmediately: true,
      }),
    );
  },
};

/** RDS.3: encryption at rest cannot be turned on for an existing instance, so this runbook says how to move to an encrypted copy. */
export const notifyRdsEncryption: Runbook<{
  readonly dbInstanceIdentifier: string;
  readonly storageEncrypted: boolean;
}> = {
  name: 'NotifyRdsEncryption',
  resourceTypes: ['AwsRdsDbInstance'],
  async inspect(ctx) {
    const db = await describeInstance(ctx);
    const id = db.DBInstanceIdentifier ?? rdsNameOf(ctx);
    const encrypted = db.StorageEncrypted ?? false;
    const region = parseArn(ctx.resource.Id)?.region || ctx.region;
    const instructions = encrypted
      ? `DB instance ${id} is encrypted now; nothing was changed, and the finding clears at the next evaluation.`
      : db.DBClusterIdentifier
        ? `DB instance ${id} belongs to Aurora cluster ${db.DBClusterIdentifier}, whose storage is not encrypted. Encryption cannot be turned on in place: snapshot the cluster, restore the snapshot as a new cluster with --storage-encrypted and a KMS key, move clients to the new cluster endpoint, then retire the old cluster. Nothing was changed.`
        : [
            `DB instance ${id} (${db.Engine} in ${region}) is not encrypted at rest. Encryption cannot be turned on in place, so nothing was changed. To move to an encrypted copy, in a maintenance window:`,
            `1. aws rds create-db-snapshot --region ${region} --db-instance-identifier ${id} --db-snapshot-identifier ${id}-unencrypted`,
            `2. aws rds copy-db-snapshot --region ${region} --source-db-snapshot-identifier ${id}-unencrypted --target-db-snapshot-identifier ${id}-encrypted --kms-key-id <KMS key ARN>`,
            `3. aws rds restore-db-instance-from-db-snapshot --region ${region} --db-instance-identifier ${id}-enc --db-snapshot-identifier ${id}-encrypted --db-subnet-group-name ${db.DBSubnetGroup?.DBSubnetGroupName ?? '<subnet group>'} --vpc-security-group-ids ${(db.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).join(' ') || '<groups>'}`,
            `4. Stop writes to ${id}, replay changes made since step 1 (or repeat steps 1-3 during a write freeze), and point clients at ${id}-enc (or rename the instances).`,
            `5. After verifying, delete ${id} with a final snapshot. Turn on EBS/RDS encryption by default for new instances.`,
          ].join('\n');
    return {
      before: { dbInstanceIdentifier: id, storageEncrypted: encrypted },
      changes: [],
      instructions,
      tags: await tagsOf(ctx, db.DBInstanceArn),
    };
  },
};

async function describeCluster(ctx: RunbookContext): Promise<DBCluster> {
  const name = rdsNameOf(ctx);
  return existing(
    `DB cluster ${name}`,
    async () => {
      const cluster = (await rds(ctx).send(new DescribeDBClustersCommand({ DBClusterIdentifier: name })))
        .DBClusters?.[0];
      return cluster?.Status === 'deleting' ? undefined : cluster;
    },
    'DBClusterNotFoundFault',
    'DBClusterNotFound',
  );
}

/** The one flag a flag runbook turns on, on a DB instance or a DB cluster, as it was. */
interface RdsFlagState {
  readonly identifier: string;
  readonly cluster: boolean;
  readonly enabled: boolean;
}

type RdsFlag = 'DeletionProtection' | 'CopyTagsToSnapshot';

/**
 * A runbook that turns one boolean setting on for a DB instance or a DB cluster (whichever the
 * finding names) and turns it back off on rollback. Neither flag restarts anything.
 */
function rdsFlagRunbook(name: string, flag: RdsFlag, what: string): Runbook<RdsFlagState> {
  return {
    name,
    resourceTypes: ['AwsRdsDbInstance', 'AwsRdsDbCluster'],
    async inspect(ctx) {
      const cluster = ctx.resource.Type === 'AwsRdsDbCluster';
      const found = cluster ? await describeCluster(ctx) : await describeInstance(ctx);
      const identifier =
        (cluster ? (found as DBCluster).DBClusterIdentifier : (found as DBInstance).DBInstanceIdentifier) ??
        rdsNameOf(ctx);
      const enabled = found[flag] ?? false;
      const kind = cluster ? 'DB cluster' : 'DB instance';
      return {
        before: { identifier, cluster, enabled },
        changes: enabled ? [] : [`turn on ${flag} for ${kind} ${identifier} (${what})`],
        tags: await tagsOf(ctx, cluster ? (found as DBCluster).DBClusterArn : (found as DBInstance).DBInstanceArn),
      };
    },
    async apply(ctx, { before }) {
      await setFlag(ctx, before, flag, true);
    },
    async rollback(ctx, before) {
      await setFlag(ctx, before, flag, before.enabled);
    },
  };
}

async function setFlag(ctx: RunbookContext, s: RdsFlagState, flag: RdsFlag, value: boolean): Promise<void> {
  if (s.cluster)
    await rds(ctx).send(
      new ModifyDBClusterCommand({ DBClusterIdentifier: s.identifier, [flag]: value, ApplyImmediately: true }),
    );
  else
    await rds(ctx).send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: s.identifier, [flag]: value, ApplyImmediately: true }),
    );
}

/** RDS.7 (clusters), RDS.8 (instances): deletion protection on. */
export const enableRdsDeletionProtection = rdsFlagRunbook(
  'EnableRdsDeletionProtection',
  'DeletionProtection',
  'a delete call is refused until it is turned off',
);

/** RDS.16 (clusters), RDS.17 (instances): snapshots carry the resource's tags. */
export const enableRdsCopyTagsToSnapshots = rdsFlagRunbook(
  'EnableRdsCopyTagsToSnapshots',
  'CopyTagsToSnapshot',
  'new snapshots get the tags',
);
