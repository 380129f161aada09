import {
  DescribeKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { isAwsError, NotRemediableError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import type { Runbook, RunbookContext } from './types';

function kms(ctx: RunbookContext): KMSClient {
  return ctx.clients.get('kms', KMSClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** KMS.4: automatic rotation is on for a customer managed symmetric key. */
export const enableKmsKeyRotation: Runbook<{ readonly keyId: string; readonly rotationEnabled: boolean }> = {
  name: 'EnableKmsKeyRotation',
  resourceTypes: ['AwsKmsKey'],
  async inspect(ctx) {
    const keyId = ctx.resource.Id;
    let metadata;
    try {
      metadata = (await kms(ctx).send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    } catch (error) {
      if (isAwsError(error, 'NotFoundException')) throw new ResourceNotFoundError(`KMS key ${keyId} no longer exists`);
      throw error;
    }
    if (!metadata || metadata.KeyState === 'PendingDeletion')
      throw new ResourceNotFoundError(`KMS key ${keyId} is gone or pending deletion`);
    if (metadata.KeyManager !== 'CUSTOMER')
      throw new NotRemediableError(`KMS key ${keyId} is AWS managed; AWS rotates it`);
    if (metadata.KeySpec && metadata.KeySpec !== 'SYMMETRIC_DEFAULT')
      throw new NotRemediableError(
        `KMS key ${keyId} is ${metadata.KeySpec}; only symmetric keys support automatic rotation`,
      );
    if (metadata.Origin && metadata.Origin !== 'AWS_KMS')
      throw new NotRemediableError(`KMS key ${keyId} has key material from ${metadata.Origin}; rotate it by hand`);
    const rotationEnabled =
      (await kms(ctx).send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled ?? false;
    const tags = (await kms(ctx).send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags ?? [];
    return {
      before: { keyId, rotationEnabled },
      changes: rotationEnabled ? [] : [`turn on automatic rotation for KMS key ${metadata.KeyId}`],
      tags: Object.fromEntries(tags.map((t) => [t.TagKey ?? '', t.TagValue ?? ''])),
    };
  },
  async apply(ctx, { before }) {
    await kms(ctx).send(new EnableKeyRotationCommand({ KeyId: before.keyId }));
  },
  async rollback(ctx, before) {
    if (!before.rotationEnabled) await kms(ctx).send(new DisableKeyRotationCommand({ KeyId: before.keyId }));
  },
};
