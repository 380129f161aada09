import {
  CloudwatchEventRule,
  CloudwatchEventTarget,
  KmsAlias,
  KmsKey,
  SnsTopic,
  SnsTopicPolicy,
  SnsTopicSubscription,
  Construct,
} from './framework';
import { ValidationError } from './validation-error';
import { newFindingsPattern } from './event-patterns';
import { policyDocument } from '../domain/iam-documents';

/** Properties of {@link FindingNotifications}. */
export interface FindingNotificationsProps {
  /** Severity labels that are announced. */
  readonly severities: readonly string[];
  /** Email addresses subscribed to the topic (each must confirm). @default none */
  readonly emailSubscribers?: readonly string[];
  /** The account that owns the topic. */
  readonly accountId: string;
  /** Partition of the topic's Region. @default aws */
  readonly partition?: string;
  /** Name prefix for the topic, key alias and rule. @default securityhub */
  readonly namePrefix?: string;
}

/**
 * An encrypted SNS topic that announces new findings by severity, fed by an EventBridge rule.
 * The topic uses its own KMS key because EventBridge cannot publish to a topic encrypted with
 * the AWS-managed SNS key. Remediation reports go to the same topic.
 */
export class FindingNotifications extends Construct {
  /** The topic; remediation functions publish their outcomes here too. */
  public readonly topic: SnsTopic;
  /** The topic's KMS key. */
  public readonly key: KmsKey;
  /** The EventBridge rule that selects findings to announce. */
  public readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: FindingNotificationsProps) {
    super(scope, id);
    if (props.severities.length === 0) {
      throw new ValidationError(this, `severities is empty; name at least one (e.g. CRITICAL).`);
    }
    const partition = props.partition ?? 'aws';
    const prefix = props.namePrefix ?? 'securityhub';
    this.key = new KmsKey(this, 'key', {
      description: 'Encrypts the Security Hub findings notification topic',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        // A key policy must let the account administer the key, or the key becomes unmanageable.
        {
          Sid: 'AccountAdministers',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'EventBridgePublishes',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
        },
      ]),
    });
    new KmsAlias(this, 'alias', { name: `alias/${prefix}-notifications`, targetKeyId: this.key.keyId });
    this.topic = new SnsTopic(this, 'topic', { name: `${prefix}-findings`, kmsMasterKeyId: this.key.arn });
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: `${prefix}-findings-${props.severities.map((s) => s.toLowerCase()).join('-')}`.slice(0, 64),
      description: `New active Security Hub findings of severity ${props.severities.join(', ')}`,
      eventPattern: JSON.stringify(newFindingsPattern(props.severities)),
    });
    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: 'EventBridgePublishes',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': this.rule.arn } },
        },
      ]),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      arn: this.topic.arn,
      targetId: 'notification-topic',
    });
    for (const email of props.emailSubscribers ?? []) {
      new SnsTopicSubscription(this, `email-${email.replace(/[^A-Za-z0-9]/g, '-')}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
  }
}
