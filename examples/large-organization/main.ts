import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ManagementTier, SecurityStandard, SecurityTier } from 'cdktf-securityhub';

// A large organization: accounts are placed by OU and every Region is aggregated into the home
// Region, so accounts and Regions added later are covered without changing this code.
const app = new App();
const region = 'eu-west-1';
const managementAccountId = '999988887777';
const securityAccountId = '111122223333';

// Management account: delegated administrators and the guardrail SCP on the workload OUs.
const management = new TerraformStack(app, 'management');
const home = new AwsProvider(management, 'aws', { region, allowedAccountIds: [managementAccountId] });
new ManagementTier(management, 'management', {
  securityAccountId,
  managementAccountId,
  regionalProviders: [home],
  guardrail: { targets: ['ou-ab12-prodapps', 'ou-ab12-staging1'] },
});

// Security account: the hub, ALL_REGIONS aggregation, CENTRAL configuration, one policy per OU.
const security = new TerraformStack(app, 'security');
new AwsProvider(security, 'aws', { region, allowedAccountIds: [securityAccountId] });
new SecurityTier(security, 'security-hub', {
  accountId: securityAccountId,
  region,
  linking: { mode: 'ALL_REGIONS' },
  policies: [
    {
      name: 'production',
      standards: [SecurityStandard.CIS_5_0_0, SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
      disabledControls: [{ securityControlId: 'IAM.6', reason: 'Root credentials are centrally managed' }],
      targets: ['ou-ab12-prodapps'],
    },
    { name: 'staging', standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0], targets: ['ou-ab12-staging1'] },
  ],
  awsProducts: ['guardduty', 'inspector', 'macie'],
  notificationSeverities: ['CRITICAL', 'HIGH'],
});
security.addDependency(management);
app.synth();
