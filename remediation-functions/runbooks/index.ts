import { RunbookNotHeldError } from '../shared/errors';
import type { Runbook } from './types';

/** Runbook implementations by runbook name, each loaded on first use. */
export type RunbookLoaders = Readonly<Record<string, () => Promise<Runbook>>>;

/*
 * One loader table per remediation function. A function's entry point imports only its own
 * table, so its bundle holds only its runbooks and its cold start loads no SDK client; the
 * tables are separate constants so the bundler drops the others.
 */

/** Runbooks of the remediate-s3 function. */
export const S3_RUNBOOKS: RunbookLoaders = {
  EnableS3AccountBlockPublicAccess: () => import('./s3').then((m) => m.enableS3AccountBlockPublicAccess),
  EnableS3BucketBlockPublicAccess: () => import('./s3').then((m) => m.enableS3BucketBlockPublicAccess),
  RequireSslOnS3Bucket: () => import('./s3').then((m) => m.requireSslOnS3Bucket),
  EnableS3ServerAccessLogging: () => import('./s3').then((m) => m.enableS3ServerAccessLogging),
};

/** Runbooks of the remediate-ec2 function (instances, IMDS, EBS, snapshots, isolation). */
export const EC2_RUNBOOKS: RunbookLoaders = {
  EnableEbsDefaultEncryption: () => import('./ec2').then((m) => m.enableEbsDefaultEncryption),
  RequireImdsV2: () => import('./ec2').then((m) => m.requireImdsV2),
  MakeEbsSnapshotsPrivate: () => import('./ec2').then((m) => m.makeEbsSnapshotsPrivate),
  IsolateEc2Instance: () => import('./ec2').then((m) => m.isolateEc2Instance),
  NotifyEbsVolumeEncryption: () => import('./ec2').then((m) => m.notifyEbsVolumeEncryption),
};

/** Runbooks of the remediate-ec2-network function (security groups, the default security group, subnets). */
export const EC2_NETWORK_RUNBOOKS: RunbookLoaders = {
  RemoveDefaultSecurityGroupRules: () => import('./ec2-security-groups').then((m) => m.removeDefaultSecurityGroupRules),
  RevokePublicIngressHighRiskPorts: () => import('./ec2-security-groups').then((m) => m.revokePublicIngressHighRiskPorts),
  RevokePublicIngressPort22: () => import('./ec2-security-groups').then((m) => m.revokePublicIngressPort22),
  RevokePublicIngressPort3389: () => import('./ec2-security-groups').then((m) => m.revokePublicIngressPort3389),
  RevokePublicIPv4AdminPortIngress: () => import('./ec2-security-groups').then((m) => m.revokePublicIPv4AdminPortIngress),
  RevokePublicIPv6AdminPortIngress: () => import('./ec2-security-groups').then((m) => m.revokePublicIPv6AdminPortIngress),
  DisableSubnetPublicIpAssignment: () => import('./ec2-subnets').then((m) => m.disableSubnetPublicIpAssignment),
};

/** Runbooks of the remediate-ec2-flow-logs function (VPC flow logs). */
export const EC2_FLOW_LOG_RUNBOOKS: RunbookLoaders = {
  EnableVpcFlowLogs: () => import('./ec2-flow-logs').then((m) => m.enableVpcFlowLogs),
};

/** Runbooks of the remediate-monitoring function (CloudTrail). */
export const MONITORING_RUNBOOKS: RunbookLoaders = {
  EnableMultiRegionCloudTrail: () => import('./cloudtrail').then((m) => m.enableMultiRegionCloudTrail),
  EnableCloudTrailEncryption: () => import('./cloudtrail').then((m) => m.enableCloudTrailEncryption),
  EnableCloudTrailLogFileValidation: () => import('./cloudtrail').then((m) => m.enableCloudTrailLogFileValidation),
};

/** Runbooks of the remediate-iam function. */
export const IAM_RUNBOOKS: RunbookLoaders = {
  DeactivateOldAccessKeys: () => import('./iam-credentials').then((m) => m.deactivateOldAccessKeys),
  DeactivateUnusedCredentials: () => import('./iam-credentials').then((m) => m.deactivateUnusedCredentials),
  CreateSupportRole: () => import('./iam-credentials').then((m) => m.createSupportRole),
};

/** Runbooks of the remediate-kms function. */
export const KMS_RUNBOOKS: RunbookLoaders = {
  EnableKmsKeyRotation: () => import('./kms').then((m) => m.enableKmsKeyRotation),
};

/** Runbooks of the remediate-lambda function. */
export const LAMBDA_RUNBOOKS: RunbookLoaders = {
  RemovePublicLambdaPermissions: () => import('./lambda').then((m) => m.removePublicLambdaPermissions),
};

/** Runbooks of the remediate-rds function (DB instances and DB clusters). */
export const RDS_RUNBOOKS: RunbookLoaders = {
  DisableRdsPublicAccess: () => import('./rds').then((m) => m.disableRdsPublicAccess),
  NotifyRdsEncryption: () => import('./rds').then((m) => m.notifyRdsEncryption),
  EnableRdsAutoMinorVersionUpgrade: () => import('./rds').then((m) => m.enableRdsAutoMinorVersionUpgrade),
  EnableRdsDeletionProtection: () => import('./rds').then((m) => m.enableRdsDeletionProtection),
  EnableRdsCopyTagsToSnapshots: () => import('./rds').then((m) => m.enableRdsCopyTagsToSnapshots),
};

/** Runbooks of the remediate-cloudwatch function (CIS log metric filters and alarms). */
export const CLOUDWATCH_RUNBOOKS: RunbookLoaders = {
  CreateLogMetricFilterAlarm: () => import('./cloudwatch').then((m) => m.createLogMetricFilterAlarm),
};

/** Runbooks of the remediate-data function (SNS, SQS, DynamoDB). */
export const DATA_RUNBOOKS: RunbookLoaders = {
  EnableSnsTopicEncryption: () => import('./sns').then((m) => m.enableSnsTopicEncryption),
  EnableSqsQueueEncryption: () => import('./sqs').then((m) => m.enableSqsQueueEncryption),
  EnableDynamoDbDeletionProtection: () => import('./dynamodb').then((m) => m.enableDynamoDbDeletionProtection),
};

/** Runbooks of the remediate-config-guardduty function (AWS Config, GuardDuty). */
export const CONFIG_GUARDDUTY_RUNBOOKS: RunbookLoaders = {
  EnableConfigRecorder: () => import('./config-service').then((m) => m.enableConfigRecorder),
  EnableGuardDuty: () => import('./guardduty').then((m) => m.enableGuardDuty),
};

/** Runbooks of the remediate-secrets function (Secrets Manager, ECR). */
export const SECRETS_RUNBOOKS: RunbookLoaders = {
  NotifySecretRotation: () => import('./secrets').then((m) => m.notifySecretRotation),
  NotifyUnusedSecret: () => import('./secrets').then((m) => m.notifyUnusedSecret),
  EnableEcrScanOnPush: () => import('./ecr').then((m) => m.enableEcrScanOnPush),
};

/** Runbooks of the remediate-iam-account function (root access key, password policy). */
export const IAM_ACCOUNT_RUNBOOKS: RunbookLoaders = {
  NotifyRootAccessKey: () => import('./iam').then((m) => m.notifyRootAccessKey),
  SetStrongPasswordPolicy: () => import('./iam').then((m) => m.setStrongPasswordPolicy),
};

/** Runbooks of the remediate-rds-snapshots function (DB and DB cluster snapshots). */
export const RDS_SNAPSHOT_RUNBOOKS: RunbookLoaders = {
  MakeRdsSnapshotPrivate: () => import('./rds-snapshots').then((m) => m.makeRdsSnapshotPrivate),
  NotifyRdsSnapshotEncryption: () => import('./rds-snapshots').then((m) => m.notifyRdsSnapshotEncryption),
};

/** Runbooks of the remediate-s3-lifecycle function (bucket lifecycle configuration). */
export const S3_LIFECYCLE_RUNBOOKS: RunbookLoaders = {
  AddS3BucketLifecycleRule: () => import('./s3-lifecycle').then((m) => m.addS3BucketLifecycleRule),
};

/** Runbooks of the remediate-ssm function (Systems Manager documents). */
export const SSM_RUNBOOKS: RunbookLoaders = {
  MakeSsmDocumentPrivate: () => import('./ssm-documents').then((m) => m.makeSsmDocumentPrivate),
};

/** Runbooks of the remediate-ec2-authorized-ports function (security group ports open to the internet). */
export const EC2_AUTHORIZED_PORT_RUNBOOKS: RunbookLoaders = {
  RevokePublicIngressUnauthorizedPorts: () => import('./ec2-authorized-ports').then((m) => m.revokePublicIngressUnauthorizedPorts),
};

/** Runbooks of the remediate-ec2-transit-gateways function. */
export const EC2_TRANSIT_GATEWAY_RUNBOOKS: RunbookLoaders = {
  DisableTransitGatewayAutoAccept: () => import('./ec2-transit-gateways').then((m) => m.disableTransitGatewayAutoAccept),
};

/** Runbooks of the remediate-elb function (load balancer listeners). */
export const ELB_RUNBOOKS: RunbookLoaders = {
  RedirectAlbHttpToHttps: () => import('./elb').then((m) => m.redirectAlbHttpToHttps),
};

/** Runbooks of the remediate-apigateway function (REST API stages). */
export const APIGATEWAY_RUNBOOKS: RunbookLoaders = {
  EnableApiGatewayExecutionLogging: () => import('./apigateway').then((m) => m.enableApiGatewayExecutionLogging),
  EncryptApiGatewayCacheData: () => import('./apigateway').then((m) => m.encryptApiGatewayCacheData),
};

/** Runbooks of the remediate-rds-monitoring function (enhanced monitoring of DB instances). */
export const RDS_MONITORING_RUNBOOKS: RunbookLoaders = {
  EnableRdsEnhancedMonitoring: () => import('./rds-monitoring').then((m) => m.enableRdsEnhancedMonitoring),
};

/** Runbooks of the remediate-cloudtrail-logs function (trail delivery to CloudWatch Logs). */
export const CLOUDTRAIL_LOGS_RUNBOOKS: RunbookLoaders = {
  EnableCloudTrailCloudWatchLogs: () => import('./cloudtrail-logs').then((m) => m.enableCloudTrailCloudWatchLogs),
};

/** Runbooks of the remediate-codebuild function (build project environments). */
export const CODEBUILD_RUNBOOKS: RunbookLoaders = {
  NotifyCodeBuildPlaintextCredentials: () => import('./codebuild').then((m) => m.notifyCodeBuildPlaintextCredentials),
};

/** Runbooks of the remediate-ec2-instances function (stopped instances). */
export const EC2_INSTANCE_RUNBOOKS: RunbookLoaders = {
  NotifyStoppedInstance: () => import('./ec2-instances').then((m) => m.notifyStoppedInstance),
};

/** The loader table of each remediation function, by function name. */
export function functionRunbooks(): Readonly<Record<string, RunbookLoaders>> {
  // Built on call rather than at load: a spread at module level would keep every table in every bundle.
  return {
    'remediate-s3': S3_RUNBOOKS,
    'remediate-ec2': EC2_RUNBOOKS,
    'remediate-ec2-network': EC2_NETWORK_RUNBOOKS,
    'remediate-ec2-flow-logs': EC2_FLOW_LOG_RUNBOOKS,
    'remediate-monitoring': MONITORING_RUNBOOKS,
    'remediate-config-guardduty': CONFIG_GUARDDUTY_RUNBOOKS,
    'remediate-iam': IAM_RUNBOOKS,
    'remediate-iam-account': IAM_ACCOUNT_RUNBOOKS,
    'remediate-kms': KMS_RUNBOOKS,
    'remediate-lambda': LAMBDA_RUNBOOKS,
    'remediate-rds': RDS_RUNBOOKS,
    'remediate-rds-snapshots': RDS_SNAPSHOT_RUNBOOKS,
    'remediate-cloudwatch': CLOUDWATCH_RUNBOOKS,
    'remediate-data': DATA_RUNBOOKS,
    'remediate-secrets': SECRETS_RUNBOOKS,
    'remediate-s3-lifecycle': S3_LIFECYCLE_RUNBOOKS,
    'remediate-ssm': SSM_RUNBOOKS,
    'remediate-ec2-authorized-ports': EC2_AUTHORIZED_PORT_RUNBOOKS,
    'remediate-ec2-transit-gateways': EC2_TRANSIT_GATEWAY_RUNBOOKS,
    'remediate-elb': ELB_RUNBOOKS,
    'remediate-apigateway': APIGATEWAY_RUNBOOKS,
    'remediate-rds-monitoring': RDS_MONITORING_RUNBOOKS,
    'remediate-cloudtrail-logs': CLOUDTRAIL_LOGS_RUNBOOKS,
    'remediate-codebuild': CODEBUILD_RUNBOOKS,
    'remediate-ec2-instances': EC2_INSTANCE_RUNBOOKS,
  };
}

/** Every runbook, for the CLI and tests (which are not size-bound). */
export function allRunbooks(): RunbookLoaders {
  return Object.assign({}, ...Object.values(functionRunbooks())) as RunbookLoaders;
}

/**
 * A runbook lookup over a loader table.
 * @param owner named in the error, e.g. the function whose table it is
 */
export function runbookLookup(loaders: RunbookLoaders, owner: string): (name: string) => Promise<Runbook> {
  return async (name) => {
    const loader = loaders[name];
    if (!loader) throw new RunbookNotHeldError(name, owner);
    return loader();
  };
}

/** Any runbook by name (CLI, tests). A function declaration, so function bundles that do not call it drop every table. */
export function loadRunbook(name: string): Promise<Runbook> {
  return runbookLookup(allRunbooks(), 'remediation-functions/runbooks')(name);
}
