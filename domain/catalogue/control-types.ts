// Generated from controls.json by the catalogue generator (`securityhub catalogue refresh` or
// scripts/catalogue/generate.ts). Do not edit: regenerate.

/** Every security control Security Hub offers, by consolidated control id. */
export type SecurityControlId =
  | "Account.1"
  | "Account.2"
  | "ACM.1"
  | "ACM.2"
  | "ACM.3"
  | "Amplify.1"
  | "Amplify.2"
  | "APIGateway.1"
  | "APIGateway.2"
  | "APIGateway.3"
  | "APIGateway.4"
  | "APIGateway.5"
  | "APIGateway.8"
  | "APIGateway.9"
  | "APIGateway.10"
  | "APIGateway.11"
  | "AppConfig.1"
  | "AppConfig.2"
  | "AppConfig.3"
  | "AppConfig.4"
  | "AppFlow.1"
  | "AppRunner.1"
  | "AppRunner.2"
  | "AppSync.2"
  | "AppSync.4"
  | "AppSync.5"
  | "Athena.2"
  | "Athena.3"
  | "Athena.4"
  | "AutoScaling.1"
  | "AutoScaling.2"
  | "AutoScaling.3"
  | "Autoscaling.5"
  | "AutoScaling.6"
  | "AutoScaling.9"
  | "AutoScaling.10"
  | "Backup.1"
  | "Backup.2"
  | "Backup.3"
  | "Backup.4"
  | "Backup.5"
  | "Batch.1"
  | "Batch.2"
  | "Batch.3"
  | "Batch.4"
  | "Bedrock.1"
  | "BedrockAgentCore.1"
  | "BedrockAgentCore.2"
  | "BedrockAgentCore.3"
  | "BedrockAgentCore.4"
  | "BedrockAgentCore.5"
  | "BedrockAgentCore.6"
  | "BedrockAgentCore.7"
  | "CloudFormation.2"
  | "CloudFormation.3"
  | "CloudFormation.4"
  | "CloudFront.1"
  | "CloudFront.3"
  | "CloudFront.4"
  | "CloudFront.5"
  | "CloudFront.6"
  | "CloudFront.7"
  | "CloudFront.8"
  | "CloudFront.9"
  | "CloudFront.10"
  | "CloudFront.12"
  | "CloudFront.13"
  | "CloudFront.14"
  | "CloudFront.15"
  | "CloudFront.16"
  | "CloudFront.17"
  | "CloudTrail.1"
  | "CloudTrail.2"
  | "CloudTrail.3"
  | "CloudTrail.4"
  | "CloudTrail.5"
  | "CloudTrail.6"
  | "CloudTrail.7"
  | "CloudTrail.9"
  | "CloudTrail.10"
  | "CloudWatch.1"
  | "CloudWatch.2"
  | "CloudWatch.3"
  | "CloudWatch.4"
  | "CloudWatch.5"
  | "CloudWatch.6"
  | "CloudWatch.7"
  | "CloudWatch.8"
  | "CloudWatch.9"
  | "CloudWatch.10"
  | "CloudWatch.11"
  | "CloudWatch.12"
  | "CloudWatch.13"
  | "CloudWatch.14"
  | "CloudWatch.15"
  | "CloudWatch.16"
  | "CloudWatch.17"
  | "CodeArtifact.1"
  | "CodeBuild.1"
  | "CodeBuild.2"
  | "CodeBuild.3"
  | "CodeBuild.4"
  | "CodeBuild.7"
  | "CodeGuruProfiler.1"
  | "CodeGuruReviewer.1"
  | "Cognito.1"
  | "Cognito.2"
  | "Cognito.3"
  | "Cognito.4"
  | "Cognito.5"
  | "Cognito.6"
  | "Config.1"
  | "Connect.1"
  | "Connect.2"
  | "DataFirehose.1"
  | "DataSync.1"
  | "DataSync.2"
  | "Detective.1"
  | "DMS.1"
  | "DMS.2"
  | "DMS.3"
  | "DMS.4"
  | "DMS.5"
  | "DMS.6"
  | "DMS.7"
  | "DMS.8"
  | "DMS.9"
  | "DMS.10"
  | "DMS.11"
  | "DMS.12"
  | "DMS.13"
  | "DocumentDB.1"
  | "DocumentDB.2"
  | "DocumentDB.3"
  | "DocumentDB.4"
  | "DocumentDB.5"
  | "DocumentDB.6"
  | "DynamoDB.1"
  | "DynamoDB.2"
  | "DynamoDB.3"
  | "DynamoDB.4"
  | "DynamoDB.5"
  | "DynamoDB.6"
  | "DynamoDB.7"
  | "EC2.1"
  | "EC2.2"
  | "EC2.3"
  | "EC2.4"
  | "EC2.6"
  | "EC2.7"
  | "EC2.8"
  | "EC2.9"
  | "EC2.10"
  | "EC2.12"
  | "EC2.13"
  | "EC2.14"
  | "EC2.15"
  | "EC2.16"
  | "EC2.17"
  | "EC2.18"
  | "EC2.19"
  | "EC2.20"
  | "EC2.21"
  | "EC2.22"
  | "EC2.23"
  | "EC2.24"
  | "EC2.25"
  | "EC2.28"
  | "EC2.33"
  | "EC2.34"
  | "EC2.35"
  | "EC2.36"
  | "EC2.37"
  | "EC2.38"
  | "EC2.39"
  | "EC2.40"
  | "EC2.41"
  | "EC2.42"
  | "EC2.43"
  | "EC2.44"
  | "EC2.45"
  | "EC2.46"
  | "EC2.47"
  | "EC2.48"
  | "EC2.49"
  | "EC2.50"
  | "EC2.51"
  | "EC2.52"
  | "EC2.53"
  | "EC2.54"
  | "EC2.55"
  | "EC2.56"
  | "EC2.57"
  | "EC2.58"
  | "EC2.60"
  | "EC2.170"
  | "EC2.171"
  | "EC2.172"
  | "EC2.173"
  | "EC2.174"
  | "EC2.175"
  | "EC2.176"
  | "EC2.177"
  | "EC2.178"
  | "EC2.179"
  | "EC2.180"
  | "EC2.181"
  | "EC2.182"
  | "EC2.183"
  | "ECR.1"
  | "ECR.2"
  | "ECR.3"
  | "ECR.4"
  | "ECR.5"
  | "ECS.2"
  | "ECS.3"
  | "ECS.4"
  | "ECS.5"
  | "ECS.8"
  | "ECS.9"
  | "ECS.10"
  | "ECS.12"
  | "ECS.13"
  | "ECS.14"
  | "ECS.15"
  | "ECS.16"
  | "ECS.17"
  | "ECS.18"
  | "ECS.19"
  | "ECS.20"
  | "ECS.21"
  | "EFS.1"
  | "EFS.2"
  | "EFS.3"
  | "EFS.4"
  | "EFS.5"
  | "EFS.6"
  | "EFS.7"
  | "EFS.8"
  | "EKS.1"
  | "EKS.2"
  | "EKS.3"
  | "EKS.6"
  | "EKS.7"
  | "EKS.8"
  | "EKS.9"
  | "ElastiCache.1"
  | "ElastiCache.2"
  | "ElastiCache.3"
  | "ElastiCache.4"
  | "ElastiCache.5"
  | "ElastiCache.6"
  | "ElastiCache.7"
  | "ElasticBeanstalk.1"
  | "ElasticBeanstalk.2"
  | "ElasticBeanstalk.3"
  | "ELB.1"
  | "ELB.2"
  | "ELB.3"
  | "ELB.4"
  | "ELB.5"
  | "ELB.6"
  | "ELB.7"
  | "ELB.8"
  | "ELB.9"
  | "ELB.10"
  | "ELB.12"
  | "ELB.13"
  | "ELB.14"
  | "ELB.16"
  | "ELB.17"
  | "ELB.18"
  | "ELB.21"
  | "ELB.22"
  | "EMR.1"
  | "EMR.2"
  | "EMR.3"
  | "EMR.4"
  | "ES.1"
  | "ES.2"
  | "ES.3"
  | "ES.4"
  | "ES.5"
  | "ES.6"
  | "ES.7"
  | "ES.8"
  | "ES.9"
  | "EventBridge.2"
  | "EventBridge.3"
  | "EventBridge.4"
  | "FraudDetector.1"
  | "FraudDetector.2"
  | "FraudDetector.3"
  | "FraudDetector.4"
  | "FSx.1"
  | "FSx.2"
  | "FSx.3"
  | "FSx.4"
  | "FSx.5"
  | "GlobalAccelerator.1"
  | "Glue.1"
  | "Glue.3"
  | "Glue.4"
  | "GuardDuty.1"
  | "GuardDuty.2"
  | "GuardDuty.3"
  | "GuardDuty.4"
  | "GuardDuty.5"
  | "GuardDuty.6"
  | "GuardDuty.7"
  | "GuardDuty.8"
  | "GuardDuty.9"
  | "GuardDuty.10"
  | "GuardDuty.11"
  | "GuardDuty.12"
  | "GuardDuty.13"
  | "IAM.1"
  | "IAM.2"
  | "IAM.3"
  | "IAM.4"
  | "IAM.5"
  | "IAM.6"
  | "IAM.7"
  | "IAM.8"
  | "IAM.9"
  | "IAM.10"
  | "IAM.11"
  | "IAM.12"
  | "IAM.13"
  | "IAM.14"
  | "IAM.15"
  | "IAM.16"
  | "IAM.17"
  | "IAM.18"
  | "IAM.19"
  | "IAM.21"
  | "IAM.22"
  | "IAM.23"
  | "IAM.24"
  | "IAM.25"
  | "IAM.26"
  | "IAM.27"
  | "IAM.28"
  | "Inspector.1"
  | "Inspector.2"
  | "Inspector.3"
  | "Inspector.4"
  | "IoT.1"
  | "IoT.2"
  | "IoT.3"
  | "IoT.4"
  | "IoT.5"
  | "IoT.6"
  | "IoTSiteWise.1"
  | "IoTSiteWise.2"
  | "IoTSiteWise.3"
  | "IoTSiteWise.4"
  | "IoTSiteWise.5"
  | "IoTTwinMaker.1"
  | "IoTTwinMaker.2"
  | "IoTTwinMaker.3"
  | "IoTTwinMaker.4"
  | "IoTWireless.1"
  | "IoTWireless.2"
  | "IoTWireless.3"
  | "IVS.1"
  | "IVS.2"
  | "IVS.3"
  | "Keyspaces.1"
  | "Kinesis.1"
  | "Kinesis.2"
  | "Kinesis.3"
  | "KMS.1"
  | "KMS.2"
  | "KMS.3"
  | "KMS.4"
  | "KMS.5"
  | "Lambda.1"
  | "Lambda.2"
  | "Lambda.3"
  | "Lambda.5"
  | "Lambda.6"
  | "Lambda.7"
  | "Macie.1"
  | "Macie.2"
  | "MQ.2"
  | "MQ.4"
  | "MQ.5"
  | "MQ.6"
  | "MSK.1"
  | "MSK.2"
  | "MSK.3"
  | "MSK.4"
  | "MSK.5"
  | "MSK.6"
  | "Neptune.1"
  | "Neptune.2"
  | "Neptune.3"
  | "Neptune.4"
  | "Neptune.5"
  | "Neptune.6"
  | "Neptune.7"
  | "Neptune.8"
  | "Neptune.9"
  | "NetworkFirewall.1"
  | "NetworkFirewall.2"
  | "NetworkFirewall.3"
  | "NetworkFirewall.4"
  | "NetworkFirewall.5"
  | "NetworkFirewall.6"
  | "NetworkFirewall.7"
  | "NetworkFirewall.8"
  | "NetworkFirewall.9"
  | "NetworkFirewall.10"
  | "Opensearch.1"
  | "Opensearch.2"
  | "Opensearch.3"
  | "Opensearch.4"
  | "Opensearch.5"
  | "Opensearch.6"
  | "Opensearch.7"
  | "Opensearch.8"
  | "Opensearch.9"
  | "Opensearch.10"
  | "Opensearch.11"
  | "PCA.1"
  | "PCA.2"
  | "RDS.1"
  | "RDS.2"
  | "RDS.3"
  | "RDS.4"
  | "RDS.5"
  | "RDS.6"
  | "RDS.7"
  | "RDS.8"
  | "RDS.9"
  | "RDS.10"
  | "RDS.11"
  | "RDS.12"
  | "RDS.13"
  | "RDS.14"
  | "RDS.15"
  | "RDS.16"
  | "RDS.17"
  | "RDS.19"
  | "RDS.20"
  | "RDS.21"
  | "RDS.22"
  | "RDS.23"
  | "RDS.24"
  | "RDS.25"
  | "RDS.26"
  | "RDS.27"
  | "RDS.28"
  | "RDS.29"
  | "RDS.30"
  | "RDS.31"
  | "RDS.32"
  | "RDS.33"
  | "RDS.34"
  | "RDS.35"
  | "RDS.36"
  | "RDS.37"
  | "RDS.38"
  | "RDS.39"
  | "RDS.40"
  | "RDS.41"
  | "RDS.42"
  | "RDS.43"
  | "RDS.44"
  | "RDS.45"
  | "RDS.46"
  | "RDS.47"
  | "RDS.48"
  | "RDS.50"
  | "RDS.51"
  | "Redshift.1"
  | "Redshift.2"
  | "Redshift.3"
  | "Redshift.4"
  | "Redshift.6"
  | "Redshift.7"
  | "Redshift.8"
  | "Redshift.10"
  | "Redshift.11"
  | "Redshift.12"
  | "Redshift.13"
  | "Redshift.14"
  | "Redshift.15"
  | "Redshift.16"
  | "Redshift.17"
  | "Redshift.18"
  | "RedshiftServerless.1"
  | "RedshiftServerless.2"
  | "RedshiftServerless.3"
  | "RedshiftServerless.4"
  | "RedshiftServerless.5"
  | "RedshiftServerless.6"
  | "Route53.1"
  | "Route53.2"
  | "S3.1"
  | "S3.2"
  | "S3.3"
  | "S3.5"
  | "S3.6"
  | "S3.7"
  | "S3.8"
  | "S3.9"
  | "S3.10"
  | "S3.11"
  | "S3.12"
  | "S3.13"
  | "S3.14"
  | "S3.15"
  | "S3.17"
  | "S3.19"
  | "S3.20"
  | "S3.22"
  | "S3.23"
  | "S3.24"
  | "S3.25"
  | "SageMaker.1"
  | "SageMaker.2"
  | "SageMaker.3"
  | "SageMaker.4"
  | "SageMaker.5"
  | "SageMaker.6"
  | "SageMaker.7"
  | "SageMaker.8"
  | "SageMaker.9"
  | "SageMaker.10"
  | "SageMaker.11"
  | "SageMaker.12"
  | "SageMaker.13"
  | "SageMaker.14"
  | "SageMaker.15"
  | "SageMaker.16"
  | "SageMaker.17"
  | "SageMaker.18"
  | "SageMaker.19"
  | "SageMaker.20"
  | "SageMaker.21"
  | "SageMaker.22"
  | "SageMaker.23"
  | "SageMaker.24"
  | "SageMaker.25"
  | "SecretsManager.1"
  | "SecretsManager.2"
  | "SecretsManager.3"
  | "SecretsManager.4"
  | "SecretsManager.5"
  | "ServiceCatalog.1"
  | "SES.1"
  | "SES.2"
  | "SES.3"
  | "SNS.1"
  | "SNS.3"
  | "SNS.4"
  | "SQS.1"
  | "SQS.2"
  | "SQS.3"
  | "SSM.1"
  | "SSM.2"
  | "SSM.3"
  | "SSM.4"
  | "SSM.5"
  | "SSM.6"
  | "SSM.7"
  | "StepFunctions.1"
  | "StepFunctions.2"
  | "Transfer.1"
  | "Transfer.2"
  | "Transfer.3"
  | "Transfer.4"
  | "Transfer.5"
  | "Transfer.6"
  | "Transfer.7"
  | "WAF.1"
  | "WAF.2"
  | "WAF.3"
  | "WAF.4"
  | "WAF.6"
  | "WAF.7"
  | "WAF.8"
  | "WAF.10"
  | "WAF.11"
  | "WAF.12"
  | "WorkSpaces.1"
  | "WorkSpaces.2";

/** Controls Security Hub has retired: still accepted, with a warning. */
export type RetiredSecurityControlId =
  | "AppSync.1"
  | "AppSync.6"
  | "AutoScaling.4"
  | "CloudFormation.1"
  | "CloudFront.2"
  | "CodeBuild.5"
  | "EC2.29"
  | "ECS.1"
  | "IAM.20"
  | "IoTEvents.1"
  | "IoTEvents.2"
  | "IoTEvents.3"
  | "MQ.3"
  | "RDS.18"
  | "Redshift.9"
  | "S3.4"
  | "SNS.2";

/** The parameters each control takes, with their value types, for configuration policies. */
export interface ControlParameterValues {
  readonly "ACM.1": { readonly "daysToExpiration"?: number; };
  readonly "ACM.3": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Amplify.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Amplify.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "APIGateway.1": { readonly "loggingLevel"?: string; };
  readonly "APIGateway.8": { readonly "authorizationType"?: string; };
  readonly "AppConfig.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "AppConfig.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "AppConfig.3": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "AppConfig.4": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "AppFlow.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "AppRunner.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "AppRunner.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "AppSync.2": { readonly "fieldLoggingLevel"?: string; };
  readonly "AppSync.4": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Athena.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Athena.3": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "AutoScaling.2": { readonly "minAvailabilityZones"?: string; };
  readonly "AutoScaling.10": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Backup.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Backup.3": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Backup.4": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Backup.5": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Batch.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Batch.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Batch.3": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Batch.4": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "CloudFormation.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "CloudFront.14": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "CloudTrail.9": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "CloudTrail.10": { readonly "kmsKeyArns"?: readonly string[]; };
  readonly "CloudWatch.15": { readonly "insufficientDataActionRequired"?: boolean; readonly "okActionRequired"?: boolean; };
  readonly "CloudWatch.16": { readonly "MinRetentionTime"?: string; };
  readonly "CodeArtifact.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "CodeGuruProfiler.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "CodeGuruReviewer.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Cognito.1": { readonly "SecurityMode"?: string; };
  readonly "Cognito.3": { readonly "minLength"?: number; readonly "requireLowercase"?: boolean; readonly "requireNumbers"?: boolean; readonly "requireSymbols"?: boolean; readonly "requireUppercase"?: boolean; readonly "temporaryPasswordValidity"?: number; };
  readonly "Config.1": { readonly "includeConfigServiceLinkedRoleCheck"?: boolean; };
  readonly "Connect.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "DataSync.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Detective.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "DMS.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "DMS.3": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "DMS.4": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "DMS.5": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "DocumentDB.2": { readonly "minimumBackupRetentionPeriod"?: number; };
  readonly "DynamoDB.1": { readonly "minProvisionedReadCapacity"?: number; readonly "minProvisionedWriteCapacity"?: number; readonly "targetReadUtilization"?: number; readonly "targetWriteUtilization"?: number; };
  readonly "DynamoDB.4": { readonly "backupVaultLockCheck"?: boolean; };
  readonly "DynamoDB.5": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.4": { readonly "AllowedDays"?: number; };
  readonly "EC2.18": { readonly "authorizedTcpPorts"?: readonly number[]; readonly "authorizedUdpPorts"?: readonly number[]; };
  readonly "EC2.28": { readonly "backupVaultLockCheck"?: boolean; };
  readonly "EC2.33": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.34": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.35": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.36": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.37": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.38": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.39": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.40": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.41": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.42": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.43": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.44": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.45": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.46": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.47": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.48": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.49": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.50": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.52": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EC2.55": { readonly "vpcIds"?: readonly string[]; };
  readonly "EC2.56": { readonly "vpcIds"?: readonly string[]; };
  readonly "EC2.57": { readonly "vpcIds"?: readonly string[]; };
  readonly "EC2.58": { readonly "vpcIds"?: readonly string[]; };
  readonly "EC2.60": { readonly "vpcIds"?: readonly string[]; };
  readonly "EC2.172": { readonly "vpcBpaInternetGatewayBlockMode"?: string; };
  readonly "EC2.174": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "EC2.175": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "EC2.176": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "EC2.177": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "EC2.178": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "EC2.179": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "ECR.4": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "ECR.5": { readonly "kmsKeyArns"?: readonly string[]; };
  readonly "ECS.13": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "ECS.14": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "ECS.15": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EFS.5": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EKS.6": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EKS.7": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "ElastiCache.1": { readonly "snapshotRetentionPeriod"?: number; };
  readonly "ElasticBeanstalk.2": { readonly "UpdateLevel"?: string; };
  readonly "ElasticBeanstalk.3": { readonly "RetentionInDays"?: string; };
  readonly "ELB.10": { readonly "minAvailabilityZones"?: string; };
  readonly "ELB.13": { readonly "minAvailabilityZones"?: string; };
  readonly "ES.9": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "EventBridge.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "FraudDetector.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "FraudDetector.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "FraudDetector.3": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "FraudDetector.4": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "FSx.4": { readonly "deploymentTypes"?: readonly ("MULTI_AZ_1" | "MULTI_AZ_2")[]; };
  readonly "GlobalAccelerator.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Glue.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "GuardDuty.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "GuardDuty.3": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "GuardDuty.4": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IAM.7": { readonly "MaxPasswordAge"?: number; readonly "MinimumPasswordLength"?: number; readonly "PasswordReusePrevention"?: number; readonly "RequireLowercaseCharacters"?: boolean; readonly "RequireNumbers"?: boolean; readonly "RequireSymbols"?: boolean; readonly "RequireUppercaseCharacters"?: boolean; };
  readonly "IAM.23": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IAM.24": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IAM.25": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IoT.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IoT.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IoT.3": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IoT.4": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IoT.5": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IoT.6": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "IoTSiteWise.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTSiteWise.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTSiteWise.3": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTSiteWise.4": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTSiteWise.5": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTTwinMaker.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTTwinMaker.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTTwinMaker.3": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTTwinMaker.4": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTWireless.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTWireless.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IoTWireless.3": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IVS.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IVS.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "IVS.3": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Keyspaces.1": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Kinesis.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Kinesis.3": { readonly "minimumBackupRetentionPeriod"?: number; };
  readonly "Lambda.5": { readonly "availabilityZones"?: string; };
  readonly "Lambda.6": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "MQ.4": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Neptune.5": { readonly "minimumBackupRetentionPeriod"?: number; };
  readonly "NetworkFirewall.2": { readonly "logType"?: string; };
  readonly "NetworkFirewall.7": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "NetworkFirewall.8": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Opensearch.9": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "PCA.2": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "RDS.6": { readonly "monitoringInterval"?: string; };
  readonly "RDS.11": { readonly "backupRetentionMinimum"?: number; };
  readonly "RDS.14": { readonly "BacktrackWindowInHours"?: number; };
  readonly "RDS.26": { readonly "backupVaultLockCheck"?: boolean; };
  readonly "RDS.28": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "RDS.29": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "RDS.30": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "RDS.31": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "RDS.32": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "RDS.33": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "RDS.40": { readonly "logTypes"?: readonly string[]; };
  readonly "RDS.42": { readonly "logTypes"?: readonly ("audit" | "error" | "general" | "slowquery")[]; };
  readonly "RDS.50": { readonly "minimumBackupRetentionPeriod"?: number; };
  readonly "Redshift.3": { readonly "MinRetentionPeriod"?: number; };
  readonly "Redshift.11": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Redshift.12": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Redshift.13": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Redshift.14": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Redshift.17": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "RedshiftServerless.4": { readonly "kmsKeyArns"?: readonly string[]; };
  readonly "Route53.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "S3.11": { readonly "eventTypes"?: readonly string[]; };
  readonly "S3.13": { readonly "targetExpirationDays"?: number; readonly "targetTransitionDays"?: number; readonly "targetTransitionStorageClass"?: string; };
  readonly "S3.15": { readonly "mode"?: string; };
  readonly "S3.25": { readonly "targetExpirationDays"?: number; };
  readonly "SageMaker.6": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "SageMaker.7": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "SecretsManager.1": { readonly "maximumAllowedRotationFrequency"?: number; };
  readonly "SecretsManager.3": { readonly "unusedForDays"?: number; };
  readonly "SecretsManager.4": { readonly "maxDaysSinceRotation"?: number; };
  readonly "SecretsManager.5": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "SES.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "SES.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "SNS.3": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "SQS.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "SSM.5": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "StepFunctions.1": { readonly "logLevel"?: string; };
  readonly "StepFunctions.2": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Transfer.1": { readonly "requiredTagKeys"?: readonly string[]; };
  readonly "Transfer.4": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Transfer.5": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Transfer.6": { readonly "requiredKeyTags"?: readonly string[]; };
  readonly "Transfer.7": { readonly "requiredKeyTags"?: readonly string[]; };
}

/** A control that takes parameters. */
export type ParameterizedControlId = keyof ControlParameterValues;
