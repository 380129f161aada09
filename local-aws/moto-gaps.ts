import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountForAccessKey, parseCredentialScope, type CredentialScope } from './securityhub/identity';

/**
 * A proxy in front of local AWS that fills the gaps of moto 5.2.1 the stacks run into, and
 * passes everything else through unchanged. They are moto's shortcomings, not the product's, so
 * they are worked around here, in local AWS (`npm run local-aws -- --organization` puts the proxy
 * in front; the end-to-end tests do the same):
 *
 * 1. Organizations `RegisterDelegatedAdministrator` accepts only six service principals in moto
 *    (`FakeDelegatedAdministrator.SUPPORTED_SERVICES`); AWS also accepts `config.amazonaws.com`
 *    and `securityhub.amazonaws.com`, which the management stack registers. Register, Deregister
 *    and the List calls for the other principals are answered here; the account's details come
 *    from moto's DescribeAccount, so an account outside the organization is still refused.
 * 2. CloudFormation `CreateStackSet`/`UpdateStackSet` drop `Capabilities` and `AutoDeployment`,
 *    and `DescribeStackSet` never returns them, so the provider plans a replacement of every
 *    service-managed StackSet after apply. They are remembered here and put back into
 *    DescribeStackSet answers.
 * 3. Organizations resource policies (`PutResourcePolicy`, `DescribeResourcePolicy`,
 *    `DeleteResourcePolicy`, and tags on the policy) are not implemented; the management stack
 *    uses one to let the security account read the organization. One policy is kept here.
 * 4. Removing a delegated administrator: GuardDuty's and Macie's DisableOrganizationAdminAccount
 *    are not implemented (404), and Inspector's DisableDelegatedAdminAccount leaves the account
 *    listed as DISABLED forever, where the provider waits for it to go. The disable calls are
 *    answered here (Inspector's is also passed to moto) and the List answers leave the removed
 *    administrators out, until they are enabled again.
 * 5. GuardDuty members (`CreateMembers`, `ListMembers`, `GetMembers`) are not implemented. They
 *    are kept here per administrator detector, which must be the caller's own (checked with moto's
 *    GetDetector); an organization account the administrator adds is `Enabled` at once, as in AWS.
 * 6. Macie's timestamps (`createdAt`, `invitedAt`, ...) come without a time zone, which the SDK
 *    refuses as not RFC 3339; they are UTC, so `Z` is added to each.
 * 7. The keys moto's STS makes up for an assumed role name no account the Security Hub emulator
 *    can read. Given `onAssumedRole`, the proxy reads each AssumeRole answer and reports the key
 *    and the account of the role, so local AWS can map the key (`accessKeyAccounts`).
 */
export interface MotoGapsProxy {
  /** `http://127.0.0.1:PORT`: point tools here instead of at local AWS. */
  readonly endpoint: string;
  /** The delegations the proxy holds (moto holds the others). */
  delegations(): ReadonlyArray<{ accountId: string; servicePrincipal: string }>;
  /** The id of the organization's resource policy, when one is in place. */
  resourcePolicy(): string | undefined;
  close(): Promise<void>;
}

/** Service principals moto's Organizations accepts as delegated administrator services. */
const MOTO_DELEGATION_PRINCIPALS = new Set([
  'config-multiaccountsetup.amazonaws.com',
  'guardduty.amazonaws.com',
  'access-analyzer.amazonaws.com',
  'macie.amazonaws.com',
  'servicecatalog.amazonaws.com',
  'ssm.amazonaws.com',
]);

const ORGANIZATIONS_TARGET = 'AWSOrganizationsV20161128.';

/** What a handler sees of a request whose body was read. */
interface BufferedRequest {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly scope: CredentialScope;
}

/** An HTTP answer, from moto or made here. */
interface Answer {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: Buffer;
}

type Forward = (
  req: BufferedRequest,
  override?: Partial<Pick<BufferedRequest, 'rawHeaders' | 'body'>>,
) => Promise<Answer>;

function json(status: number, body: unknown, errorType?: string): Answer {
  const text = Buffer.from(JSON.stringify(body));
  const headers = ['content-type', 'application/x-amz-json-1.1', ...(errorType ? ['x-amzn-errortype', errorType] : [])];
  return { status, headers, body: text };
}

function header(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1];
  return undefined;
}

function withHeader(rawHeaders: readonly string[], name: string, value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    out.push(rawHeaders[i], rawHeaders[i].toLowerCase() === name ? value : rawHeaders[i + 1]);
  }
  return out;
}

/** Organizations delegated administrators for the principals moto refuses. */
function organizationsGap(forward: Forward) {
  const held: Array<{
    accountId: string;
    servicePrincipal: string;
    enabledAt: number;
    account: Record<string, unknown>;
  }> = [];
  const entriesFor = (principal: string | undefined) => {
    const seen = new Set<string>();
    return held
      .filter((d) => principal === undefined || d.servicePrincipal === principal)
      .filter((d) => (seen.has(d.accountId) ? false : (seen.add(d.accountId), true)))
      .map((d) => ({ ...d.account, Id: d.accountId, DelegationEnabledDate: d.enabledAt }));
  };

  let policy: { id: string; arn: string; content: string; tags: Array<{ Key: string; Value: string }> } | undefined;
  const notFound = () =>
    json(
      400,
      {
        __type: 'ResourcePolicyNotFoundException',
        Message: "We can't find a resource policy request with the ID that you specified.",
      },
      'ResourcePolicyNotFoundException',
    );
  const policyBody = () => ({
    ResourcePolicy: { ResourcePolicySummary: { Id: policy!.id, Arn: policy!.arn }, Content: policy!.content },
  });
  const resourcePolicy = async (
    req: BufferedRequest,
    operation: string,
    input: Record<string, unknown>,
  ): Promise<Answer | undefined> => {
    const forPolicy = typeof input.ResourceId === 'string' && input.ResourceId.startsWith('rp-');
    switch (operation) {
      case 'PutResourcePolicy': {
        if (!policy) {
          const described = await forward(req, {
            rawHeaders: withHeader(req.rawHeaders, 'x-amz-target', `${ORGANIZATIONS_TARGET}DescribeOrganization`),
            body: Buffer.from('{}'),
          });
          if (described.status !== 200) return described;
          const organization = (
            JSON.parse(described.body.toString('utf8')) as { Organization: { Id: string; MasterAccountId: string } }
          ).Organization;
          const id = `rp-${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}`;
          policy = {
            id,
            arn: `arn:aws:organizations::${organization.MasterAccountId}:resourcepolicy/${organization.Id}/${id}`,
            content: '',
            tags: [],
          };
        }
        policy.content = String(input.Content ?? '');
        if (Array.isArray(input.Tags)) policy.tags = input.Tags as Array<{ Key: string; Value: string }>;
        return json(200, policyBody());
      }
      case 'DescribeResourcePolicy':
        return policy ? json(200, policyBody()) : notFound();
      case 'DeleteResourcePolicy':
        if (!policy) return notFound();
        policy = undefined;
        return json(200, {});
      case 'ListTagsForResource':
        if (!forPolicy) return undefined;
        return policy && policy.id === input.ResourceId ? json(200, { Tags: policy.tags }) : notFound();
      case 'TagResource':
      case 'UntagResource': {
        if (!forPolicy) return undefined;
        if (!policy || policy.id !== input.ResourceId) return notFound();
        const tags = operation === 'TagResource' ? (input.Tags as Array<{ Key: string; Value: string }>) : [];
        const dropped = new Set([
          ...(operation === 'UntagResource' ? (input.TagKeys as string[]) : []),
          ...tags.map((t) => t.Key),
        ]);
        policy.tags = [...policy.tags.filter((t) => !dropped.has(t.Key)), ...tags];
        return json(200, {});
      }
      default:
        return undefined;
    }
  };

  const handle = async (req: BufferedRequest): Promise<Answer | undefined> => {
    const target = header(req.rawHeaders, 'x-amz-target') ?? '';
    if (!target.startsWith(ORGANIZATIONS_TARGET)) return undefined;
    const operation = target.slice(ORGANIZATIONS_TARGET.length);
    const input = (req.body.length > 0 ? JSON.parse(req.body.toString('utf8')) : {}) as Record<
      string,
      string | undefined
    >;
    const principal = input.ServicePrincipal;
    const ours = principal !== undefined && !MOTO_DELEGATION_PRINCIPALS.has(principal);
    const policyAnswer = await resourcePolicy(req, operation, input as Record<string, unknown>);
    if (policyAnswer) return policyAnswer;
    switch (operation) {
      case 'RegisterDelegatedAdministrator': {
        if (!ours) return undefined;
        if (held.some((d) => d.accountId === input.AccountId && d.servicePrincipal === principal)) {
          return json(
            400,
            {
              __type: 'AccountAlreadyRegisteredException',
              Message: 'The provided account is already a delegated administrator for your organization.',
            },
            'AccountAlreadyRegisteredException',
          );
        }
        const described = await forward(req, {
          rawHeaders: withHeader(req.rawHeaders, 'x-amz-target', `${ORGANIZATIONS_TARGET}DescribeAccount`),
          body: Buffer.from(JSON.stringify({ AccountId: input.AccountId })),
        });
        if (described.status !== 200) return described;
        const account = (JSON.parse(described.body.toString('utf8')) as { Account: Record<string, unknown> }).Account;
        held.push({
          accountId: input.AccountId!,
          servicePrincipal: principal,
          enabledAt: Math.floor(Date.now() / 1000),
          account,
        });
        return json(200, {});
      }
      case 'DeregisterDelegatedAdministrator': {
        if (!ours) return undefined;
        const index = held.findIndex((d) => d.accountId === input.AccountId && d.servicePrincipal === principal);
        if (index < 0) {
          return json(
            400,
            {
              __type: 'AccountNotRegisteredException',
              Message: 'The provided account is not a registered delegated administrator for your organization.',
            },
            'AccountNotRegisteredException',
          );
        }
        held.splice(index, 1);
        return json(200, {});
      }
      case 'ListDelegatedAdministrators': {
        if (ours) return json(200, { DelegatedAdministrators: entriesFor(principal) });
        const answer = await forward(req);
        if (answer.status !== 200 || principal !== undefined) return answer;
        const fromMoto =
          (JSON.parse(answer.body.toString('utf8')) as { DelegatedAdministrators?: Array<{ Id?: string }> })
            .DelegatedAdministrators ?? [];
        return json(200, {
          DelegatedAdministrators: [
            ...fromMoto,
            ...entriesFor(undefined).filter((e) => !fromMoto.some((m) => m.Id === e.Id)),
          ],
        });
      }
      case 'ListDelegatedServicesForAccount': {
        const mine = held
          .filter((d) => d.accountId === input.AccountId)
          .map((d) => ({ ServicePrincipal: d.servicePrincipal, DelegationEnabledDate: d.enabledAt }));
        if (mine.length === 0) return undefined;
        const answer = await forward(req);
        const fromMoto =
          answer.status === 200
            ? ((JSON.parse(answer.body.toString('utf8')) as { DelegatedServices?: unknown[] }).DelegatedServices ?? [])
            : [];
        return json(200, { DelegatedServices: [...fromMoto, ...mine] });
      }
      default:
        return undefined;
    }
  };
  return {
    handle,
    delegations: () => held.map((d) => ({ accountId: d.accountId, servicePrincipal: d.servicePrincipal })),
    resourcePolicy: () => policy?.id,
  };
}

/** CloudFormation StackSet settings moto drops. */
function stackSetGap(forward: Forward) {
  /** Capabilities and AutoDeployment as XML, by account, Region and StackSet name. */
  const settings = new Map<string, { capabilities: string[]; autoDeployment?: { enabled: string; retain?: string } }>();
  const keyOf = (req: BufferedRequest, name: string) =>
    `${accountForAccessKey(req.scope.accessKeyId)}/${req.scope.region}/${name}`;

  const handle = async (req: BufferedRequest): Promise<Answer | undefined> => {
    const form = new URLSearchParams(req.body.toString('utf8'));
    const action = form.get('Action');
    const name = form.get('StackSetName') ?? '';
    // Service-managed StackSets are addressed by name; an ARN-style id `name:uuid` names the same one.
    const key = keyOf(req, name.split(':')[0]);
    if (action === 'CreateStackSet' || action === 'UpdateStackSet') {
      const answer = await forward(req);
      if (answer.status !== 200) return answer;
      const current = settings.get(key) ?? { capabilities: [] };
      const capabilities = [...form.keys()]
        .filter((k) => /^Capabilities\.member\.\d+$/.test(k))
        .map((k) => form.get(k)!);
      const enabled = form.get('AutoDeployment.Enabled');
      settings.set(key, {
        capabilities: capabilities.length > 0 || action === 'CreateStackSet' ? capabilities : current.capabilities,
        autoDeployment:
          enabled !== null
            ? { enabled, retain: form.get('AutoDeployment.RetainStacksOnAccountRemoval') ?? undefined }
            : current.autoDeployment,
      });
      return answer;
    }
    if (action === 'DeleteStackSet') {
      const answer = await forward(req);
      if (answer.status === 200) settings.delete(key);
      return answer;
    }
    if (action !== 'DescribeStackSet') return undefined;
    const answer = await forward(req);
    const remembered = settings.get(key);
    if (answer.status !== 200 || !remembered) return answer;
    const xml = [
      remembered.capabilities.length > 0
        ? `<Capabilities>${remembered.capabilities.map((c) => `<member>${c}</member>`).join('')}</Capabilities>`
        : '',
      remembered.autoDeployment
        ? `<AutoDeployment><Enabled>${remembered.autoDeployment.enabled}</Enabled>${remembered.autoDeployment.retain !== undefined ? `<RetainStacksOnAccountRemoval>${remembered.autoDeployment.retain}</RetainStacksOnAccountRemoval>` : ''}</AutoDeployment>`
        : '',
    ].join('');
    const body = Buffer.from(answer.body.toString('utf8').replace('<StackSet>', `<StackSet>${xml}`));
    return { status: answer.status, headers: answer.headers, body };
  };
  return { handle };
}

/** The organization administrators of GuardDuty, Macie and Inspector that were removed. */
function organizationAdminGap(forward: Forward) {
  const removed = new Set<string>();
  const key = (req: BufferedRequest, adminId: unknown) => `${req.scope.service}/${req.scope.region}/${String(adminId)}`;
  const input = (req: BufferedRequest) =>
    (req.body.length > 0 ? JSON.parse(req.body.toString('utf8')) : {}) as Record<string, unknown>;
  const filtered = async (req: BufferedRequest, listField: string, idField: string): Promise<Answer> => {
    const answer = await forward(req);
    if (answer.status !== 200) return answer;
    const body = JSON.parse(answer.body.toString('utf8')) as Record<string, Array<Record<string, unknown>> | undefined>;
    const seen = new Set<unknown>();
    body[listField] = (body[listField] ?? []).filter(
      (a) => !removed.has(key(req, a[idField])) && (seen.has(a[idField]) ? false : (seen.add(a[idField]), true)),
    );
    return { ...answer, body: Buffer.from(JSON.stringify(body)) };
  };
  const enabled = async (req: BufferedRequest, adminId: unknown): Promise<Answer> => {
    const answer = await forward(req);
    if (answer.status === 200) removed.delete(key(req, adminId));
    return answer;
  };

  const handle = async (req: BufferedRequest): Promise<Answer | undefined> => {
    const route = `${req.scope.service} ${req.method} ${req.url.split('?')[0]}`;
    switch (route) {
      case 'guardduty POST /admin/enable':
        return enabled(req, input(req).adminAccountId);
      case 'guardduty POST /admin/disable':
        removed.add(key(req, input(req).adminAccountId));
        return json(200, {});
      case 'guardduty GET /admin':
        return filtered(req, 'adminAccounts', 'adminAccountId');
      case 'macie2 POST /admin':
        return enabled(req, input(req).adminAccountId);
      case 'macie2 DELETE /admin':
        removed.add(key(req, new URLSearchParams(req.url.split('?')[1] ?? '').get('adminAccountId')));
        return json(200, {});
      case 'macie2 GET /admin':
        return filtered(req, 'adminAccounts', 'accountId');
      case 'inspector2 POST /delegatedadminaccounts/enable':
        return enabled(req, input(req).delegatedAdminAccountId);
      case 'inspector2 POST /delegatedadminaccounts/disable': {
        const answer = await forward(req);
        if (answer.status === 200) removed.add(key(req, input(req).delegatedAdminAccountId));
        return answer;
      }
      case 'inspector2 POST /delegatedadminaccounts/list':
        return filtered(req, 'delegatedAdminAccounts', 'accountId');
      default:
        return undefined;
    }
  };
  return { handle };
}

/** GuardDuty members of each administrator detector, which moto does not implement. */
function guardDutyMembersGap(forward: Forward) {
  const members = new Map<string, Map<string, Record<string, string>>>();
  const handle = async (req: BufferedRequest): Promise<Answer | undefined> => {
    const match = /^\/detector\/([^/?]+)\/member(\/get)?(?:\?|$)/.exec(req.url);
    if (!match) return undefined;
    const detectorId = decodeURIComponent(match[1]);
    // The detector must exist and be the caller's: moto's GetDetector answers for the same credentials and Region.
    const detector = await forward({
      ...req,
      method: 'GET',
      url: `/detector/${encodeURIComponent(detectorId)}`,
      body: Buffer.alloc(0),
    });
    if (detector.status !== 200) return detector;
    const key = `${req.scope.accessKeyId}/${req.scope.region}/${detectorId}`;
    const held = members.get(key) ?? new Map<string, Record<string, string>>();
    members.set(key, held);
    const input = (req.body.length > 0 ? JSON.parse(req.body.toString('utf8')) : {}) as Record<string, unknown>;
    const administrator = accountForAccessKey(req.scope.accessKeyId);
    if (req.method === 'POST' && !match[2]) {
      const details = input.accountDetails;
      if (!Array.isArray(details) || details.length === 0 || details.length > 50) {
        return json(
          400,
          { __type: 'BadRequestException', message: 'accountDetails must list 1 to 50 accounts' },
          'BadRequestException',
        );
      }
      const unprocessed = [];
      for (const d of details as Array<{ accountId?: unknown; email?: unknown }>) {
        if (typeof d.accountId !== 'string' || !/^\d{12}$/.test(d.accountId))
          return json(
            400,
            {
              __type: 'BadRequestException',
              message: `accountId ${JSON.stringify(d.accountId)} is not a 12-digit account id`,
            },
            'BadRequestException',
          );
        if (d.accountId === administrator) {
          unprocessed.push({
            accountId: d.accountId,
            result: 'The request is rejected because the current account cannot be a member of itself.',
          });
          continue;
        }
        const now = new Date().toISOString();
        held.set(d.accountId, {
          accountId: d.accountId,
          detectorId,
          masterId: administrator,
          administratorId: administrator,
          email: typeof d.email === 'string' ? d.email : '',
          relationshipStatus: 'Enabled',
          invitedAt: now,
          updatedAt: now,
        });
      }
      return json(200, { unprocessedAccounts: unprocessed });
    }
    if (req.method === 'GET' && !match[2]) return json(200, { members: [...held.values()] });
    if (req.method === 'POST' && match[2]) {
      const ids = Array.isArray(input.accountIds) ? (input.accountIds as string[]) : [];
      return json(200, {
        members: ids.filter((id) => held.has(id)).map((id) => held.get(id)),
        unprocessedAccounts: ids
          .filter((id) => !held.has(id))
          .map((accountId) => ({
            accountId,
            result:
              'The request is rejected because the input detectorId is not owned by the current account or the account is not a member.',
          })),
      });
    }
    return undefined;
  };
  return { handle };
}

/** What an STS AssumeRole answer says: the new access key and the account of the role assumed. */
function assumedRoleGap(forward: Forward, onAssumedRole: (accessKeyId: string, accountId: string) => void) {
  const handle = async (req: BufferedRequest): Promise<Answer> => {
    const answer = await forward(req);
    if (answer.status === 200) {
      const text = answer.body.toString('utf8');
      const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
      const account = /<Arn>arn:aws[\w-]*:sts::(\d{12}):assumed-role\//.exec(text)?.[1];
      if (key && account) onAssumedRole(key, account);
    }
    return answer;
  };
  return { handle };
}

/** Adds the `Z` moto leaves off Macie's UTC timestamps. */
function withZonedTimes(answer: Answer): Answer {
  const text = answer.body.toString('utf8').replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)"/g, '"$1Z"');
  return { ...answer, body: Buffer.from(text) };
}

/** Options of the proxy. */
export interface MotoGapsOptions {
  /** Called with each access key STS AssumeRole hands out and the account it acts in. */
  readonly onAssumedRole?: (accessKeyId: string, accountId: string) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: Answer): void {
  const headers: string[] = [];
  for (let i = 0; i < answer.headers.length; i += 2) {
    const name = answer.headers[i].toLowerCase();
    if (name === 'content-length' || name === 'transfer-encoding') continue;
    headers.push(answer.headers[i], answer.headers[i + 1]);
  }
  headers.push('content-length', String(answer.body.length));
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * Starts the proxy on 127.0.0.1 in front of `upstreamEndpoint` (local AWS).
 * @param port the port to listen on, or 0 for a free one
 */
export async function startMotoGapsProxy(
  upstreamEndpoint: string,
  port = 0,
  options: MotoGapsOptions = {},
): Promise<MotoGapsProxy> {
  const upstream = new URL(upstreamEndpoint);

  const forward: Forward = (req, override = {}) =>
    new Promise((resolve, reject) => {
      const body = override.body ?? req.body;
      const headers: string[] = [];
      const raw = override.rawHeaders ?? req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i].toLowerCase();
        if (name === 'expect' || name === 'content-length' || name === 'transfer-encoding') continue;
        headers.push(raw[i], raw[i + 1]);
      }
      headers.push('content-length', String(body.length));
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.rawHeaders, body: Buffer.concat(chunks) }),
          );
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const organizations = organizationsGap(forward);
  const stackSets = stackSetGap(forward);
  const organizationAdmins = organizationAdminGap(forward);
  const guardDutyMembers = guardDutyMembersGap(forward);
  const handlers: Record<string, (req: BufferedRequest) => Promise<Answer | undefined>> = {
    organizations: organizations.handle,
    cloudformation: stackSets.handle,
    guardduty: async (req) => (await guardDutyMembers.handle(req)) ?? organizationAdmins.handle(req),
    macie2: async (req) => withZonedTimes((await organizationAdmins.handle(req)) ?? (await forward(req))),
    inspector2: organizationAdmins.handle,
    ...(options.onAssumedRole ? { sts: assumedRoleGap(forward, options.onAssumedRole).handle } : {}),
  };

  const pipeThrough = (req: IncomingMessage, res: ServerResponse): void => {
    const headers: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i].toLowerCase() !== 'expect') headers.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    out.on('error', (err) =>
      res.headersSent
        ? res.destroy()
        : send(res, json(502, { message: `moto gaps proxy could not reach local AWS: ${err.message}` })),
    );
    req.pipe(out);
  };

  const server: Server = createServer((req, res) => {
    const scope = parseCredentialScope(req.headers, req.url);
    const handler = scope ? handlers[scope.service] : undefined;
    if (!scope || !handler) {
      pipeThrough(req, res);
      return;
    }
    readBody(req)
      .then(async (body) => {
        const buffered: BufferedRequest = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          rawHeaders: req.rawHeaders,
          body,
          scope,
        };
        send(res, (await handler(buffered)) ?? (await forward(buffered)));
      })
      .catch((err: Error) =>
        res.headersSent
          ? res.destroy()
          : send(
              res,
              json(500, { __type: 'ServiceException', Message: `moto gaps proxy: ${err.message}` }, 'ServiceException'),
            ),
      );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    delegations: organizations.delegations,
    resourcePolicy: organizations.resourcePolicy,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `npx tsx local-aws/moto-gaps.ts http://127.0.0.1:PORT [LISTEN_PORT]`: runs the proxy in front of
 * a local AWS started with `npm run local-aws` (without --organization, which starts its own). Prints `AWS_ENDPOINT_URL=...` for the proxy; Ctrl-C stops it.
 */
async function runStandalone(argv: readonly string[]): Promise<void> {
  const [upstream, listen] = argv;
  if (!upstream || !/^http:\/\/(127\.0\.0\.1|localhost):\d+\/?$/.test(upstream)) {
    process.stderr.write(
      'usage: npx tsx local-aws/moto-gaps.ts http://127.0.0.1:PORT [LISTEN_PORT]  (PORT: the endpoint `npm run local-aws` printed)\n',
    );
    process.exit(2);
  }
  const proxy = await startMotoGapsProxy(upstream, listen ? Number(listen) : 0);
  process.stdout.write(`AWS_ENDPOINT_URL=${proxy.endpoint}\n`);
  process.stderr.write(`moto gaps proxy in front of ${upstream}; Ctrl-C stops it\n`);
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  runStandalone(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`moto gaps proxy: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
