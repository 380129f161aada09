import { OrganizationsPolicy, OrganizationsPolicyAttachment, Construct } from './framework';
import { ValidationError } from './validation-error';
import { policyDocument } from '../domain/iam-documents';

/**
 * The actions a member account may not take: turning off, or walking away from, the security
 * services that the organization's Security Hub depends on.
 */
export const GUARDED_ACTIONS: readonly string[] = [
  // Security Hub: the hub, standards, controls and the link to the administrator.
  'securityhub:DisableSecurityHub',
  'securityhub:BatchDisableStandards',
  'securityhub:UpdateStandardsControl',
  'securityhub:BatchUpdateStandardsControlAssociations',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateFromMasterAccount',
  'securityhub:DeleteMembers',
  'securityhub:DisassociateMembers',
  'securityhub:DeleteFindingAggregator',
  // GuardDuty.
  'guardduty:DeleteDetector',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:DisassociateFromMasterAccount',
  'guardduty:UpdateDetector',
  // Inspector.
  'inspector2:Disable',
  'inspector2:DisassociateMember',
  // Macie.
  'macie2:DisableMacie',
  'macie2:DisassociateFromAdministratorAccount',
  'macie2:DisassociateFromMasterAccount',
  // AWS Config: the recorder and delivery Security Hub's controls are evaluated from.
  'config:DeleteConfigurationRecorder',
  'config:StopConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:DeleteRetentionConfiguration',
];

/** Properties of {@link GuardrailPolicy}. */
export interface GuardrailPolicyProps {
  /** Root, OU or account ids the SCP is attached to (the workload OUs). */
  readonly targets: readonly string[];
  /**
   * Role names (in any account) still allowed to take the guarded actions, such as the role
   * this project deploys with. @default none
   */
  readonly exemptRoleNames?: readonly string[];
  /** Policy name. @default securityhub-guardrail */
  readonly name?: string;
}

/**
 * A service control policy that denies member accounts disabling Security Hub, GuardDuty,
 * Inspector, Macie or AWS Config, disabling standards or controls, or leaving the administrator.
 */
export class GuardrailPolicy extends Construct {
  /** The SCP. */
  public readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: GuardrailPolicyProps) {
    super(scope, id);
    if (props.targets.length === 0) {
      throw new ValidationError(this, `targets is empty; attach the guardrail to at least one OU or account.`);
    }
    const exempt = (props.exemptRoleNames ?? []).map((name) => `arn:*:iam::*:role/${name}`);
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.name ?? 'securityhub-guardrail',
      description:
        'Denies disabling Security Hub, GuardDuty, Inspector, Macie and AWS Config, and leaving the administrator',
      type: 'SERVICE_CONTROL_POLICY',
      content: policyDocument([
        {
          Sid: 'DenyDisablingSecurityServices',
          Effect: 'Deny',
          Action: [...GUARDED_ACTIONS],
          Resource: '*',
          ...(exempt.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalARN': exempt } } } : {}),
        },
      ]),
    });
    for (const target of [...props.targets].sort()) {
      new OrganizationsPolicyAttachment(this, `attachment-${target}`, { policyId: this.policy.id, targetId: target });
    }
  }
}
