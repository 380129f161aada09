import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { startLocalAws, type LocalAws } from '../../../local-aws/lifecycle';
import { startMotoGapsProxy, type MotoGapsProxy } from '../../../local-aws/moto-gaps';

/** The Organizations management account of the example organization; local AWS acts as it for its access key. */
export const MANAGEMENT_ACCOUNT = '999988887777';

/** Local AWS with an AWS Organization in moto, as the management stack needs it. */
export interface LocalOrganization {
  /** The endpoint tools use: the moto gaps proxy in front of local AWS. */
  readonly endpoint: string;
  /** Local AWS itself: the Security Hub emulator's state and moto's logs. */
  readonly local: LocalAws;
  /** The proxy that fills moto's gaps (and holds the delegations moto refuses). */
  readonly gaps: MotoGapsProxy;
  readonly organizationId: string;
  readonly rootId: string;
  /** The security (delegated administrator) account: a member account moto created. */
  readonly securityAccountId: string;
  /** OU ids by the names passed to {@link startLocalOrganization}. */
  readonly organizationalUnits: Readonly<Record<string, string>>;
  /** Environment that makes an SDK or terraform act as `accountId` against local AWS. */
  envFor(accountId: string): Record<string, string>;
  /** SDK client settings acting as `accountId`. */
  clientConfig(accountId: string): {
    region: string;
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

/**
 * Starts local AWS and builds an organization in moto: the management account 999988887777
 * creates the organization, a security account and one OU per name under the root. moto picks
 * the ids of the account and the OUs, so configs are built from what this returns.
 *
 * Accounts act through their access key: local AWS reads a 12-digit access key id as that
 * account, in moto and in the Security Hub emulator alike. Assuming `deployment.roleName` would
 * give moto-generated keys the Security Hub emulator cannot map to an account, so configs used
 * here leave `deployment` out and each stack runs with its account's own key.
 */
export async function startLocalOrganization(ouNames: readonly string[]): Promise<LocalOrganization> {
  const local = await startLocalAws();
  let gaps: MotoGapsProxy | undefined;
  try {
    gaps = await startMotoGapsProxy(local.endpoint);
    const endpoint = gaps.endpoint;
    const region = local.env.AWS_REGION;
    const clientConfig = (accountId: string) => ({
      region,
      endpoint,
      credentials: { accessKeyId: accountId, secretAccessKey: 'local' },
    });
    const organizations = new OrganizationsClient(clientConfig(MANAGEMENT_ACCOUNT));
    try {
      const organization = (await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })))
        .Organization!;
      const rootId = (await organizations.send(new ListRootsCommand({}))).Roots![0].Id!;
      const request = (
        await organizations.send(new CreateAccountCommand({ AccountName: 'security', Email: 'security@example.com' }))
      ).CreateAccountStatus!;
      const status = (
        await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request.Id! }))
      ).CreateAccountStatus!;
      if (status.State !== 'SUCCEEDED' || !status.AccountId)
        throw new Error(`moto did not create the security account: ${JSON.stringify(status)}`);
      const organizationalUnits: Record<string, string> = {};
      for (const name of ouNames) {
        organizationalUnits[name] = (
          await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }))
        ).OrganizationalUnit!.Id!;
      }
      const proxy = gaps;
      return {
        endpoint,
        local,
        gaps: proxy,
        organizationId: organization.Id!,
        rootId,
        securityAccountId: status.AccountId,
        organizationalUnits,
        clientConfig,
        envFor: (accountId) => ({
          ...local.env,
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: accountId,
          AWS_SECRET_ACCESS_KEY: 'local',
          // Nothing from the machine's own AWS files may change who terraform acts as.
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        }),
        stop: async () => {
          await proxy.close();
          await local.stop();
        },
      };
    } finally {
      organizations.destroy();
    }
  } catch (err) {
    await gaps?.close();
    await local.stop();
    throw err;
  }
}
