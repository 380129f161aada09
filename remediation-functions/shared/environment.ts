import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsAccountDirectory } from './account-directory';
import { defaultClientFactory, type ClientFactory } from './clients';
import { ExecutionRoles } from './execution-role';
import { SecurityHubFindingSource } from './finding-source';
import { SecurityHubFindingUpdater } from './finding-updates';
import { RemediationLedger } from './ledger';
import { SnsNotifier } from './notifier';
import { SsmParameterPolicySource, StaticPolicySource, type PolicySource } from './policy-source';
import {
  DEFAULT_EXECUTION_ROLE_NAME,
  DEFAULT_LEDGER_RETENTION_DAYS,
  REMEDIATION_ENVIRONMENT,
} from '../../core/remediation-contract';
import type { Runbook } from '../runbooks/types';
import type { RemediationDependencies } from './remediation-service';

/**
 * The environment variables the remediation functions read. The stacks set them; the names are
 * the contract between the constructs and this code, declared once in core/.
 */
export const ENVIRONMENT = REMEDIATION_ENVIRONMENT;

export { DEFAULT_EXECUTION_ROLE_NAME };

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value)
    throw new Error(`environment variable ${name} is not set; the remediation stack sets it on the function.`);
  return value;
}

/**
 * The dependencies of the remediation and rollback services from environment variables and the
 * function's own credentials and Region.
 * @param runbooks finds runbook implementations (the function's own table)
 * @param factory builds the SDK clients (the CLI passes one with its own credentials)
 */
export function dependenciesFromEnvironment(
  runbooks: (name: string) => Promise<Runbook>,
  env: NodeJS.ProcessEnv = process.env,
  factory: ClientFactory = defaultClientFactory,
): RemediationDependencies {
  const region = required(env, 'AWS_REGION');
  const settings = { region };
  let policy: PolicySource;
  if (env[ENVIRONMENT.policyParameter]) {
    policy = new SsmParameterPolicySource(
      factory.create('ssm', SSMClient, settings),
      env[ENVIRONMENT.policyParameter] as string,
    );
  } else {
    const text = required(env, ENVIRONMENT.policy);
    policy = new StaticPolicySource(JSON.parse(text));
  }
  return {
    policy,
    ledger: new RemediationLedger(
      factory.create('dynamodb', DynamoDBClient, settings),
      required(env, ENVIRONMENT.ledgerTable),
      Number(env[ENVIRONMENT.ledgerRetentionDays] ?? DEFAULT_LEDGER_RETENTION_DAYS),
    ),
    ...findingAccessFromEnvironment(env, factory),
    notifier: new SnsNotifier(factory.create('sns', SNSClient, settings), required(env, ENVIRONMENT.topicArn)),
    roles: new ExecutionRoles(
      factory.create('sts', STSClient, settings),
      factory,
      env[ENVIRONMENT.executionRoleName] || DEFAULT_EXECUTION_ROLE_NAME,
    ),
    accounts: new OrganizationsAccountDirectory(factory.create('organizations', OrganizationsClient, settings)),
    homeRegion: region,
    runbooks,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
  };
}

/**
 * Security Hub as the security account in the function's (home) Region: re-reading findings and
 * writing marks and notes on them.
 */
export function findingAccessFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  factory: ClientFactory = defaultClientFactory,
): { findingSource: SecurityHubFindingSource; findings: SecurityHubFindingUpdater } {
  const securityhub = factory.create('securityhub', SecurityHubClient, { region: required(env, 'AWS_REGION') });
  return {
    findingSource: new SecurityHubFindingSource(securityhub),
    findings: new SecurityHubFindingUpdater(securityhub),
  };
}

/** The ledger alone, for the rollback router. */
export function ledgerFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  factory: ClientFactory = defaultClientFactory,
): RemediationLedger {
  return new RemediationLedger(
    factory.create('dynamodb', DynamoDBClient, { region: required(env, 'AWS_REGION') }),
    required(env, ENVIRONMENT.ledgerTable),
  );
}
