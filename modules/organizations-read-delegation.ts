import { OrganizationsResourcePolicy, Construct } from './framework';
import { policyDocument } from './iam-documents';

/** The read-only Organizations actions delegated: enough to find which OU, and so which tier, an account is in. */
export const DELEGATED_ORGANIZATIONS_READ_ACTIONS: readonly string[] = [
  'organizations:DescribeOrganization',
  'organizations:DescribeAccount',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListParents',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
];

/** Properties of {@link OrganizationsReadDelegation}. */
export interface OrganizationsReadDelegationProps {
  /** The account allowed to read the organization's structure. */
  readonly accountId: string;
  readonly partition: string;
}

/**
 * The organization's resource policy, letting the security account read the OU structure. The
 * remediation functions and the reporter use it to place each account in its tier; without it,
 * only the management account could. An organization has one resource policy, so this construct
 * owns it.
 */
export class OrganizationsReadDelegation extends Construct {
  /** The resource policy. */
  public readonly policy: OrganizationsResourcePolicy;

  constructor(scope: Construct, id: string, props: OrganizationsReadDelegationProps) {
    super(scope, id);
    this.policy = new OrganizationsResourcePolicy(this, 'policy', {
      content: policyDocument([{
        Sid: 'SecurityAccountReadsStructure',
        Effect: 'Allow',
        Principal: { AWS: `arn:${props.partition}:iam::${props.accountId}:root` },
        Action: [...DELEGATED_ORGANIZATIONS_READ_ACTIONS],
        Resource: '*',
      }]),
    });
  }
}
