import { GuardDutyClient, ListOrganizationAdminAccountsCommand } from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import {
  ListDelegatedAdministratorsCommand,
  ListPoliciesCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListPoliciesCommand as ListIamPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DescribeParametersCommand, ListDocumentsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { request } from 'node:http';
import { MANAGEMENT_ACCOUNT, type LocalOrganization } from './local-organization';

/**
 * Calls a service at local AWS without an SDK client (the project has no client for
 * EventBridge, Inspector, Macie or CloudFormation): an unsigned request carrying a SigV4
 * credential scope, which is all local AWS and moto read to pick the service and the account.
 */
export function callLocal(
  endpoint: string,
  options: {
    readonly accountId: string;
    readonly region: string;
    readonly service: string;
    readonly method: 'GET' | 'POST';
    readonly path: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  },
): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const headers: Record<string, string> = {
    authorization: `AWS4-HMAC-SHA256 Credential=${options.accountId}/${day}/${options.region}/${options.service}/aws4_request, SignedHeaders=host, Signature=0`,
    'x-amz-date': `${day}T000000Z`,
    ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function json(endpoint: string, options: Parameters<typeof callLocal>[1]): Promise<Record<string, unknown>> {
  const answer = await callLocal(endpoint, options);
  if (answer.status !== 200)
    throw new Error(
      `${options.service} ${options.method} ${options.path}: HTTP ${answer.status} ${answer.body.slice(0, 500)}`,
    );
  return JSON.parse(answer.body || '{}') as Record<string, unknown>;
}

/** What the stacks could have left in local AWS, by kind; every list is empty after a clean destroy. */
export interface Inventory {
  readonly securityHub: { hubs: number; resources: number; organizationAdmins: number };
  readonly serviceControlPolicies: string[];
  readonly organizationsDelegations: string[];
  readonly organizationsResourcePolicies: string[];
  readonly guardDutyAdmins: string[];
  readonly inspectorAdmins: string[];
  readonly macieAdmins: string[];
  readonly eventRules: string[];
  readonly snsTopics: string[];
  readonly snsSubscriptions: string[];
  readonly kmsAliases: string[];
  /** KMS keys not scheduled for deletion (KMS never deletes a key at once). */
  readonly kmsKeysEnabled: string[];
  readonly stackSets: string[];
  readonly lambdaFunctions: string[];
  readonly ssmDocuments: string[];
  readonly ssmParameters: string[];
  readonly dynamodbTables: string[];
  readonly sqsQueues: string[];
  readonly logGroups: string[];
  /** IAM roles and customer managed policies (IAM is global: listed once per account). */
  readonly iamRoles: string[];
  readonly iamPolicies: string[];
}

/**
 * Lists what the stacks make, in every Region given, through the APIs (the Security Hub
 * emulator's state for Security Hub): AWS-managed items such as the FullAWSAccess SCP or AWS KMS
 * aliases are left out.
 */
export async function inventory(org: LocalOrganization, regions: readonly string[]): Promise<Inventory> {
  const summary = org.local.securityhub.state.summary();
  const accounts = [MANAGEMENT_ACCOUNT, org.securityAccountId];
  const organizations = new OrganizationsClient(org.clientConfig(MANAGEMENT_ACCOUNT));
  const result = {
    securityHub: { hubs: summary.hubs, resources: summary.resources, organizationAdmins: summary.organizationAdmins },
    serviceControlPolicies: [] as string[],
    organizationsDelegations: [] as string[],
    organizationsResourcePolicies: [] as string[],
    guardDutyAdmins: [] as string[],
    inspectorAdmins: [] as string[],
    macieAdmins: [] as string[],
    eventRules: [] as string[],
    snsTopics: [] as string[],
    snsSubscriptions: [] as string[],
    kmsAliases: [] as string[],
    kmsKeysEnabled: [] as string[],
    stackSets: [] as string[],
    lambdaFunctions: [] as string[],
    ssmDocuments: [] as string[],
    ssmParameters: [] as string[],
    dynamodbTables: [] as string[],
    sqsQueues: [] as string[],
    logGroups: [] as string[],
    iamRoles: [] as string[],
    iamPolicies: [] as string[],
  };
  for (const accountId of accounts) {
    const iam = new IAMClient(org.clientConfig(accountId));
    try {
      result.iamRoles.push(
        ...((await iam.send(new ListRolesCommand({}))).Roles ?? [])
          .filter((r) => !r.Path?.startsWith('/aws-service-role/'))
          .map((r) => `${accountId}/${r.RoleName}`),
      );
      result.iamPolicies.push(
        ...((await iam.send(new ListIamPoliciesCommand({ Scope: 'Local' }))).Policies ?? []).map(
          (p) => `${accountId}/${p.PolicyName}`,
        ),
      );
    } finally {
      iam.destroy();
    }
  }
  try {
    const scps = await organizations.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    result.serviceControlPolicies = (scps.Policies ?? []).filter((p) => !p.AwsManaged).map((p) => p.Name!);
    const admins = await organizations.send(new ListDelegatedAdministratorsCommand({}));
    result.organizationsDelegations = (admins.DelegatedAdministrators ?? []).map((a) => a.Id!);
    result.organizationsDelegations.push(...org.gaps.delegations().map((d) => `${d.accountId}/${d.servicePrincipal}`));
    const policy = org.gaps.resourcePolicy();
    if (policy) result.organizationsResourcePolicies.push(policy);
  } finally {
    organizations.destroy();
  }
  for (const region of regions) {
    const guardduty = new GuardDutyClient({ ...org.clientConfig(MANAGEMENT_ACCOUNT), region });
    try {
      const admins = await guardduty.send(new ListOrganizationAdminAccountsCommand({}));
      result.guardDutyAdmins.push(...(admins.AdminAccounts ?? []).map((a) => `${region}/${a.AdminAccountId}`));
    } finally {
      guardduty.destroy();
    }
    const inspector = await json(org.endpoint, {
      accountId: MANAGEMENT_ACCOUNT,
      region,
      service: 'inspector2',
      method: 'POST',
      path: '/delegatedadminaccounts/list',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    result.inspectorAdmins.push(
      ...((inspector.delegatedAdminAccounts as Array<{ accountId: string }> | undefined) ?? []).map(
        (a) => `${region}/${a.accountId}`,
      ),
    );
    const macie = await json(org.endpoint, {
      accountId: MANAGEMENT_ACCOUNT,
      region,
      service: 'macie2',
      method: 'GET',
      path: '/admin',
    });
    result.macieAdmins.push(
      ...((macie.adminAccounts as Array<{ accountId: string; status: string }> | undefined) ?? []).map(
        (a) => `${region}/${a.accountId}`,
      ),
    );
    for (const accountId of accounts) {
      const rules = await json(org.endpoint, {
        accountId,
        region,
        service: 'events',
        method: 'POST',
        path: '/',
        body: '{}',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.ListRules' },
      });
      result.eventRules.push(
        ...((rules.Rules as Array<{ Name: string }> | undefined) ?? []).map((r) => `${accountId}/${region}/${r.Name}`),
      );
      const sns = new SNSClient({ ...org.clientConfig(accountId), region });
      const kms = new KMSClient({ ...org.clientConfig(accountId), region });
      try {
        result.snsTopics.push(...((await sns.send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn!));
        result.snsSubscriptions.push(
          ...((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? []).map((s) => s.SubscriptionArn!),
        );
        const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases ?? [];
        result.kmsAliases.push(
          ...aliases.filter((a) => !a.AliasName!.startsWith('alias/aws/')).map((a) => a.AliasName!),
        );
        // AWS managed keys (alias/aws/dynamodb, made when a table is encrypted) stay, as in AWS;
        // moto marks them as customer keys, so they are known by their alias.
        const awsManaged = new Set(
          aliases.filter((a) => a.AliasName!.startsWith('alias/aws/')).map((a) => a.TargetKeyId),
        );
        for (const key of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
          if (awsManaged.has(key.KeyId)) continue;
          const meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
          if (meta.KeyManager !== 'AWS' && meta.KeyState !== 'PendingDeletion')
            result.kmsKeysEnabled.push(`${accountId}/${region}/${meta.KeyId} ${meta.KeyState}`);
        }
      } finally {
        sns.destroy();
        kms.destroy();
      }
      const lambda = new LambdaClient({ ...org.clientConfig(accountId), region });
      const ssm = new SSMClient({ ...org.clientConfig(accountId), region });
      const dynamodb = new DynamoDBClient({ ...org.clientConfig(accountId), region });
      const sqs = new SQSClient({ ...org.clientConfig(accountId), region });
      try {
        const where = `${accountId}/${region}`;
        result.lambdaFunctions.push(
          ...((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map(
            (f) => `${where}/${f.FunctionName}`,
          ),
        );
        const documents = await ssm.send(new ListDocumentsCommand({ Filters: [{ Key: 'Owner', Values: ['Self'] }] }));
        result.ssmDocuments.push(...(documents.DocumentIdentifiers ?? []).map((d) => `${where}/${d.Name}`));
        // moto lists AWS's public parameters too; the stacks' own live under /securityhub or are named by the stacks.
        result.ssmParameters.push(
          ...((await ssm.send(new DescribeParametersCommand({}))).Parameters ?? [])
            .filter((p) => !p.Name!.startsWith('/aws/'))
            .map((p) => `${where}/${p.Name}`),
        );
        result.dynamodbTables.push(
          ...((await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []).map((t) => `${where}/${t}`),
        );
        result.sqsQueues.push(
          ...((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).map((q) => `${where}/${q.split('/').pop()}`),
        );
      } finally {
        lambda.destroy();
        ssm.destroy();
        dynamodb.destroy();
        sqs.destroy();
      }
      const logs = await json(org.endpoint, {
        accountId,
        region,
        service: 'logs',
        method: 'POST',
        path: '/',
        body: '{}',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      });
      result.logGroups.push(
        ...((logs.logGroups as Array<{ logGroupName: string }> | undefined) ?? []).map(
          (g) => `${accountId}/${region}/${g.logGroupName}`,
        ),
      );
      const stackSets = await callLocal(org.endpoint, {
        accountId,
        region,
        service: 'cloudformation',
        method: 'POST',
        path: '/',
        body: 'Action=ListStackSets&Version=2010-05-15',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      if (stackSets.status !== 200)
        throw new Error(`cloudformation ListStackSets: HTTP ${stackSets.status} ${stackSets.body.slice(0, 500)}`);
      // moto lists deleted StackSets too (with Status DELETED), whatever the Status filter says.
      const summaries = [...stackSets.body.matchAll(/<member>([\s\S]*?)<\/member>/g)].map((m) => m[1]);
      for (const summary of summaries) {
        const name = /<StackSetName>([^<]+)<\/StackSetName>/.exec(summary)?.[1];
        if (name && !/<Status>DELETED<\/Status>/.test(summary)) result.stackSets.push(`${accountId}/${region}/${name}`);
      }
    }
  }
  return result;
}

/** An inventory with nothing in it, to compare against. */
export const EMPTY_INVENTORY: Inventory = {
  securityHub: { hubs: 0, resources: 0, organizationAdmins: 0 },
  serviceControlPolicies: [],
  organizationsDelegations: [],
  organizationsResourcePolicies: [],
  guardDutyAdmins: [],
  inspectorAdmins: [],
  macieAdmins: [],
  eventRules: [],
  snsTopics: [],
  snsSubscriptions: [],
  kmsAliases: [],
  kmsKeysEnabled: [],
  stackSets: [],
  lambdaFunctions: [],
  ssmDocuments: [],
  ssmParameters: [],
  dynamodbTables: [],
  sqsQueues: [],
  logGroups: [],
  iamRoles: [],
  iamPolicies: [],
};
