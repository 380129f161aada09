import type { ControlDefinition, ControlParameterDefinition, SeverityLabel } from '../control-catalogue';
import { SecurityStandard as S } from '../security-standard';

// Short names keep the table readable: one control a line.
const FSBP = S.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0;
const NIST = S.NIST_800_53_5_0_0;
const PCI3 = S.PCI_DSS_3_2_1;
const PCI4 = S.PCI_DSS_4_0_1;
const CIS12 = S.CIS_1_2_0;
const CIS14 = S.CIS_1_4_0;
const CIS30 = S.CIS_3_0_0;
const CIS50 = S.CIS_5_0_0;
/** The CIS versions from 1.4 on, which share most of their control set. */
const CIS_1_4_ON = [CIS14, CIS30, CIS50];
/** Every CIS version. */
const CIS_ALL = [CIS12, ...CIS_1_4_ON];

function control(
  securityControlId: string,
  severity: SeverityLabel,
  standards: readonly S[],
  title: string,
  parameters: readonly ControlParameterDefinition[] = [],
): ControlDefinition {
  return { securityControlId, title, severity, standards, parameters };
}

const int = (name: string, min: number, max: number): ControlParameterDefinition => ({ name, type: 'integer', min, max });
const bool = (name: string): ControlParameterDefinition => ({ name, type: 'boolean' });

/**
 * The security controls this project knows: id, title and severity as Security Hub publishes them,
 * the standards that include each, and the parameters Security Hub lets a configuration policy tune.
 * Remediation entries are joined in from `remediations.ts`.
 */
export const CONTROLS: readonly ControlDefinition[] = [
  control('Account.1', 'MEDIUM', [FSBP, NIST, ...CIS_1_4_ON], 'Security contact information should be provided for an AWS account'),
  control('ACM.1', 'MEDIUM', [FSBP, NIST, PCI4], 'Imported and ACM-issued certificates should be renewed after a specified time period', [int('daysToExpiration', 14, 365)]),
  control('APIGateway.1', 'MEDIUM', [FSBP, NIST, PCI4], 'API Gateway REST and WebSocket API execution logging should be enabled', [
    { name: 'loggingLevel', type: 'enum', allowed: ['ERROR', 'INFO'] },
  ]),
  control('AutoScaling.1', 'LOW', [FSBP, NIST, PCI3], 'Auto Scaling groups associated with a load balancer should use ELB health checks'),
  control('CloudFront.1', 'HIGH', [FSBP, NIST], 'CloudFront distributions should have a default root object configured'),
  control('CloudTrail.1', 'HIGH', [FSBP, NIST, PCI4, ...CIS_ALL], 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events'),
  control('CloudTrail.2', 'MEDIUM', [FSBP, NIST, PCI3, PCI4, ...CIS_ALL], 'CloudTrail should have encryption at-rest enabled'),
  control('CloudTrail.3', 'HIGH', [PCI3, PCI4], 'At least one CloudTrail trail should be enabled'),
  control('CloudTrail.4', 'LOW', [FSBP, NIST, PCI3, PCI4, ...CIS_ALL], 'CloudTrail log file validation should be enabled'),
  control('CloudTrail.5', 'LOW', [FSBP, NIST, PCI3, CIS12, CIS14], 'CloudTrail trails should be integrated with Amazon CloudWatch Logs'),
  control('CloudTrail.6', 'CRITICAL', [CIS12, CIS14], 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible'),
  control('CloudTrail.7', 'LOW', [...CIS_ALL], 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket'),
  control('CloudWatch.1', 'LOW', [CIS12, CIS14, PCI3], 'A log metric filter and alarm should exist for usage of the "root" user'),
  control('CloudWatch.2', 'LOW', [CIS12], 'Ensure a log metric filter and alarm exist for unauthorized API calls'),
  control('CloudWatch.3', 'LOW', [CIS12], 'Ensure a log metric filter and alarm exist for Management Console sign-in without MFA'),
  control('CloudWatch.4', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for IAM policy changes'),
  control('CloudWatch.5', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for CloudTrail configuration changes'),
  control('CloudWatch.6', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for AWS Management Console authentication failures'),
  control('CloudWatch.7', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs'),
  control('CloudWatch.8', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for S3 bucket policy changes'),
  control('CloudWatch.9', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for AWS Config configuration changes'),
  control('CloudWatch.10', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for security group changes'),
  control('CloudWatch.11', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)'),
  control('CloudWatch.12', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for changes to network gateways'),
  control('CloudWatch.13', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for route table changes'),
  control('CloudWatch.14', 'LOW', [CIS12, CIS14], 'Ensure a log metric filter and alarm exist for VPC changes'),
  control('CloudWatch.16', 'MEDIUM', [NIST], 'CloudWatch log groups should be retained for a specified time period', [int('minRetentionTime', 1, 3653)]),
  control('Config.1', 'CRITICAL', [FSBP, NIST, PCI3, ...CIS_ALL], 'AWS Config should be enabled and use the service-linked role for resource recording', [
    bool('includeConfigServiceLinkedRoleCheck'),
  ]),
  control('DynamoDB.1', 'MEDIUM', [FSBP, NIST], 'DynamoDB tables should automatically scale capacity with demand'),
  control('DynamoDB.6', 'MEDIUM', [NIST], 'DynamoDB tables should have deletion protection enabled'),
  control('EC2.1', 'CRITICAL', [FSBP, NIST, PCI3], 'Amazon EBS snapshots should not be publicly restorable'),
  control('EC2.2', 'HIGH', [FSBP, NIST, PCI3, ...CIS_ALL], 'VPC default security groups should not allow inbound or outbound traffic'),
  control('EC2.3', 'MEDIUM', [FSBP, NIST], 'Attached Amazon EBS volumes should be encrypted at-rest'),
  control('EC2.6', 'MEDIUM', [FSBP, NIST, PCI3, ...CIS_ALL], 'VPC flow logging should be enabled in all VPCs', [
    { name: 'trafficType', type: 'enum', allowed: ['ACCEPT', 'ALL', 'REJECT'] },
  ]),
  control('EC2.7', 'MEDIUM', [FSBP, NIST, ...CIS_1_4_ON], 'EBS default encryption should be enabled'),
  control('EC2.8', 'HIGH', [FSBP, NIST, PCI4, CIS50], 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)'),
  control('EC2.9', 'HIGH', [FSBP, NIST], 'Amazon EC2 instances should not have a public IPv4 address'),
  control('EC2.13', 'HIGH', [NIST, PCI3, CIS12, CIS14], 'Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22'),
  control('EC2.14', 'HIGH', [CIS12, CIS14], 'Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389'),
  control('EC2.15', 'MEDIUM', [FSBP, NIST, PCI4], 'Amazon EC2 subnets should not automatically assign public IP addresses'),
  control('EC2.18', 'HIGH', [FSBP, NIST], 'Security groups should only allow unrestricted incoming traffic for authorized ports', [
    { name: 'authorizedTcpPorts', type: 'integerList', min: 1, max: 65535 },
    { name: 'authorizedUdpPorts', type: 'integerList', min: 1, max: 65535 },
  ]),
  control('EC2.19', 'CRITICAL', [FSBP, NIST], 'Security groups should not allow unrestricted access to ports with high risk'),
  control('EC2.21', 'MEDIUM', [FSBP, NIST, ...CIS_1_4_ON], 'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389'),
  control('EC2.53', 'HIGH', [CIS30, CIS50, PCI4], 'EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports'),
  control('EC2.54', 'HIGH', [CIS30, CIS50, PCI4], 'EC2 security groups should not allow ingress from ::/0 to remote server administration ports'),
  control('ECR.1', 'HIGH', [FSBP, NIST], 'ECR private repositories should have image scanning configured'),
  control('EFS.1', 'MEDIUM', [FSBP, NIST, CIS30, CIS50], 'Elastic File System should be configured to encrypt file data at-rest using AWS KMS'),
  control('GuardDuty.1', 'HIGH', [FSBP, NIST, PCI3, PCI4], 'GuardDuty should be enabled'),
  control('IAM.1', 'HIGH', [FSBP, NIST, PCI3, ...CIS_ALL], 'IAM policies should not allow full "*" administrative privileges'),
  control('IAM.2', 'LOW', [FSBP, NIST, PCI3, ...CIS_ALL], 'IAM users should not have IAM policies attached'),
  control('IAM.3', 'MEDIUM', [FSBP, NIST, ...CIS_ALL], "IAM users' access keys should be rotated every 90 days or less", [int('maxAccessKeyAge', 1, 366)]),
  control('IAM.4', 'CRITICAL', [FSBP, NIST, PCI3, ...CIS_ALL], 'IAM root user access key should not exist'),
  control('IAM.5', 'MEDIUM', [FSBP, NIST, ...CIS_ALL], 'MFA should be enabled for all IAM users that have a console password'),
  control('IAM.6', 'CRITICAL', [FSBP, NIST, PCI3, ...CIS_ALL], 'Hardware MFA should be enabled for the root user'),
  control('IAM.7', 'MEDIUM', [FSBP, NIST], 'Password policies for IAM users should have strong configurations', [
    bool('RequireUppercaseCharacters'),
    bool('RequireLowercaseCharacters'),
    bool('RequireSymbols'),
    bool('RequireNumbers'),
    int('MinimumPasswordLength', 8, 128),
    int('PasswordReusePrevention', 1, 24),
    int('MaxPasswordAge', 1, 180),
  ]),
  control('IAM.8', 'MEDIUM', [NIST, PCI3, CIS12], 'Unused IAM user credentials should be removed', [int('maxCredentialUsageAge', 1, 365)]),
  control('IAM.9', 'CRITICAL', [NIST, PCI3, ...CIS_ALL], 'MFA should be enabled for the root user'),
  control('IAM.10', 'MEDIUM', [PCI3], 'Password policies for IAM users should have strong AWS Config'),
  control('IAM.11', 'MEDIUM', [CIS12], 'Ensure IAM password policy requires at least one uppercase letter'),
  control('IAM.12', 'MEDIUM', [CIS12], 'Ensure IAM password policy requires at least one lowercase letter'),
  control('IAM.13', 'MEDIUM', [CIS12], 'Ensure IAM password policy requires at least one symbol'),
  control('IAM.14', 'MEDIUM', [CIS12], 'Ensure IAM password policy requires at least one number'),
  control('IAM.15', 'MEDIUM', [...CIS_ALL], 'Ensure IAM password policy requires minimum password length of 14 or greater'),
  control('IAM.16', 'LOW', [...CIS_ALL], 'Ensure IAM password policy prevents password reuse'),
  control('IAM.17', 'LOW', [CIS12], 'Ensure IAM password policy expires passwords within 90 days or less'),
  control('IAM.18', 'LOW', [...CIS_ALL], 'Ensure a support role has been created to manage incidents with AWS Support'),
  control('IAM.22', 'MEDIUM', [...CIS_1_4_ON], 'IAM user credentials unused for 45 days should be removed'),
  control('IAM.26', 'MEDIUM', [CIS30, CIS50], 'Expired SSL/TLS certificates managed in IAM should be removed'),
  control('IAM.27', 'MEDIUM', [CIS30, CIS50], 'IAM identities should not have the AWSCloudShellFullAccess policy attached'),
  control('IAM.28', 'HIGH', [CIS30, CIS50], 'IAM Access Analyzer external access analyzer should be enabled'),
  control('Inspector.1', 'HIGH', [FSBP, NIST], 'Amazon Inspector EC2 scanning should be enabled'),
  control('KMS.4', 'MEDIUM', [NIST, PCI3, ...CIS_ALL], 'AWS KMS key rotation should be enabled'),
  control('Lambda.1', 'CRITICAL', [FSBP, NIST, PCI3], 'Lambda function policies should prohibit public access'),
  control('Lambda.2', 'MEDIUM', [FSBP, NIST], 'Lambda functions should use supported runtimes', [
    { name: 'runtime', type: 'enumList', allowed: ['nodejs22.x', 'nodejs20.x', 'nodejs18.x', 'python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3.9', 'java21', 'java17', 'java11', 'java8.al2', 'dotnet8', 'ruby3.3', 'ruby3.2'] },
  ]),
  control('Macie.1', 'MEDIUM', [FSBP, NIST], 'Amazon Macie should be enabled'),
  control('RDS.1', 'CRITICAL', [FSBP, NIST, PCI3], 'RDS snapshot should be private'),
  control('RDS.2', 'CRITICAL', [FSBP, NIST, PCI3, CIS30, CIS50], 'RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration'),
  control('RDS.3', 'MEDIUM', [FSBP, NIST, CIS30, CIS50], 'RDS DB instances should have encryption at-rest enabled'),
  control('RDS.4', 'MEDIUM', [FSBP, NIST], 'RDS cluster snapshots and database snapshots should be encrypted at rest'),
  control('RDS.7', 'LOW', [FSBP, NIST], 'RDS clusters should have deletion protection enabled'),
  control('RDS.8', 'LOW', [FSBP, NIST, PCI4], 'RDS DB instances should have deletion protection enabled'),
  control('RDS.13', 'HIGH', [FSBP, NIST, PCI3, CIS30, CIS50], 'RDS automatic minor version upgrades should be enabled'),
  control('RDS.16', 'LOW', [FSBP, NIST], 'Aurora DB clusters should be configured to copy tags to DB snapshots'),
  control('RDS.17', 'LOW', [FSBP, NIST], 'RDS DB instances should be configured to copy tags to snapshots'),
  control('S3.1', 'MEDIUM', [FSBP, NIST, PCI3, ...CIS_1_4_ON], 'S3 general purpose buckets should have block public access settings enabled'),
  control('S3.2', 'CRITICAL', [FSBP, NIST, PCI3], 'S3 general purpose buckets should block public read access'),
  control('S3.3', 'CRITICAL', [FSBP, NIST, PCI3], 'S3 general purpose buckets should block public write access'),
  control('S3.5', 'MEDIUM', [FSBP, NIST, PCI3, ...CIS_1_4_ON], 'S3 general purpose buckets should require requests to use SSL'),
  control('S3.8', 'HIGH', [FSBP, NIST, ...CIS_1_4_ON], 'S3 general purpose buckets should block public access'),
  control('S3.9', 'MEDIUM', [NIST], 'S3 general purpose buckets should have server access logging enabled'),
  control('S3.20', 'LOW', [NIST, ...CIS_1_4_ON], 'S3 general purpose buckets should have MFA delete enabled'),
  control('SecretsManager.1', 'MEDIUM', [FSBP, NIST], 'Secrets Manager secrets should have automatic rotation enabled', [int('maximumAllowedRotationFrequency', 1, 365)]),
  control('SecretsManager.3', 'MEDIUM', [FSBP, NIST], 'Remove unused Secrets Manager secrets', [int('unusedForDays', 1, 365)]),
  control('SecretsManager.4', 'MEDIUM', [FSBP, NIST], 'Secrets Manager secrets should be rotated within a specified number of days', [int('maxDaysSinceRotation', 1, 365)]),
  control('SNS.1', 'MEDIUM', [NIST], 'SNS topics should be encrypted at-rest using AWS KMS'),
  control('SQS.1', 'MEDIUM', [FSBP, NIST], 'Amazon SQS queues should be encrypted at rest'),
  control('SSM.1', 'MEDIUM', [FSBP, NIST, PCI3], 'Amazon EC2 instances should be managed by AWS Systems Manager'),
];
