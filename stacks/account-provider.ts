import { AwsProvider, type Construct } from '../modules/framework';
import { partitionOf } from '../config/regions';

/** Where and as whom a stack's AWS provider works. */
export interface AccountProviderProps {
  /** The account the provider must be in; the provider refuses any other (allowed_account_ids). */
  readonly accountId: string;
  /** The provider's Region. */
  readonly region: string;
  /** Role assumed in the account; omit to use the ambient credentials. */
  readonly roleName?: string;
  /** Tags applied to every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** Provider alias, for extra Regions. @default none (the default provider) */
  readonly alias?: string;
}

/**
 * An AWS provider pinned to one account: with allowed_account_ids, running a plan with the wrong
 * credentials fails before anything is read, instead of planning the security tier into a
 * workload account.
 */
export function accountProvider(scope: Construct, id: string, props: AccountProviderProps): AwsProvider {
  const partition = partitionOf(props.region);
  return new AwsProvider(scope, id, {
    region: props.region,
    alias: props.alias,
    allowedAccountIds: [props.accountId],
    assumeRole: props.roleName
      ? [
          {
            roleArn: `arn:${partition}:iam::${props.accountId}:role/${props.roleName}`,
            sessionName: 'cdktf-securityhub',
          },
        ]
      : undefined,
    defaultTags: Object.keys(props.tags).length > 0 ? [{ tags: { ...props.tags } }] : undefined,
  });
}
