import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsClients, type ClientFactory } from './clients';
import { AssumeRoleError } from './errors';

/** Where a run acts: the finding's own account, partition and Region. */
export interface RunTarget {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  readonly runId: string;
}

/** Gets clients acting in a member account; {@link ExecutionRoles} in production, a local emulator in tests. */
export interface MemberAccess {
  clientsFor(target: RunTarget): Promise<AwsClients>;
}

/** Prefix of the STS session name; the run id follows, so CloudTrail in the member account names the run. */
export const SESSION_NAME_PREFIX = 'securityhub-remediation-';

/**
 * Assumes the execution role that the tier's StackSet deploys in every member account, once per
 * run, with a session name that carries the run id.
 */
export class ExecutionRoles implements MemberAccess {
  readonly #sts: STSClient;
  readonly #factory: ClientFactory;
  readonly #roleName: string;

  /**
   * @param sts STS client in the security account
   * @param factory builds the member-account clients
   * @param roleName execution role name (may include a path, e.g. `security/SecurityHubRemediationExecution`)
   */
  constructor(sts: STSClient, factory: ClientFactory, roleName: string) {
    this.#sts = sts;
    this.#factory = factory;
    this.#roleName = roleName;
  }

  /** The role ARN in a member account. */
  public roleArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:role/${this.#roleName.replace(/^\/+/, '')}`;
  }

  /**
   * Clients acting as the execution role in the target account and Region.
   * @throws AssumeRoleError when STS refuses (role missing, trust policy, SCP)
   */
  public async clientsFor(target: RunTarget): Promise<AwsClients> {
    const roleArn = this.roleArn(target.partition, target.accountId);
    let response;
    try {
      response = await this.#sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: `${SESSION_NAME_PREFIX}${target.runId}`.slice(0, 64),
          DurationSeconds: 900,
        }),
      );
    } catch (error) {
      const e = error as Error;
      throw new AssumeRoleError(
        `could not assume ${roleArn}: ${e.name}: ${e.message}. Check that the tier's StackSet instance exists in account ${target.accountId} and that the role trusts the remediation function's role.`,
      );
    }
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AssumeRoleError(`STS returned no credentials for ${roleArn}.`);
    return new AwsClients(this.#factory, {
      region: target.region,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      },
    });
  }
}
