/*
 * The SSM Automation document of each runbook, built from the catalogue: plain data, so the
 * construct publishes what this returns and `npm run generate:runbooks` writes the same documents
 * to remediation-functions/ssm-documents for readers and the package.
 */
import {
  AUTOMATION_DOCUMENT_PREFIX,
  AUTOMATION_TRIGGERS,
  automationDocumentName,
  CUSTOM_ACTION_TRIGGER,
  IMPORTED_TRIGGER,
  type AutomationStepPayload,
  type AutomationTriggerName,
} from '../core/remediation-contract';
import { AWS_SERVICE_PRODUCT_ARN_PATTERN, SECURITY_HUB_PRODUCT_ARN_PATTERN } from '../core/security-hub-product';
import { CUSTOM_ACTION_REMEDIATIONS, REMEDIATIONS, RUNBOOKS, type RunbookDefinition } from './catalogue/remediations';

export { AUTOMATION_DOCUMENT_PREFIX, automationDocumentName };

/** Step actions a remediation document may use; the structural test holds documents to this list. */
export const ALLOWED_STEP_ACTIONS: readonly string[] = ['aws:invokeLambdaFunction'];

/** An SSM Automation document (schema 0.3), as much of it as these documents use. */
export interface AutomationDocument {
  readonly schemaVersion: '0.3';
  readonly description: string;
  readonly assumeRole: string;
  readonly parameters: Readonly<
    Record<
      string,
      {
        readonly type: 'String' | 'StringMap';
        readonly description: string;
        readonly default?: string;
        readonly allowedPattern?: string;
        readonly allowedValues?: readonly string[];
      }
    >
  >;
  readonly mainSteps: readonly {
    readonly name: string;
    readonly action: string;
    readonly maxAttempts: number;
    readonly timeoutSeconds: number;
    readonly onFailure: 'Abort';
    readonly isEnd: boolean;
    readonly inputs: Readonly<Record<string, string>>;
  }[];
  readonly outputs: readonly string[];
}

function idsOf(runbook: string): { controls: string[]; actions: string[] } {
  return {
    controls: Object.entries(REMEDIATIONS)
      .filter(([, r]) => r.runbook === runbook)
      .map(([id]) => id),
    actions: Object.entries(CUSTOM_ACTION_REMEDIATIONS)
      .filter(([, r]) => r.runbook === runbook)
      .map(([id]) => id),
  };
}

/**
 * What a finding id may look like in a document parameter: Security Hub's own finding ids are
 * ARNs (`arn:<partition>:securityhub:<region>:<account>:security-control/<id>/finding/<uuid>`).
 * No quote, backslash or brace can pass, so `{{ FindingId }}` substituted into the step's JSON
 * Payload stays a JSON string.
 */
export const FINDING_ID_PATTERN = '^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\\d{12}:[A-Za-z0-9./:_-]{1,400}$';

/**
 * What a finding id may look like in the document of a custom action runbook (IsolateInstance),
 * which a person or an operator runs on findings of AWS services: Security Hub's own (as in
 * {@link FINDING_ID_PATTERN}), GuardDuty's
 * (`arn:<partition>:guardduty:<region>:<account>:detector/<detector id>/finding/<finding id>`) and
 * Inspector's (`arn:<partition>:inspector2:<region>:<account>:finding/<finding id>`). Only these
 * services' own id shapes pass, with the same characters as above; the ProductArn parameter
 * still takes only AWS services' products, and the function re-reads the finding under it.
 */
export const AWS_SERVICE_FINDING_ID_PATTERN =
  '^arn:aws[a-z-]*:(?:securityhub:[a-z0-9-]+:\\d{12}:[A-Za-z0-9./:_-]{1,400}' +
  '|guardduty:[a-z0-9-]+:\\d{12}:detector/[a-z0-9]{1,64}/finding/[a-z0-9]{1,64}' +
  '|inspector2:[a-z0-9-]+:\\d{12}:finding/[a-z0-9]{1,64})$';

/**
 * The SSM Automation document of a runbook. EventBridge starts it with String parameters (a
 * map of names to lists of strings, which is all an Automation target takes), so the finding
 * travels as its `FindingId` and `ProductArn`; the one step invokes the runbook's remediation
 * function with those, synchronously, once, as the JSON `Payload` AWS documents for
 * `aws:invokeLambdaFunction`. The function re-reads the finding from Security Hub, applies the
 * tier's mode and exemptions, records the before-state and marks the finding; a retry replays
 * the ledger. SSM adds what the function does not: execution history, approvals and
 * concurrency limits.
 */
export function buildAutomationDocument(definition: RunbookDefinition): AutomationDocument {
  const { controls, actions } = idsOf(definition.runbook);
  const customAction = actions.length > 0;
  // Typed by the payload the function parses, so a field renamed on one side fails the compiler.
  const fields: Readonly<Record<keyof AutomationStepPayload, string | undefined>> = {
    FindingId: '"{{ FindingId }}"',
    ProductArn: '"{{ ProductArn }}"',
    Runbook: `"${definition.runbook}"`,
    Trigger: '"{{ Trigger }}"',
    ActionId: customAction ? `"${actions[0]}"` : undefined,
    AutomationExecutionId: '"{{ automation:EXECUTION_ID }}"',
  };
  const payload = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `"${name}": ${value}`)
    .join(', ');
  return {
    schemaVersion: '0.3',
    description: [
      `### ${definition.runbook}`,
      definition.summary,
      '',
      `${customAction ? `Custom action: ${actions.join(', ')}` : `Security controls: ${controls.join(', ')}`}. Invokes the ${definition.remediationFunction} function with the finding's Id and ProductArn;` +
        " the function re-reads the finding from Security Hub, applies the tier's mode and exemptions, records the before-state in the remediation ledger, acts in the finding's own account and Region," +
        ' and marks the finding. See docs/remediation for what it changes and how to roll it back.',
    ].join('\n'),
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      FindingId: {
        type: 'String',
        description: customAction
          ? 'Id of the finding (detail.findings[0].Id of the EventBridge event): a Security Hub, GuardDuty or Inspector finding ARN; the function re-reads the finding.'
          : 'Id of the Security Hub finding (detail.findings[0].Id of the EventBridge event); the function re-reads the finding.',
        allowedPattern: customAction ? AWS_SERVICE_FINDING_ID_PATTERN : FINDING_ID_PATTERN,
      },
      ProductArn: {
        type: 'String',
        description: customAction
          ? "ProductArn of the finding: an AWS service's product (Security Hub, GuardDuty, Inspector, ...), arn:<partition>:securityhub:<region>::product/aws/<service>."
          : "ProductArn of the finding: Security Hub's own product, arn:<partition>:securityhub:<region>::product/aws/securityhub.",
        allowedPattern: customAction ? AWS_SERVICE_PRODUCT_ARN_PATTERN : SECURITY_HUB_PRODUCT_ARN_PATTERN,
      },
      AutomationAssumeRole: {
        type: 'String',
        description:
          'ARN of the role SSM Automation assumes to run this document; it needs lambda:InvokeFunction on the remediation function.',
        allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$',
      },
      RemediationFunction: {
        type: 'String',
        description: 'Name or ARN of the remediation function that holds this runbook.',
        default: definition.remediationFunction,
        allowedPattern:
          '^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$',
      },
      Trigger: {
        type: 'String',
        description:
          'What started the execution: imported findings run only in auto mode; a custom action or an operator also in manual mode.',
        default: customAction ? CUSTOM_ACTION_TRIGGER : IMPORTED_TRIGGER,
        allowedValues: Object.keys(AUTOMATION_TRIGGERS) as AutomationTriggerName[],
      },
    },
    mainSteps: [
      {
        name: 'Remediate',
        action: 'aws:invokeLambdaFunction',
        maxAttempts: 1,
        timeoutSeconds: 300,
        onFailure: 'Abort',
        isEnd: true,
        inputs: {
          FunctionName: '{{ RemediationFunction }}',
          InvocationType: 'RequestResponse',
          Payload: `{${payload}}`,
        },
      },
    ],
    outputs: ['Remediate.Payload'],
  };
}

/** Every runbook's document, by document name. */
export function automationDocuments(): Record<string, AutomationDocument> {
  const runbooks: Record<string, RunbookDefinition> = RUNBOOKS;
  return Object.fromEntries(
    Object.values(runbooks).map((r) => [automationDocumentName(r.runbook), buildAutomationDocument(r)]),
  );
}
