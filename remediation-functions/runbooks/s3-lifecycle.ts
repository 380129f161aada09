import {
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { isAwsError, NotRemediableError } from '../shared/errors';
import { bucketGone, bucketNameOf, bucketTags, s3 } from './s3-client';
import type { Runbook, RunbookContext } from './types';

/** The id of the rule the runbook adds; rollback finds its own rule by it. */
export const LIFECYCLE_RULE_ID = 'securityhub-abort-incomplete-multipart-uploads';

/** The bucket's lifecycle rules, or undefined when it has no lifecycle configuration. */
async function lifecycleRules(ctx: RunbookContext, bucket: string): Promise<LifecycleRule[] | undefined> {
  try {
    return (await s3(ctx).send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
  } catch (error) {
    if (isAwsError(error, 'NoSuchLifecycleConfiguration')) return undefined;
    return bucketGone(error, bucket);
  }
}

/** Whether the bucket had a lifecycle configuration before the run (the runbook only ever adds one to a bucket without). */
interface LifecycleState {
  readonly bucket: string;
  readonly hadConfiguration: boolean;
}

/** S3.13: the bucket has a lifecycle configuration with an enabled rule. */
export const addS3BucketLifecycleRule: Runbook<LifecycleState> = {
  name: 'AddS3BucketLifecycleRule',
  rollbackKind: 'create',
  resourceTypes: ['AwsS3Bucket'],
  async inspect(ctx) {
    const bucket = bucketNameOf(ctx);
    const rules = await lifecycleRules(ctx, bucket);
    // A configuration someone wrote is theirs to change: adding to it could clash with their rules.
    if (rules && !rules.some((r) => r.Status === 'Enabled')) {
      throw new NotRemediableError(
        `bucket ${bucket} has a lifecycle configuration whose rules are all disabled; enable one of them or add a rule by hand`,
      );
    }
    const days = ctx.parameters.integer('AbortIncompleteMultipartUploadDays');
    return {
      before: { bucket, hadConfiguration: rules !== undefined },
      changes: rules
        ? []
        : [
            `add lifecycle rule ${LIFECYCLE_RULE_ID} to bucket ${bucket}: abort multipart uploads left incomplete for ${days} days (no object expires)`,
          ],
      tags: await bucketTags(ctx, bucket),
    };
  },
  async apply(ctx, { before }) {
    await s3(ctx).send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: before.bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: LIFECYCLE_RULE_ID,
              Status: 'Enabled',
              Filter: { Prefix: '' },
              AbortIncompleteMultipartUpload: {
                DaysAfterInitiation: ctx.parameters.integer('AbortIncompleteMultipartUploadDays'),
              },
            },
          ],
        },
      }),
    );
  },
  async rollback(ctx, before) {
    if (before.hadConfiguration) return;
    const rules = await lifecycleRules(ctx, before.bucket);
    if (!rules) return;
    // Rules added since the run stay; only the run's own rule goes.
    const others = rules.filter((r) => r.ID !== LIFECYCLE_RULE_ID);
    if (others.length === 0) {
      await s3(ctx).send(new DeleteBucketLifecycleCommand({ Bucket: before.bucket }));
    } else if (others.length < rules.length) {
      await s3(ctx).send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: before.bucket,
          LifecycleConfiguration: { Rules: others },
        }),
      );
    }
  },
};
