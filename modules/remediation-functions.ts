import {
  CloudwatchLogGroup,
  IamRole,
  IamRolePolicy,
  LambdaFunction,
  LambdaFunctionEventInvokeConfig,
  SqsQueue,
  SsmParameter,
  AssetType,
  TerraformAsset,
  Construct,
} from './framework';
import { ValidationError } from './validation-error';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REMEDIATION_ENVIRONMENT, remediationPolicyParameterName } from '../core/remediation-contract';
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from '../domain/iam-documents';
import {
  REMEDIATION_FUNCTION_SETTINGS,
  ROLLBACK_FUNCTION,
  ROLLBACK_FUNCTION_SETTINGS,
  type RemediationFunctionSettings,
} from '../domain/catalogue/remediations';
import type { FindingNotifications } from './notifications';
import type { RemediationLedger } from './remediation-ledger';
import type { RemediateFunctionName } from '../domain/remediation-plan';

export type { RemediateFunctionName } from '../domain/remediation-plan';

/** Deployment settings of a function, from the catalogue. */
function settingsOf(name: RemediateFunctionName | typeof ROLLBACK_FUNCTION): RemediationFunctionSettings {
  return name === ROLLBACK_FUNCTION ? ROLLBACK_FUNCTION_SETTINGS : REMEDIATION_FUNCTION_SETTINGS[name];
}

/** Properties of {@link RemediationFunctions}. */
export interface RemediationFunctionsProps {
  /** The remediation functions to deploy: those holding a runbook some tier uses. */
  readonly functions: readonly RemediateFunctionName[];
  /** Folder of the Lambda packages (`<folder>/<function>.zip`), made by `npm run bundle:functions`. */
  readonly bundleDir: string;
  /** The runtime RemediationPolicy JSON. */
  readonly policy: string;
  /** The run ledger. */
  readonly ledger: RemediationLedger;
  /** Days run records are kept. */
  readonly ledgerRetentionDays: number;
  /** The notification topic run outcomes are published to (with its KMS key). */
  readonly topic: FindingNotifications;
  /** Name (optionally with a path) of the execution role in member accounts. */
  readonly executionRoleName: string;
  /** The organization id; the functions assume execution roles only inside it. */
  readonly organizationId: string;
  /** The security account, its Region and partition. */
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Prefix of every name. @default securityhub */
  readonly namePrefix?: string;
}

/**
 * The Lambda side of remediation in the security account: one function per service family plus
 * the rollback router, their roles (least privilege, no wildcard actions), log groups, the
 * dead-letter queue every failed invocation lands in, and the SSM parameter holding the policy
 * the functions read (an SSM parameter rather than an environment variable, so a policy change
 * shows in the plan as one value and needs no new function version).
 */
export class RemediationFunctions extends Construct {
  /** Deployed functions by catalogue name (`remediate-s3`, ..., `rollback`). */
  public readonly functions: ReadonlyMap<string, LambdaFunction>;
  /** The queue failed invocations go to. */
  public readonly deadLetterQueue: SqsQueue;
  /** The role of the remediate-* functions; member execution roles trust it. */
  public readonly functionRole: IamRole;
  /** The policy parameter. */
  public readonly policyParameter: SsmParameter;

  /** The deterministic name of the remediate-* functions' role, so member stacks can trust it without a cross-stack reference. */
  public static functionRoleName(namePrefix = 'securityhub'): string {
    return `${namePrefix}-remediation-function`;
  }

  constructor(scope: Construct, id: string, props: RemediationFunctionsProps) {
    super(scope, id);
    if (props.functions.length === 0) {
      throw new ValidationError(
        this,
        `functions is empty; deploy at least one remediation function or leave remediation out.`,
      );
    }
    const prefix = props.namePrefix ?? 'securityhub';
    const { partition, region, accountId } = props;
    const missing = [...props.functions, ROLLBACK_FUNCTION].filter(
      (f) => !existsSync(path.join(props.bundleDir, `${f}.zip`)),
    );
    if (missing.length > 0) {
      throw new ValidationError(
        this,
        `no bundle for ${missing.join(', ')} in ${props.bundleDir}; run \`npm run bundle:functions\` before synth.`,
      );
    }

    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: `${prefix}-remediation-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    const policyParameterName = remediationPolicyParameterName(prefix);
    this.policyParameter = new SsmParameter(this, 'policy', {
      name: policyParameterName,
      description: 'Remediation modes, exemptions and runbook parameters read by the remediation functions',
      type: 'String',
      tier: props.policy.length > 4096 ? 'Advanced' : 'Standard',
      value: props.policy,
    });

    const hubArn = `arn:${partition}:securityhub:${region}:${accountId}:hub/default`;
    const logGroupArn = (name: string) =>
      `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/lambda/${name}:*`;
    const functionName = (name: string) => `${prefix}-${name}`;
    const remediateNames = props.functions.map(functionName);

    this.functionRole = new IamRole(this, 'function-role', {
      name: RemediationFunctions.functionRoleName(prefix),
      description: 'Remediation functions: assume the execution role in member accounts, record runs, mark findings',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com'),
    });
    const common: PolicyStatement[] = [
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: remediateNames.map(logGroupArn),
      },
      { Sid: 'DeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: this.deadLetterQueue.arn },
    ];
    new IamRolePolicy(this, 'function-policy', {
      name: 'remediation',
      role: this.functionRole.id,
      policy: policyDocument([
        ...common,
        {
          Sid: 'AssumeExecutionRoleInOrganization',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: `arn:${partition}:iam::*:role/${props.executionRoleName}`,
          Condition: { StringEquals: { 'aws:ResourceOrgID': props.organizationId } },
        },
        {
          Sid: 'Ledger',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Resource: props.ledger.table.arn,
        },
        // Every event is re-read from Security Hub before anything changes: an event is a trigger, not the truth.
        { Sid: 'ReadFindings', Effect: 'Allow', Action: 'securityhub:GetFindings', Resource: hubArn },
        { Sid: 'MarkFindings', Effect: 'Allow', Action: 'securityhub:BatchUpdateFindings', Resource: hubArn },
        { Sid: 'Notify', Effect: 'Allow', Action: 'sns:Publish', Resource: props.topic.topic.arn },
        {
          Sid: 'NotifyEncrypted',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: props.topic.key.arn,
        },
        // ListParents has no resource-level permissions; it reads where an account sits to find its tier.
        { Sid: 'FindTier', Effect: 'Allow', Action: 'organizations:ListParents', Resource: '*' },
        { Sid: 'Policy', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: this.policyParameter.arn },
      ]),
    });

    const functions = new Map<string, LambdaFunction>();
    const environment = {
      [REMEDIATION_ENVIRONMENT.ledgerTable]: props.ledger.table.name,
      [REMEDIATION_ENVIRONMENT.ledgerRetentionDays]: String(props.ledgerRetentionDays),
      [REMEDIATION_ENVIRONMENT.topicArn]: props.topic.topic.arn,
      [REMEDIATION_ENVIRONMENT.executionRoleName]: props.executionRoleName,
      // The literal name keeps the plan readable; the functions read the parameter at run time only.
      [REMEDIATION_ENVIRONMENT.policyParameter]: policyParameterName,
    };
    for (const name of props.functions) {
      functions.set(name, this.lambda(name, functionName(name), this.functionRole, environment, props.bundleDir));
    }

    const rollbackRole = new IamRole(this, 'rollback-role', {
      name: `${prefix}-remediation-rollback`,
      description: 'Rollback router: reads runs in the ledger and invokes the function that ran each',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com'),
    });
    new IamRolePolicy(this, 'rollback-policy', {
      name: 'rollback',
      role: rollbackRole.id,
      policy: policyDocument([
        {
          Sid: 'Logs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: logGroupArn(functionName(ROLLBACK_FUNCTION)),
        },
        { Sid: 'DeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: this.deadLetterQueue.arn },
        { Sid: 'Ledger', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: props.ledger.table.arn },
        // The Rollback custom action's findings are re-read, and a refusal is noted on the finding.
        { Sid: 'ReadFindings', Effect: 'Allow', Action: 'securityhub:GetFindings', Resource: hubArn },
        { Sid: 'NoteFindings', Effect: 'Allow', Action: 'securityhub:BatchUpdateFindings', Resource: hubArn },
        {
          Sid: 'InvokeRemediation',
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: [...functions.values()].map((f) => f.arn),
        },
      ]),
    });
    functions.set(
      ROLLBACK_FUNCTION,
      this.lambda(
        ROLLBACK_FUNCTION,
        functionName(ROLLBACK_FUNCTION),
        rollbackRole,
        { [REMEDIATION_ENVIRONMENT.ledgerTable]: props.ledger.table.name },
        props.bundleDir,
      ),
    );
    this.functions = functions;
  }

  private lambda(
    name: RemediateFunctionName | typeof ROLLBACK_FUNCTION,
    functionName: string,
    role: IamRole,
    environment: Record<string, string>,
    bundleDir: string,
  ): LambdaFunction {
    const logGroup = new CloudwatchLogGroup(this, `${name}-logs`, {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: 365,
    });
    // A ready-made, deterministic zip: an ARCHIVE asset would be zipped again on every synth.
    const asset = new TerraformAsset(this, `${name}-bundle`, {
      path: path.join(bundleDir, `${name}.zip`),
      type: AssetType.FILE,
    });
    const fn = new LambdaFunction(this, name, {
      functionName,
      description: `Security Hub remediation: ${name}`,
      role: role.arn,
      // The newest Node.js runtime AWS provider 5.100.0 accepts; Lambda no longer creates functions on the Node.js 20 runtime.
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      timeout: settingsOf(name).timeoutSeconds,
      memorySize: 256,
      environment: { variables: environment },
      dependsOn: [logGroup],
    });
    new LambdaFunctionEventInvokeConfig(this, `${name}-on-failure`, {
      functionName: fn.functionName,
      // Retries replay the ledger, so they never change anything twice.
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: this.deadLetterQueue.arn } },
    });
    return fn;
  }
}
