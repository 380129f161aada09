import {
  DescribeRepositoriesCommand,
  ECRClient,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
} from '@aws-sdk/client-ecr';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type Runbook, type RunbookContext } from './types';

function ecr(ctx: RunbookContext): ECRClient {
  return ctx.clients.get('ecr', ECRClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** The repository name of an `AwsEcrRepository` resource (`arn:aws:ecr:<region>:<account>:repository/<name>`). */
function repositoryNameOf(ctx: RunbookContext): string {
  const arn = parseArn(ctx.resource.Id);
  return arn?.resource.startsWith('repository/') ? arn.resource.slice('repository/'.length) : ctx.resource.Id;
}

/** ECR.1: images are scanned when pushed. */
export const enableEcrScanOnPush: Runbook<{ readonly repositoryName: string; readonly scanOnPush: boolean }> = {
  name: 'EnableEcrScanOnPush',
  resourceTypes: ['AwsEcrRepository'],
  async inspect(ctx) {
    const repositoryName = repositoryNameOf(ctx);
    let repository;
    try {
      repository = (
        await ecr(ctx).send(
          new DescribeRepositoriesCommand({ repositoryNames: [repositoryName], registryId: ctx.accountId }),
        )
      ).repositories?.[0];
    } catch (error) {
      if (!isAwsError(error, 'RepositoryNotFoundException')) throw error;
    }
    if (!repository) throw new ResourceNotFoundError(`repository ${repositoryName} no longer exists`);
    const on = repository.imageScanningConfiguration?.scanOnPush ?? false;
    const tags = tagMap(
      (await ecr(ctx).send(new ListTagsForResourceCommand({ resourceArn: repository.repositoryArn }))).tags,
    );
    return {
      before: { repositoryName, scanOnPush: on },
      changes: on ? [] : [`turn on scan on push for repository ${repositoryName}`],
      tags,
    };
  },
  async apply(ctx, { before }) {
    await ecr(ctx).send(
      new PutImageScanningConfigurationCommand({
        repositoryName: before.repositoryName,
        registryId: ctx.accountId,
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
  },
  async rollback(ctx, before) {
    await ecr(ctx).send(
      new PutImageScanningConfigurationCommand({
        repositoryName: before.repositoryName,
        registryId: ctx.accountId,
        imageScanningConfiguration: { scanOnPush: before.scanOnPush },
      }),
    );
  },
};
