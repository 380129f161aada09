import {
  CloudwatchEventRule,
  CloudwatchEventTarget,
  IamRole,
  IamRolePolicy,
  LambdaPermission,
  SqsQueuePolicy,
  type LambdaFunction,
  Construct,
} from './framework';
import { ValidationError } from './validation-error';
import type { AutomaticRoute } from '../domain/remediation-routing';
import { IMPORTED_TRIGGER, REMEDIATION_RULE_TAGS } from '../core/remediation-contract';
import { customActionPattern, failedControlFindingsPattern } from './event-patterns';
import { policyDocument, serviceTrustPolicy } from '../domain/iam-documents';

export type { AutomaticRoute } from '../domain/remediation-routing';

/** A custom action routed straight to a function (its events may carry many findings). */
export interface CustomActionRoute {
  /** Rule name suffix. */
  readonly name: string;
  /** The action target's ARN. */
  readonly actionTargetArn: string;
  /** The function that handles the events. */
  readonly function: LambdaFunction;
  /** Only events with a finding of these controls. @default every event of the action */
  readonly securityControlIds?: readonly string[];
}

/** Properties of {@link RemediationRouting}. */
export interface RemediationRoutingProps {
  /** One rule per runbook that runs on imported findings. */
  readonly automatic: readonly AutomaticRoute[];
  /** One rule per custom action route. */
  readonly customActions: readonly CustomActionRoute[];
  /** SSM document names by runbook. */
  readonly documentNames: ReadonlyMap<string, string>;
  /** The role SSM Automation runs documents with (passed by EventBridge). */
  readonly automationRoleArn: string;
  /** Where events EventBridge cannot deliver go. */
  readonly deadLetterQueue: { readonly arn: string; readonly url: string };
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Prefix of every name. @default securityhub */
  readonly namePrefix?: string;
}

/**
 * EventBridge rules that start remediation: FAILED control findings of the controls in auto or
 * shadow mode go to the runbook's SSM Automation document; custom actions (Remediate,
 * IsolateInstance, Rollback) go straight to their function. Patterns come from event-patterns.ts;
 * undeliverable events go to the dead-letter queue, so nothing is dropped silently.
 */
export class RemediationRouting extends Construct {
  /** Rules by runbook name (automatic) or custom action route name. */
  public readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: RemediationRoutingProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'securityhub';
    const { partition, region, accountId } = props;
    const rules = new Map<string, CloudwatchEventRule>();
    const definitionArn = (runbook: string) => {
      const name = props.documentNames.get(runbook);
      if (!name)
        throw new ValidationError(this, `runbook ${runbook} has no SSM document; publish it with RemediationRunbooks.`);
      return `arn:${partition}:ssm:${region}:${accountId}:automation-definition/${name}`;
    };

    if (props.automatic.length > 0) {
      const eventsRole = new IamRole(this, 'events-role', {
        name: `${prefix}-remediation-events`,
        description: 'EventBridge starts remediation runbooks with this role',
        assumeRolePolicy: serviceTrustPolicy('events.amazonaws.com'),
      });
      new IamRolePolicy(this, 'events-policy', {
        name: 'start-remediation-runbooks',
        role: eventsRole.id,
        policy: policyDocument([
          {
            Sid: 'StartRunbooks',
            Effect: 'Allow',
            Action: 'ssm:StartAutomationExecution',
            Resource: props.automatic.map((r) => `${definitionArn(r.runbook)}:*`),
          },
          {
            Sid: 'PassAutomationRole',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: props.automationRoleArn,
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
        ]),
      });
      for (const route of props.automatic) {
        if (route.securityControlIds.length === 0)
          throw new ValidationError(this, `runbook ${route.runbook} has no controls to route.`);
        const rule = new CloudwatchEventRule(this, `auto-${route.runbook}`, {
          name: `${prefix}-remediation-${route.runbook}`.slice(0, 64),
          description: `FAILED findings of ${route.securityControlIds.join(', ')} to runbook ${route.runbook}`,
          eventPattern: JSON.stringify(
            failedControlFindingsPattern({
              partition,
              securityControlIds: route.securityControlIds,
              accountIds: route.accountIds,
            }),
          ),
          // Read by reviewers and `securityhub plan-review`: where this rule changes resources without a person.
          tags: {
            [REMEDIATION_RULE_TAGS.mode]: route.mode,
            [REMEDIATION_RULE_TAGS.environment]:
              route.autoEnvironments.length > 0 ? [...route.autoEnvironments].sort().join(' ') : 'none',
            [REMEDIATION_RULE_TAGS.runbook]: route.runbook,
          },
        });
        new CloudwatchEventTarget(this, `auto-${route.runbook}-target`, {
          rule: rule.name,
          targetId: 'runbook',
          arn: `${definitionArn(route.runbook)}:$DEFAULT`,
          roleArn: eventsRole.arn,
          inputTransformer: {
            inputPaths: { findingId: '$.detail.findings[0].Id', productArn: '$.detail.findings[0].ProductArn' },
            // An Automation target takes the document's parameters as a map of names to lists of
            // strings, so the finding travels as its Id and ProductArn (placeholders outside quotes
            // become JSON strings); the function re-reads the finding itself.
            inputTemplate: `{"FindingId": [<findingId>], "ProductArn": [<productArn>], "AutomationAssumeRole": ["${props.automationRoleArn}"], "Trigger": ["${IMPORTED_TRIGGER}"]}`,
          },
          deadLetterConfig: { arn: props.deadLetterQueue.arn },
          retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
        });
        rules.set(route.runbook, rule);
      }
    }

    for (const route of props.customActions) {
      const rule = new CloudwatchEventRule(this, `action-${route.name}`, {
        name: `${prefix}-action-${route.name}`.slice(0, 64),
        description: `Custom action findings to ${route.name}`,
        eventPattern: JSON.stringify(customActionPattern(route.actionTargetArn, route.securityControlIds, partition)),
      });
      new CloudwatchEventTarget(this, `action-${route.name}-target`, {
        rule: rule.name,
        targetId: 'function',
        arn: route.function.arn,
        deadLetterConfig: { arn: props.deadLetterQueue.arn },
        retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
      });
      new LambdaPermission(this, `action-${route.name}-permission`, {
        statementId: `${prefix}-action-${route.name}`.slice(0, 100),
        action: 'lambda:InvokeFunction',
        functionName: route.function.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
      rules.set(route.name, rule);
    }
    this.rules = rules;

    // EventBridge needs the queue's own permission to dead-letter; only this project's rules get it.
    new SqsQueuePolicy(this, 'dead-letter-policy', {
      queueUrl: props.deadLetterQueue.url,
      policy: policyDocument([
        {
          Sid: 'EventBridgeDeadLetters',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: props.deadLetterQueue.arn,
          Condition: {
            ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${accountId}:rule/${prefix}-*` },
          },
        },
      ]),
    });
  }
}
