import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import type { Runbook, RunbookContext } from './types';

function sqs(ctx: RunbookContext): SQSClient {
  return ctx.clients.get('sqs', SQSClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** The queue URL of an `AwsSqsQueue` resource (`arn:aws:sqs:<region>:<account>:<name>`). */
async function queueUrlOf(ctx: RunbookContext): Promise<string> {
  const arn = parseArn(ctx.resource.Id);
  const name = arn?.service === 'sqs' ? arn.resource : ctx.resource.Id;
  try {
    return (await sqs(ctx).send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: ctx.accountId })))
      .QueueUrl as string;
  } catch (error) {
    if (isAwsError(error, 'AWS.SimpleQueueService.NonExistentQueue', 'QueueDoesNotExist'))
      throw new ResourceNotFoundError(`queue ${name} no longer exists`);
    throw error;
  }
}

/** SQS.1: the queue encrypts messages at rest (SSE-SQS, unless it already uses a KMS key). */
export const enableSqsQueueEncryption: Runbook<{ readonly queueUrl: string; readonly sqsManagedSseEnabled: boolean }> =
  {
    name: 'EnableSqsQueueEncryption',
    resourceTypes: ['AwsSqsQueue'],
    async inspect(ctx) {
      const queueUrl = await queueUrlOf(ctx);
      const attributes =
        (
          await sqs(ctx).send(
            new GetQueueAttributesCommand({
              QueueUrl: queueUrl,
              AttributeNames: ['SqsManagedSseEnabled', 'KmsMasterKeyId'],
            }),
          )
        ).Attributes ?? {};
      const managed = attributes.SqsManagedSseEnabled === 'true';
      const encrypted = managed || Boolean(attributes.KmsMasterKeyId);
      const tags = (await sqs(ctx).send(new ListQueueTagsCommand({ QueueUrl: queueUrl }))).Tags ?? {};
      return {
        before: { queueUrl, sqsManagedSseEnabled: managed },
        changes: encrypted
          ? []
          : [`turn on SSE-SQS (server-side encryption with SQS-owned keys) for queue ${queueUrl}`],
        tags,
      };
    },
    async apply(ctx, { before }) {
      await sqs(ctx).send(
        new SetQueueAttributesCommand({ QueueUrl: before.queueUrl, Attributes: { SqsManagedSseEnabled: 'true' } }),
      );
    },
    async rollback(ctx, before) {
      await sqs(ctx).send(
        new SetQueueAttributesCommand({
          QueueUrl: before.queueUrl,
          Attributes: { SqsManagedSseEnabled: String(before.sqsManagedSseEnabled) },
        }),
      );
    },
  };
