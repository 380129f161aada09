import {
  DescribeSecretCommand,
  SecretsManagerClient,
  type DescribeSecretResponse,
} from '@aws-sdk/client-secrets-manager';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type Runbook, type RunbookContext } from './types';

/*
 * Secrets Manager controls are notify-only. Turning rotation on rotates the secret at once,
 * replacing credentials applications may hold, through a rotation function that must understand
 * the secret's database or service; deleting an unused secret is final after its recovery window.
 * Both are a decision for the secret's owner, so the runbooks send the exact commands instead.
 */

const DAY = 86_400_000;

function secretsManager(ctx: RunbookContext): SecretsManagerClient {
  return ctx.clients.get('secretsmanager', SecretsManagerClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

async function describeSecret(ctx: RunbookContext): Promise<DescribeSecretResponse> {
  try {
    const secret = await secretsManager(ctx).send(new DescribeSecretCommand({ SecretId: ctx.resource.Id }));
    if (!secret.DeletedDate) return secret;
  } catch (error) {
    if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
  }
  throw new ResourceNotFoundError(`secret ${ctx.resource.Id} no longer exists`);
}

/** What the secret runbooks read, for the ledger. */
interface SecretState {
  readonly name: string;
  readonly rotationEnabled: boolean;
  readonly lastRotatedDate?: string;
  readonly lastAccessedDate?: string;
}

function stateOf(s: DescribeSecretResponse): SecretState {
  return {
    name: s.Name ?? '',
    rotationEnabled: s.RotationEnabled ?? false,
    ...(s.LastRotatedDate ? { lastRotatedDate: s.LastRotatedDate.toISOString() } : {}),
    ...(s.LastAccessedDate ? { lastAccessedDate: s.LastAccessedDate.toISOString() } : {}),
  };
}

/** SecretsManager.1, SecretsManager.4: the steps to turn on (or repair) automatic rotation. */
export const notifySecretRotation: Runbook<SecretState> = {
  name: 'NotifySecretRotation',
  resourceTypes: ['AwsSecretsManagerSecret'],
  async inspect(ctx) {
    const secret = await describeSecret(ctx);
    const state = stateOf(secret);
    const days = ctx.parameters.integer('RotationDays');
    const region = parseArn(ctx.resource.Id)?.region || ctx.region;
    const rotatedRecently =
      secret.LastRotatedDate !== undefined && Date.now() - secret.LastRotatedDate.getTime() < days * DAY;
    const instructions =
      state.rotationEnabled && rotatedRecently
        ? `Secret ${state.name} rotates automatically and was rotated on ${state.lastRotatedDate}; nothing was changed, and the finding clears at the next evaluation.`
        : [
            `Secret ${state.name} ${state.rotationEnabled ? `has rotation on but was last rotated ${state.lastRotatedDate ?? 'never'}` : 'does not rotate automatically'}. Nothing was changed: turning rotation on rotates the secret at once, and applications holding the old value must fetch it again.`,
            secret.RotationLambdaARN
              ? `1. Check the rotation function ${secret.RotationLambdaARN} can reach the service the secret is for (its logs show the last attempt).`
              : "1. Pick a rotation function: for RDS, Aurora, Redshift and DocumentDB secrets the console's managed rotation or the AWS-provided templates; otherwise write one for the service.",
            `2. aws secretsmanager rotate-secret --region ${region} --secret-id ${state.name}${secret.RotationLambdaARN ? '' : ' --rotation-lambda-arn <function ARN>'} --rotation-rules AutomaticallyAfterDays=${days}`,
            `3. Confirm the new version works (aws secretsmanager describe-secret --region ${region} --secret-id ${state.name} shows AWSCURRENT moved); if it does not, aws secretsmanager update-secret-version-stage moves AWSCURRENT back to the AWSPREVIOUS version.`,
          ].join('\n');
    return { before: state, changes: [], instructions, tags: tagMap(secret.Tags) };
  },
};

/** SecretsManager.3: the steps to retire a secret nobody has read for a while, recoverably. */
export const notifyUnusedSecret: Runbook<SecretState> = {
  name: 'NotifyUnusedSecret',
  resourceTypes: ['AwsSecretsManagerSecret'],
  async inspect(ctx) {
    const secret = await describeSecret(ctx);
    const state = stateOf(secret);
    const region = parseArn(ctx.resource.Id)?.region || ctx.region;
    const instructions = [
      `Secret ${state.name} was last read ${state.lastAccessedDate ? `on ${state.lastAccessedDate.slice(0, 10)}` : 'never (or before Secrets Manager started recording)'}. Deleting it is final once its recovery window ends, so nothing was changed. If nothing needs it:`,
      `1. Search CloudTrail for GetSecretValue on ${state.name} and ask its owner (tags: ${
        Object.entries(tagMap(secret.Tags))
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || 'none'
      }).`,
      `2. aws secretsmanager delete-secret --region ${region} --secret-id ${state.name} --recovery-window-in-days 30`,
      `3. Within those 30 days, aws secretsmanager restore-secret --region ${region} --secret-id ${state.name} brings it back unchanged.`,
    ].join('\n');
    return { before: state, changes: [], instructions, tags: tagMap(secret.Tags) };
  },
};
