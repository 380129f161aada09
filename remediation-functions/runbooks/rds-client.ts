import {
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  RDSClient,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { parseArn } from '../shared/finding';
import { existing } from './lookup';
import { tagMap, type RunbookContext } from './types';

/*
 * What the RDS runbook files share. Kept apart from the runbooks so that each remediation
 * function's bundle holds only the RDS runbooks it runs.
 */

/** The RDS client of the resource's Region (taken from its ARN), else of the runbook's Region. */
export function rds(ctx: RunbookContext): RDSClient {
  return ctx.clients.get('rds', RDSClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** The identifier at the end of an RDS ARN (`arn:aws:rds:<region>:<account>:db:<name>`), or the id as given. */
export function rdsNameOf(ctx: RunbookContext): string {
  const arn = parseArn(ctx.resource.Id);
  return arn?.service === 'rds' ? arn.resource.slice(arn.resource.indexOf(':') + 1) : ctx.resource.Id;
}

/** The resource's tags, read from RDS; none when there is no ARN to ask about. */
export async function tagsOf(ctx: RunbookContext, arn: string | undefined): Promise<Record<string, string>> {
  if (!arn) return {};
  return tagMap((await rds(ctx).send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList);
}

/**
 * The DB instance the finding names.
 * @throws ResourceNotFoundError when it no longer exists or is being deleted
 */
export async function describeInstance(ctx: RunbookContext): Promise<DBInstance> {
  const name = rdsNameOf(ctx);
  return existing(
    `DB instance ${name}`,
    async () => {
      const instance = (await rds(ctx).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: name })))
        .DBInstances?.[0];
      return instance?.DBInstanceStatus === 'deleting' ? undefined : instance;
    },
    'DBInstanceNotFound',
    'DBInstanceNotFoundFault',
  );
}
