import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ManagementTier, SecurityStandard, SecurityTier } from 'cdktf-securityhub';

// A small organization that lists its accounts and the two Regions it uses. Per-Region
// delegations (GuardDuty, Inspector, Macie) need a management-account provider per Region.
const app = new App();
const managementAccountId = '999988887777';
const securityAccountId = '111122223333';

const management = new TerraformStack(app, 'management');
const ireland = new AwsProvider(management, 'aws', { region: 'eu-west-1', allowedAccountIds: [managementAccountId] });
const frankfurt = new AwsProvider(management, 'aws-eu-central-1', {
  region: 'eu-central-1',
  alias: 'eu-central-1',
  allowedAccountIds: [managementAccountId],
});
new ManagementTier(management, 'management', {
  securityAccountId,
  managementAccountId,
  regionalProviders: [ireland, frankfurt],
});

const security = new TerraformStack(app, 'security');
new AwsProvider(security, 'aws', { region: 'eu-west-1', allowedAccountIds: [securityAccountId] });
new SecurityTier(security, 'security-hub', {
  accountId: securityAccountId,
  region: 'eu-west-1',
  linking: { mode: 'SPECIFIED_REGIONS', regions: ['eu-central-1'] },
  policies: [
    {
      name: 'production',
      standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0, SecurityStandard.CIS_5_0_0],
      targets: ['222233334444', '333344445555'],
    },
    {
      name: 'development',
      standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
      targets: ['444455556666'],
    },
  ],
  customActions: [
    { id: 'SendToTicketing', name: 'Send to ticketing', description: 'Open a ticket for the selected findings' },
  ],
  notificationSeverities: ['CRITICAL'],
  emailSubscribers: ['security@example.com'],
});
security.addDependency(management);
app.synth();
