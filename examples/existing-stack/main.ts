import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  AutomationRules,
  FindingNotifications,
  SecurityHub,
  SecurityStandard,
  StandardsSubscriptions,
} from 'cdktf-securityhub';

/** A team's own platform stack, which already holds its resources; Security Hub joins them. */
class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, accountId: string, region: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region, allowedAccountIds: [accountId] });
    new S3Bucket(this, 'artifacts', { bucketPrefix: 'platform-artifacts-' });

    const hub = new SecurityHub(this, 'security-hub');
    new StandardsSubscriptions(this, 'security-standards', {
      standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
      region,
      hub: hub.account,
    });
    new AutomationRules(this, 'security-automation', {
      rules: [
        {
          name: 'Suppress low findings of sandboxes',
          description: 'Sandbox resources are short-lived; low-severity findings there are not actionable.',
          order: 10,
          criteria: {
            ResourceTags: [{ key: 'environment', comparison: 'EQUALS', value: 'sandbox' }],
            SeverityLabel: [{ comparison: 'EQUALS', value: 'LOW' }],
          },
          actions: { workflowStatus: 'SUPPRESSED', note: 'Sandbox, low severity' },
        },
      ],
      hub: hub.account,
    });
    new FindingNotifications(this, 'security-notifications', { severities: ['CRITICAL', 'HIGH'], accountId });
  }
}

const app = new App();
new PlatformStack(app, 'platform', '123456789012', 'eu-west-1');
app.synth();
