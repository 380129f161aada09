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

/** The S3 client of the runbook's account, in the bucket's Region when the finding names it. */
export function s3(ctx: RunbookContext): S3Client {
  return ctx.clients.get('s3', S3Client, ctx.resource.Region ?? ctx.region);
}

/**
 * Turns NoSuchBucket into ResourceNotFoundError and rethrows anything else.
 * @throws always
 */
export function bucketGone(error: unknown, bucket: string): never {
  if (isAwsError(error, 'NoSuchBucket')) throw new ResourceNotFoundError(`bucket ${bucket} no longer exists`);
  throw error;
}

/**
 * The bucket's tags; none when it has no tag set.
 * @param expectedOwner when given, S3 refuses the call unless that account owns the bucket
 */
export async function bucketTags(ctx: RunbookContext, bucket: string, expectedOwner?: string): Promise<Record<string, string>> {
  try {
    return tagMap((await s3(ctx).send(new GetBucketTaggingCommand({ Bucket: bucket, ...(expectedOwner ? { ExpectedBucketOwner: expectedOwner } : {}) }))).TagSet);
  } catch (error) {
    if (isAwsError(error, 'NoSuchTagSet', 'NoSuchTagSetError')) return {};
    return bucketGone(error, bucket);
  }
}
