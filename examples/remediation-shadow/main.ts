import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityStandard, SecurityTier } from 'cdktf-securityhub';
import {
  planRemediation,
  RemediationFunctions,
  REMEDIATION_ACTIONS,
  SecurityTierRemediation,
  WorkloadTierRemediation,
} from 'cdktf-securityhub/remediation';

// Remediation in shadow mode only: every runbook inspects failed findings and records in the
// ledger what it would change, and changes nothing. Switch controls to manual or auto later.
const app = new App();
const region = 'eu-west-1';
const managementAccountId = '999988887777';
const securityAccountId = '111122223333';
const tier = { name: 'production', environment: 'production', accounts: [], organizationalUnits: ['ou-ab12-prodapps'] };

const plan = planRemediation({
  remediation: {
    exemptions: [],
    rateLimitPerAccountPerHour: 20,
    // Runbooks that need a value to know what "fixed" means, even when they only record.
    parameters: {
      EnableMultiRegionCloudTrail: { TrailBucketName: 'example-org-cloudtrail-logs' },
      EnableCloudTrailEncryption: {
        KmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
      EnableVpcFlowLogs: { FlowLogBucketArn: 'arn:aws:s3:::example-org-vpc-flow-logs' },
      EnableConfigRecorder: { DeliveryBucketName: 'example-org-config-history' },
      EnableRdsEnhancedMonitoring: { MonitoringRoleArn: 'arn:aws:iam::{AccountId}:role/rds-enhanced-monitoring' },
      EnableCloudTrailCloudWatchLogs: {
        LogGroupArn: 'arn:aws:logs:{Region}:{AccountId}:log-group:cloudtrail-events:*',
        RoleArn: 'arn:aws:iam::{AccountId}:role/cloudtrail-to-cloudwatch-logs',
      },
    },
  },
  tiers: [{ ...tier, remediation: { defaultMode: 'shadow', controls: {} } }],
});
if (!plan) throw new Error('nothing to remediate: every runbook is off');

// Security account: the tier, then remediation beside it, publishing to the tier's topic.
const security = new TerraformStack(app, 'security');
new AwsProvider(security, 'aws', { region, allowedAccountIds: [securityAccountId] });
const securityHub = new SecurityTier(security, 'security-hub', {
  accountId: securityAccountId,
  region,
  linking: { mode: 'ALL_REGIONS' },
  policies: [
    {
      name: tier.name,
      standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
      targets: tier.organizationalUnits,
    },
  ],
  customActions: REMEDIATION_ACTIONS,
  notificationSeverities: ['CRITICAL', 'HIGH'],
});
new SecurityTierRemediation(security, 'remediation', {
  plan,
  customActions: securityHub.customActions,
  notifications: securityHub.notifications,
  accountId: securityAccountId,
  region,
});

// Management account: the execution role in every account of the tier's OU, read-only in shadow.
const members = new TerraformStack(app, 'workload-production');
new AwsProvider(members, 'aws', { region, allowedAccountIds: [managementAccountId] });
new WorkloadTierRemediation(members, 'remediation', {
  tier: tier.name,
  actions: plan.tierActions.get(tier.name) ?? [],
  trustedRoleArn: `arn:aws:iam::${securityAccountId}:role/${RemediationFunctions.functionRoleName()}`,
  organizationalUnits: tier.organizationalUnits,
  region,
});
members.addDependency(security);
app.synth();
