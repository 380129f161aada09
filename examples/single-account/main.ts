import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  FindingNotifications,
  Insights,
  ProductIntegrations,
  SecurityHub,
  SecurityStandard,
  StandardsSubscriptions,
} from 'cdktf-securityhub';

// One account, no organization: the hub, standards subscribed directly, GuardDuty findings,
// an insight and e-mail for critical findings.
const app = new App();
const stack = new TerraformStack(app, 'security-hub');
const region = 'us-east-1';
new AwsProvider(stack, 'aws', { region, allowedAccountIds: ['123456789012'] });

const hub = new SecurityHub(stack, 'hub');
new StandardsSubscriptions(stack, 'standards', {
  standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0, SecurityStandard.CIS_5_0_0],
  region,
  hub: hub.account,
});
new ProductIntegrations(stack, 'integrations', { awsProducts: ['guardduty'], region, hub: hub.account });
new Insights(stack, 'insights', {
  insights: [
    {
      name: 'Failed controls by resource',
      groupBy: 'ResourceId',
      filters: { ComplianceStatus: [{ comparison: 'EQUALS', value: 'FAILED' }] },
    },
  ],
  hub: hub.account,
});
new FindingNotifications(stack, 'notifications', {
  severities: ['CRITICAL'],
  emailSubscribers: ['oncall@example.com'],
  accountId: '123456789012',
});
app.synth();
