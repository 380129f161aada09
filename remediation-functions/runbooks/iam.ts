import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import { isAwsError } from '../shared/errors';
import type { Runbook, RunbookContext } from './types';

function iam(ctx: RunbookContext): IAMClient {
  return ctx.clients.get('iam', IAMClient);
}

/** IAM.4: the root user's access keys can only be deleted by the root user, so this runbook says how. */
export const notifyRootAccessKey: Runbook<{ readonly accessKeysPresent: number }> = {
  name: 'NotifyRootAccessKey',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const summary = (await iam(ctx).send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
    const accessKeysPresent = summary.AccountAccessKeysPresent ?? 0;
    const instructions =
      accessKeysPresent === 0
        ? `The root user of account ${ctx.accountId} has no access keys now; nothing was changed, and the finding clears at the next evaluation.`
        : [
            `The root user of account ${ctx.accountId} has ${accessKeysPresent} access key(s). Only the root user can delete them, so nothing was changed:`,
            '1. Find what still uses the key: the "Last used" column in the root user\'s Security credentials page, and CloudTrail events with userIdentity.type Root.',
            '2. Move that automation to an IAM role.',
            `3. Sign in to account ${ctx.accountId} as the root user (with MFA), open Security credentials, and make each access key inactive, then delete it.`,
            '4. Keep root MFA on (IAM.6 / IAM.9).',
          ].join('\n');
    return { before: { accessKeysPresent }, changes: [], instructions };
  },
};

/** The password policy settings this runbook manages, as the IAM API names them. */
type PolicySettings = Pick<
  PasswordPolicy,
  | 'MinimumPasswordLength'
  | 'RequireSymbols'
  | 'RequireNumbers'
  | 'RequireUppercaseCharacters'
  | 'RequireLowercaseCharacters'
  | 'AllowUsersToChangePassword'
  | 'MaxPasswordAge'
  | 'PasswordReusePrevention'
  | 'HardExpiry'
>;

/** The account password policy before the run; null when the account had none. */
interface PasswordPolicyState {
  readonly policy: PolicySettings | null;
}

/** The stricter of the current policy and the configured minimum, setting by setting. */
export function strongerPolicy(
  current: PolicySettings | null,
  ctx: RunbookContext,
): Required<Omit<PolicySettings, 'HardExpiry'>> & Pick<PolicySettings, 'HardExpiry'> {
  const p = ctx.parameters;
  const maxAge = p.integer('MaxPasswordAge');
  return {
    MinimumPasswordLength: Math.max(current?.MinimumPasswordLength ?? 0, p.integer('MinimumPasswordLength')),
    PasswordReusePrevention: Math.max(current?.PasswordReusePrevention ?? 0, p.integer('PasswordReusePrevention')),
    MaxPasswordAge: current?.MaxPasswordAge ? Math.min(current.MaxPasswordAge, maxAge) : maxAge,
    RequireSymbols: (current?.RequireSymbols ?? false) || p.boolean('RequireSymbols'),
    RequireNumbers: (current?.RequireNumbers ?? false) || p.boolean('RequireNumbers'),
    RequireUppercaseCharacters:
      (current?.RequireUppercaseCharacters ?? false) || p.boolean('RequireUppercaseCharacters'),
    RequireLowercaseCharacters:
      (current?.RequireLowercaseCharacters ?? false) || p.boolean('RequireLowercaseCharacters'),
    AllowUsersToChangePassword: current?.AllowUsersToChangePassword ?? true,
    // Never turned on here: hard expiry locks users out until an administrator resets them.
    HardExpiry: current?.HardExpiry ?? false,
  };
}

/** IAM.7, IAM.10 to IAM.17: the account password policy is at least as strict as configured. */
export const setStrongPasswordPolicy: Runbook<PasswordPolicyState> = {
  name: 'SetStrongPasswordPolicy',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    let policy: PolicySettings | null = null;
    try {
      const p = (await iam(ctx).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
      if (p) {
        policy = {
          MinimumPasswordLength: p.MinimumPasswordLength,
          RequireSymbols: p.RequireSymbols,
          RequireNumbers: p.RequireNumbers,
          RequireUppercaseCharacters: p.RequireUppercaseCharacters,
          RequireLowercaseCharacters: p.RequireLowercaseCharacters,
          AllowUsersToChangePassword: p.AllowUsersToChangePassword,
          MaxPasswordAge: p.MaxPasswordAge,
          PasswordReusePrevention: p.PasswordReusePrevention,
          HardExpiry: p.HardExpiry,
        };
      }
    } catch (error) {
      if (!isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) throw error;
    }
    const target = strongerPolicy(policy, ctx);
    const changes = (Object.keys(target) as (keyof typeof target)[])
      .filter((k) => k !== 'HardExpiry' && k !== 'AllowUsersToChangePassword' && policy?.[k] !== target[k])
      .map((k) => `set password policy ${k} ${policy?.[k] ?? 'unset'} -> ${target[k]} in account ${ctx.accountId}`);
    return { before: { policy }, changes };
  },
  async apply(ctx, { before }) {
    await iam(ctx).send(new UpdateAccountPasswordPolicyCommand(strongerPolicy(before.policy, ctx)));
  },
  async rollback(ctx, before) {
    if (before.policy) {
      await iam(ctx).send(new UpdateAccountPasswordPolicyCommand(before.policy));
    } else {
      // The account had no policy: removing the one this runbook set restores IAM's defaults.
      await iam(ctx).send(new DeleteAccountPasswordPolicyCommand({}));
    }
  },
};
