import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { RunRecord } from './ledger';

/** Tells people what a run did. */
export interface Notifier {
  notify(run: RunRecord, summary: string): Promise<void>;
}

/**
 * Publishes one message per run to the remediation SNS topic: a short subject for e-mail and a
 * JSON body (the ledger record without the before-state) for chat and ticketing subscribers.
 * Message attributes carry outcome, control and account for subscription filter policies.
 */
export class SnsNotifier implements Notifier {
  readonly #sns: SNSClient;
  readonly #topicArn: string;

  constructor(sns: SNSClient, topicArn: string) {
    this.#sns = sns;
    this.#topicArn = topicArn;
  }

  public async notify(run: RunRecord, summary: string): Promise<void> {
    const subject =
      `[${run.status}] ${run.securityControlId ?? run.actionId ?? run.runbook} ${run.accountId} ${run.region}`.slice(
        0,
        100,
      );
    const { before: _before, ...withoutBefore } = run;
    await this.#sns.send(
      new PublishCommand({
        TopicArn: this.#topicArn,
        Subject: subject,
        Message: JSON.stringify({ summary, ...withoutBefore }, null, 2),
        MessageAttributes: {
          outcome: { DataType: 'String', StringValue: run.status },
          accountId: { DataType: 'String', StringValue: run.accountId },
          runbook: { DataType: 'String', StringValue: run.runbook },
        },
      }),
    );
  }
}
