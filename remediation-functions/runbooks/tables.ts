// Generated from domain/catalogue/remediations.ts by remediation-functions/scripts/runbook-tables.ts
// (`npm run generate:runbooks`). Do not edit: regenerate.

import type { RunbookLoaders } from './index';

/*
 * One loader table per remediation function. A function's entry point imports only its own
 * table, so its bundle holds only its runbooks and its cold start loads no SDK client; the
 * tables are separate constants so the bundler drops the others.
 */

/** Runbooks of the remediate-s3 function. */
export const REMEDIATE_S3_RUNBOOKS: RunbookLoaders = {
  EnableS3AccountBlockPublicAccess: () => import('./s3').then((m) => m.enableS3AccountBlockPublicAccess),
  EnableS3BucketBlockPublicAccess: () => import('./s3').then((m) => m.enableS3BucketBlockPublicAccess),
  RequireSslOnS3Bucket: () => import('./s3').then((m) => m.requireSslOnS3Bucket),
  EnableS3ServerAccessLogging: () => import('./s3').then((m) => m.enableS3ServerAccessLogging),
};

/** Runbooks of the remediate-ec2 function. */
export const REMEDIATE_EC2_RUNBOOKS: RunbookLoaders = {
  EnableEbsDefaultEncryption: () => import('./ec2').then((m) => m.enableEbsDefaultEncryption),
  RequireImdsV2: () => import('./ec2').then((m) => m.requireImdsV2),
  MakeEbsSnapshotsPrivate: () => import('./ec2').then((m) => m.makeEbsSnapshotsPrivate),
  IsolateEc2Instance: () => import('./ec2').then((m) => m.isolateEc2Instance),
  NotifyEbsVolumeEncryption: () => import('./ec2').then((m) => m.notifyEbsVolumeEncryption),
};

/** Runbooks of the remediate-ec2-network function. */
export const REMEDIATE_EC2_NETWORK_RUNBOOKS: RunbookLoaders = {
  RemoveDefaultSecurityGroupRules: () => import('./ec2-security-groups').then((m) => m.removeDefaultSecurityGroupRules),
  RevokePublicIngressHighRiskPorts: () => import('./ec2-security-groups').then((m) => m.revokePublicIngressHighRiskPorts),
  RevokePublicIngressPort22: () => import('./ec2-security-groups').then((m) => m.revokePublicIngressPort22),
  RevokePublicIngressPort3389: () => import('./ec2-security-groups').then((m) => m.revokePublicIngressPort3389),
  RevokePublicIPv4AdminPortIngress: () => import('./ec2-security-groups').then((m) => m.revokePublicIPv4AdminPortIngress),
  RevokePublicIPv6AdminPortIngress: () => import('./ec2-security-groups').then((m) => m.revokePublicIPv6AdminPortIngress),
  DisableSubnetPublicIpAssignment: () => import('./ec2-subnets').then((m) => m.disableSubnetPublicIpAssignment),
};

/** Runbooks of the remediate-ec2-flow-logs function. */
export const REMEDIATE_EC2_FLOW_LOGS_RUNBOOKS: RunbookLoaders = {
  EnableVpcFlowLogs: () => import('./ec2-flow-logs').then((m) => m.enableVpcFlowLogs),
};

/** Runbooks of the remediate-monitoring function. */
export const REMEDIATE_MONITORING_RUNBOOKS: RunbookLoaders = {
  EnableMultiRegionCloudTrail: () => import('./cloudtrail').then((m) => m.enableMultiRegionCloudTrail),
  EnableCloudTrailEncryption: () => import('./cloudtrail').then((m) => m.enableCloudTrailEncryption),
  EnableCloudTrailLogFileValidation: () => import('./cloudtrail').then((m) => m.enableCloudTrailLogFileValidation),
};

/** Runbooks of the remediate-config-guardduty function. */
export const REMEDIATE_CONFIG_GUARDDUTY_RUNBOOKS: RunbookLoaders = {
  EnableConfigRecorder: () => import('./config-service').then((m) => m.enableConfigRecorder),
  EnableGuardDuty: () => import('./guardduty').then((m) => m.enableGuardDuty),
};

/** Runbooks of the remediate-iam function. */
export const REMEDIATE_IAM_RUNBOOKS: RunbookLoaders = {
  DeactivateOldAccessKeys: () => import('./iam-credentials').then((m) => m.deactivateOldAccessKeys),
  DeactivateUnusedCredentials: () => import('./iam-credentials').then((m) => m.deactivateUnusedCredentials),
  CreateSupportRole: () => import('./iam-credentials').then((m) => m.createSupportRole),
};

/** Runbooks of the remediate-iam-account function. */
export const REMEDIATE_IAM_ACCOUNT_RUNBOOKS: RunbookLoaders = {
  NotifyRootAccessKey: () => import('./iam').then((m) => m.notifyRootAccessKey),
  SetStrongPasswordPolicy: () => import('./iam').then((m) => m.setStrongPasswordPolicy),
};

/** Runbooks of the remediate-kms function. */
export const REMEDIATE_KMS_RUNBOOKS: RunbookLoaders = {
  EnableKmsKeyRotation: () => import('./kms').then((m) => m.enableKmsKeyRotation),
};

/** Runbooks of the remediate-lambda function. */
export const REMEDIATE_LAMBDA_RUNBOOKS: RunbookLoaders = {
  RemovePublicLambdaPermissions: () => import('./lambda').then((m) => m.removePublicLambdaPermissions),
};

/** Runbooks of the remediate-rds function. */
export const REMEDIATE_RDS_RUNBOOKS: RunbookLoaders = {
  DisableRdsPublicAccess: () => import('./rds').then((m) => m.disableRdsPublicAccess),
  NotifyRdsEncryption: () => import('./rds').then((m) => m.notifyRdsEncryption),
  EnableRdsAutoMinorVersionUpgrade: () => import('./rds').then((m) => m.enableRdsAutoMinorVersionUpgrade),
  EnableRdsDeletionProtection: () => import('./rds').then((m) => m.enableRdsDeletionProtection),
  EnableRdsCopyTagsToSnapshots: () => import('./rds').then((m) => m.enableRdsCopyTagsToSnapshots),
};

/** Runbooks of the remediate-rds-snapshots function. */
export const REMEDIATE_RDS_SNAPSHOTS_RUNBOOKS: RunbookLoaders = {
  MakeRdsSnapshotPrivate: () => import('./rds-snapshots').then((m) => m.makeRdsSnapshotPrivate),
  NotifyRdsSnapshotEncryption: () => import('./rds-snapshots').then((m) => m.notifyRdsSnapshotEncryption),
};

/** Runbooks of the remediate-cloudwatch function. */
export const REMEDIATE_CLOUDWATCH_RUNBOOKS: RunbookLoaders = {
  CreateLogMetricFilterAlarm: () => import('./cloudwatch').then((m) => m.createLogMetricFilterAlarm),
};

/** Runbooks of the remediate-data function. */
export const REMEDIATE_DATA_RUNBOOKS: RunbookLoaders = {
  EnableSnsTopicEncryption: () => import('./sns').then((m) => m.enableSnsTopicEncryption),
  EnableSqsQueueEncryption: () => import('./sqs').then((m) => m.enableSqsQueueEncryption),
  EnableDynamoDbDeletionProtection: () => import('./dynamodb').then((m) => m.enableDynamoDbDeletionProtection),
};

/** Runbooks of the remediate-secrets function. */
export const REMEDIATE_SECRETS_RUNBOOKS: RunbookLoaders = {
  EnableEcrScanOnPush: () => import('./ecr').then((m) => m.enableEcrScanOnPush),
  NotifySecretRotation: () => import('./secrets').then((m) => m.notifySecretRotation),
  NotifyUnusedSecret: () => import('./secrets').then((m) => m.notifyUnusedSecret),
};

/** Runbooks of the remediate-s3-lifecycle function. */
export const REMEDIATE_S3_LIFECYCLE_RUNBOOKS: RunbookLoaders = {
  AddS3BucketLifecycleRule: () => import('./s3-lifecycle').then((m) => m.addS3BucketLifecycleRule),
};

/** Runbooks of the remediate-ssm function. */
export const REMEDIATE_SSM_RUNBOOKS: RunbookLoaders = {
  MakeSsmDocumentPrivate: () => import('./ssm-documents').then((m) => m.makeSsmDocumentPrivate),
};

/** Runbooks of the remediate-ec2-authorized-ports function. */
export const REMEDIATE_EC2_AUTHORIZED_PORTS_RUNBOOKS: RunbookLoaders = {
  RevokePublicIngressUnauthorizedPorts: () => import('./ec2-authorized-ports').then((m) => m.revokePublicIngressUnauthorizedPorts),
};

/** Runbooks of the remediate-ec2-transit-gateways function. */
export const REMEDIATE_EC2_TRANSIT_GATEWAYS_RUNBOOKS: RunbookLoaders = {
  DisableTransitGatewayAutoAccept: () => import('./ec2-transit-gateways').then((m) => m.disableTransitGatewayAutoAccept),
};

/** Runbooks of the remediate-elb function. */
export const REMEDIATE_ELB_RUNBOOKS: RunbookLoaders = {
  RedirectAlbHttpToHttps: () => import('./elb').then((m) => m.redirectAlbHttpToHttps),
};

/** Runbooks of the remediate-apigateway function. */
export const REMEDIATE_APIGATEWAY_RUNBOOKS: RunbookLoaders = {
  EnableApiGatewayExecutionLogging: () => import('./apigateway').then((m) => m.enableApiGatewayExecutionLogging),
  EncryptApiGatewayCacheData: () => import('./apigateway').then((m) => m.encryptApiGatewayCacheData),
};

/** Runbooks of the remediate-rds-monitoring function. */
export const REMEDIATE_RDS_MONITORING_RUNBOOKS: RunbookLoaders = {
  EnableRdsEnhancedMonitoring: () => import('./rds-monitoring').then((m) => m.enableRdsEnhancedMonitoring),
};

/** Runbooks of the remediate-cloudtrail-logs function. */
export const REMEDIATE_CLOUDTRAIL_LOGS_RUNBOOKS: RunbookLoaders = {
  EnableCloudTrailCloudWatchLogs: () => import('./cloudtrail-logs').then((m) => m.enableCloudTrailCloudWatchLogs),
};

/** Runbooks of the remediate-codebuild function. */
export const REMEDIATE_CODEBUILD_RUNBOOKS: RunbookLoaders = {
  NotifyCodeBuildPlaintextCredentials: () => import('./codebuild').then((m) => m.notifyCodeBuildPlaintextCredentials),
};

/** Runbooks of the remediate-ec2-instances function. */
export const REMEDIATE_EC2_INSTANCES_RUNBOOKS: RunbookLoaders = {
  NotifyStoppedInstance: () => import('./ec2-instances').then((m) => m.notifyStoppedInstance),
};

/** The loader table of each remediation function, by function name. */
export function functionRunbooks(): Readonly<Record<string, RunbookLoaders>> {
  // Built on call rather than at load: a spread at module level would keep every table in every bundle.
  return {
    'remediate-s3': REMEDIATE_S3_RUNBOOKS,
    'remediate-ec2': REMEDIATE_EC2_RUNBOOKS,
    'remediate-ec2-network': REMEDIATE_EC2_NETWORK_RUNBOOKS,
    'remediate-ec2-flow-logs': REMEDIATE_EC2_FLOW_LOGS_RUNBOOKS,
    'remediate-monitoring': REMEDIATE_MONITORING_RUNBOOKS,
    'remediate-config-guardduty': REMEDIATE_CONFIG_GUARDDUTY_RUNBOOKS,
    'remediate-iam': REMEDIATE_IAM_RUNBOOKS,
    'remediate-iam-account': REMEDIATE_IAM_ACCOUNT_RUNBOOKS,
    'remediate-kms': REMEDIATE_KMS_RUNBOOKS,
    'remediate-lambda': REMEDIATE_LAMBDA_RUNBOOKS,
    'remediate-rds': REMEDIATE_RDS_RUNBOOKS,
    'remediate-rds-snapshots': REMEDIATE_RDS_SNAPSHOTS_RUNBOOKS,
    'remediate-cloudwatch': REMEDIATE_CLOUDWATCH_RUNBOOKS,
    'remediate-data': REMEDIATE_DATA_RUNBOOKS,
    'remediate-secrets': REMEDIATE_SECRETS_RUNBOOKS,
    'remediate-s3-lifecycle': REMEDIATE_S3_LIFECYCLE_RUNBOOKS,
    'remediate-ssm': REMEDIATE_SSM_RUNBOOKS,
    'remediate-ec2-authorized-ports': REMEDIATE_EC2_AUTHORIZED_PORTS_RUNBOOKS,
    'remediate-ec2-transit-gateways': REMEDIATE_EC2_TRANSIT_GATEWAYS_RUNBOOKS,
    'remediate-elb': REMEDIATE_ELB_RUNBOOKS,
    'remediate-apigateway': REMEDIATE_APIGATEWAY_RUNBOOKS,
    'remediate-rds-monitoring': REMEDIATE_RDS_MONITORING_RUNBOOKS,
    'remediate-cloudtrail-logs': REMEDIATE_CLOUDTRAIL_LOGS_RUNBOOKS,
    'remediate-codebuild': REMEDIATE_CODEBUILD_RUNBOOKS,
    'remediate-ec2-instances': REMEDIATE_EC2_INSTANCES_RUNBOOKS,
  };
}
