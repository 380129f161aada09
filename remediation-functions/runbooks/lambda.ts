import {
  AddPermissionCommand,
  GetPolicyCommand,
  LambdaClient,
  ListTagsCommand,
  RemovePermissionCommand,
  type FunctionUrlAuthType,
} from '@aws-sdk/client-lambda';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import type { Runbook, RunbookContext } from './types';

function lambda(ctx: RunbookContext): LambdaClient {
  return ctx.clients.get('lambda', LambdaClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** Conditions that tie a statement to a caller, so `Principal: *` is not public. */
const LIMITING_CONDITION_KEYS = [
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:principalorgid',
  'aws:sourceowner',
  'aws:principalaccount',
];

function isPublic(s: Statement): boolean {
  if (s.Effect !== 'Allow') return false;
  const principal = s.Principal;
  const anyone =
    principal === '*' ||
    (typeof principal === 'object' &&
      principal !== null &&
      [(principal as { AWS?: unknown }).AWS].flat().includes('*'));
  if (!anyone) return false;
  const keys = Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block).map((k) => k.toLowerCase()));
  return !keys.some((k) => LIMITING_CONDITION_KEYS.includes(k));
}

/** A removed statement, with what AddPermission needs to put it back. */
interface RemovedStatement {
  readonly sid: string;
  readonly action: string;
  readonly functionUrlAuthType?: string;
}

/** Lambda.1: the function policy has no statement that lets anyone invoke it. */
export const removePublicLambdaPermissions: Runbook<{
  readonly functionName: string;
  readonly removed: RemovedStatement[];
}> = {
  name: 'RemovePublicLambdaPermissions',
  rollbackKind: 'additive',
  resourceTypes: ['AwsLambdaFunction'],
  async inspect(ctx) {
    const functionName = ctx.resource.Id;
    let policy: string | undefined;
    try {
      policy = (await lambda(ctx).send(new GetPolicyCommand({ FunctionName: functionName }))).Policy;
    } catch (error) {
      // GetPolicy says ResourceNotFoundException both for a missing function and for a function without a policy.
      if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
    }
    let tags: Record<string, string>;
    try {
      tags = (await lambda(ctx).send(new ListTagsCommand({ Resource: functionName }))).Tags ?? {};
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException'))
        throw new ResourceNotFoundError(`Lambda function ${functionName} no longer exists`);
      throw error;
    }
    const statements = policy
      ? [(JSON.parse(policy) as { Statement?: Statement | Statement[] }).Statement ?? []].flat()
      : [];
    const removed = statements.filter(isPublic).map((s): RemovedStatement => ({
      sid: s.Sid ?? '',
      action: [s.Action ?? 'lambda:InvokeFunction'].flat()[0],
      functionUrlAuthType: s.Condition?.StringEquals?.['lambda:FunctionUrlAuthType'],
    }));
    return {
      before: { functionName, removed },
      changes: removed.map(
        (r) => `remove statement ${r.sid} (${r.action} for any principal) from the policy of ${functionName}`,
      ),
      tags,
    };
  },
  async apply(ctx, { before }) {
    for (const r of before.removed) {
      await lambda(ctx).send(new RemovePermissionCommand({ FunctionName: before.functionName, StatementId: r.sid }));
    }
  },
  async rollback(ctx, before) {
    for (const r of before.removed) {
      try {
        await lambda(ctx).send(
          new AddPermissionCommand({
            FunctionName: before.functionName,
            StatementId: r.sid,
            Action: r.action,
            Principal: '*',
            ...(r.functionUrlAuthType ? { FunctionUrlAuthType: r.functionUrlAuthType as FunctionUrlAuthType } : {}),
          }),
        );
      } catch (error) {
        if (!isAwsError(error, 'ResourceConflictException')) throw error;
      }
    }
  },
};
