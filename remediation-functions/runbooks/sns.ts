import {
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  SetTopicAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import type { Runbook, RunbookContext } from './types';

function sns(ctx: RunbookContext): SNSClient {
  return ctx.clients.get('sns', SNSClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** SNS.1: the topic encrypts messages at rest with a KMS key. */
export const enableSnsTopicEncryption: Runbook<{ readonly topicArn: string; readonly kmsMasterKeyId: string | null }> =
  {
    name: 'EnableSnsTopicEncryption',
    resourceTypes: ['AwsSnsTopic'],
    async inspect(ctx) {
      const topicArn = ctx.resource.Id;
      let attributes: Record<string, string>;
      try {
        attributes = (await sns(ctx).send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
      } catch (error) {
        if (isAwsError(error, 'NotFound', 'NotFoundException'))
          throw new ResourceNotFoundError(`topic ${topicArn} no longer exists`);
        throw error;
      }
      const current = attributes.KmsMasterKeyId || null;
      const tags = Object.fromEntries(
        ((await sns(ctx).send(new ListTagsForResourceCommand({ ResourceArn: topicArn }))).Tags ?? []).map((t) => [
          t.Key,
          t.Value,
        ]),
      );
      return {
        before: { topicArn, kmsMasterKeyId: current },
        changes: current ? [] : [`encrypt topic ${topicArn} at rest with KMS key ${ctx.parameters.string('KmsKeyId')}`],
        tags,
      };
    },
    async apply(ctx, { before }) {
      await sns(ctx).send(
        new SetTopicAttributesCommand({
          TopicArn: before.topicArn,
          AttributeName: 'KmsMasterKeyId',
          AttributeValue: ctx.parameters.string('KmsKeyId'),
        }),
      );
    },
    async rollback(ctx, before) {
      // An empty key id turns server-side encryption off again.
      await sns(ctx).send(
        new SetTopicAttributesCommand({
          TopicArn: before.topicArn,
          AttributeName: 'KmsMasterKeyId',
          AttributeValue: before.kmsMasterKeyId ?? '',
        }),
      );
    },
  };
