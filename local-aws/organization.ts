import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OrganizationConfig } from '../config/schema';

/**
 * The AWS Organization a config describes, built in moto: what `npm run diff` and `npm run
 * deploy` read (the organization, its root, the security account, each tier's OUs and listed
 * accounts) exists locally as it would in AWS.
 *
 * moto chooses account and OU ids itself, so the config cannot be used as it is: the ids it names
 * are mapped to the ones moto chose, and a copy of the config with every id replaced is what the
 * stacks are synthesized from. The management account is the config's own: local AWS reads a
 * 12-digit access key as that account.
 */
export interface LocalOrganization {
  readonly organizationId: string;
  readonly rootId: string;
  /** The config's ids (accounts, OUs) and the ids moto gave them. */
  readonly ids: ReadonlyMap<string, string>;
  /** The config's text with every mapped id replaced. */
  readonly configText: string;
}

/** Where the organization is built: the endpoint (the moto gaps proxy) and the Region. */
export interface OrganizationTarget {
  readonly endpoint: string;
  readonly region: string;
}

/**
 * Creates, as the management account, the organization, the security account, one OU per OU id
 * of each tier (named after the tier) and the accounts tiers list (in the tier's first OU).
 * @param configText the config file's text, rewritten with moto's ids
 */
export async function buildOrganization(
  config: OrganizationConfig,
  configText: string,
  target: OrganizationTarget,
): Promise<LocalOrganization> {
  const management = config.organization.managementAccountId;
  const client = new OrganizationsClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: { accessKeyId: management, secretAccessKey: 'local' },
  });
  try {
    const organization = (await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
    const rootId = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
    const ids = new Map<string, string>();
    const createAccount = async (name: string): Promise<string> => {
      const request = (await client.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` })))
        .CreateAccountStatus!;
      const status = (
        await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request.Id! }))
      ).CreateAccountStatus!;
      if (status.State !== 'SUCCEEDED' || !status.AccountId)
        throw new Error(`Organizations did not create account ${name}: ${status.FailureReason ?? status.State}`);
      return status.AccountId;
    };
    ids.set(config.organization.securityAccountId, await createAccount('security'));
    for (const tier of config.tiers) {
      const ous = tier.organizationalUnits ?? [];
      for (const [i, ou] of ous.entries()) {
        if (ids.has(ou)) continue;
        const name = ous.length > 1 ? `${tier.name}-${i + 1}` : tier.name;
        ids.set(
          ou,
          (await client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }))).OrganizationalUnit!
            .Id!,
        );
      }
      for (const account of tier.accounts ?? []) {
        if (ids.has(account) || account === management) continue;
        const created = await createAccount(`${tier.name}-${account}`);
        ids.set(account, created);
        const home = ous[0] ? ids.get(ous[0]) : undefined;
        if (home)
          await client.send(
            new MoveAccountCommand({ AccountId: created, SourceParentId: rootId, DestinationParentId: home }),
          );
      }
    }
    return { organizationId: organization.Id!, rootId, ids, configText: localConfigText(configText, ids) };
  } finally {
    client.destroy();
  }
}

/**
 * The config with every mapped id replaced wherever it stands alone (a value, a list item, the
 * account in an ARN), keeping its comments and layout.
 */
export function localConfigText(text: string, ids: ReadonlyMap<string, string>): string {
  if (ids.size === 0) return text;
  const pattern = new RegExp(
    `(?<![\\w-])(${[...ids.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w-])`,
    'g',
  );
  return text.replace(pattern, (id) => ids.get(id) ?? id);
}
