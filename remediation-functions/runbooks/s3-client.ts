import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type RunbookContext } from './types';

/*
 * What the S3 bucket runbook files share. Kept apart from the runbooks so that each remediation
 * function's bundle holds only the S3 runbooks it runs.
 */

/** The bucket name of an `AwsS3Bucket` finding resource. */
export function bucketNameOf(ctx: RunbookContext): string {
  const arn = parseArn(ctx.resource.Id);
  return arn && arn.service === 's3' ? arn.resource : ctx.resource.Id;
}

/*
 * Bucket ARNs name no account, so the ownership check cannot tell whose bucket a finding names.
 * Every bucket request of a run therefore carries the finding's account as ExpectedBucketOwner:
 * S3 answers 403 AccessDenied when another account owns the bucket, even when that account's
 * bucket policy grants the execution role, so a finding of one account never changes another
 * account's bucket. The run's S3 client adds it to each request (inspection, change, rollback),
 * so no request of an S3 runbook goes without it.
 */

/** The S3 clients given the expected bucket owner already (a run's clients act in one account). */
const ownerExpected = new WeakSet<S3Client>();

/** The S3 client of the runbook's account, in the bucket's Region when the finding names it; every request names the account as the bucket's owner. */
export function s3(ctx: RunbookContext): S3Client {
  const client = ctx.clients.get('s3', S3Client, ctx.resource.Region ?? ctx.region);
  if (!ownerExpected.has(client)) {
    ownerExpected.add(client);
    // Every request of the S3 runbooks names a bucket; the serializer leaves the field out of any other.
    client.middlewareStack.add(
      (next) => (args) =>
        next({ ...args, input: { ...args.input, ExpectedBucketOwner: ctx.accountId } }).catch((error: unknown) =>
          bucketError(error, (args.input as { Bucket?: string }).Bucket, ctx.accountId),
        ),
      { step: 'initialize' },
    );
  }
  return client;
}

/** Rethrows a bucket request's error with the bucket named: gone, or refused by S3. */
function bucketError(error: unknown, bucket: string | undefined, owner: string): never {
  if (isAwsError(error, 'AccessDenied')) {
    throw new Error(
      `AccessDenied for bucket ${bucket} with ExpectedBucketOwner ${owner}: another account owns it, or its policy denies the role`,
    );
  }
  return bucketGone(error, bucket ?? 'of the request');
}

/**
 * Turns NoSuchBucket into ResourceNotFoundError and rethrows anything else.
 * @throws always
 */
export function bucketGone(error: unknown, bucket: string): never {
  if (isAwsError(error, 'NoSuchBucket')) throw new ResourceNotFoundError(`bucket ${bucket} no longer exists`);
  throw error;
}

/** The bucket's tags; none when it has no tag set. */
export async function bucketTags(ctx: RunbookContext, bucket: string): Promise<Record<string, string>> {
  try {
    return tagMap((await s3(ctx).send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet);
  } catch (error) {
    if (isAwsError(error, 'NoSuchTagSet', 'NoSuchTagSetError')) return {};
    return bucketGone(error, bucket);
  }
}
