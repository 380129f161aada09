import type { PolicyStatement } from './iam-documents';

/*
 * Resource scoping of the member execution role. The catalogue lists the actions each runbook
 * calls; this table says which resources each write action may touch. Reads (Describe/Get/List)
 * need no scoping. A write action missing here is refused at synth, so a new runbook cannot
 * quietly widen the role to Resource "*".
 */

/** Write actions for which AWS defines no resource type: IAM accepts only Resource "*" for them. */
export const ACCOUNT_LEVEL_ACTIONS: ReadonlySet<string> = new Set([
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'config:StartConfigurationRecorder',
  'config:StopConfigurationRecorder',
  'ec2:DisableEbsEncryptionByDefault',
  'ec2:EnableEbsEncryptionByDefault',
  'guardduty:CreateDetector',
  'iam:DeleteAccountPasswordPolicy',
  'iam:UpdateAccountPasswordPolicy',
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  's3:PutAccountPublicAccessBlock',
]);

/** The path of the support roles the IAM.18 runbook creates. */
const SUPPORT_ROLES = 'arn:{p}:iam::*:role/securityhub-support/*';

/** ARN patterns (partition left as `{p}`) of the resources each scoped write action may touch. */
const SCOPED: Readonly<Record<string, readonly string[]>> = {
  'cloudwatch:DeleteAlarms': ['arn:{p}:cloudwatch:*:*:alarm:*'],
  'cloudwatch:PutMetricAlarm': ['arn:{p}:cloudwatch:*:*:alarm:*'],
  'dynamodb:UpdateTable': ['arn:{p}:dynamodb:*:*:table/*'],
  'ecr:PutImageScanningConfiguration': ['arn:{p}:ecr:*:*:repository/*'],
  'cloudtrail:CreateTrail': ['arn:{p}:cloudtrail:*:*:trail/*'],
  'cloudtrail:DeleteTrail': ['arn:{p}:cloudtrail:*:*:trail/*'],
  'cloudtrail:PutEventSelectors': ['arn:{p}:cloudtrail:*:*:trail/*'],
  'cloudtrail:StartLogging': ['arn:{p}:cloudtrail:*:*:trail/*'],
  'cloudtrail:StopLogging': ['arn:{p}:cloudtrail:*:*:trail/*'],
  'cloudtrail:UpdateTrail': ['arn:{p}:cloudtrail:*:*:trail/*'],
  'ec2:AuthorizeSecurityGroupEgress': ['arn:{p}:ec2:*:*:security-group/*'],
  'ec2:AuthorizeSecurityGroupIngress': ['arn:{p}:ec2:*:*:security-group/*'],
  'ec2:RevokeSecurityGroupEgress': ['arn:{p}:ec2:*:*:security-group/*'],
  'ec2:RevokeSecurityGroupIngress': ['arn:{p}:ec2:*:*:security-group/*'],
  'ec2:CreateSecurityGroup': ['arn:{p}:ec2:*:*:security-group/*', 'arn:{p}:ec2:*:*:vpc/*'],
  'ec2:CreateTags': ['arn:{p}:ec2:*:*:security-group/*', 'arn:{p}:ec2:*:*:vpc-flow-log/*'],
  'ec2:CreateFlowLogs': ['arn:{p}:ec2:*:*:vpc/*', 'arn:{p}:ec2:*:*:vpc-flow-log/*'],
  'ec2:DeleteFlowLogs': ['arn:{p}:ec2:*:*:vpc-flow-log/*'],
  'ec2:ModifyInstanceMetadataOptions': ['arn:{p}:ec2:*:*:instance/*'],
  'ec2:ModifyNetworkInterfaceAttribute': [
    'arn:{p}:ec2:*:*:network-interface/*',
    'arn:{p}:ec2:*:*:security-group/*',
    'arn:{p}:ec2:*:*:instance/*',
  ],
  'ec2:ModifySnapshotAttribute': ['arn:{p}:ec2:*:*:snapshot/*'],
  'ec2:ModifySubnetAttribute': ['arn:{p}:ec2:*:*:subnet/*'],
  'guardduty:UpdateDetector': ['arn:{p}:guardduty:*:*:detector/*'],
  'iam:CreateServiceLinkedRole': ['arn:{p}:iam::*:role/aws-service-role/*'],
  // The support role lives under its own path; the policy it may attach is pinned by CONDITIONS below.
  'iam:AttachRolePolicy': [SUPPORT_ROLES],
  'iam:CreateRole': [SUPPORT_ROLES],
  'iam:DeleteRole': [SUPPORT_ROLES],
  'iam:DetachRolePolicy': [SUPPORT_ROLES],
  'iam:TagRole': [SUPPORT_ROLES],
  'iam:UpdateAccessKey': ['arn:{p}:iam::*:user/*'],
  // Roles are handed only to the services that need one (CONDITIONS): AWS Config (its service-linked role), RDS enhanced
  // monitoring and CloudTrail (the roles named in the runbook parameters).
  'iam:PassRole': ['arn:{p}:iam::*:role/*'],
  'kms:DisableKeyRotation': ['arn:{p}:kms:*:*:key/*'],
  'kms:EnableKeyRotation': ['arn:{p}:kms:*:*:key/*'],
  'logs:DeleteMetricFilter': ['arn:{p}:logs:*:*:log-group:*'],
  'logs:PutMetricFilter': ['arn:{p}:logs:*:*:log-group:*'],
  'lambda:AddPermission': ['arn:{p}:lambda:*:*:function:*'],
  'lambda:RemovePermission': ['arn:{p}:lambda:*:*:function:*'],
  'rds:ModifyDBClusterSnapshotAttribute': ['arn:{p}:rds:*:*:cluster-snapshot:*'],
  'rds:ModifyDBCluster': ['arn:{p}:rds:*:*:cluster:*'],
  'rds:ModifyDBInstance': ['arn:{p}:rds:*:*:db:*'],
  'rds:ModifyDBSnapshotAttribute': ['arn:{p}:rds:*:*:snapshot:*'],
  's3:DeleteBucketPolicy': ['arn:{p}:s3:::*'],
  's3:PutBucketLogging': ['arn:{p}:s3:::*'],
  's3:PutBucketPolicy': ['arn:{p}:s3:::*'],
  's3:PutBucketPublicAccessBlock': ['arn:{p}:s3:::*'],
  'sns:SetTopicAttributes': ['arn:{p}:sns:*:*:*'],
  'sqs:SetQueueAttributes': ['arn:{p}:sqs:*:*:*'],
  'ec2:ModifyTransitGateway': ['arn:{p}:ec2:*:*:transit-gateway/*'],
  's3:PutLifecycleConfiguration': ['arn:{p}:s3:::*'],
  'ssm:ModifyDocumentPermission': ['arn:{p}:ssm:*:*:document/*'],
  // API Gateway's actions are HTTP verbs on resource paths: reads too are scoped, so the role reads stages and the account
  // settings but not, say, API key values.
  'apigateway:GET': ['arn:{p}:apigateway:*::/restapis/*/stages/*', 'arn:{p}:apigateway:*::/account'],
  'apigateway:PATCH': ['arn:{p}:apigateway:*::/restapis/*/stages/*'],
  'elasticloadbalancing:ModifyListener': ['arn:{p}:elasticloadbalancing:*:*:listener/app/*'],
  'elasticloadbalancing:ModifyRule': ['arn:{p}:elasticloadbalancing:*:*:listener-rule/app/*'],
};

/**
 * Conditions on scoped write actions whose resource alone would allow too much: the support role
 * may only ever get AWS's AWSSupportAccess policy (not, say, AdministratorAccess).
 */
const CONDITIONS: Readonly<Record<string, PolicyStatement['Condition']>> = {
  'iam:PassRole': {
    StringEquals: {
      'iam:PassedToService': ['config.amazonaws.com', 'monitoring.rds.amazonaws.com', 'cloudtrail.amazonaws.com'],
    },
  },
  'iam:AttachRolePolicy': { ArnEquals: { 'iam:PolicyARN': 'arn:{p}:iam::aws:policy/AWSSupportAccess' } },
  'iam:DetachRolePolicy': { ArnEquals: { 'iam:PolicyARN': 'arn:{p}:iam::aws:policy/AWSSupportAccess' } },
};

/** True for actions that only read (API Gateway names its reads by the HTTP verb). */
export function isReadOnlyAction(action: string): boolean {
  return /^[a-z0-9-]+:(Describe|Get|List|BatchGet)/.test(action) || action === 'apigateway:GET';
}

/**
 * The member execution role's statements for a set of actions: reads and account-level actions on
 * "*", every other write action on the resources it may touch, grouped by resource list.
 * @throws when a write action has no resource scope here
 */
export function memberRoleStatements(actions: readonly string[], partition = 'aws'): PolicyStatement[] {
  const groups = new Map<
    string,
    { resources: string[]; actions: string[]; condition?: PolicyStatement['Condition'] }
  >();
  const add = (resources: string[], action: string) => {
    const condition =
      CONDITIONS[action] &&
      (JSON.parse(JSON.stringify(CONDITIONS[action]).replace(/\{p\}/g, partition)) as PolicyStatement['Condition']);
    const key = `${resources.join('|')}|${JSON.stringify(condition ?? null)}`;
    const group = groups.get(key) ?? { resources, actions: [], ...(condition ? { condition } : {}) };
    group.actions.push(action);
    groups.set(key, group);
  };
  for (const action of [...new Set(actions)].sort()) {
    if (action === '*' || action.endsWith(':*'))
      throw new Error(`action ${JSON.stringify(action)} is a wildcard; list the exact actions the runbook calls.`);
    const scoped = SCOPED[action];
    if (!scoped && (isReadOnlyAction(action) || ACCOUNT_LEVEL_ACTIONS.has(action))) {
      add(['*'], action);
      continue;
    }
    if (!scoped) {
      throw new Error(
        `write action ${JSON.stringify(action)} has no resource scope; add it to domain/member-permissions.ts (or to ACCOUNT_LEVEL_ACTIONS when AWS defines no resource type for it).`,
      );
    }
    add(
      scoped.map((arn) => arn.replace('{p}', partition)),
      action,
    );
  }
  return [...groups.values()].map((g, i) => ({
    Sid: `Runbooks${i + 1}`,
    Effect: 'Allow',
    Action: g.actions,
    Resource: g.resources.length === 1 ? g.resources[0] : g.resources,
    ...(g.condition ? { Condition: g.condition } : {}),
  }));
}
