import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startLocalAws, type LocalAws } from '../../../local-aws/lifecycle';
import { patternMatches, transformInput } from './eventbridge';
import { LambdaRuntime, stringify, type FunctionDefinition, type Invocation } from './lambda-runtime';
import { startEc2GroupsProxy, type Ec2GroupsProxy, type ProxiedRequest } from './moto-ec2-groups';
import { InvalidAutomationParametersError, SsmAutomation, type AutomationExecution } from './ssm-automation';

/*
 * The remediation chain as AWS would run it, built only from what `cdktf synth` wrote for the
 * security stack: the EventBridge rules and targets, the SSM Automation documents, the Lambda
 * functions (their packages and environment), the ledger table, topic, queue and policy
 * parameter. Nothing of the project's own pattern, payload or document helpers is imported:
 * a mistake there shows up here as AWS would show it. What stands in for AWS: local AWS (moto and
 * the Security Hub emulator) for the services, and ./eventbridge, ./ssm-automation and
 * ./lambda-runtime for the three services that do not run locally.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The security (delegated administrator) account: moto's default account, the emulator's administrator. */
export const SECURITY_ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** Runs the app entry as `cdktf synth` does, with a config file, and returns the security stack's Terraform JSON and folder. */
export async function synthSecurityStack(configYaml: string): Promise<{ json: Json; dir: string }> {
  const work = mkdtempSync(path.join(tmpdir(), 'chain-synth-'));
  const configFile = path.join(work, 'org.yaml');
  writeFileSync(configFile, configYaml);
  const outdir = path.join(work, 'cdktf.out');
  await run(process.execPath, [path.join(ROOT, 'scripts', 'run-ts.cjs'), 'main.ts'], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, SECURITYHUB_CONFIG: configFile },
  });
  const dir = path.join(outdir, 'stacks', 'security');
  return { json: JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as Json, dir };
}

/** What delivering one event did. */
export interface Delivery {
  /** Rules whose pattern matched. */
  readonly rules: string[];
  readonly executions: AutomationExecution[];
  readonly invocations: Invocation[];
  /** Targets that refused the input (StartAutomationExecution validation). */
  readonly refused: string[];
}

/** The synthesized chain over local AWS. */
export class RemediationChain {
  public readonly ssm: SsmAutomation;
  public readonly lambda: LambdaRuntime;
  private readonly resources: Json;
  /** Called with each AWS request a function sends, before local AWS gets it; a test sets it to make a person act at that moment. */
  public beforeMemberRequest?: (request: ProxiedRequest) => Promise<void>;

  private constructor(
    public readonly local: LocalAws,
    stack: Json,
    stackDir: string,
    private readonly queues: Map<string, string>,
    /** The proxy between the functions and local AWS (see ./moto-ec2-groups). */
    public readonly gaps: Ec2GroupsProxy,
  ) {
    this.resources = stack.resource;
    const functions = Object.entries(this.resources.aws_lambda_function ?? {}).map(([key, fn]): FunctionDefinition => {
      const invokeConfig = Object.values(this.resources.aws_lambda_function_event_invoke_config ?? {}).find(
        (c) => (c as Json).function_name === `\${aws_lambda_function.${key}.function_name}`,
      ) as Json | undefined;
      return {
        name: (fn as Json).function_name,
        arn: this.resolve(`\${aws_lambda_function.${key}.arn}`),
        zip: path.join(stackDir, (fn as Json).filename),
        handler: (fn as Json).handler,
        environment: Object.fromEntries(
          Object.entries((fn as Json).environment?.variables ?? {}).map(([k, v]) => [k, this.resolve(v as string)]),
        ),
        maximumRetryAttempts: invokeConfig?.maximum_retry_attempts ?? 2,
        onFailure: invokeConfig?.destination_config?.on_failure?.destination
          ? this.resolve(invokeConfig.destination_config.on_failure.destination)
          : undefined,
      };
    });
    // `localhost` rather than 127.0.0.1, so host-prefixed endpoints (S3 Control) have a name to resolve.
    this.lambda = new LambdaRuntime(
      functions,
      { ...local.env, AWS_ENDPOINT_URL: gaps.endpoint.replace('127.0.0.1', 'localhost') },
      (arn, body) => this.sendToQueue(arn, body),
    );
    const documents = new Map(
      Object.values(this.resources.aws_ssm_document ?? {}).map((d) => [
        (d as Json).name as string,
        JSON.parse(this.resolve((d as Json).content)) as never,
      ]),
    );
    const roles = Object.keys(this.resources.aws_iam_role ?? {}).map((k) => this.resolve(`\${aws_iam_role.${k}.arn}`));
    this.ssm = new SsmAutomation(
      documents,
      async (name, payload) => {
        const r = await this.lambda.invoke(name, JSON.parse(payload));
        return { payload: r.payload, functionError: r.functionError };
      },
      roles,
    );
  }

  /** Synthesizes the security stack from a config and starts local AWS with the stack's ledger, topic, queues and policy parameter. */
  public static async start(configYaml: string): Promise<RemediationChain> {
    const { json, dir } = await synthSecurityStack(configYaml);
    const local = await startLocalAws({ administratorAccountId: SECURITY_ACCOUNT, region: REGION });
    try {
      const base = {
        endpoint: local.endpoint,
        region: REGION,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        maxAttempts: 1,
      };
      const r = json.resource as Json;
      for (const t of Object.values(r.aws_dynamodb_table ?? {}) as Json[]) {
        await new DynamoDBClient(base).send(
          new CreateTableCommand({
            TableName: t.name,
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [{ AttributeName: t.hash_key, KeyType: 'HASH' }],
            AttributeDefinitions: (t.attribute as { name: string; type: 'S' }[]).map((a) => ({
              AttributeName: a.name,
              AttributeType: a.type,
            })),
          }),
        );
      }
      for (const t of Object.values(r.aws_sns_topic ?? {}) as Json[])
        await new SNSClient(base).send(new CreateTopicCommand({ Name: t.name }));
      const queues = new Map<string, string>();
      for (const q of Object.values(r.aws_sqs_queue ?? {}) as Json[]) {
        const url = (await new SQSClient(base).send(new CreateQueueCommand({ QueueName: q.name }))).QueueUrl as string;
        queues.set(`arn:aws:sqs:${REGION}:${SECURITY_ACCOUNT}:${q.name}`, url);
      }
      for (const p of Object.values(r.aws_ssm_parameter ?? {}) as Json[]) {
        await new SSMClient(base).send(
          new PutParameterCommand({ Name: p.name, Value: p.value, Type: p.type, Tier: p.tier }),
        );
      }
      local.securityhub.enableHub(SECURITY_ACCOUNT, REGION);
      const chain: RemediationChain = new RemediationChain(
        local,
        json,
        dir,
        queues,
        await startEc2GroupsProxy(
          local.endpoint,
          (request): Promise<void> => chain.beforeMemberRequest?.(request) ?? Promise.resolve(),
        ),
      );
      const lambdaEndpoint = await chain.lambda.listen();
      // The rollback router invokes the remediation functions through Lambda's own API.
      Object.assign((chain.lambda as unknown as { baseEnvironment: Record<string, string> }).baseEnvironment, {
        AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
      });
      return chain;
    } catch (error) {
      await local.stop();
      throw error;
    }
  }

  /**
   * An SDK client acting in a member account through its remediation execution role, as a person
   * there would (moto's STS grants the role).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public async memberClient<C>(accountId: string, clientClass: new (config: any) => C): Promise<C> {
    const base = { endpoint: this.local.endpoint, region: REGION, maxAttempts: 1 };
    const sts = new STSClient({ ...base, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const c = (
      await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/SecurityHubRemediationExecution`,
          RoleSessionName: 'chain-test',
        }),
      )
    ).Credentials;
    const credentials = {
      accessKeyId: c?.AccessKeyId as string,
      secretAccessKey: c?.SecretAccessKey as string,
      sessionToken: c?.SessionToken,
    };
    // S3 Control's account host prefix is not resolvable for 127.0.0.1; the assertions read it path-style.
    const extra =
      clientClass === (S3ControlClient as unknown)
        ? { endpointProvider: () => ({ url: new URL(this.local.endpoint) }) }
        : clientClass === (S3Client as unknown)
          ? { forcePathStyle: true }
          : {};
    return new clientClass({ ...base, credentials, ...extra });
  }

  /** Files a finding as the AWS service would (on the emulator's side, which no member API reaches); returns it as held. */
  public held(finding: Json): Json {
    this.local.securityhub.enableHub(finding.AwsAccountId, REGION);
    const result = this.local.securityhub.loadFindings([finding], REGION);
    if (result.failed.length > 0) throw new Error(JSON.stringify(result.failed));
    return this.stored(finding);
  }

  /** The finding as Security Hub holds it now (a copy). */
  public stored(finding: Json): Json {
    const s = this.local.securityhub.state.findings.get(finding.ProductArn, finding.Id);
    if (!s) throw new Error(`not held: ${finding.Id}`);
    return JSON.parse(JSON.stringify(s.finding)) as Json;
  }

  public async stop(): Promise<void> {
    await this.lambda.stop();
    await this.gaps.close();
    await this.local.stop();
  }

  /** Replaces Terraform references (`${aws_x.key.attr}`) with the values AWS would give them in this account and Region. */
  public resolve(text: string): string {
    return text.replace(
      /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g,
      (whole, type: string, key: string, attr: string) => {
        if (type === 'data') throw new Error(`data source reference not modelled: ${whole}`);
        const resource = (this.resources[type] ?? {})[key] as Json | undefined;
        if (!resource) throw new Error(`reference to a resource the stack does not have: ${whole}`);
        const name = resource.name ?? resource.function_name;
        if (attr === 'name' || attr === 'function_name' || (attr === 'id' && type !== 'aws_iam_role'))
          return String(name);
        if (attr !== 'arn') throw new Error(`attribute not modelled: ${whole}`);
        switch (type) {
          case 'aws_lambda_function':
            return `arn:aws:lambda:${REGION}:${SECURITY_ACCOUNT}:function:${resource.function_name}`;
          case 'aws_sns_topic':
            return `arn:aws:sns:${REGION}:${SECURITY_ACCOUNT}:${name}`;
          case 'aws_sqs_queue':
            return `arn:aws:sqs:${REGION}:${SECURITY_ACCOUNT}:${name}`;
          case 'aws_dynamodb_table':
            return `arn:aws:dynamodb:${REGION}:${SECURITY_ACCOUNT}:table/${name}`;
          case 'aws_iam_role':
            return `arn:aws:iam::${SECURITY_ACCOUNT}:role/${name}`;
          case 'aws_cloudwatch_event_rule':
            return `arn:aws:events:${REGION}:${SECURITY_ACCOUNT}:rule/${name}`;
          case 'aws_securityhub_action_target':
            return `arn:aws:securityhub:${REGION}:${SECURITY_ACCOUNT}:action/custom/${resource.identifier}`;
          default:
            throw new Error(`ARN of ${type} not modelled: ${whole}`);
        }
      },
    );
  }

  private async sendToQueue(queueArn: string, body: string): Promise<void> {
    const url = this.queues.get(queueArn);
    if (!url) throw new Error(`no queue ${queueArn}`);
    await new SQSClient({
      endpoint: this.local.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    }).send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  }

  /** Messages waiting in the stack's dead-letter queue (received, so each is returned once). */
  public async deadLetters(): Promise<Json[]> {
    const sqs = new SQSClient({
      endpoint: this.local.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const queue = Object.values(this.resources.aws_sqs_queue)[0] as Json;
    const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: queue.name }))).QueueUrl;
    const out: Json[] = [];
    for (;;) {
      const batch =
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages ?? [];
      if (batch.length === 0) return out;
      out.push(...batch.map((m) => JSON.parse(m.Body as string) as Json));
    }
  }

  /** Every item of the ledger table. */
  public async ledgerItems(): Promise<Json[]> {
    const table = Object.values(this.resources.aws_dynamodb_table)[0] as Json;
    const dynamodb = new DynamoDBClient({
      endpoint: this.local.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    return ((await dynamodb.send(new ScanCommand({ TableName: table.name }))).Items ?? [])
      .filter((i) => i.record?.S)
      .map((i) => JSON.parse(i.record.S as string) as Json);
  }

  /**
   * Puts an event on the default bus: every rule whose pattern matches sends it to its targets
   * (input transformer applied), SSM Automation documents started and Lambda functions invoked
   * asynchronously, as EventBridge does. The notification topic's rule is matched but not delivered.
   */
  public async putEvent(event: Json): Promise<Delivery> {
    const delivery: Delivery = { rules: [], executions: [], invocations: [], refused: [] };
    for (const [key, rule] of Object.entries(this.resources.aws_cloudwatch_event_rule ?? {}) as [string, Json][]) {
      if (!patternMatches(this.resolve(rule.event_pattern), event)) continue;
      delivery.rules.push(rule.name);
      const targets = (Object.values(this.resources.aws_cloudwatch_event_target ?? {}) as Json[]).filter(
        (t) => t.rule === `\${aws_cloudwatch_event_rule.${key}.name}`,
      );
      for (const target of targets) {
        const arn = this.resolve(target.arn);
        // Without an input transformer the target receives the event as it is.
        const input = target.input_transformer
          ? transformInput(
              {
                input_paths: target.input_transformer.input_paths,
                input_template: this.resolve(target.input_transformer.input_template),
              },
              event,
            )
          : undefined;
        const automation = /^arn:aws:ssm:[^:]+:\d{12}:automation-definition\/([^:]+)(:.*)?$/.exec(arn);
        if (automation) {
          try {
            delivery.executions.push(
              await this.ssm.start(automation[1], input === undefined ? event : JSON.parse(input)),
            );
          } catch (error) {
            if (!(error instanceof InvalidAutomationParametersError)) throw error;
            delivery.refused.push(`${rule.name}: ${error.message}`);
            // A target that refuses the event sends it to the target's dead-letter queue.
            if (target.dead_letter_config?.arn)
              await this.sendToQueue(this.resolve(target.dead_letter_config.arn), stringify(event));
          }
        } else if (arn.includes(':lambda:')) {
          delivery.invocations.push(
            ...(await this.lambda.invokeAsync(arn, input === undefined ? event : JSON.parse(input))),
          );
        } else if (!arn.includes(':sns:')) {
          throw new Error(`target ${arn} not modelled`);
        }
      }
    }
    return delivery;
  }

  /** The ARN of a synthesized custom action target, by its identifier. */
  public actionTargetArn(identifier: string): string {
    const [key] =
      Object.entries(this.resources.aws_securityhub_action_target).find(
        ([, a]) => (a as Json).identifier === identifier,
      ) ?? [];
    if (!key) throw new Error(`the stack has no custom action ${identifier}`);
    return this.resolve(`\${aws_securityhub_action_target.${key}.arn}`);
  }

  /** The role an SSM Automation target passes as `AutomationAssumeRole`, from a synthesized rule target's input template. */
  public automationRoleArn(): string {
    for (const target of Object.values(this.resources.aws_cloudwatch_event_target ?? {}) as Json[]) {
      const template = target.input_transformer ? this.resolve(target.input_transformer.input_template) : '';
      const role = /"AutomationAssumeRole": \["([^"]+)"\]/.exec(template)?.[1];
      if (role) return role;
    }
    throw new Error('no rule target passes an AutomationAssumeRole');
  }

  /** A function's synthesized name by its catalogue name (`remediate-ec2`). */
  public functionName(catalogueName: string): string {
    const fn = (Object.values(this.resources.aws_lambda_function) as Json[]).find((f) =>
      (f.function_name as string).endsWith(`-${catalogueName}`),
    );
    if (!fn) throw new Error(`the stack has no function ${catalogueName}`);
    return fn.function_name;
  }
}

/** A "Security Hub Findings - Imported" event as Security Hub sends it for a finding. */
export function importedEvent(finding: Json): Json {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Security Hub Findings - Imported',
    source: 'aws.securityhub',
    account: SECURITY_ACCOUNT,
    time: new Date().toISOString(),
    region: REGION,
    resources: [finding.ProductArn ? finding.Id : ''],
    detail: { findings: [finding] },
  };
}

/** A "Security Hub Findings - Custom Action" event: a person sent findings to a custom action. */
export function customActionEvent(actionTargetArn: string, findings: Json[]): Json {
  const name = actionTargetArn.split('/').pop();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Security Hub Findings - Custom Action',
    source: 'aws.securityhub',
    account: SECURITY_ACCOUNT,
    time: new Date().toISOString(),
    region: REGION,
    resources: [actionTargetArn],
    detail: { actionName: name, actionDescription: `${name} action`, findings },
  };
}
