import {
  DescribeDocumentPermissionCommand,
  ListTagsForResourceCommand,
  ModifyDocumentPermissionCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { isAwsError, NotRemediableError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type Runbook, type RunbookContext } from './types';

function ssm(ctx: RunbookContext): SSMClient {
  return ctx.clients.get('ssm', SSMClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/**
 * The document name of an SSM document resource (`arn:<partition>:ssm:<region>:<account>:document/<name>`).
 * @throws NotRemediableError for any other id, so a resource of another kind is never acted on
 */
function documentNameOf(ctx: RunbookContext): string {
  const arn = parseArn(ctx.resource.Id);
  if (arn?.service !== 'ssm' || !arn.resource.startsWith('document/')) {
    throw new NotRemediableError(
      `resource ${ctx.resource.Id} is not an SSM document ARN (arn:<partition>:ssm:<region>:<account>:document/<name>)`,
    );
  }
  return arn.resource.slice('document/'.length);
}

/** The document's public share entry before the run, if it had one. */
interface DocumentShareState {
  readonly name: string;
  /** The share entry meaning every AWS account (`all`, as SSM spelled it), or absent when the document was not public. */
  readonly publicEntry?: string;
}

/** SSM.4: the SSM document is not shared with every AWS account. */
export const makeSsmDocumentPrivate: Runbook<DocumentShareState> = {
  name: 'MakeSsmDocumentPrivate',
  rollbackKind: 'additive',
  resourceTypes: ['AwsSsmDocument'],
  async inspect(ctx) {
    const name = documentNameOf(ctx);
    let accountIds: string[];
    try {
      accountIds =
        (await ssm(ctx).send(new DescribeDocumentPermissionCommand({ Name: name, PermissionType: 'Share' })))
          .AccountIds ?? [];
    } catch (error) {
      if (isAwsError(error, 'InvalidDocument'))
        throw new ResourceNotFoundError(`SSM document ${name} no longer exists`);
      throw error;
    }
    const publicEntry = accountIds.find((id) => id.toLowerCase() === 'all');
    const tags = (await ssm(ctx).send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: name })))
      .TagList;
    return {
      before: { name, ...(publicEntry ? { publicEntry } : {}) },
      changes: publicEntry
        ? [
            `stop sharing SSM document ${name} with every AWS account (remove "${publicEntry}" from its Share permission)`,
          ]
        : [],
      tags: tagMap(tags),
    };
  },
  async apply(ctx, { before }) {
    await ssm(ctx).send(
      new ModifyDocumentPermissionCommand({
        Name: before.name,
        PermissionType: 'Share',
        AccountIdsToRemove: [before.publicEntry as string],
      }),
    );
  },
  async rollback(ctx, before) {
    if (before.publicEntry)
      await ssm(ctx).send(
        new ModifyDocumentPermissionCommand({
          Name: before.name,
          PermissionType: 'Share',
          AccountIdsToAdd: [before.publicEntry],
        }),
      );
  },
};
