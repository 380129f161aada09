import { ModifyDBInstanceCommand } from '@aws-sdk/client-rds';
import { NotRemediableError } from '../shared/errors';
import { describeInstance, rds, rdsNameOf, tagsOf } from './rds-client';
import type { Runbook, RunbookContext } from './types';

/** The intervals RDS accepts for enhanced monitoring, in seconds. */
const INTERVALS = [1, 5, 10, 15, 30, 60];

/** The monitoring role for the finding's account (`{AccountId}` in the parameter is replaced). */
function monitoringRoleOf(ctx: RunbookContext): string {
  return ctx.parameters.string('MonitoringRoleArn').replace(/\{AccountId\}/g, ctx.accountId);
}

function intervalOf(ctx: RunbookContext): number {
  const interval = ctx.parameters.integer('MonitoringInterval');
  if (!INTERVALS.includes(interval)) {
    throw new NotRemediableError(
      `remediation.parameters.EnableRdsEnhancedMonitoring.MonitoringInterval is ${interval}; RDS accepts ${INTERVALS.join(', ')} seconds`,
    );
  }
  return interval;
}

/** RDS.6: enhanced monitoring is on for the DB instance. */
export const enableRdsEnhancedMonitoring: Runbook<{
  readonly dbInstanceIdentifier: string;
  readonly monitoringInterval: number;
  readonly monitoringRoleArn: string | null;
}> = {
  name: 'EnableRdsEnhancedMonitoring',
  resourceTypes: ['AwsRdsDbInstance'],
  async inspect(ctx) {
    const db = await describeInstance(ctx);
    const id = db.DBInstanceIdentifier ?? rdsNameOf(ctx);
    const current = db.MonitoringInterval ?? 0;
    const interval = intervalOf(ctx);
    return {
      before: {
        dbInstanceIdentifier: id,
        monitoringInterval: current,
        monitoringRoleArn: db.MonitoringRoleArn ?? null,
      },
      changes:
        current > 0
          ? []
          : [
              `turn on enhanced monitoring for DB instance ${id} every ${interval} seconds with role ${monitoringRoleOf(ctx)}`,
            ],
      tags: await tagsOf(ctx, db.DBInstanceArn),
    };
  },
  async apply(ctx, { before }) {
    // Turning enhanced monitoring on does not restart the instance.
    await rds(ctx).send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: before.dbInstanceIdentifier,
        MonitoringInterval: intervalOf(ctx),
        MonitoringRoleArn: monitoringRoleOf(ctx),
        ApplyImmediately: true,
      }),
    );
  },
  async rollback(ctx, before) {
    // RDS takes a role only with an interval above 0, so monitoring off is the interval alone.
    await rds(ctx).send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: before.dbInstanceIdentifier,
        MonitoringInterval: before.monitoringInterval,
        ApplyImmediately: true,
        ...(before.monitoringInterval > 0 && before.monitoringRoleArn
          ? { MonitoringRoleArn: before.monitoringRoleArn }
          : {}),
      }),
    );
  },
};
