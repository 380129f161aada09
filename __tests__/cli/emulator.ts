import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  BatchEnableStandardsCommand,
  CreateFindingAggregatorCommand,
  CreateMembersCommand,
  EnableOrganizationAdminAccountCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { ComplianceReport, ControlResult } from '../../cli/report/model';
import { startLocalAws, type LocalAws, type RequestLogEntry, type SecurityHubEmulator } from '../../local-aws';

/** The organization's management account, which designates the administrator. */
export const MANAGEMENT = '999988887777';

/** Every standard the organization fixture's findings name, as ARNs in us-east-1. */
export const FIXTURE_STANDARD_ARNS = [
  'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
  'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
  'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
  'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
];

/** A running emulator set up as an organization's delegated administrator would see it. */
export interface OrgEmulator {
  readonly endpoint: string;
  readonly emulator: SecurityHubEmulator;
  /** Every request the emulator answered. */
  readonly requests: RequestLogEntry[];
  /** A client acting as the administrator in us-east-1. */
  readonly admin: SecurityHubClient;
  stop(): Promise<void>;
}

/** SDK credentials the emulator maps to an account: a 12-digit access key id is that account. */
export function credentialsFor(account: string) {
  return { accessKeyId: account, secretAccessKey: 'emulator' };
}

/** The Security Hub side of an organization: who administers, who is a member, what was found. */
export interface OrgEmulatorOptions {
  readonly administrator: string;
  readonly members: readonly string[];
  readonly findings: Iterable<unknown>;
  readonly standardsArns?: readonly string[];
  readonly regions?: readonly string[];
}

/**
 * Starts local AWS (the project's Security Hub emulator behind one 127.0.0.1 endpoint) with: hubs for every account and
 * Region, the administrator designated by the management account, members enrolled, an
 * ALL_REGIONS finding aggregator in us-east-1, the given standards enabled, and the findings loaded.
 */
export async function startOrgEmulator(options: OrgEmulatorOptions): Promise<OrgEmulator> {
  const requests: RequestLogEntry[] = [];
  const local = await startLocalAws({ onRequest: (e) => requests.push(e) });
  try {
    return await setUpSecurityHub(local, requests, options);
  } catch (e) {
    await local.stop();
    throw e;
  }
}

/** Where an organization's OUs and accounts sit, by name. */
export interface OrganizationLayout {
  /** OU paths under the root, parents first: `workloads`, then `workloads/apps` for an OU nested in it. */
  readonly organizationalUnits: readonly string[];
  /** Account name -> the OU path it is moved to (`''` leaves it under the root). */
  readonly accounts: Readonly<Record<string, string>>;
}

/** An organization moto holds: ids by the names of the layout (moto picks every id). */
export interface MotoOrganization {
  readonly rootId: string;
  /** OU id by OU path. */
  readonly organizationalUnits: Readonly<Record<string, string>>;
  /** Account id by account name. */
  readonly accounts: Readonly<Record<string, string>>;
}

/**
 * Like {@link startOrgEmulator}, in an AWS Organization that moto holds: the management account
 * creates the organization, the OUs (nested as their paths say) and the accounts, and moves each
 * account into its OU. moto picks the account ids, so the Security Hub side is built from them.
 */
export async function startOrgEmulatorInOrganization(
  layout: OrganizationLayout,
  securityHub: (organization: MotoOrganization) => OrgEmulatorOptions,
): Promise<OrgEmulator & { readonly organization: MotoOrganization }> {
  const requests: RequestLogEntry[] = [];
  const local = await startLocalAws({ onRequest: (e) => requests.push(e) });
  try {
    const organization = await createOrganization(local.endpoint, layout);
    return { ...(await setUpSecurityHub(local, requests, securityHub(organization))), organization };
  } catch (e) {
    await local.stop();
    throw e;
  }
}

async function createOrganization(endpoint: string, layout: OrganizationLayout): Promise<MotoOrganization> {
  const organizations = new OrganizationsClient({
    region: 'us-east-1',
    endpoint,
    credentials: credentialsFor(MANAGEMENT),
  });
  try {
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await organizations.send(new ListRootsCommand({}))).Roots![0].Id!;
    const ous: Record<string, string> = {};
    for (const ouPath of layout.organizationalUnits) {
      const slash = ouPath.lastIndexOf('/');
      const parentId = slash < 0 ? rootId : ous[ouPath.slice(0, slash)];
      if (!parentId) throw new Error(`OU ${ouPath}: its parent must come first in organizationalUnits`);
      ous[ouPath] = (
        await organizations.send(
          new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: ouPath.slice(slash + 1) }),
        )
      ).OrganizationalUnit!.Id!;
    }
    const accounts: Record<string, string> = {};
    for (const [name, ouPath] of Object.entries(layout.accounts)) {
      const request = (
        await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))
      ).CreateAccountStatus!;
      const accountId = (
        await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request.Id! }))
      ).CreateAccountStatus!.AccountId!;
      if (ouPath !== '')
        await organizations.send(
          new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ous[ouPath] }),
        );
      accounts[name] = accountId;
    }
    return { rootId, organizationalUnits: ous, accounts };
  } finally {
    organizations.destroy();
  }
}

async function setUpSecurityHub(
  local: LocalAws,
  requests: RequestLogEntry[],
  options: OrgEmulatorOptions,
): Promise<OrgEmulator> {
  const { endpoint, securityhub: emulator } = local;
  const regions = options.regions ?? ['us-east-1', 'us-west-2', 'eu-west-1'];
  for (const account of [MANAGEMENT, options.administrator, ...options.members]) {
    for (const region of regions) emulator.enableHub(account, region);
  }
  const client = (account: string, region = 'us-east-1') =>
    new SecurityHubClient({ region, endpoint, credentials: credentialsFor(account) });
  // The delegated administrator is designated, and enrols the members, in every Region, as
  // central configuration does; the aggregator then links those Regions into us-east-1.
  for (const region of regions) {
    const management = client(MANAGEMENT, region);
    await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: options.administrator }));
    management.destroy();
    if (options.members.length === 0) continue;
    const adminInRegion = client(options.administrator, region);
    await adminInRegion.send(
      new CreateMembersCommand({ AccountDetails: options.members.map((AccountId) => ({ AccountId })) }),
    );
    adminInRegion.destroy();
  }
  const admin = client(options.administrator);
  await admin.send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
  await admin.send(
    new BatchEnableStandardsCommand({
      StandardsSubscriptionRequests: (options.standardsArns ?? FIXTURE_STANDARD_ARNS).map((StandardsArn) => ({
        StandardsArn,
      })),
    }),
  );
  const batch: unknown[] = [];
  const load = () => {
    const result = emulator.loadFindings(batch.splice(0));
    if (result.failed.length > 0)
      throw new Error(`emulator refused findings: ${JSON.stringify(result.failed.slice(0, 3))}`);
  };
  for (const f of options.findings) {
    batch.push(f);
    if (batch.length === 1000) load();
  }
  load();
  requests.length = 0;
  return {
    endpoint,
    emulator,
    requests,
    admin,
    stop: async () => {
      admin.destroy();
      await local.stop();
    },
  };
}

/** What the fault proxy does with one request. */
export type Fault =
  /** Forward, with these request headers set (or replaced). */
  | { readonly kind: 'pass'; readonly headers?: Readonly<Record<string, string>> }
  /** Answer with an error status and an AWS error body, without asking the emulator. */
  | { readonly kind: 'error'; readonly status: number; readonly errorType: string; readonly message: string }
  /** Forward, then send the headers and half the body and cut the connection. */
  | { readonly kind: 'drop-mid-body' }
  /** Close the connection without answering. */
  | { readonly kind: 'reset' };

/** A tiny HTTP proxy in front of the emulator that injects faults into chosen requests. */
export interface FaultProxy {
  readonly endpoint: string;
  /** Requests seen per route: method and path, e.g. `POST /findings`, then the X-Amz-Target of JSON-protocol services, e.g. `POST / AWSOrganizationsV20161128.ListParents`. */
  readonly seen: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Starts the proxy.
 * @param decide picks the fault for the n-th request (1-based) to a route (see {@link FaultProxy.seen})
 */
export async function startFaultProxy(
  target: string,
  decide: (route: string, n: number) => Fault,
): Promise<FaultProxy> {
  const seen = new Map<string, number>();
  const upstream = new URL(target);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const route = `${req.method} ${(req.url ?? '').split('?')[0]}${typeof target === 'string' ? ` ${target}` : ''}`;
      const n = (seen.get(route) ?? 0) + 1;
      seen.set(route, n);
      const fault = decide(route, n);
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'error') {
        const body = JSON.stringify({ message: fault.message });
        res.writeHead(fault.status, {
          'content-type': 'application/json',
          'x-amzn-errortype': fault.errorType,
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      const headers = { ...req.headers, ...(fault.kind === 'pass' ? fault.headers : {}) };
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            const all = Buffer.concat(body);
            res.writeHead(up.statusCode ?? 502, up.headers);
            if (fault.kind === 'drop-mid-body') {
              res.write(all.subarray(0, Math.floor(all.length / 2)), () => res.socket?.destroy());
            } else {
              res.end(all);
            }
          });
        },
      );
      forward.on('error', () => res.socket?.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The route of Organizations' ListParents through the fault proxy. */
export const LIST_PARENTS = 'POST / AWSOrganizationsV20161128.ListParents';

/**
 * The management stack's Organizations resource policy delegates ListParents to the security
 * account; moto has no resource policies and answers ListParents only to the management account.
 * Through the fault proxy, this forwards everyone's ListParents as the management account's.
 */
export function delegatedListParents(route: string): Fault {
  return route === LIST_PARENTS ? { kind: 'pass', headers: { 'x-moto-account-id': MANAGEMENT } } : { kind: 'pass' };
}

/**
 * Points the SDK's default credential chain at an emulator account for the duration of a test
 * file, and keeps shared config files and instance metadata out of it.
 * @returns a function that restores the environment
 */
export function useEmulatorCredentials(account: string): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: account,
    AWS_SECRET_ACCESS_KEY: 'emulator',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}

/**
 * What only the API can know: the controls each enabled standard includes
 * (ListSecurityControlDefinitions). From the API, an enabled control that produced no finding at
 * all is NO DATA; a file cannot know it exists. This splits those controls off an API report,
 * leaving the figures a file of the same findings must match exactly (with `source`, which says
 * where the figures came from and so differs by design).
 */
export function splitApiOnly(
  api: ComplianceReport,
  file: ComplianceReport,
): { common: ComplianceReport; apiOnly: Map<string, ControlResult[]> } {
  const apiOnly = new Map<string, ControlResult[]>();
  const standards = api.standards.map((s) => {
    const inFile = new Set(
      file.standards.find((f) => f.standardsId === s.standardsId)?.controls.map((c) => c.controlId),
    );
    const only = s.controls.filter((c) => !inFile.has(c.controlId));
    apiOnly.set(s.standardsId, only);
    return { ...s, noData: s.noData - only.length, controls: s.controls.filter((c) => inFile.has(c.controlId)) };
  });
  const breakdown = api.breakdown && {
    ...api.breakdown,
    groups: api.breakdown.groups.map((g) => ({
      ...g,
      standards: g.standards.map((s) => ({ ...s, noData: s.noData - (apiOnly.get(s.standardsId)?.length ?? 0) })),
    })),
  };
  return { common: { ...api, standards, ...(breakdown ? { breakdown } : {}), source: file.source }, apiOnly };
}
