import {
  APIGatewayClient,
  GetAccountCommand,
  GetStageCommand,
  UpdateStageCommand,
  type GetStageCommandOutput,
  type MethodSetting,
} from '@aws-sdk/client-api-gateway';
import { isAwsError, NotRemediableError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import type { Runbook, RunbookContext } from './types';

function apigateway(ctx: RunbookContext): APIGatewayClient {
  return ctx.clients.get('apigateway', APIGatewayClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** The key of the stage-wide method settings (every resource, every method). */
const ALL_METHODS = '*/*';

/** A REST API stage: `arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>`. */
interface StageRef {
  readonly restApiId: string;
  readonly stageName: string;
}

function stageOf(ctx: RunbookContext): StageRef {
  const match = /\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(ctx.resource.Id);
  if (!match)
    throw new NotRemediableError(
      `resource ${ctx.resource.Id} is not a REST API stage ARN (arn:<partition>:apigateway:<region>::/restapis/<id>/stages/<name>)`,
    );
  return { restApiId: match[1], stageName: decodeURIComponent(match[2]) };
}

async function getStage(ctx: RunbookContext, ref: StageRef): Promise<GetStageCommandOutput> {
  try {
    return await apigateway(ctx).send(new GetStageCommand(ref));
  } catch (error) {
    // Stage ARNs name no account; API Gateway finds a REST API only in the caller's own account, so
    // a stage another account owns is not found either.
    if (isAwsError(error, 'NotFoundException'))
      throw new ResourceNotFoundError(
        `stage ${ref.stageName} of REST API ${ref.restApiId} does not exist in account ${ctx.accountId} (no longer, or another account's)`,
      );
    throw error;
  }
}

/** Method settings by key, with the stage-wide key present (API Gateway leaves it out until something sets it). */
const settingsOf = (stage: GetStageCommandOutput): Record<string, MethodSetting> => ({
  [ALL_METHODS]: {},
  ...stage.methodSettings,
});

/** One method setting of a stage per method settings key, as it was. */
interface StageSettingState<V> extends StageRef {
  readonly values: Readonly<Record<string, V>>;
}

async function patch(
  ctx: RunbookContext,
  ref: StageRef,
  setting: string,
  values: Readonly<Record<string, string>>,
): Promise<void> {
  // Keys are `<resource path, slashes as ~1>/<method>`; the patch path is the key and the setting.
  const patchOperations = Object.entries(values).map(([key, value]) => ({
    op: 'replace' as const,
    path: `/${key}/${setting}`,
    value,
  }));
  if (patchOperations.length > 0) await apigateway(ctx).send(new UpdateStageCommand({ ...ref, patchOperations }));
}

const LOGGING_ON = ['ERROR', 'INFO'];

/** APIGateway.1: execution logging is ERROR or INFO for every method of the REST API stage. */
export const enableApiGatewayExecutionLogging: Runbook<StageSettingState<string | null>> = {
  name: 'EnableApiGatewayExecutionLogging',
  resourceTypes: ['AwsApiGatewayStage'],
  async inspect(ctx) {
    const ref = stageOf(ctx);
    const stage = await getStage(ctx, ref);
    const level = ctx.parameters.string('LoggingLevel');
    const off = Object.entries(settingsOf(stage)).filter(([, s]) => !LOGGING_ON.includes(s.loggingLevel ?? 'OFF'));
    if (off.length > 0 && !(await apigateway(ctx).send(new GetAccountCommand({}))).cloudwatchRoleArn) {
      throw new NotRemediableError(
        `API Gateway in account ${ctx.accountId} ${ctx.region} has no CloudWatch Logs role, so it cannot write execution logs; nothing was changed. ` +
          'Create a role that apigateway.amazonaws.com may assume with the AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs, ' +
          'set it with aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=<role ARN>, then run the remediation again',
      );
    }
    return {
      before: { ...ref, values: Object.fromEntries(off.map(([key, s]) => [key, s.loggingLevel ?? null])) },
      changes: off.map(
        ([key]) =>
          `set execution logging of ${key === ALL_METHODS ? 'all methods' : `method ${key}`} of REST API ${ref.restApiId} stage ${ref.stageName} to ${level}`,
      ),
      tags: stage.tags,
    };
  },
  async apply(ctx, { before }) {
    const level = ctx.parameters.string('LoggingLevel');
    await patch(
      ctx,
      before,
      'logging/loglevel',
      Object.fromEntries(Object.keys(before.values).map((key) => [key, level])),
    );
  },
  async rollback(ctx, before) {
    await patch(
      ctx,
      before,
      'logging/loglevel',
      Object.fromEntries(Object.entries(before.values).map(([key, value]) => [key, value ?? 'OFF'])),
    );
  },
};

/** APIGateway.5: every method of the REST API stage that caches responses encrypts the cache. */
export const encryptApiGatewayCacheData: Runbook<StageSettingState<boolean>> = {
  name: 'EncryptApiGatewayCacheData',
  resourceTypes: ['AwsApiGatewayStage'],
  async inspect(ctx) {
    const ref = stageOf(ctx);
    const stage = await getStage(ctx, ref);
    const clear = Object.entries(settingsOf(stage)).filter(
      ([, s]) => s.cachingEnabled === true && s.cacheDataEncrypted !== true,
    );
    return {
      before: { ...ref, values: Object.fromEntries(clear.map(([key, s]) => [key, s.cacheDataEncrypted ?? false])) },
      changes: clear.map(
        ([key]) =>
          `encrypt the cache data of ${key === ALL_METHODS ? 'all methods' : `method ${key}`} of REST API ${ref.restApiId} stage ${ref.stageName}`,
      ),
      tags: stage.tags,
    };
  },
  async apply(ctx, { before }) {
    await patch(
      ctx,
      before,
      'caching/dataEncrypted',
      Object.fromEntries(Object.keys(before.values).map((key) => [key, 'true'])),
    );
  },
  async rollback(ctx, before) {
    await patch(
      ctx,
      before,
      'caching/dataEncrypted',
      Object.fromEntries(Object.entries(before.values).map(([key, value]) => [key, String(value)])),
    );
  },
};
