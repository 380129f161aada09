import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type Runbook, type RunbookContext } from './types';

function dynamodb(ctx: RunbookContext): DynamoDBClient {
  return ctx.clients.get('dynamodb', DynamoDBClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** The table name of an `AwsDynamoDbTable` resource (`arn:aws:dynamodb:<region>:<account>:table/<name>`). */
function tableNameOf(ctx: RunbookContext): string {
  const arn = parseArn(ctx.resource.Id);
  return arn?.resource.startsWith('table/') ? arn.resource.slice('table/'.length) : ctx.resource.Id;
}

/** DynamoDB.6: deletion protection on, so DeleteTable is refused until someone turns it off. */
export const enableDynamoDbDeletionProtection: Runbook<{
  readonly tableName: string;
  readonly deletionProtectionEnabled: boolean;
}> = {
  name: 'EnableDynamoDbDeletionProtection',
  resourceTypes: ['AwsDynamoDbTable'],
  async inspect(ctx) {
    const tableName = tableNameOf(ctx);
    let table;
    try {
      table = (await dynamodb(ctx).send(new DescribeTableCommand({ TableName: tableName }))).Table;
    } catch (error) {
      if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
    }
    if (!table || table.TableStatus === 'DELETING')
      throw new ResourceNotFoundError(`table ${tableName} no longer exists`);
    const on = table.DeletionProtectionEnabled ?? false;
    const tags = tagMap(
      (await dynamodb(ctx).send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }))).Tags,
    );
    return {
      before: { tableName, deletionProtectionEnabled: on },
      changes: on ? [] : [`turn on deletion protection for table ${tableName}`],
      tags,
    };
  },
  async apply(ctx, { before }) {
    await dynamodb(ctx).send(new UpdateTableCommand({ TableName: before.tableName, DeletionProtectionEnabled: true }));
  },
  async rollback(ctx, before) {
    await dynamodb(ctx).send(
      new UpdateTableCommand({
        TableName: before.tableName,
        DeletionProtectionEnabled: before.deletionProtectionEnabled,
      }),
    );
  },
};
