import {
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand as DeleteBucketPublicAccessBlockCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  PutBucketLoggingCommand,
  type LoggingEnabled,
  GetPublicAccessBlockCommand as GetBucketPublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand as PutBucketPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { isAwsError, NotRemediableError } from '../shared/errors';
import { bucketNameOf, bucketTags, s3 } from './s3-client';
import type { Runbook, RunbookContext } from './types';

const BPA_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
const ALL_ON: Required<Pick<PublicAccessBlockConfiguration, (typeof BPA_FLAGS)[number]>> = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** A Block Public Access configuration as recorded: absent, or the four flags. */
interface BlockPublicAccessState {
  readonly configuration?: Partial<Record<(typeof BPA_FLAGS)[number], boolean>>;
}

function flagsOff(state: BlockPublicAccessState, where: string): string[] {
  return BPA_FLAGS.filter((f) => state.configuration?.[f] !== true).map((f) => `turn on ${f} for ${where}`);
}

/** S3.1: account-level S3 Block Public Access, all four settings on. */
export const enableS3AccountBlockPublicAccess: Runbook<BlockPublicAccessState> = {
  name: 'EnableS3AccountBlockPublicAccess',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const client = ctx.clients.get('s3control', S3ControlClient);
    let before: BlockPublicAccessState;
    try {
      const response = await client.send(new GetPublicAccessBlockCommand({ AccountId: ctx.accountId }));
      before = { configuration: { ...response.PublicAccessBlockConfiguration } };
    } catch (error) {
      if (!isAwsError(error, 'NoSuchPublicAccessBlockConfiguration')) throw error;
      before = {};
    }
    return { before, changes: flagsOff(before, `account ${ctx.accountId}`) };
  },
  async apply(ctx) {
    await ctx.clients
      .get('s3control', S3ControlClient)
      .send(new PutPublicAccessBlockCommand({ AccountId: ctx.accountId, PublicAccessBlockConfiguration: ALL_ON }));
  },
  async rollback(ctx, before) {
    const client = ctx.clients.get('s3control', S3ControlClient);
    if (before.configuration) {
      await client.send(
        new PutPublicAccessBlockCommand({
          AccountId: ctx.accountId,
          PublicAccessBlockConfiguration: before.configuration,
        }),
      );
    } else {
      await client.send(new DeletePublicAccessBlockCommand({ AccountId: ctx.accountId }));
    }
  },
};

/** S3.2, S3.3, S3.8: bucket-level S3 Block Public Access, all four settings on. */
export const enableS3BucketBlockPublicAccess: Runbook<BlockPublicAccessState> = {
  name: 'EnableS3BucketBlockPublicAccess',
  resourceTypes: ['AwsS3Bucket'],
  async inspect(ctx) {
    const bucket = bucketNameOf(ctx);
    let before: BlockPublicAccessState;
    try {
      const response = await s3(ctx).send(new GetBucketPublicAccessBlockCommand({ Bucket: bucket }));
      before = { configuration: { ...response.PublicAccessBlockConfiguration } };
    } catch (error) {
      if (!isAwsError(error, 'NoSuchPublicAccessBlockConfiguration')) throw error;
      before = {};
    }
    return { before, changes: flagsOff(before, `bucket ${bucket}`), tags: await bucketTags(ctx, bucket) };
  },
  async apply(ctx) {
    await s3(ctx).send(
      new PutBucketPublicAccessBlockCommand({ Bucket: bucketNameOf(ctx), PublicAccessBlockConfiguration: ALL_ON }),
    );
  },
  async rollback(ctx, before) {
    const bucket = bucketNameOf(ctx);
    if (before.configuration) {
      await s3(ctx).send(
        new PutBucketPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: before.configuration }),
      );
    } else {
      await s3(ctx).send(new DeleteBucketPublicAccessBlockCommand({ Bucket: bucket }));
    }
  },
};

interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The bucket policy before the run, as text, or null when the bucket had none. */
interface BucketPolicyState {
  readonly policy: string | null;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function isAnyone(principal: unknown): boolean {
  return (
    principal === '*' ||
    (typeof principal === 'object' &&
      principal !== null &&
      list((principal as { AWS?: string | string[] }).AWS).includes('*'))
  );
}

function deniesInsecureTransport(s: PolicyStatement, bucketArn: string): boolean {
  const condition = s.Condition?.Bool?.['aws:SecureTransport'];
  const resources = list(s.Resource);
  return (
    s.Effect === 'Deny' &&
    isAnyone(s.Principal) &&
    list(s.Action).some((a) => a === 's3:*' || a === '*') &&
    (condition === 'false' || condition === false) &&
    resources.some((r) => r === bucketArn || r === '*') &&
    resources.some((r) => r === `${bucketArn}/*` || r === '*')
  );
}

function statementsOf(policy: string | null): PolicyStatement[] {
  if (!policy) return [];
  const parsed = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
  return parsed.Statement === undefined ? [] : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
}

/** Sid of the statement this runbook adds. */
export const SSL_ONLY_SID = 'DenyInsecureTransport';

/** S3.5: bucket policy denies requests not made over TLS. */
export const requireSslOnS3Bucket: Runbook<BucketPolicyState> = {
  name: 'RequireSslOnS3Bucket',
  resourceTypes: ['AwsS3Bucket'],
  async inspect(ctx) {
    const bucket = bucketNameOf(ctx);
    let policy: string | null = null;
    try {
      policy = (await s3(ctx).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? null;
    } catch (error) {
      if (!isAwsError(error, 'NoSuchBucketPolicy')) throw error;
    }
    const bucketArn = `arn:${ctx.partition}:s3:::${bucket}`;
    const compliant = statementsOf(policy).some((s) => deniesInsecureTransport(s, bucketArn));
    return {
      before: { policy },
      changes: compliant
        ? []
        : [
            `add statement ${SSL_ONLY_SID} to the policy of bucket ${bucket}: deny s3:* when aws:SecureTransport is false`,
          ],
      tags: await bucketTags(ctx, bucket),
    };
  },
  async apply(ctx, inspection) {
    const bucket = bucketNameOf(ctx);
    const bucketArn = `arn:${ctx.partition}:s3:::${bucket}`;
    const existing = inspection.before.policy
      ? (JSON.parse(inspection.before.policy) as { Version?: string; Id?: string })
      : {};
    const statements = statementsOf(inspection.before.policy);
    const sids = new Set(statements.map((s) => s.Sid));
    let sid = SSL_ONLY_SID;
    for (let n = 2; sids.has(sid); n++) sid = `${SSL_ONLY_SID}${n}`;
    const policy = {
      ...existing,
      Version: existing.Version ?? '2012-10-17',
      Statement: [
        ...statements,
        {
          Sid: sid,
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    await s3(ctx).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  },
  async rollback(ctx, before) {
    const bucket = bucketNameOf(ctx);
    if (before.policy) {
      await s3(ctx).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: before.policy }));
    } else {
      // The bucket had no policy: removing the one this runbook wrote restores that.
      await s3(ctx).send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    }
  },
};

/** The bucket's server access logging as it was: null when off. */
interface BucketLoggingState {
  readonly bucket: string;
  readonly logging: { readonly TargetBucket: string; readonly TargetPrefix: string } | null;
}

function loggingOf(enabled: LoggingEnabled | undefined): BucketLoggingState['logging'] {
  return enabled?.TargetBucket
    ? { TargetBucket: enabled.TargetBucket, TargetPrefix: enabled.TargetPrefix ?? '' }
    : null;
}

/** The log bucket for the finding's account and Region (`{AccountId}` and `{Region}` in the parameter are replaced). */
function logBucketOf(ctx: RunbookContext): string {
  return ctx.parameters
    .string('LogBucketName')
    .replace(/\{AccountId\}/g, ctx.accountId)
    .replace(/\{Region\}/g, ctx.resource.Region ?? ctx.region);
}

/** S3.9, CloudTrail.7: server access logging on, delivered to the configured log bucket under `<prefix><bucket>/`. */
export const enableS3ServerAccessLogging: Runbook<BucketLoggingState> = {
  name: 'EnableS3ServerAccessLogging',
  resourceTypes: ['AwsS3Bucket'],
  async inspect(ctx) {
    const bucket = bucketNameOf(ctx);
    const target = logBucketOf(ctx);
    const logging = loggingOf((await s3(ctx).send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled);
    if (!logging && bucket === target) {
      // A bucket that logs into itself writes a log record about every log record.
      throw new NotRemediableError(
        `bucket ${bucket} is the log bucket (remediation.parameters.EnableS3ServerAccessLogging.LogBucketName); it cannot deliver its own access logs to itself`,
      );
    }
    return {
      before: { bucket, logging },
      changes: logging
        ? []
        : [
            `turn on server access logging for bucket ${bucket}, delivered to s3://${target}/${ctx.parameters.string('LogPrefix')}${bucket}/`,
          ],
      tags: await bucketTags(ctx, bucket),
    };
  },
  async apply(ctx, { before }) {
    await s3(ctx).send(
      new PutBucketLoggingCommand({
        Bucket: before.bucket,
        BucketLoggingStatus: {
          LoggingEnabled: {
            TargetBucket: logBucketOf(ctx),
            TargetPrefix: `${ctx.parameters.string('LogPrefix')}${before.bucket}/`,
          },
        },
      }),
    );
  },
  async rollback(ctx, before) {
    // An empty status turns logging off; logs already delivered stay in the log bucket.
    await s3(ctx).send(
      new PutBucketLoggingCommand({
        Bucket: before.bucket,
        BucketLoggingStatus: before.logging ? { LoggingEnabled: before.logging } : {},
      }),
    );
  },
};
