import { SecurityhubStandardsSubscription, type ITerraformDependable, Construct } from './framework';
import { ValidationError } from './validation-error';
import { resolveStandards, type StandardInput } from './standards-input';

/** Properties of {@link StandardsSubscriptions}. */
export interface StandardsSubscriptionsProps {
  /** Standards to enable, as SecurityStandards or their ids (`standards/pci-dss/v/4.0.1`). */
  readonly standards: readonly StandardInput[];
  /** The account's Region (standard ARNs are regional, except CIS v1.2.0). */
  readonly region: string;
  /** Partition. @default aws */
  readonly partition?: string;
  /** The hub; the subscriptions wait for it. */
  readonly hub: ITerraformDependable;
}

/**
 * Standards enabled directly in one account and Region, for an account outside an organization
 * (or one not under central configuration). Under central configuration, standards belong in
 * configuration policies instead; Security Hub rejects direct subscriptions in accounts a policy
 * governs.
 */
export class StandardsSubscriptions extends Construct {
  /** Subscriptions by standard id (`standards/aws-foundational-security-best-practices/v/1.0.0`). */
  public readonly subscriptions: ReadonlyMap<string, SecurityhubStandardsSubscription>;

  constructor(scope: Construct, id: string, props: StandardsSubscriptionsProps) {
    super(scope, id);
    if (props.standards.length === 0)
      throw new ValidationError(this, `standards is empty; list at least one SecurityStandard.`);
    const subscriptions = new Map<string, SecurityhubStandardsSubscription>();
    for (const standard of resolveStandards(this, props.standards)) {
      if (subscriptions.has(standard.standardsId))
        throw new ValidationError(this, `${standard.standardsId} is listed twice; list each standard once.`);
      subscriptions.set(
        standard.standardsId,
        new SecurityhubStandardsSubscription(this, standard.standardsId.replace(/[^A-Za-z0-9]+/g, '-'), {
          standardsArn: standard.arn(props.region, props.partition),
          dependsOn: [props.hub],
        }),
      );
    }
    this.subscriptions = subscriptions;
  }
}
