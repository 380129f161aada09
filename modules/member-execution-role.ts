import { CloudformationStackSet, CloudformationStackSetInstance, Construct } from './framework';
import { ValidationError } from './validation-error';
import { memberRoleStatements } from '../domain/member-permissions';
import { messageOf } from '../core/error-message';

/** Properties of {@link MemberExecutionRole}. */
export interface MemberExecutionRoleProps {
  /** Name of the role in every member account, optionally with a path (`security/Remediation`); the remediation functions assume it by this name. */
  readonly roleName: string;
  /** IAM actions the role may take: the union of what the tier's enabled runbooks need. */
  readonly actions: readonly string[];
  /** ARN of the remediation functions' role in the security account, the only principal trusted. */
  readonly trustedRoleArn: string;
  /** The organization id (`o-...`); the trust also requires the caller to be in it. */
  readonly organizationId: string;
  /** OUs the role is deployed to, including accounts created in them later. */
  readonly organizationalUnits: readonly string[];
  /** Accounts of the tier; with OUs they narrow the targets, alone they need `rootId`. @default none */
  readonly accounts?: readonly string[];
  /** The organization root, targeted (narrowed to `accounts`) when the tier lists accounts without OUs. */
  readonly rootId?: string;
  /** The one Region the StackSet deploys to (IAM is global, so one is enough). */
  readonly region: string;
  /** Partition of the member accounts. @default aws */
  readonly partition?: string;
  /** StackSet name. */
  readonly stackSetName: string;
}

/**
 * The member side of remediation: an execution role in every account of a tier, delivered by a
 * service-managed CloudFormation StackSet with auto-deployment. One Terraform resource reaches every
 * current and future account of the tier's OUs, so the Terraform does not grow with the number of
 * accounts.
 */
export class MemberExecutionRole extends Construct {
  /** The StackSet. */
  public readonly stackSet: CloudformationStackSet;

  constructor(scope: Construct, id: string, props: MemberExecutionRoleProps) {
    super(scope, id);
    if (props.actions.length === 0) {
      throw new ValidationError(
        this,
        `actions is empty; a role with no permissions cannot remediate anything. Enable a runbook or leave the role out.`,
      );
    }
    let statements;
    try {
      statements = memberRoleStatements(props.actions, props.partition);
    } catch (e) {
      throw new ValidationError(this, messageOf(e));
    }
    if (props.organizationalUnits.length === 0 && (!props.accounts?.length || !props.rootId)) {
      throw new ValidationError(
        this,
        `no organizationalUnits, and accounts without rootId; give the tier's OUs, or its accounts and the organization root id.`,
      );
    }
    // IAM keeps a role's path apart from its name.
    const slash = props.roleName.lastIndexOf('/');
    const roleName = props.roleName.slice(slash + 1);
    const rolePath = slash >= 0 ? `/${props.roleName.slice(0, slash).replace(/^\/|\/$/g, '')}/` : '/';
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'Execution role assumed by Security Hub remediation functions from the security account',
      Resources: {
        ExecutionRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: roleName,
            Path: rolePath,
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: props.trustedRoleArn },
                  Action: 'sts:AssumeRole',
                  Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
                },
              ],
            },
            Policies: [
              {
                PolicyName: 'remediation-runbooks',
                PolicyDocument: { Version: '2012-10-17', Statement: statements },
              },
            ],
          },
        },
      },
    };
    this.stackSet = new CloudformationStackSet(this, 'stack-set', {
      name: props.stackSetName,
      description: 'Security Hub remediation execution role',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      templateBody: JSON.stringify(template),
      operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25 },
      lifecycle: { ignoreChanges: ['administration_role_arn'] },
    });
    const ous = props.organizationalUnits.length > 0 ? [...props.organizationalUnits] : [props.rootId!];
    new CloudformationStackSetInstance(this, 'instances', {
      stackSetName: this.stackSet.name,
      region: props.region,
      deploymentTargets: {
        organizationalUnitIds: ous,
        // Accounts listed without OUs are reached through the root, narrowed to exactly those accounts.
        ...(props.organizationalUnits.length === 0
          ? { accounts: [...props.accounts!], accountFilterType: 'INTERSECTION' }
          : {}),
      },
    });
  }
}
