import { IamRole, IamRolePolicy, SsmDocument, Construct } from './framework';
import { ValidationError } from './validation-error';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { automationDocumentName } from '../core/remediation-contract';
import { policyDocument, serviceTrustPolicy } from '../domain/iam-documents';
import { didYouMean } from '../core/closest';
import { messageOf } from '../core/error-message';
import { buildAutomationDocument } from '../domain/automation-documents';
import { RUNBOOKS, type RunbookDefinition } from '../domain/catalogue/remediations';

/** An SSM Automation document as far as the construct changes it (the function's ARN as `RemediationFunction` default). */
type DocumentContent = { parameters?: Record<string, { default?: string }> };

/** One runbook to publish as an SSM Automation document. */
export interface RunbookDocument {
  /** Runbook name (a catalogue runbook); the document is named `SecurityHubRemediation-<runbook>` (whatever the name prefix). */
  readonly runbook: string;
  /** ARN of the function that holds the runbook; becomes the document's `RemediationFunction` default. */
  readonly functionArn: string;
}

/** Properties of {@link RemediationRunbooks}. */
export interface RemediationRunbooksProps {
  /** The runbooks some tier uses. */
  readonly runbooks: readonly RunbookDocument[];
  /**
   * Folder of documents to publish instead of the ones built from the catalogue
   * (`SecurityHubRemediation-<runbook>.json`, e.g. reviewed copies of remediation-functions/ssm-documents).
   * @default the documents built from the catalogue (the same as the JSON files shipped in remediation-functions/ssm-documents)
   */
  readonly documentsDir?: string;
  /** Prefix of the role name. @default securityhub */
  readonly namePrefix?: string;
}

/**
 * SSM Automation documents, one per runbook in use, and the role SSM Automation runs them with.
 * Going through SSM rather than straight to Lambda gives each run an execution history, and lets
 * operators start a runbook by hand (`aws ssm start-automation-execution`) with the same checks.
 */
export class RemediationRunbooks extends Construct {
  /** Documents by runbook name. */
  public readonly documents: ReadonlyMap<string, SsmDocument>;
  /** The role SSM Automation assumes (`AutomationAssumeRole`). */
  public readonly automationRole: IamRole;

  /** The SSM document name of a runbook: the fixed `SecurityHubRemediation-` prefix and the runbook name (see core/remediation-contract). */
  public static documentName(runbook: string): string {
    return automationDocumentName(runbook);
  }

  constructor(scope: Construct, id: string, props: RemediationRunbooksProps) {
    super(scope, id);
    if (props.runbooks.length === 0) throw new ValidationError(this, `runbooks is empty.`);
    const prefix = props.namePrefix ?? 'securityhub';
    this.automationRole = new IamRole(this, 'automation-role', {
      name: `${prefix}-remediation-automation`,
      description: 'SSM Automation runs remediation runbooks with this role',
      assumeRolePolicy: serviceTrustPolicy('ssm.amazonaws.com'),
    });
    new IamRolePolicy(this, 'automation-policy', {
      name: 'invoke-remediation-functions',
      role: this.automationRole.id,
      policy: policyDocument([
        {
          Sid: 'InvokeRemediationFunctions',
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: [...new Set(props.runbooks.map((r) => r.functionArn))],
        },
      ]),
    });
    const documents = new Map<string, SsmDocument>();
    for (const { runbook, functionArn } of props.runbooks) {
      const content =
        props.documentsDir === undefined ? this.builtDocument(runbook) : this.readDocument(props.documentsDir, runbook);
      // The document names the function by its catalogue name; deployed, it points at the real ARN.
      if (content.parameters?.RemediationFunction) content.parameters.RemediationFunction.default = functionArn;
      documents.set(
        runbook,
        new SsmDocument(this, runbook, {
          name: RemediationRunbooks.documentName(runbook),
          documentType: 'Automation',
          documentFormat: 'JSON',
          content: JSON.stringify(content),
        }),
      );
    }
    this.documents = documents;
  }

  /** The catalogue runbook's document, as domain/automation-documents.ts builds it (a copy the caller may change). */
  private builtDocument(runbook: string): DocumentContent {
    const runbooks: Readonly<Record<string, RunbookDefinition>> = RUNBOOKS;
    const definition = runbooks[runbook];
    if (!definition)
      throw new ValidationError(
        this,
        `runbook ${JSON.stringify(runbook)} is not in the catalogue${didYouMean(runbook, Object.keys(runbooks))}; name a runbook of domain/catalogue/remediations.ts, or pass documentsDir with its document.`,
      );
    return structuredClone(buildAutomationDocument(definition)) as DocumentContent;
  }

  /** A document read from a folder of `SecurityHubRemediation-<runbook>.json` files. */
  private readDocument(dir: string, runbook: string): DocumentContent {
    const file = path.join(dir, `${RemediationRunbooks.documentName(runbook)}.json`);
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ValidationError(this, `cannot read the SSM document for runbook ${runbook} (${file}): ${messageOf(e)}`);
    }
  }
}
