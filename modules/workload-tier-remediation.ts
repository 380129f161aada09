import { DataAwsOrganizationsOrganization, Construct } from './framework';
import { DEFAULT_EXECUTION_ROLE_NAME } from '../core/remediation-contract';
import { MemberExecutionRole } from './member-execution-role';

/** Properties of {@link WorkloadTierRemediation}. */
export interface WorkloadTierRemediationProps {
  /** The tier's name; the StackSet is `securityhub-remediation-<tier>`. */
  readonly tier: string;
  /** IAM actions the tier's runbooks need (a RemediationPlan's `tierActions.get(tier)`). */
  readonly actions: readonly string[];
  /** Name (optionally with a path) of the role in every member account. @default SecurityHubRemediationExecution */
  readonly roleName?: string;
  /**
   * ARN of the remediation functions' role in the security account. An ARN, not a construct: the
   * role lives in another account and another stack, and a literal keeps the two stacks'
   * state apart (`RemediationFunctions.functionRoleName()` gives its name).
   */
  readonly trustedRoleArn: string;
  /** OUs of the tier, including accounts created in them later. */
  readonly organizationalUnits: readonly string[];
  /** Accounts of the tier. @default none */
  readonly accounts?: readonly string[];
  /** The one Region the StackSet deploys to (IAM is global). */
  readonly region: string;
  /** @default aws */
  readonly partition?: string;
}

/**
 * The member side of remediation for one workload tier, run from the management account: the
 * organization read for its id and root, and the execution role delivered by a service-managed
 * StackSet to every current and future account of the tier. Pieces keep the ids they have as
 * direct children of a stack (`organization`, `execution-role`); with the id `Default` their
 * Terraform addresses are the same.
 */
export class WorkloadTierRemediation extends Construct {
  /** The execution role's StackSet. */
  public readonly executionRole: MemberExecutionRole;

  constructor(scope: Construct, id: string, props: WorkloadTierRemediationProps) {
    super(scope, id);
    const organization = new DataAwsOrganizationsOrganization(this, 'organization');
    this.executionRole = new MemberExecutionRole(this, 'execution-role', {
      roleName: props.roleName ?? DEFAULT_EXECUTION_ROLE_NAME,
      actions: props.actions,
      trustedRoleArn: props.trustedRoleArn,
      organizationId: organization.id,
      organizationalUnits: props.organizationalUnits,
      accounts: props.accounts,
      rootId: organization.roots.get(0).id,
      region: props.region,
      partition: props.partition ?? 'aws',
      stackSetName: `securityhub-remediation-${props.tier}`,
    });
  }
}
