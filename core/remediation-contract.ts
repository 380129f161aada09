/**
 * The contract between the remediation constructs (which write it into the Terraform
 * configuration: function environment, SSM documents, EventBridge rules, the ledger table) and
 * the remediation functions and CLI (which read it at run time). Both sides import these names
 * from here, so a rename is one edit that the compiler carries to every reader.
 */
import type { RemediationTrigger } from './remediation-policy';

/**
 * The environment variables the remediation functions read; the constructs set them on every
 * remediate-* function (the rollback router gets only {@link REMEDIATION_ENVIRONMENT.ledgerTable}).
 */
export const REMEDIATION_ENVIRONMENT = {
  /** DynamoDB ledger table (partition key {@link LEDGER_PARTITION_KEY}, TTL attribute {@link LEDGER_TTL_ATTRIBUTE}). Required. */
  ledgerTable: 'REMEDIATION_LEDGER_TABLE',
  /** Days run records are kept. @default {@link DEFAULT_LEDGER_RETENTION_DAYS} */
  ledgerRetentionDays: 'REMEDIATION_LEDGER_RETENTION_DAYS',
  /** SNS topic ARN for run notifications. Required. */
  topicArn: 'REMEDIATION_TOPIC_ARN',
  /** Name (optionally with path) of the execution role in member accounts. @default {@link DEFAULT_EXECUTION_ROLE_NAME} */
  executionRoleName: 'REMEDIATION_EXECUTION_ROLE_NAME',
  /** The RemediationPolicy JSON inline; for small organizations. One of this or the next is required. */
  policy: 'REMEDIATION_POLICY',
  /** Name of the SSM parameter holding the RemediationPolicy JSON. */
  policyParameter: 'REMEDIATION_POLICY_PARAMETER',
} as const;

/** Name of the role the remediation functions assume in member accounts unless the config names another. */
export const DEFAULT_EXECUTION_ROLE_NAME = 'SecurityHubRemediationExecution';

/** Name of the remediation ledger table unless `remediation.ledger.tableName` says otherwise. */
export const DEFAULT_LEDGER_TABLE_NAME = 'securityhub-remediation-ledger';

/** Days the ledger keeps a run record unless `remediation.ledger.retentionDays` says otherwise. */
export const DEFAULT_LEDGER_RETENTION_DAYS = 400;

/** The ledger table's partition key (type S). */
export const LEDGER_PARTITION_KEY = 'pk';

/** The ledger table's TTL attribute (epoch seconds), after which DynamoDB deletes a record. */
export const LEDGER_TTL_ATTRIBUTE = 'expiresAt';

/**
 * The SSM parameter that holds the runtime RemediationPolicy ends with this; plan-review
 * recognises the parameter by it, whatever the name prefix.
 */
export const REMEDIATION_POLICY_PARAMETER_SUFFIX = '/remediation/policy';

/** The policy parameter's name for a name prefix (`securityhub` gives `/securityhub/remediation/policy`). */
export function remediationPolicyParameterName(namePrefix: string): string {
  return `/${namePrefix}${REMEDIATION_POLICY_PARAMETER_SUFFIX}`;
}

/**
 * Every SSM Automation document of a runbook is named this fixed prefix and the runbook name;
 * the stacks' name prefix does not change it, so documents keep their names across deployments.
 */
export const AUTOMATION_DOCUMENT_PREFIX = 'SecurityHubRemediation-';

/** The SSM Automation document name of a runbook, e.g. `SecurityHubRemediation-EnableS3AccountBlockPublicAccess`. */
export function automationDocumentName(runbook: string): string {
  return `${AUTOMATION_DOCUMENT_PREFIX}${runbook}`;
}

/**
 * The `Trigger` values of the SSM Automation documents and what each means to the remediation
 * policy. EventBridge passes `SecurityHubFindingsImported`; custom action documents default to
 * `SecurityHubCustomAction`; an operator starting a document by hand passes `Operator`.
 */
export const AUTOMATION_TRIGGERS = {
  SecurityHubFindingsImported: 'imported',
  SecurityHubCustomAction: 'custom-action',
  Operator: 'operator',
} as const satisfies Readonly<Record<string, RemediationTrigger>>;

/** One of the {@link AUTOMATION_TRIGGERS} names. */
export type AutomationTriggerName = keyof typeof AUTOMATION_TRIGGERS;

/** The `Trigger` an execution started by EventBridge for imported findings carries (and the default when none is given). */
export const IMPORTED_TRIGGER: AutomationTriggerName = 'SecurityHubFindingsImported';

/** The `Trigger` a custom action document defaults to. */
export const CUSTOM_ACTION_TRIGGER: AutomationTriggerName = 'SecurityHubCustomAction';

/**
 * The payload the SSM Automation step sends to a remediation function (`aws:invokeLambdaFunction`
 * Payload): the document writes these fields, the function parses them.
 */
export interface AutomationStepPayload {
  /** Id of the Security Hub finding; the function re-reads it. */
  readonly FindingId: string;
  /** ProductArn of the finding. */
  readonly ProductArn: string;
  /** The runbook the document runs. */
  readonly Runbook: string;
  /** One of {@link AUTOMATION_TRIGGERS}. */
  readonly Trigger: AutomationTriggerName;
  /** The custom action id, for documents a custom action starts. */
  readonly ActionId?: string;
  /** The SSM Automation execution id (the run's request id). */
  readonly AutomationExecutionId: string;
}

/**
 * Tags on the EventBridge rules that start runbooks automatically. Reviewers and
 * `securityhub plan-review` read them to see where a rule changes resources without a person.
 */
export const REMEDIATION_RULE_TAGS = {
  /** The tier's remediation mode (`auto` changes resources without a person). */
  mode: 'securityhub:remediation-mode',
  /** The environments (space-separated, or `none`) where the rule acts automatically. */
  environment: 'securityhub:environment',
  /** The runbook the rule starts. */
  runbook: 'securityhub:runbook',
} as const;
