import type { RemediationDefinition } from '../control-catalogue';
import type { SecurityControlId } from './control-types';

/** The value types a runbook parameter takes in the org config (`remediation.parameters`). */
export type RunbookParameterType = 'string' | 'integer' | 'boolean';

/** A value a runbook parameter holds. */
export type RunbookParameterValue = string | number | boolean;

/** One setting a runbook reads from `remediation.parameters.<runbook>.<name>`. */
export interface RunbookParameterDefinition {
  /** Parameter name as config files write it, e.g. `TrailBucketName`. */
  readonly name: string;
  /** The parameter's value type. */
  readonly type: RunbookParameterType;
  /** What the value is and what it must allow (shown in validation errors and the docs page). */
  readonly description: string;
  /** True when the runbook cannot run without a value and there is no sensible default. */
  readonly required: boolean;
  /** Value used when the config sets none. */
  readonly default?: RunbookParameterValue;
  /** Regular expression a string value must match. */
  readonly pattern?: string;
  /** Smallest allowed integer. */
  readonly min?: number;
  /** Largest allowed integer. */
  readonly max?: number;
}

/** How a remediation function is deployed. */
export interface RemediationFunctionSettings {
  /** Lambda timeout in seconds: 120 for functions whose runbooks wait on slower APIs (EC2, RDS, CloudTrail, AWS Config, GuardDuty), 60 for the others. */
  readonly timeoutSeconds: number;
}

/**
 * The Lambda functions that run the runbooks, one per AWS service family, so each bundle holds
 * only its own runbooks. This is the one list of them: the loader tables
 * (`remediation-functions/runbooks/tables.ts`), the bundler's entry points and the construct's
 * timeouts all come from it. The bundle is `remediation-functions/dist/<name>/index.js`.
 */
export const REMEDIATION_FUNCTION_SETTINGS = {
  'remediate-s3': { timeoutSeconds: 60 },
  'remediate-ec2': { timeoutSeconds: 120 },
  'remediate-ec2-network': { timeoutSeconds: 120 },
  'remediate-ec2-flow-logs': { timeoutSeconds: 120 },
  'remediate-monitoring': { timeoutSeconds: 120 },
  'remediate-config-guardduty': { timeoutSeconds: 120 },
  'remediate-iam': { timeoutSeconds: 60 },
  'remediate-iam-account': { timeoutSeconds: 60 },
  'remediate-kms': { timeoutSeconds: 60 },
  'remediate-lambda': { timeoutSeconds: 60 },
  'remediate-rds': { timeoutSeconds: 120 },
  'remediate-rds-snapshots': { timeoutSeconds: 120 },
  'remediate-cloudwatch': { timeoutSeconds: 60 },
  'remediate-data': { timeoutSeconds: 60 },
  'remediate-secrets': { timeoutSeconds: 60 },
  'remediate-s3-lifecycle': { timeoutSeconds: 60 },
  'remediate-ssm': { timeoutSeconds: 60 },
  'remediate-ec2-authorized-ports': { timeoutSeconds: 120 },
  'remediate-ec2-transit-gateways': { timeoutSeconds: 120 },
  'remediate-elb': { timeoutSeconds: 60 },
  'remediate-apigateway': { timeoutSeconds: 60 },
  'remediate-rds-monitoring': { timeoutSeconds: 120 },
  'remediate-cloudtrail-logs': { timeoutSeconds: 60 },
  'remediate-codebuild': { timeoutSeconds: 60 },
  'remediate-ec2-instances': { timeoutSeconds: 60 },
} as const satisfies Readonly<Record<`remediate-${string}`, RemediationFunctionSettings>>;

/** The name of a function in {@link REMEDIATION_FUNCTION_SETTINGS}. */
export type RemediationFunctionName = keyof typeof REMEDIATION_FUNCTION_SETTINGS;

/** Every remediation function's name, in catalogue order. */
export const REMEDIATION_FUNCTIONS = Object.keys(REMEDIATION_FUNCTION_SETTINGS) as readonly RemediationFunctionName[];

/** The function that routes Rollback custom action events and `{ runId }` requests to the function that ran each run. */
export const ROLLBACK_FUNCTION = 'rollback';

/** How the rollback function is deployed: it may restore several runs one after another. */
export const ROLLBACK_FUNCTION_SETTINGS: RemediationFunctionSettings = { timeoutSeconds: 300 };

/**
 * A runbook as the catalogue describes it: the shared {@link RemediationDefinition} plus the
 * parameters it reads and the function that runs it. The implementation lives in
 * `remediation-functions/runbooks/`.
 */
export interface RunbookDefinition extends RemediationDefinition {
  /** Settings the runbook reads; empty when it reads none. */
  readonly parameters: readonly RunbookParameterDefinition[];
  /** The Lambda function whose bundle holds the runbook (the SSM document's step invokes it). */
  readonly remediationFunction: RemediationFunctionName;
}

const S3_BUCKET_TAGS = 's3:GetBucketTagging';
const str = (
  name: string,
  description: string,
  required: boolean,
  extra: Partial<RunbookParameterDefinition> = {},
): RunbookParameterDefinition => ({ name, type: 'string', description, required, ...extra });
const int = (
  name: string,
  description: string,
  dflt: number,
  min: number,
  max: number,
): RunbookParameterDefinition => ({ name, type: 'integer', description, required: false, default: dflt, min, max });
const bool = (name: string, description: string, dflt: boolean): RunbookParameterDefinition => ({
  name,
  type: 'boolean',
  description,
  required: false,
  default: dflt,
});

const S3_BUCKET_ARN = '^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';
const S3_BUCKET_NAME = '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';
const SNS_TOPIC = '^(arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:)?[A-Za-z0-9_-]{1,256}$';
/** A comma-separated list of ports and dash ranges, as EC2.18 and its AWS Config rule take them (`443,1020-1025`); may be empty. */
const PORT_LIST = '^(\\d{1,5}(-\\d{1,5})?(,\\d{1,5}(-\\d{1,5})?)*)?$';
const KMS_KEY_ARN = '^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[A-Za-z0-9/_-]+$';

/** Shared by the security group runbooks that revoke world-open ingress. */
const REVOKE_INGRESS_PERMISSIONS = [
  'ec2:DescribeSecurityGroups',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupIngress',
];

/**
 * Every runbook, by name. The name is the SSM Automation document suffix
 * (`SecurityHubRemediation-<name>`) and the key of the implementation in
 * `remediation-functions/runbooks/index.ts`.
 */
export const RUNBOOKS = {
  EnableS3AccountBlockPublicAccess: {
    runbook: 'EnableS3AccountBlockPublicAccess',
    remediationFunction: 'remediate-s3',
    summary: 'Turns on all four account-level S3 Block Public Access settings.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['s3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock'],
    parameters: [],
  },
  EnableS3BucketBlockPublicAccess: {
    runbook: 'EnableS3BucketBlockPublicAccess',
    remediationFunction: 'remediate-s3',
    summary: "Turns on all four of the bucket's S3 Block Public Access settings.",
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock', S3_BUCKET_TAGS],
    parameters: [],
  },
  RequireSslOnS3Bucket: {
    runbook: 'RequireSslOnS3Bucket',
    remediationFunction: 'remediate-s3',
    summary:
      'Adds a statement to the bucket policy that denies requests not made over TLS (aws:SecureTransport false).',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', S3_BUCKET_TAGS],
    parameters: [],
  },
  EnableMultiRegionCloudTrail: {
    runbook: 'EnableMultiRegionCloudTrail',
    remediationFunction: 'remediate-monitoring',
    summary:
      'Creates (or turns an existing one into) a logging multi-Region trail that records read and write management events.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
      'cloudtrail:GetEventSelectors',
      'cloudtrail:CreateTrail',
      'cloudtrail:UpdateTrail',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:StartLogging',
      'cloudtrail:StopLogging',
      'cloudtrail:DeleteTrail',
    ],
    parameters: [
      str(
        'TrailBucketName',
        'S3 bucket the trail delivers to; its bucket policy must let cloudtrail.amazonaws.com write for every account of the tier.',
        true,
        { pattern: S3_BUCKET_NAME },
      ),
      str('TrailName', 'Name of the trail to create or repair.', false, {
        default: 'securityhub-multi-region-trail',
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$',
      }),
    ],
  },
  EnableCloudTrailEncryption: {
    runbook: 'EnableCloudTrailEncryption',
    remediationFunction: 'remediate-monitoring',
    summary: 'Sets a KMS key on the trail so log files are encrypted with SSE-KMS.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['cloudtrail:GetTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:ListTags'],
    parameters: [
      str(
        'KmsKeyArn',
        "KMS key ARN for trail log files; its key policy must let cloudtrail.amazonaws.com use it for the tier's accounts.",
        true,
        { pattern: KMS_KEY_ARN },
      ),
    ],
  },
  EnableCloudTrailLogFileValidation: {
    runbook: 'EnableCloudTrailLogFileValidation',
    remediationFunction: 'remediate-monitoring',
    summary: 'Turns on log file integrity validation for the trail.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['cloudtrail:GetTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:ListTags'],
    parameters: [],
  },
  RemoveDefaultSecurityGroupRules: {
    runbook: 'RemoveDefaultSecurityGroupRules',
    remediationFunction: 'remediate-ec2-network',
    summary: "Revokes every inbound and outbound rule of a VPC's default security group.",
    // Anything still using the default group loses its traffic: a person decides.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: [
      'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:AuthorizeSecurityGroupEgress',
    ],
    parameters: [],
  },
  EnableVpcFlowLogs: {
    runbook: 'EnableVpcFlowLogs',
    remediationFunction: 'remediate-ec2-flow-logs',
    summary: 'Creates a VPC flow log that delivers rejected (or all) traffic records to an S3 bucket.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'ec2:DescribeVpcs',
      'ec2:DescribeFlowLogs',
      'ec2:CreateFlowLogs',
      'ec2:DeleteFlowLogs',
      'ec2:CreateTags',
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
    ],
    parameters: [
      str(
        'FlowLogBucketArn',
        'ARN of the S3 bucket flow logs go to; its bucket policy must let delivery.logs.amazonaws.com write.',
        true,
        { pattern: S3_BUCKET_ARN },
      ),
      str('TrafficType', 'Traffic to record: REJECT (what EC2.6 asks for) or ALL.', false, {
        default: 'REJECT',
        pattern: '^(REJECT|ALL)$',
      }),
    ],
  },
  EnableEbsDefaultEncryption: {
    runbook: 'EnableEbsDefaultEncryption',
    remediationFunction: 'remediate-ec2',
    summary: 'Turns on EBS encryption by default for the Region.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'ec2:GetEbsEncryptionByDefault',
      'ec2:EnableEbsEncryptionByDefault',
      'ec2:DisableEbsEncryptionByDefault',
    ],
    parameters: [],
  },
  RequireImdsV2: {
    runbook: 'RequireImdsV2',
    remediationFunction: 'remediate-ec2',
    summary: 'Sets the instance metadata options to require session tokens (IMDSv2).',
    // Software that still calls IMDSv1 on the instance stops getting credentials.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: ['ec2:DescribeInstances', 'ec2:ModifyInstanceMetadataOptions'],
    parameters: [],
  },
  RevokePublicIngressHighRiskPorts: {
    runbook: 'RevokePublicIngressHighRiskPorts',
    remediationFunction: 'remediate-ec2-network',
    summary:
      'Revokes the 0.0.0.0/0 and ::/0 inbound rules that reach a high-risk port (EC2.19 list); other rules stay.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: REVOKE_INGRESS_PERMISSIONS,
    parameters: [],
  },
  RevokePublicIngressPort22: {
    runbook: 'RevokePublicIngressPort22',
    remediationFunction: 'remediate-ec2-network',
    summary: 'Revokes the 0.0.0.0/0 and ::/0 inbound rules that reach TCP port 22; other rules stay.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: REVOKE_INGRESS_PERMISSIONS,
    parameters: [],
  },
  RevokePublicIngressPort3389: {
    runbook: 'RevokePublicIngressPort3389',
    remediationFunction: 'remediate-ec2-network',
    summary: 'Revokes the 0.0.0.0/0 and ::/0 inbound rules that reach TCP port 3389; other rules stay.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: REVOKE_INGRESS_PERMISSIONS,
    parameters: [],
  },
  RevokePublicIPv4AdminPortIngress: {
    runbook: 'RevokePublicIPv4AdminPortIngress',
    remediationFunction: 'remediate-ec2-network',
    summary: 'Revokes the 0.0.0.0/0 inbound rules that reach port 22 or 3389; other rules stay.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: REVOKE_INGRESS_PERMISSIONS,
    parameters: [],
  },
  RevokePublicIPv6AdminPortIngress: {
    runbook: 'RevokePublicIPv6AdminPortIngress',
    remediationFunction: 'remediate-ec2-network',
    summary: 'Revokes the ::/0 inbound rules that reach port 22 or 3389; other rules stay.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: REVOKE_INGRESS_PERMISSIONS,
    parameters: [],
  },
  MakeEbsSnapshotsPrivate: {
    runbook: 'MakeEbsSnapshotsPrivate',
    remediationFunction: 'remediate-ec2',
    summary: "Removes the public ('all') create-volume permission from the account's EBS snapshots in the Region.",
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['ec2:DescribeSnapshots', 'ec2:DescribeSnapshotAttribute', 'ec2:ModifySnapshotAttribute'],
    parameters: [],
  },
  NotifyRootAccessKey: {
    runbook: 'NotifyRootAccessKey',
    remediationFunction: 'remediate-iam-account',
    summary:
      'Checks whether the root user still has access keys and sends the steps to delete them (only the root user can).',
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['iam:GetAccountSummary'],
    parameters: [],
  },
  SetStrongPasswordPolicy: {
    runbook: 'SetStrongPasswordPolicy',
    remediationFunction: 'remediate-iam-account',
    summary:
      'Sets the IAM account password policy to the stricter of the current value and the configured minimum, setting by setting.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
    parameters: [
      int('MinimumPasswordLength', 'Shortest password allowed (CIS asks for 14).', 14, 8, 128),
      int('PasswordReusePrevention', 'How many previous passwords cannot be reused (CIS asks for 24).', 24, 1, 24),
      int('MaxPasswordAge', 'Days before a password expires (IAM.17 asks for 90 or less).', 90, 1, 1095),
      bool('RequireUppercaseCharacters', 'Require an upper-case letter.', true),
      bool('RequireLowercaseCharacters', 'Require a lower-case letter.', true),
      bool('RequireSymbols', 'Require a symbol.', true),
      bool('RequireNumbers', 'Require a digit.', true),
    ],
  },
  EnableKmsKeyRotation: {
    runbook: 'EnableKmsKeyRotation',
    remediationFunction: 'remediate-kms',
    summary: 'Turns on automatic yearly rotation of a customer managed symmetric KMS key.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'kms:DescribeKey',
      'kms:GetKeyRotationStatus',
      'kms:EnableKeyRotation',
      'kms:DisableKeyRotation',
      'kms:ListResourceTags',
    ],
    parameters: [],
  },
  EnableConfigRecorder: {
    runbook: 'EnableConfigRecorder',
    remediationFunction: 'remediate-config-guardduty',
    summary:
      'Creates or repairs the AWS Config recorder (all supported resources, service-linked role) and its delivery channel, and starts recording.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'config:DescribeConfigurationRecorders',
      'config:DescribeConfigurationRecorderStatus',
      'config:DescribeDeliveryChannels',
      'config:PutConfigurationRecorder',
      'config:PutDeliveryChannel',
      'config:StartConfigurationRecorder',
      'config:StopConfigurationRecorder',
      'config:DeleteConfigurationRecorder',
      'config:DeleteDeliveryChannel',
      'iam:GetRole',
      'iam:CreateServiceLinkedRole',
      'iam:PassRole',
    ],
    parameters: [
      str(
        'DeliveryBucketName',
        'S3 bucket AWS Config delivers configuration snapshots and history to; its bucket policy must let config.amazonaws.com write.',
        true,
        { pattern: S3_BUCKET_NAME },
      ),
      bool(
        'IncludeGlobalResourceTypes',
        'Also record IAM and other global resources (turn off in all but one Region to avoid duplicates).',
        true,
      ),
    ],
  },
  EnableGuardDuty: {
    runbook: 'EnableGuardDuty',
    remediationFunction: 'remediate-config-guardduty',
    summary: 'Creates a GuardDuty detector in the Region, or enables the suspended one.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'guardduty:ListDetectors',
      'guardduty:GetDetector',
      'guardduty:CreateDetector',
      'guardduty:UpdateDetector',
      'iam:CreateServiceLinkedRole',
    ],
    parameters: [],
  },
  RemovePublicLambdaPermissions: {
    runbook: 'RemovePublicLambdaPermissions',
    remediationFunction: 'remediate-lambda',
    summary:
      "Removes the function policy statements that let any principal ('*') invoke the function without a source condition.",
    // A public function URL or an event source set up without a source condition stops working.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: ['lambda:GetPolicy', 'lambda:RemovePermission', 'lambda:AddPermission', 'lambda:ListTags'],
    parameters: [],
  },
  MakeRdsSnapshotPrivate: {
    runbook: 'MakeRdsSnapshotPrivate',
    remediationFunction: 'remediate-rds-snapshots',
    summary: "Removes the public ('all') restore permission from an RDS DB or DB cluster snapshot.",
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'rds:DescribeDBSnapshotAttributes',
      'rds:ModifyDBSnapshotAttribute',
      'rds:DescribeDBClusterSnapshotAttributes',
      'rds:ModifyDBClusterSnapshotAttribute',
      'rds:ListTagsForResource',
    ],
    parameters: [],
  },
  DisableRdsPublicAccess: {
    runbook: 'DisableRdsPublicAccess',
    remediationFunction: 'remediate-rds',
    summary: 'Sets PubliclyAccessible to false on the DB instance, applied immediately.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance', 'rds:ListTagsForResource'],
    parameters: [],
  },
  NotifyRdsEncryption: {
    runbook: 'NotifyRdsEncryption',
    remediationFunction: 'remediate-rds',
    summary:
      'Sends the steps to move an unencrypted DB instance to an encrypted copy (encryption cannot be turned on in place).',
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['rds:DescribeDBInstances', 'rds:ListTagsForResource'],
    parameters: [],
  },
  EnableRdsAutoMinorVersionUpgrade: {
    runbook: 'EnableRdsAutoMinorVersionUpgrade',
    remediationFunction: 'remediate-rds',
    summary: 'Turns on automatic minor version upgrades for the DB instance (they run in its maintenance window).',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance', 'rds:ListTagsForResource'],
    parameters: [],
  },
  IsolateEc2Instance: {
    runbook: 'IsolateEc2Instance',
    remediationFunction: 'remediate-ec2',
    summary:
      'Replaces the security groups of every network interface of the instance with an isolation group that allows no traffic.',
    // Cuts the instance off: only a person who is handling an incident picks this.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: [
      'ec2:DescribeInstances',
      'ec2:DescribeSecurityGroups',
      'ec2:CreateSecurityGroup',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:CreateTags',
      'ec2:ModifyNetworkInterfaceAttribute',
    ],
    parameters: [
      str(
        'IsolationGroupName',
        'Name of the no-traffic security group created (once per VPC) and attached to isolated instances.',
        false,
        {
          default: 'securityhub-isolation',
          pattern: '^[A-Za-z0-9 ._:/()#,@\\[\\]+=&;{}!$*-]{1,255}$',
        },
      ),
    ],
  },
  CreateLogMetricFilterAlarm: {
    runbook: 'CreateLogMetricFilterAlarm',
    remediationFunction: 'remediate-cloudwatch',
    summary:
      "Creates the control's CIS metric filter on the trail's CloudWatch Logs group and an alarm on its metric that notifies an SNS topic.",
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'cloudtrail:DescribeTrails',
      'logs:DescribeMetricFilters',
      'logs:PutMetricFilter',
      'logs:DeleteMetricFilter',
      'cloudwatch:DescribeAlarms',
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:DeleteAlarms',
    ],
    parameters: [
      str(
        'AlarmTopic',
        'SNS topic the alarms notify: a topic name in each member account and Region, or a topic ARN; it needs a subscriber for the control to pass.',
        true,
        { pattern: SNS_TOPIC },
      ),
      str(
        'LogGroupName',
        'CloudWatch Logs group CloudTrail delivers to; empty: the group of the multi-Region trail that delivers in the account and Region.',
        false,
        {
          default: '',
          pattern: '^[.\\-_/#A-Za-z0-9]{0,512}$',
        },
      ),
    ],
  },
  EnableS3ServerAccessLogging: {
    runbook: 'EnableS3ServerAccessLogging',
    remediationFunction: 'remediate-s3',
    summary:
      'Turns on server access logging for the bucket, delivered to the configured log bucket under a prefix named after the bucket.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['s3:GetBucketLogging', 's3:PutBucketLogging', S3_BUCKET_TAGS],
    parameters: [
      str(
        'LogBucketName',
        "Bucket that receives the access logs, in the same account and Region as the logged bucket ({AccountId} and {Region} are replaced with the finding's); its bucket policy must let logging.s3.amazonaws.com write.",
        true,
        {
          pattern: '^([a-z0-9.-]|\\{AccountId\\}|\\{Region\\}){3,63}$',
        },
      ),
      str('LogPrefix', 'Key prefix in the log bucket; the bucket name and a slash follow it.', false, {
        default: 's3-access-logs/',
        pattern: "^[A-Za-z0-9!_.*'()/-]{0,200}$",
      }),
    ],
  },
  DisableSubnetPublicIpAssignment: {
    runbook: 'DisableSubnetPublicIpAssignment',
    remediationFunction: 'remediate-ec2-network',
    summary: 'Turns off automatic public IPv4 addresses for network interfaces launched in the subnet.',
    // Launch templates that rely on the subnet default get private-only instances from then on.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: ['ec2:DescribeSubnets', 'ec2:ModifySubnetAttribute'],
    parameters: [],
  },
  EnableRdsDeletionProtection: {
    runbook: 'EnableRdsDeletionProtection',
    remediationFunction: 'remediate-rds',
    summary: 'Turns on deletion protection for the DB instance or DB cluster.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'rds:ModifyDBInstance',
      'rds:ModifyDBCluster',
      'rds:ListTagsForResource',
    ],
    parameters: [],
  },
  EnableRdsCopyTagsToSnapshots: {
    runbook: 'EnableRdsCopyTagsToSnapshots',
    remediationFunction: 'remediate-rds',
    summary: 'Makes the DB instance or DB cluster copy its tags to the snapshots taken of it.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'rds:ModifyDBInstance',
      'rds:ModifyDBCluster',
      'rds:ListTagsForResource',
    ],
    parameters: [],
  },
  NotifyRdsSnapshotEncryption: {
    runbook: 'NotifyRdsSnapshotEncryption',
    remediationFunction: 'remediate-rds-snapshots',
    summary:
      'Sends the steps to replace an unencrypted DB or DB cluster snapshot with an encrypted copy (a snapshot cannot be encrypted in place).',
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots', 'rds:ListTagsForResource'],
    parameters: [],
  },
  EnableSnsTopicEncryption: {
    runbook: 'EnableSnsTopicEncryption',
    remediationFunction: 'remediate-data',
    summary: 'Encrypts the SNS topic at rest with a KMS key (the AWS managed alias/aws/sns unless configured).',
    // AWS services that publish to the topic (CloudWatch alarms, EventBridge, S3) need a customer managed key they may use.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:ListTagsForResource'],
    parameters: [
      str(
        'KmsKeyId',
        'KMS key for the topic: alias/aws/sns, or the ARN or alias of a customer managed key whose policy lets the publishers use it.',
        false,
        {
          default: 'alias/aws/sns',
          pattern: '^(alias/[A-Za-z0-9/_-]+|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[A-Za-z0-9/_-]+)$',
        },
      ),
    ],
  },
  EnableSqsQueueEncryption: {
    runbook: 'EnableSqsQueueEncryption',
    remediationFunction: 'remediate-data',
    summary: 'Turns on server-side encryption with SQS-owned keys (SSE-SQS) for a queue that has no encryption.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:ListQueueTags'],
    parameters: [],
  },
  EnableDynamoDbDeletionProtection: {
    runbook: 'EnableDynamoDbDeletionProtection',
    remediationFunction: 'remediate-data',
    summary: 'Turns on deletion protection for the DynamoDB table.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['dynamodb:DescribeTable', 'dynamodb:UpdateTable', 'dynamodb:ListTagsOfResource'],
    parameters: [],
  },
  EnableEcrScanOnPush: {
    runbook: 'EnableEcrScanOnPush',
    remediationFunction: 'remediate-secrets',
    summary: 'Turns on scan on push for the ECR private repository.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['ecr:DescribeRepositories', 'ecr:ListTagsForResource', 'ecr:PutImageScanningConfiguration'],
    parameters: [],
  },
  NotifySecretRotation: {
    runbook: 'NotifySecretRotation',
    remediationFunction: 'remediate-secrets',
    summary:
      'Sends the steps to turn on (or repair) automatic rotation of the secret; turning it on rotates the secret at once, so a person does it.',
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['secretsmanager:DescribeSecret'],
    parameters: [
      int(
        'RotationDays',
        'Rotation interval the instructions propose, and the age past which a rotation counts as overdue (SecretsManager.4 uses 90 by default).',
        90,
        1,
        365,
      ),
    ],
  },
  NotifyUnusedSecret: {
    runbook: 'NotifyUnusedSecret',
    remediationFunction: 'remediate-secrets',
    summary:
      'Sends the steps to retire a secret nobody reads, with a recovery window (deletion is final once the window ends).',
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['secretsmanager:DescribeSecret'],
    parameters: [],
  },
  NotifyEbsVolumeEncryption: {
    runbook: 'NotifyEbsVolumeEncryption',
    remediationFunction: 'remediate-ec2',
    summary:
      'Sends the steps to move an unencrypted EBS volume to an encrypted copy (a volume cannot be encrypted in place).',
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['ec2:DescribeVolumes'],
    parameters: [],
  },
  DeactivateOldAccessKeys: {
    runbook: 'DeactivateOldAccessKeys',
    remediationFunction: 'remediate-iam',
    summary: "Makes the IAM user's active access keys older than the maximum age Inactive; keys are never deleted.",
    // Whatever still signs with the key gets InvalidClientTokenId: its owner must rotate first.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: ['iam:ListAccessKeys', 'iam:ListUserTags', 'iam:UpdateAccessKey'],
    parameters: [
      int(
        'MaxAccessKeyAge',
        'Days after which an active key is made Inactive (IAM.3 asks for 90; 0 makes every active key Inactive, for a forced rotation).',
        90,
        0,
        366,
      ),
    ],
  },
  DeactivateUnusedCredentials: {
    runbook: 'DeactivateUnusedCredentials',
    remediationFunction: 'remediate-iam',
    summary:
      "Makes the IAM user's access keys unused for the maximum number of days Inactive, and reports an unused console password; nothing is deleted.",
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: [
      'iam:ListAccessKeys',
      'iam:ListUserTags',
      'iam:GetAccessKeyLastUsed',
      'iam:GetUser',
      'iam:GetLoginProfile',
      'iam:UpdateAccessKey',
    ],
    parameters: [
      int(
        'MaxUnusedDays',
        'Days without use after which a credential counts as unused (IAM.22 asks for 45, IAM.8 for 90; 0 counts every never-used key).',
        45,
        0,
        365,
      ),
    ],
  },
  CreateSupportRole: {
    runbook: 'CreateSupportRole',
    remediationFunction: 'remediate-iam',
    summary:
      'Creates an IAM role with the AWSSupportAccess managed policy when no role has it, assumable by the account (IAM users with MFA) or a configured principal.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: [
      'iam:ListEntitiesForPolicy',
      'iam:CreateRole',
      'iam:TagRole',
      'iam:AttachRolePolicy',
      'iam:DetachRolePolicy',
      'iam:DeleteRole',
    ],
    parameters: [
      str('RoleName', 'Name of the support role the runbook creates.', false, {
        default: 'securityhub-aws-support',
        pattern: '^[\\w+=,.@-]{1,64}$',
      }),
      str(
        'TrustedPrincipalArn',
        'Who may assume the role (an IAM role or account ARN); empty: the account itself, so its IAM policies decide.',
        false,
        {
          default: '',
          pattern: '^(arn:aws[a-z-]*:iam::\\d{12}:(root|role/[\\w+=,.@/-]+))?$',
        },
      ),
    ],
  },
  AddS3BucketLifecycleRule: {
    runbook: 'AddS3BucketLifecycleRule',
    remediationFunction: 'remediate-s3-lifecycle',
    summary:
      'Gives a bucket without a lifecycle configuration one rule that aborts incomplete multipart uploads after a number of days; no object expires or moves.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['s3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', S3_BUCKET_TAGS],
    parameters: [
      int(
        'AbortIncompleteMultipartUploadDays',
        'Days after which the parts of a multipart upload that was never completed are removed (no object is touched).',
        7,
        1,
        365,
      ),
    ],
  },
  MakeSsmDocumentPrivate: {
    runbook: 'MakeSsmDocumentPrivate',
    remediationFunction: 'remediate-ssm',
    summary:
      "Removes the public ('all') entry from the SSM document's Share permission; accounts it is shared with by id keep access.",
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['ssm:DescribeDocumentPermission', 'ssm:ModifyDocumentPermission', 'ssm:ListTagsForResource'],
    parameters: [],
  },
  RevokePublicIngressUnauthorizedPorts: {
    runbook: 'RevokePublicIngressUnauthorizedPorts',
    remediationFunction: 'remediate-ec2-authorized-ports',
    summary:
      'Revokes the 0.0.0.0/0 and ::/0 inbound rules that open a TCP or UDP port outside the authorized lists (TCP 80 and 443 by default); other rules stay.',
    // Whatever serves the internet on a port outside the lists goes dark: the lists must be right for the tier first.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: REVOKE_INGRESS_PERMISSIONS,
    parameters: [
      str(
        'authorizedTcpPorts',
        'TCP ports that may stay open to 0.0.0.0/0 and ::/0, comma separated, ranges with a dash (EC2.18 parameter of the same name; default 80,443).',
        false,
        { default: '80,443', pattern: PORT_LIST },
      ),
      str(
        'authorizedUdpPorts',
        'UDP ports that may stay open to 0.0.0.0/0 and ::/0, written the same way; empty: none (EC2.18 has no default).',
        false,
        { default: '', pattern: PORT_LIST },
      ),
    ],
  },
  DisableTransitGatewayAutoAccept: {
    runbook: 'DisableTransitGatewayAutoAccept',
    remediationFunction: 'remediate-ec2-transit-gateways',
    summary:
      'Sets AutoAcceptSharedAttachments to disable on the transit gateway, so attachment requests from accounts it is shared with wait for acceptance.',
    // Accounts that attach VPCs by automation (pipelines, account vending) then wait for a person to accept.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: ['ec2:DescribeTransitGateways', 'ec2:ModifyTransitGateway'],
    parameters: [],
  },
  RedirectAlbHttpToHttps: {
    runbook: 'RedirectAlbHttpToHttps',
    remediationFunction: 'remediate-elb',
    summary:
      "Sets the default action (and the rules) of the Application Load Balancer's HTTP listeners to a 301 redirect to HTTPS on port 443, when it has an HTTPS listener.",
    // Clients that cannot follow a redirect, or that POST over HTTP, stop working.
    safeToAutomate: false,
    fixesInPlace: true,
    permissions: [
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:ModifyRule',
    ],
    parameters: [],
  },
  EnableApiGatewayExecutionLogging: {
    runbook: 'EnableApiGatewayExecutionLogging',
    remediationFunction: 'remediate-apigateway',
    summary:
      'Sets execution logging of every method of the REST API stage to the configured level (ERROR by default), when the account has a CloudWatch Logs role for API Gateway.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['apigateway:GET', 'apigateway:PATCH'],
    parameters: [
      str(
        'LoggingLevel',
        'Execution logging level to set: ERROR (errors only) or INFO (every request; more log volume).',
        false,
        { default: 'ERROR', pattern: '^(ERROR|INFO)$' },
      ),
    ],
  },
  EncryptApiGatewayCacheData: {
    runbook: 'EncryptApiGatewayCacheData',
    remediationFunction: 'remediate-apigateway',
    summary: 'Turns on encryption of the cache data of every method of the REST API stage that caches responses.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['apigateway:GET', 'apigateway:PATCH'],
    parameters: [],
  },
  EnableRdsEnhancedMonitoring: {
    runbook: 'EnableRdsEnhancedMonitoring',
    remediationFunction: 'remediate-rds-monitoring',
    summary:
      'Turns on enhanced monitoring for the DB instance at the configured interval, with the configured monitoring role.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance', 'rds:ListTagsForResource', 'iam:PassRole'],
    parameters: [
      int('MonitoringInterval', 'Seconds between enhanced monitoring samples: 1, 5, 10, 15, 30 or 60.', 60, 1, 60),
      str(
        'MonitoringRoleArn',
        "IAM role RDS publishes the metrics with, in each member account ({AccountId} is replaced with the finding's): trusted by monitoring.rds.amazonaws.com, with the AWS managed policy AmazonRDSEnhancedMonitoringRole.",
        true,
        {
          pattern: '^arn:aws[a-z-]*:iam::(\\d{12}|\\{AccountId\\}):role/[\\w+=,.@/-]{1,512}$',
        },
      ),
    ],
  },
  EnableCloudTrailCloudWatchLogs: {
    runbook: 'EnableCloudTrailCloudWatchLogs',
    remediationFunction: 'remediate-cloudtrail-logs',
    summary:
      'Makes the trail deliver its events to the configured CloudWatch Logs group as well, with the configured role.',
    safeToAutomate: true,
    fixesInPlace: true,
    permissions: ['cloudtrail:GetTrail', 'cloudtrail:ListTags', 'cloudtrail:UpdateTrail', 'iam:PassRole'],
    parameters: [
      str(
        'LogGroupArn',
        "CloudWatch Logs group ARN, ending in :*, in each member account ({AccountId} and {Region} are replaced with the trail's); the group must exist.",
        true,
        {
          pattern:
            '^arn:aws[a-z-]*:logs:([a-z0-9-]+|\\{Region\\}):(\\d{12}|\\{AccountId\\}):log-group:[.\\-_/#A-Za-z0-9{}]{1,512}:\\*$',
        },
      ),
      str(
        'RoleArn',
        'IAM role CloudTrail writes to the group with ({AccountId} is replaced): trusted by cloudtrail.amazonaws.com, allowed logs:CreateLogStream and logs:PutLogEvents on the group.',
        true,
        {
          pattern: '^arn:aws[a-z-]*:iam::(\\d{12}|\\{AccountId\\}):role/[\\w+=,.@/-]{1,512}$',
        },
      ),
    ],
  },
  NotifyCodeBuildPlaintextCredentials: {
    runbook: 'NotifyCodeBuildPlaintextCredentials',
    remediationFunction: 'remediate-codebuild',
    summary:
      "Names the project's plain-text environment variables that hold AWS credentials (never their values) and sends the steps to move them to Secrets Manager or Parameter Store.",
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['codebuild:BatchGetProjects'],
    parameters: [],
  },
  NotifyStoppedInstance: {
    runbook: 'NotifyStoppedInstance',
    remediationFunction: 'remediate-ec2-instances',
    summary:
      'Sends the time the instance stopped and the steps to keep an image of it and terminate it; it never terminates anything.',
    safeToAutomate: true,
    fixesInPlace: false,
    permissions: ['ec2:DescribeInstances'],
    parameters: [],
  },
} as const satisfies Record<string, RunbookDefinition>;

/** The name of a runbook in {@link RUNBOOKS}. */
export type RunbookName = keyof typeof RUNBOOKS;

const R: Record<RunbookName, RunbookDefinition> = RUNBOOKS;

/**
 * Remediation runbooks by security control id. Kept apart from the control table so each can
 * grow on its own; `control-catalogue.ts` joins them into one record per control.
 */
export const REMEDIATIONS: Readonly<Record<string, RunbookDefinition>> = {
  'S3.1': R.EnableS3AccountBlockPublicAccess,
  'S3.2': R.EnableS3BucketBlockPublicAccess,
  'S3.3': R.EnableS3BucketBlockPublicAccess,
  'S3.8': R.EnableS3BucketBlockPublicAccess,
  'S3.5': R.RequireSslOnS3Bucket,
  'CloudTrail.1': R.EnableMultiRegionCloudTrail,
  'CloudTrail.3': R.EnableMultiRegionCloudTrail,
  'CloudTrail.2': R.EnableCloudTrailEncryption,
  'CloudTrail.4': R.EnableCloudTrailLogFileValidation,
  'EC2.1': R.MakeEbsSnapshotsPrivate,
  'EC2.2': R.RemoveDefaultSecurityGroupRules,
  'EC2.6': R.EnableVpcFlowLogs,
  'EC2.7': R.EnableEbsDefaultEncryption,
  'EC2.8': R.RequireImdsV2,
  'EC2.13': R.RevokePublicIngressPort22,
  'EC2.14': R.RevokePublicIngressPort3389,
  'EC2.19': R.RevokePublicIngressHighRiskPorts,
  'EC2.53': R.RevokePublicIPv4AdminPortIngress,
  'EC2.54': R.RevokePublicIPv6AdminPortIngress,
  'IAM.4': R.NotifyRootAccessKey,
  'IAM.7': R.SetStrongPasswordPolicy,
  'IAM.10': R.SetStrongPasswordPolicy,
  'IAM.11': R.SetStrongPasswordPolicy,
  'IAM.12': R.SetStrongPasswordPolicy,
  'IAM.13': R.SetStrongPasswordPolicy,
  'IAM.14': R.SetStrongPasswordPolicy,
  'IAM.15': R.SetStrongPasswordPolicy,
  'IAM.16': R.SetStrongPasswordPolicy,
  'IAM.17': R.SetStrongPasswordPolicy,
  'KMS.4': R.EnableKmsKeyRotation,
  'Config.1': R.EnableConfigRecorder,
  'GuardDuty.1': R.EnableGuardDuty,
  'Lambda.1': R.RemovePublicLambdaPermissions,
  'RDS.1': R.MakeRdsSnapshotPrivate,
  'RDS.2': R.DisableRdsPublicAccess,
  'RDS.3': R.NotifyRdsEncryption,
  'RDS.13': R.EnableRdsAutoMinorVersionUpgrade,
  'CloudWatch.1': R.CreateLogMetricFilterAlarm,
  'CloudWatch.2': R.CreateLogMetricFilterAlarm,
  'CloudWatch.3': R.CreateLogMetricFilterAlarm,
  'CloudWatch.4': R.CreateLogMetricFilterAlarm,
  'CloudWatch.5': R.CreateLogMetricFilterAlarm,
  'CloudWatch.6': R.CreateLogMetricFilterAlarm,
  'CloudWatch.7': R.CreateLogMetricFilterAlarm,
  'CloudWatch.8': R.CreateLogMetricFilterAlarm,
  'CloudWatch.9': R.CreateLogMetricFilterAlarm,
  'CloudWatch.10': R.CreateLogMetricFilterAlarm,
  'CloudWatch.11': R.CreateLogMetricFilterAlarm,
  'CloudWatch.12': R.CreateLogMetricFilterAlarm,
  'CloudWatch.13': R.CreateLogMetricFilterAlarm,
  'CloudWatch.14': R.CreateLogMetricFilterAlarm,
  'S3.9': R.EnableS3ServerAccessLogging,
  'CloudTrail.7': R.EnableS3ServerAccessLogging,
  'CloudTrail.6': R.EnableS3BucketBlockPublicAccess,
  'EC2.15': R.DisableSubnetPublicIpAssignment,
  'RDS.4': R.NotifyRdsSnapshotEncryption,
  'RDS.7': R.EnableRdsDeletionProtection,
  'RDS.8': R.EnableRdsDeletionProtection,
  'RDS.16': R.EnableRdsCopyTagsToSnapshots,
  'RDS.17': R.EnableRdsCopyTagsToSnapshots,
  'SNS.1': R.EnableSnsTopicEncryption,
  'SQS.1': R.EnableSqsQueueEncryption,
  'DynamoDB.6': R.EnableDynamoDbDeletionProtection,
  'ECR.1': R.EnableEcrScanOnPush,
  'SecretsManager.1': R.NotifySecretRotation,
  'SecretsManager.3': R.NotifyUnusedSecret,
  'SecretsManager.4': R.NotifySecretRotation,
  'EC2.3': R.NotifyEbsVolumeEncryption,
  'IAM.3': R.DeactivateOldAccessKeys,
  'IAM.8': R.DeactivateUnusedCredentials,
  'IAM.22': R.DeactivateUnusedCredentials,
  'IAM.18': R.CreateSupportRole,
  'S3.13': R.AddS3BucketLifecycleRule,
  'SSM.4': R.MakeSsmDocumentPrivate,
  'EC2.18': R.RevokePublicIngressUnauthorizedPorts,
  'EC2.23': R.DisableTransitGatewayAutoAccept,
  'ELB.1': R.RedirectAlbHttpToHttps,
  'APIGateway.1': R.EnableApiGatewayExecutionLogging,
  'APIGateway.5': R.EncryptApiGatewayCacheData,
  'RDS.6': R.EnableRdsEnhancedMonitoring,
  'CloudTrail.5': R.EnableCloudTrailCloudWatchLogs,
  'CodeBuild.2': R.NotifyCodeBuildPlaintextCredentials,
  'EC2.4': R.NotifyStoppedInstance,
  // Keys are checked against the generated catalogue: a control Security Hub does not offer fails tsc.
} satisfies Partial<Record<SecurityControlId, RunbookDefinition>>;

/**
 * Runbooks started from a Security Hub custom action rather than by a control, keyed by the
 * action target id (the last part of `arn:...:action/custom/<id>`).
 */
export const CUSTOM_ACTION_REMEDIATIONS: Readonly<Record<string, RunbookDefinition>> = {
  IsolateInstance: R.IsolateEc2Instance,
};

/** Custom action ids the remediation functions react to by name (`Remediate`, `Rollback`). */
export { REMEDIATE_ACTION_ID, ROLLBACK_ACTION_ID } from '../../core/custom-action-ids';

/**
 * The runbook for a security control id or a custom action id.
 * @returns the runbook, or undefined when neither table has the id
 */
export function runbookFor(securityControlIdOrActionId: string): RunbookDefinition | undefined {
  return REMEDIATIONS[securityControlIdOrActionId] ?? CUSTOM_ACTION_REMEDIATIONS[securityControlIdOrActionId];
}

/** True when the id is a custom action with its own runbook (e.g. `IsolateInstance`), not a control. */
export function isCustomActionRunbook(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(CUSTOM_ACTION_REMEDIATIONS, id);
}

/**
 * The IAM actions the member-account execution role needs for the given controls and custom
 * actions (every runbook when none are given): the union of their `permissions`, sorted, each once.
 * The StackSet template of a tier uses it so a tier's role can do what its runbooks do and no more.
 * @throws Error when an id has no runbook, so a typo cannot silently shrink a role
 */
export function executionRolePermissions(ids?: Iterable<string>): string[] {
  const runbooks =
    ids === undefined
      ? Object.values(R)
      : [...ids].map((id) => {
          const runbook = runbookFor(id);
          if (!runbook)
            throw new Error(
              `executionRolePermissions: ${JSON.stringify(id)} is neither a control with a runbook nor a custom action runbook.`,
            );
          return runbook;
        });
  return [...new Set(runbooks.flatMap((r) => r.permissions))].sort();
}
