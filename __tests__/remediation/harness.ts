import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeNetworkInterfacesCommand, EC2Client, ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { randomUUID } from 'node:crypto';
import { startLocalAws, type LocalAws } from '../../local-aws/lifecycle';
import { createRemediationHandler } from '../../remediation-functions/handlers/remediation-function';
import { loadRunbook } from '../../remediation-functions/runbooks';
import type { AccountDirectory } from '../../remediation-functions/shared/account-directory';
import { AwsClients, type ClientFactory } from '../../remediation-functions/shared/clients';
import { ExecutionRoles } from '../../remediation-functions/shared/execution-role';
import { FINDINGS_CUSTOM_ACTION, FINDINGS_IMPORTED } from '../../remediation-functions/shared/events';
import { SecurityHubFindingSource } from '../../remediation-functions/shared/finding-source';
import { SecurityHubFindingUpdater } from '../../remediation-functions/shared/finding-updates';
import { RemediationLedger, type RunRecord } from '../../remediation-functions/shared/ledger';
import type { LogFields, Logger } from '../../remediation-functions/shared/log';
import { SnsNotifier } from '../../remediation-functions/shared/notifier';
import { parseRemediationPolicy, type RemediationPolicy } from '../../core/remediation-policy';
import type { PolicySource } from '../../remediation-functions/shared/policy-source';
import {
  RemediationService,
  type RemediationDependencies,
} from '../../remediation-functions/shared/remediation-service';
import { RollbackService } from '../../remediation-functions/shared/rollback-service';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';

/*
 * Local AWS for the remediation tests: one startLocalAws() per test file (moto_server for every
 * service, the project's Security Hub emulator for Security Hub), the ledger table and topic in
 * the security account, and the real services wired to them. What stands in for AWS here:
 * - moto's STS grants every AssumeRole (it does not evaluate trust policies); the
 *   `refuseAssumeRole` set makes the test STS client answer AccessDenied, as AWS would for a
 *   member account without the execution role.
 * - moto's view of a primary network interface's groups includes the instance's groups; the
 *   test factory keeps the two in step (mirrorGroupsToInstance).
 * - moto misnames AWS Config's service-linked role; the test factory adds it under AWS's name.
 * - moto ignores ExpectedBucketOwner and lets any account's credentials act on any bucket. S3
 *   answers 403 AccessDenied when the bucket's owner is not the expected owner; the test factory
 *   does the same for buckets it saw created (the creating credentials' account owns the bucket).
 * - SSM Automation is not emulated here: tests call the handler with the payload the SSM step
 *   sends. The chain test (./chain) runs the synthesized documents themselves.
 */

/** The security (delegated administrator) account: moto's default account. */
export const SECURITY_ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const TABLE = 'securityhub-remediation-ledger';
const SECRET = 'testing';

/** Log lines the services wrote, for assertions. */
export class RecordingLogger implements Logger {
  public readonly lines: { level: string; message: string; fields: LogFields }[] = [];
  public info(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'INFO', message, fields });
  }
  public warn(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'WARN', message, fields });
  }
  public error(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'ERROR', message, fields });
  }
  public clear(): void {
    this.lines.length = 0;
  }
}

/** A policy the test can change between runs. */
export class MutablePolicySource implements PolicySource {
  public policy: RemediationPolicy;
  constructor(policy: unknown) {
    this.policy = parseRemediationPolicy(policy);
  }
  public set(policy: unknown): void {
    this.policy = parseRemediationPolicy(policy);
  }
  public async load(): Promise<RemediationPolicy> {
    return this.policy;
  }
}

/** Options of the client factory tests use. */
export interface TestClientOptions {
  readonly endpoint: string;
  /** Every `<service>:<Command>` sent with member-account (assumed role) credentials, by the label current when sent. */
  readonly calls: Map<string, Set<string>>;
  /** The label calls are recorded under (the runbook under test). */
  label(): string;
  /** Accounts whose execution role STS refuses. */
  readonly refuseAssumeRole: Set<string>;
  /** Every member-account call in order, with the account whose role made it; filled by the factory. */
  readonly memberCalls?: MemberCall[];
}

/** One call sent with member-account (assumed role) credentials. */
export interface MemberCall {
  /** The label current when sent. */
  readonly label: string;
  /** The account whose execution role made the call. */
  readonly account: string;
  /** `<service>:<Command>`. */
  readonly call: string;
  /** The bucket the call named, for S3 calls. */
  readonly bucket?: string;
  /** `AccessDenied` when the call's ExpectedBucketOwner was not the bucket's owner, so S3 refused it. */
  error?: string;
}

/** The error S3 answers with when a request's ExpectedBucketOwner is not the bucket's owner. */
function bucketOwnerMismatch(): Error {
  return Object.assign(new Error('Access Denied'), {
    name: 'AccessDenied',
    Code: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
  });
}

/**
 * Builds clients for local AWS, with the workarounds local AWS needs, kept out of product code:
 * path-style S3 addressing (no wildcard DNS for 127.0.0.1), and an S3 Control endpoint without
 * the account-id host prefix the SDK adds (an invalid host for an IP endpoint; moto takes the
 * account from the assumed-role credentials instead).
 */
export function testClientFactory(options: TestClientOptions): ClientFactory {
  // Which account an assumed-role access key acts as, and which account created each bucket.
  const accountOfKey = new Map<string, string>();
  const bucketOwners = new Map<string, string>();
  return {
    create(service, clientClass, settings) {
      const client = new clientClass({
        ...settings,
        credentials: settings.credentials ?? { accessKeyId: SECRET, secretAccessKey: SECRET },
        endpoint: options.endpoint,
        maxAttempts: 1,
        ...(service === 's3' ? { forcePathStyle: true } : {}),
        ...(service === 's3control' ? { endpointProvider: () => ({ url: new URL(options.endpoint) }) } : {}),
      }) as { middlewareStack: { add: (m: unknown, o: unknown) => void } };
      const member = settings.credentials !== undefined;
      const callerAccount = member
        ? (accountOfKey.get(settings.credentials?.accessKeyId ?? '') ?? 'unknown')
        : SECURITY_ACCOUNT;
      client.middlewareStack.add(
        (next: (a: unknown) => Promise<unknown>, context: { commandName?: string; memberCall?: MemberCall }) =>
          async (args: { input?: { RoleArn?: string; Bucket?: string } }) => {
            const command = context.commandName?.replace(/Command$/, '');
            const bucket = service === 's3' ? args.input?.Bucket : undefined;
            let recorded: MemberCall | undefined;
            if (member) {
              const label = options.label();
              if (!options.calls.has(label)) options.calls.set(label, new Set());
              options.calls.get(label)?.add(`${service}:${command}`);
              recorded = {
                label,
                account: callerAccount,
                call: `${service}:${command}`,
                ...(bucket ? { bucket } : {}),
              };
              options.memberCalls?.push(recorded);
              context.memberCall = recorded;
            }
            const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(args.input?.RoleArn ?? '')?.[1];
            if (service === 'sts' && account && options.refuseAssumeRole.has(account)) {
              throw Object.assign(
                new Error(
                  `User: arn:aws:sts::${SECURITY_ACCOUNT}:assumed-role/remediate/fn is not authorized to perform: sts:AssumeRole on resource: ${args.input?.RoleArn}`,
                ),
                { name: 'AccessDenied' },
              );
            }
            const output = await next(args);
            if (service === 'sts' && account) {
              const key = (output as { output?: { Credentials?: { AccessKeyId?: string } } }).output?.Credentials
                ?.AccessKeyId;
              if (key) accountOfKey.set(key, account);
            }
            if (bucket && command === 'CreateBucket') bucketOwners.set(bucket, callerAccount);
            if (service === 'ec2' && context.commandName === 'ModifyNetworkInterfaceAttributeCommand')
              await mirrorGroupsToInstance(options.endpoint, settings, args.input as never);
            if (service === 'iam' && context.commandName === 'CreateServiceLinkedRoleCommand')
              await nameServiceLinkedRoleAsAws(options.endpoint, settings, args.input as never);
            return output;
          },
        { step: 'initialize', name: 'remediationTestHooks' },
      );
      // At the build step, after every initialize middleware (the product's adds ExpectedBucketOwner there).
      client.middlewareStack.add(
        (next: (a: unknown) => Promise<unknown>, context: { memberCall?: MemberCall }) =>
          async (args: { input?: { Bucket?: string; ExpectedBucketOwner?: string } }) => {
            const owner = service === 's3' && args.input?.Bucket ? bucketOwners.get(args.input.Bucket) : undefined;
            if (
              args.input?.ExpectedBucketOwner !== undefined &&
              owner !== undefined &&
              owner !== args.input.ExpectedBucketOwner
            ) {
              if (context.memberCall) context.memberCall.error = 'AccessDenied';
              throw bucketOwnerMismatch();
            }
            return next(args);
          },
        { step: 'build', name: 'expectedBucketOwnerAsS3' },
      );
      return client as never;
    },
  };
}

/**
 * moto reports a network interface's groups as its own groups joined with its instance's
 * groups, so replacing the groups of an instance's primary interface seems to change nothing.
 * In AWS the instance's groups are its primary interface's groups; this mirrors the change onto
 * the instance, so moto reports what AWS would.
 */
async function mirrorGroupsToInstance(
  endpoint: string,
  settings: { region: string; credentials?: unknown },
  input: { NetworkInterfaceId?: string; Groups?: string[] },
): Promise<void> {
  if (!input.Groups?.length || !input.NetworkInterfaceId) return;
  const ec2 = new EC2Client({ ...settings, endpoint, maxAttempts: 1 } as never);
  const eni = (
    await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [input.NetworkInterfaceId] }))
  ).NetworkInterfaces?.[0];
  const instanceId = eni?.Attachment?.InstanceId;
  if (instanceId && eni?.Attachment?.DeviceIndex === 0)
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: input.Groups }));
}

/**
 * moto names service-linked roles after the service prefix as written ("AWSServiceRoleForconfig");
 * AWS names AWS Config's "AWSServiceRoleForConfig". This adds the role under AWS's name and path.
 */
async function nameServiceLinkedRoleAsAws(
  endpoint: string,
  settings: { region: string; credentials?: unknown },
  input: { AWSServiceName?: string },
): Promise<void> {
  if (input.AWSServiceName !== 'config.amazonaws.com') return;
  const iam = new IAMClient({ ...settings, endpoint, maxAttempts: 1 } as never);
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'AWSServiceRoleForConfig',
      Path: '/aws-service-role/config.amazonaws.com/',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
}

/** An ASFF control finding as Security Hub produces it with consolidated control findings on. */
export function controlFinding(input: {
  readonly securityControlId: string;
  readonly accountId: string;
  readonly resource: {
    readonly Type: string;
    readonly Id: string;
    readonly Region?: string;
    readonly Tags?: Record<string, string>;
    readonly Details?: Record<string, unknown>;
  };
  readonly region?: string;
  readonly id?: string;
  readonly updatedAt?: string;
}): Record<string, unknown> {
  const region = input.region ?? REGION;
  const now = input.updatedAt ?? new Date().toISOString();
  return {
    SchemaVersion: '2018-10-08',
    Id:
      input.id ??
      `arn:aws:securityhub:${region}:${input.accountId}:security-control/${input.securityControlId}/finding/${randomUUID()}`,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    ProductName: 'Security Hub',
    CompanyName: 'AWS',
    Region: region,
    GeneratorId: `security-control/${input.securityControlId}`,
    AwsAccountId: input.accountId,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    FirstObservedAt: now,
    LastObservedAt: now,
    CreatedAt: now,
    UpdatedAt: now,
    Severity: { Label: 'HIGH', Normalized: 70, Original: 'HIGH' },
    Title: `${input.securityControlId} control check`,
    Description: `This control checks ${input.securityControlId}.`,
    ProductFields: {
      ControlId: input.securityControlId,
      RelatedAWSResources: '[]',
      'aws/securityhub/ProductName': 'Security Hub',
    },
    Resources: [{ Partition: 'aws', Region: input.resource.Region ?? region, ...input.resource }],
    Compliance: {
      Status: 'FAILED',
      SecurityControlId: input.securityControlId,
      AssociatedStandards: [{ StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' }],
    },
    WorkflowState: 'NEW',
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  };
}

/** A finding as EventBridge delivers it. */
export function importedEvent(findings: readonly unknown[], id: string = randomUUID()): Record<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': FINDINGS_IMPORTED,
    source: 'aws.securityhub',
    account: SECURITY_ACCOUNT,
    time: new Date().toISOString(),
    region: REGION,
    resources: findings.map((f) => (f as { Id: string }).Id),
    detail: { findings },
  };
}

/** The Lambda context a function of the security account's home Region is invoked with. */
export function lambdaContext(functionName: string): { functionName: string; invokedFunctionArn: string } {
  return { functionName, invokedFunctionArn: `arn:aws:lambda:${REGION}:${SECURITY_ACCOUNT}:function:${functionName}` };
}

/** Findings a person sent to a custom action. */
export function customActionEvent(
  actionId: string,
  findings: readonly unknown[],
  id: string = randomUUID(),
): Record<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': FINDINGS_CUSTOM_ACTION,
    source: 'aws.securityhub',
    account: SECURITY_ACCOUNT,
    time: new Date().toISOString(),
    region: REGION,
    resources: [`arn:aws:securityhub:${REGION}:${SECURITY_ACCOUNT}:action/custom/${actionId}`],
    detail: { actionName: actionId, actionDescription: `Custom action ${actionId}`, findings },
  };
}

/** Everything a remediation test file needs, started once per file. */
export class RemediationHarness {
  public readonly calls = new Map<string, Set<string>>();
  /** Every member-account call in order, with the account whose role made it. */
  public readonly memberCalls: MemberCall[] = [];
  public readonly refuseAssumeRole = new Set<string>();
  public readonly logger = new RecordingLogger();
  public label = 'setup';
  public readonly factory: ClientFactory;
  public readonly ledger: RemediationLedger;
  public readonly policy: MutablePolicySource;
  public readonly topicArn: string;
  public readonly organizationalUnits = new Map<string, string[]>();
  private readonly dynamodb: DynamoDBClient;

  private readonly sqs: SQSClient;
  private readonly queueUrl: string;
  private readonly received: { subject: string; body: Record<string, unknown>; attributes: Record<string, string> }[] =
    [];

  private constructor(
    public readonly local: LocalAws,
    topicArn: string,
    queueUrl: string,
    policy: unknown,
  ) {
    this.factory = testClientFactory({
      endpoint: local.endpoint,
      calls: this.calls,
      label: () => this.label,
      refuseAssumeRole: this.refuseAssumeRole,
      memberCalls: this.memberCalls,
    });
    this.dynamodb = this.factory.create('dynamodb', DynamoDBClient, { region: REGION });
    this.ledger = new RemediationLedger(this.dynamodb, TABLE);
    this.policy = new MutablePolicySource(policy);
    this.topicArn = topicArn;
    this.queueUrl = queueUrl;
    this.sqs = new SQSClient({
      endpoint: local.endpoint,
      region: REGION,
      credentials: { accessKeyId: SECRET, secretAccessKey: SECRET },
      maxAttempts: 1,
    });
  }

  /** Notifications published to the topic so far (an SQS queue subscribed to it collects them). */
  public async notifications(): Promise<
    { subject: string; body: Record<string, unknown>; attributes: Record<string, string> }[]
  > {
    for (;;) {
      const batch =
        (await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10 })))
          .Messages ?? [];
      if (batch.length === 0) return this.received;
      for (const m of batch) {
        const envelope = JSON.parse(m.Body as string) as {
          Subject: string;
          Message: string;
          MessageAttributes?: Record<string, { Value: string }>;
        };
        this.received.push({
          subject: envelope.Subject,
          body: JSON.parse(envelope.Message) as Record<string, unknown>,
          attributes: Object.fromEntries(
            Object.entries(envelope.MessageAttributes ?? {}).map(([k, v]) => [k, v.Value]),
          ),
        });
      }
    }
  }

  /** Starts local AWS and creates the security account's ledger table and topic. */
  public static async start(policy: unknown): Promise<RemediationHarness> {
    const local = await startLocalAws({ administratorAccountId: SECURITY_ACCOUNT, region: REGION });
    try {
      const base = {
        endpoint: local.endpoint,
        region: REGION,
        credentials: { accessKeyId: SECRET, secretAccessKey: SECRET },
        maxAttempts: 1,
      };
      await new DynamoDBClient(base).send(
        new CreateTableCommand({
          TableName: TABLE,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        }),
      );
      const topic = await new SNSClient(base).send(new CreateTopicCommand({ Name: 'securityhub-remediation' }));
      const sqs = new SQSClient(base);
      const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'remediation-notifications' })))
        .QueueUrl as string;
      const queueArn = (
        await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
      ).Attributes?.QueueArn;
      await new SNSClient(base).send(
        new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: queueArn }),
      );
      local.securityhub.enableHub(SECURITY_ACCOUNT, REGION);
      return new RemediationHarness(local, topic.TopicArn as string, queueUrl, policy);
    } catch (error) {
      await local.stop();
      throw error;
    }
  }

  public stop(): Promise<void> {
    return this.local.stop();
  }

  /** The services' dependencies, all real except the OU directory (a map the test fills). */
  public dependencies(): RemediationDependencies {
    const accounts: AccountDirectory = {
      organizationalUnitPath: async (accountId) => this.organizationalUnits.get(accountId) ?? [],
    };
    const securityhub = this.factory.create('securityhub', SecurityHubClient, { region: REGION });
    return {
      policy: this.policy,
      ledger: this.ledger,
      findings: new SecurityHubFindingUpdater(securityhub),
      findingSource: new SecurityHubFindingSource(securityhub),
      notifier: new SnsNotifier(this.factory.create('sns', SNSClient, { region: REGION }), this.topicArn),
      roles: new ExecutionRoles(
        this.factory.create('sts', STSClient, { region: REGION }),
        this.factory,
        'SecurityHubRemediationExecution',
      ),
      accounts,
      homeRegion: REGION,
      logger: this.logger,
      runbooks: loadRunbook,
      functionName: 'remediate-test',
    };
  }

  /**
   * The handler exactly as a remediation function runs it, over the test's services.
   * @param runbooks the function's own runbook table; every runbook by default
   */
  public handler(runbooks?: RemediationDependencies['runbooks']): (event: unknown) => Promise<{
    results?: readonly { outcome: string; runId?: string; changes: readonly string[]; reason?: string }[];
    rollbacks?: readonly unknown[];
  }> {
    const deps = { ...this.dependencies(), ...(runbooks ? { runbooks } : {}) };
    const services = { remediation: new RemediationService(deps), rollback: new RollbackService(deps) };
    const handler = createRemediationHandler(async () => services, this.logger);
    // Lambda passes its context; the function runs in the security account's home Region.
    return (event) => handler(event, lambdaContext('remediate-test'));
  }

  public rollbackService(): RollbackService {
    return new RollbackService(this.dependencies());
  }

  /** Clients acting in a member account, for setting up and checking resources. */
  public async member(accountId: string, region = REGION): Promise<AwsClients> {
    return new ExecutionRoles(
      this.factory.create('sts', STSClient, { region }),
      this.factory,
      'SecurityHubRemediationExecution',
    ).clientsFor({ accountId, partition: 'aws', region, runId: 'rr-19700101T000000Z-0000000000000000' });
  }

  /** Loads a finding into the Security Hub emulator, as the control evaluation would, and returns it as stored. */
  public loadFinding(finding: Record<string, unknown>): Record<string, unknown> {
    const region = (finding.Region as string | undefined) ?? REGION;
    this.local.securityhub.enableHub(finding.AwsAccountId as string, region);
    this.local.securityhub.enableHub(SECURITY_ACCOUNT, region);
    const result = this.local.securityhub.loadFindings([finding], region);
    if (result.failed.length > 0) throw new Error(`emulator refused the finding: ${JSON.stringify(result.failed)}`);
    return this.storedFinding(finding);
  }

  /** The finding as Security Hub holds it now (with the marks and note the runs wrote). */
  public storedFinding(finding: Record<string, unknown>): Record<string, unknown> {
    const stored = this.local.securityhub.state.findings.get(finding.ProductArn as string, finding.Id as string);
    if (!stored) throw new Error(`finding ${String(finding.Id)} is not in the emulator`);
    return JSON.parse(JSON.stringify(stored.finding)) as Record<string, unknown>;
  }

  /** The control evaluates the resource again: the provider updates the finding (new UpdatedAt), keeping customer fields. */
  public reevaluate(finding: Record<string, unknown>): Record<string, unknown> {
    const stored = this.storedFinding(finding);
    const later = new Date(Math.max(Date.now(), Date.parse(stored.UpdatedAt as string) + 1000)).toISOString();
    return this.loadFinding({ ...finding, UpdatedAt: later, LastObservedAt: later });
  }

  /**
   * The finding is FAILED again after it was resolved: Security Hub sets its Workflow back to NEW
   * (as it does when a control fails again after passing), so automatic runs may act on it.
   */
  public reopen(finding: Record<string, unknown>): Record<string, unknown> {
    const stored = this.local.securityhub.state.findings.get(finding.ProductArn as string, finding.Id as string);
    if (!stored) throw new Error(`finding ${String(finding.Id)} is not in the emulator`);
    stored.finding = { ...stored.finding, Workflow: { Status: 'NEW' }, WorkflowState: 'NEW' };
    return this.storedFinding(finding);
  }

  /** Every run record in the ledger. */
  public async runs(): Promise<RunRecord[]> {
    const items = (await this.dynamodb.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
    return items.filter((i) => i.record?.S).map((i) => JSON.parse(i.record.S as string) as RunRecord);
  }
}
