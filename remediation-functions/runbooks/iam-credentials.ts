import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListEntitiesForPolicyCommand,
  ListUserTagsCommand,
  UpdateAccessKeyCommand,
  type AccessKeyMetadata,
} from '@aws-sdk/client-iam';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type Runbook, type RunbookContext } from './types';

/*
 * Credential runbooks never delete: an access key is made Inactive (it can be made Active again,
 * with the same secret), and a console password, which no one can restore once deleted, is only
 * reported.
 */

const DAY = 86_400_000;

function iam(ctx: RunbookContext): IAMClient {
  return ctx.clients.get('iam', IAMClient);
}

/** The user name of an `AwsIamUser` resource (`arn:aws:iam::<account>:user/<path>/<name>`). */
function userNameOf(ctx: RunbookContext): string {
  const arn = parseArn(ctx.resource.Id);
  return arn?.resource.startsWith('user/') ? (arn.resource.split('/').pop() as string) : ctx.resource.Id;
}

async function userKeys(
  ctx: RunbookContext,
  userName: string,
): Promise<{ keys: AccessKeyMetadata[]; tags: Record<string, string> }> {
  try {
    const keys = (await iam(ctx).send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
    const tags = tagMap((await iam(ctx).send(new ListUserTagsCommand({ UserName: userName }))).Tags);
    return { keys, tags };
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException'))
      throw new ResourceNotFoundError(`IAM user ${userName} no longer exists`);
    throw error;
  }
}

/** Access keys a run made Inactive; rollback makes exactly these Active again. */
interface DeactivatedKeysState {
  readonly userName: string;
  readonly accessKeyIds: readonly string[];
}

function deactivate(ctx: RunbookContext, before: DeactivatedKeysState): Promise<unknown> {
  return Promise.all(
    before.accessKeyIds.map((id) =>
      iam(ctx).send(new UpdateAccessKeyCommand({ UserName: before.userName, AccessKeyId: id, Status: 'Inactive' })),
    ),
  );
}

function reactivate(ctx: RunbookContext, before: DeactivatedKeysState): Promise<unknown> {
  return Promise.all(
    before.accessKeyIds.map((id) =>
      iam(ctx).send(new UpdateAccessKeyCommand({ UserName: before.userName, AccessKeyId: id, Status: 'Active' })),
    ),
  );
}

const ageInDays = (date: Date | undefined, now: number): number =>
  date ? (now - date.getTime()) / DAY : Number.POSITIVE_INFINITY;

/** IAM.3: active access keys older than `MaxAccessKeyAge` days are made Inactive (never deleted). */
export const deactivateOldAccessKeys: Runbook<DeactivatedKeysState> = {
  name: 'DeactivateOldAccessKeys',
  resourceTypes: ['AwsIamUser'],
  async inspect(ctx) {
    const userName = userNameOf(ctx);
    const maxAge = ctx.parameters.integer('MaxAccessKeyAge');
    const { keys, tags } = await userKeys(ctx, userName);
    const now = Date.now();
    const old = keys
      .filter((k) => k.Status === 'Active' && ageInDays(k.CreateDate, now) >= maxAge)
      .map((k) => k.AccessKeyId as string);
    return {
      before: { userName, accessKeyIds: old },
      changes: old.map(
        (id) =>
          `make access key ${id} of IAM user ${userName} Inactive (created more than ${maxAge} days ago); create a new key for whatever still uses it`,
      ),
      tags,
    };
  },
  apply: (ctx, { before }) => deactivate(ctx, before).then(() => undefined),
  rollback: (ctx, before) => reactivate(ctx, before).then(() => undefined),
};

/** IAM.8, IAM.22: active access keys unused for `MaxUnusedDays` days are made Inactive; an unused console password is reported. */
export const deactivateUnusedCredentials: Runbook<DeactivatedKeysState> = {
  name: 'DeactivateUnusedCredentials',
  resourceTypes: ['AwsIamUser'],
  async inspect(ctx) {
    const userName = userNameOf(ctx);
    const maxUnused = ctx.parameters.integer('MaxUnusedDays');
    const { keys, tags } = await userKeys(ctx, userName);
    const now = Date.now();
    const unused: string[] = [];
    for (const key of keys.filter((k) => k.Status === 'Active')) {
      const lastUsed = (await iam(ctx).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })))
        .AccessKeyLastUsed?.LastUsedDate;
      // A key never used counts from its creation.
      if (ageInDays(lastUsed ?? key.CreateDate, now) >= maxUnused) unused.push(key.AccessKeyId as string);
    }
    const user = (await iam(ctx).send(new GetUserCommand({ UserName: userName }))).User;
    let hasPassword = true;
    try {
      await iam(ctx).send(new GetLoginProfileCommand({ UserName: userName }));
    } catch (error) {
      if (!isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) throw error;
      hasPassword = false;
    }
    const passwordUnused = hasPassword && ageInDays(user?.PasswordLastUsed ?? user?.CreateDate, now) >= maxUnused;
    return {
      before: { userName, accessKeyIds: unused },
      changes: unused.map(
        (id) => `make access key ${id} of IAM user ${userName} Inactive (unused for ${maxUnused} days or more)`,
      ),
      tags,
      ...(passwordUnused
        ? {
            instructions:
              `The console password of IAM user ${userName} has not been used for ${maxUnused} days or more. Deleting it cannot be undone, so the runbook leaves it: ` +
              `confirm with the user's owner, then run aws iam delete-login-profile --user-name ${userName} (a new password can be set later with create-login-profile).`,
          }
        : {}),
    };
  },
  apply: (ctx, { before }) => deactivate(ctx, before).then(() => undefined),
  rollback: (ctx, before) => reactivate(ctx, before).then(() => undefined),
};

/** What the support role runbook found or created. */
interface SupportRoleState {
  /** The role the run created; rollback detaches the policy and deletes only this role. */
  readonly createdRoleName?: string;
}

const SUPPORT_POLICY = 'AWSSupportAccess';

/** IAM.18: a role with the AWSSupportAccess managed policy exists, so incidents can be raised with AWS Support. */
export const createSupportRole: Runbook<SupportRoleState> = {
  name: 'CreateSupportRole',
  rollbackKind: 'create',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const policyArn = `arn:${ctx.partition}:iam::aws:policy/${SUPPORT_POLICY}`;
    const roles =
      (await iam(ctx).send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, EntityFilter: 'Role' })))
        .PolicyRoles ?? [];
    const name = ctx.parameters.string('RoleName');
    return {
      before: {},
      changes:
        roles.length > 0
          ? []
          : [`create IAM role ${name} with ${SUPPORT_POLICY}, assumable by ${trustedPrincipal(ctx)}`],
    };
  },
  async apply(ctx) {
    const name = ctx.parameters.string('RoleName');
    await iam(ctx).send(
      new CreateRoleCommand({
        RoleName: name,
        // The execution role may create, change and delete roles under this path only.
        Path: '/securityhub-support/',
        Description: `Raises and manages AWS Support cases (Security Hub IAM.18; run ${ctx.runId}).`,
        // IAM users must have signed in with MFA; role sessions (Identity Center, federation) carry no MFA key and pass.
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: trustedPrincipal(ctx) },
              Action: 'sts:AssumeRole',
              Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        }),
        Tags: [{ Key: 'securityhub-remediation-run', Value: ctx.runId }],
      }),
    );
    await iam(ctx).send(
      new AttachRolePolicyCommand({
        RoleName: name,
        PolicyArn: `arn:${ctx.partition}:iam::aws:policy/${SUPPORT_POLICY}`,
      }),
    );
    return { createdRoleName: name };
  },
  async rollback(ctx, before) {
    if (!before.createdRoleName) return;
    await iam(ctx).send(
      new DetachRolePolicyCommand({
        RoleName: before.createdRoleName,
        PolicyArn: `arn:${ctx.partition}:iam::aws:policy/${SUPPORT_POLICY}`,
      }),
    );
    await iam(ctx).send(new DeleteRoleCommand({ RoleName: before.createdRoleName }));
  },
};

/** Who may assume the support role: `TrustedPrincipalArn`, else the account itself (its IAM policies then decide who). */
function trustedPrincipal(ctx: RunbookContext): string {
  return ctx.parameters.string('TrustedPrincipalArn') || `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}
