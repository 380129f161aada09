import { OrganizationsResourcePolicy, Construct } from './framework';
import { ValidationError } from './validation-error';

/** The read-only Organizations actions delegated: enough to find which OU, and so which tier, an account is in. */
export const DELEGATED_ORGANIZATIONS_READ_ACTIONS: readonly string[] = [
  'organizations:DescribeOrganization',
  'organizations:DescribeAccount',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListParents',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
];

/** The Sid of the statement this construct writes; the other statements of the policy are kept as given. */
export const READ_DELEGATION_SID = 'SecurityAccountReadsStructure';

/** A statement of the organization's resource policy, as AWS Organizations stores it; `Sid` names it. */
export interface ResourcePolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly [element: string]: unknown;
}

/** Properties of {@link OrganizationsReadDelegation}. */
export interface OrganizationsReadDelegationProps {
  /** The account allowed to read the organization's structure. */
  readonly accountId: string;
  readonly partition: string;
  /**
   * Statements the policy holds besides this construct's own, kept as they are: the delegated
   * administrator statements of Security Hub and other services, or anything else the existing
   * policy has. Each needs a Sid of its own, other than {@link READ_DELEGATION_SID}.
   * @default none
   */
  readonly additionalStatements?: readonly ResourcePolicyStatement[];
  /**
   * Id (`rp-...`) of the organization's existing resource policy: Terraform imports it, so the
   * next apply updates that policy in place instead of failing to create a second one.
   * @default the policy is created
   */
  readonly importId?: string;
}

/**
 * The organization's resource policy, letting the security account read the OU structure. The
 * remediation functions and the reporter use it to place each account in its tier; without it,
 * only the management account could. An organization has one resource policy and Terraform
 * writes its whole document, so every statement it must keep is given here
 * (`additionalStatements`); `securityhub plan-review` flags any change to the policy, naming the
 * Sids an apply would remove.
 */
export class OrganizationsReadDelegation extends Construct {
  /** The resource policy. */
  public readonly policy: OrganizationsResourcePolicy;

  constructor(scope: Construct, id: string, props: OrganizationsReadDelegationProps) {
    super(scope, id);
    const additional = props.additionalStatements ?? [];
    const seen = new Set<string>([READ_DELEGATION_SID]);
    for (const [i, statement] of additional.entries()) {
      if (typeof statement.Sid !== 'string' || statement.Sid === '') {
        throw new ValidationError(
          this,
          `additionalStatements[${i}] has no Sid; give every statement a Sid so a review can name it.`,
        );
      }
      if (seen.has(statement.Sid)) {
        throw new ValidationError(
          this,
          `additionalStatements[${i}].Sid ${JSON.stringify(statement.Sid)} ${statement.Sid === READ_DELEGATION_SID ? 'is the statement this construct writes itself; leave it out of additionalStatements' : 'is used twice; give each statement its own Sid'}.`,
        );
      }
      seen.add(statement.Sid);
    }
    this.policy = new OrganizationsResourcePolicy(this, 'policy', {
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: READ_DELEGATION_SID,
            Effect: 'Allow',
            Principal: { AWS: `arn:${props.partition}:iam::${props.accountId}:root` },
            Action: [...DELEGATED_ORGANIZATIONS_READ_ACTIONS],
            Resource: '*',
          },
          ...additional,
        ],
      }),
    });
    if (props.importId !== undefined) this.policy.importFrom(props.importId);
  }
}
