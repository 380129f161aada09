import {
  AwsProvider,
  CloudformationStackSet,
  CloudwatchEventRule,
  LambdaFunction,
  SecurityhubAccount,
  SecurityhubConfigurationPolicyAssociation,
  Testing,
  TerraformStack,
  type Construct,
} from '../../modules/framework';
import { FindingAggregator, SecurityStandard, SecurityTier, type SecurityTierProps } from '../../modules';
import {
  planRemediation,
  REMEDIATION_ACTIONS,
  SecurityTierRemediation,
  WorkloadTierRemediation,
} from '../../modules/remediation';

// The tier composites as a library user meets them: typed props, construct references, and
// problems reported through cdktf's own validation and annotations.

const tierProps = (overrides: Partial<SecurityTierProps> = {}): SecurityTierProps => ({
  accountId: '111122223333',
  region: 'eu-west-1',
  linking: { mode: 'ALL_REGIONS' },
  policies: [
    {
      name: 'production',
      standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
      targets: ['ou-ab12-cd34ef56'],
    },
  ],
  notificationSeverities: ['CRITICAL', 'HIGH'],
  ...overrides,
});

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'security');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

const warnings = (scope: Construct): string[] =>
  scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));

const plan = planRemediation({
  remediation: { exemptions: [], rateLimitPerAccountPerHour: 20, parameters: {} },
  tiers: [
    {
      name: 'sandbox',
      environment: 'sandbox',
      accounts: ['444455556666'],
      organizationalUnits: [],
      remediation: { defaultMode: 'off', controls: { 'S3.1': 'shadow' } },
    },
  ],
})!;

describe('SecurityTier', () => {
  test('GIVEN two policies WHEN synthesized THEN each is associated with its targets', () => {
    const s = stack();
    new SecurityTier(
      s,
      'tier',
      tierProps({
        policies: [
          ...tierProps().policies,
          { name: 'staging', standards: [SecurityStandard.CIS_5_0_0], targets: ['ou-ab12-11112222'] },
        ],
      }),
    );
    const json = Testing.synth(s, true);
    expect(json).toHaveResourceWithProperties(SecurityhubConfigurationPolicyAssociation, {
      target_id: 'ou-ab12-cd34ef56',
    });
    expect(json).toHaveResourceWithProperties(SecurityhubConfigurationPolicyAssociation, {
      target_id: 'ou-ab12-11112222',
    });
  });

  test('GIVEN one OU in two policies WHEN synthesized with validations THEN synth fails naming the OU and both policies', () => {
    const s = stack();
    new SecurityTier(
      s,
      'tier',
      tierProps({
        policies: [
          ...tierProps().policies,
          { name: 'staging', standards: [SecurityStandard.CIS_5_0_0], targets: ['ou-ab12-cd34ef56'] },
        ],
      }),
    );
    expect(() => Testing.synth(s, true)).toThrow(
      /target ou-ab12-cd34ef56 is in configuration policies "production" and "staging"; an account or OU runs one policy/,
    );
  });

  test('GIVEN two tiers, so two finding aggregators, through one provider WHEN synthesized with validations THEN synth fails naming both', () => {
    const s = stack();
    new SecurityTier(s, 'tier', tierProps());
    new SecurityTier(
      s,
      'second',
      tierProps({
        policies: [{ name: 'staging', standards: [SecurityStandard.CIS_5_0_0], targets: ['ou-ab12-11112222'] }],
      }),
    );
    expect(() => Testing.synth(s, true)).toThrow(
      /FindingAggregator security\/tier\/[\w/-]+ already aggregates findings through the same provider; an account has one finding aggregator/,
    );
    // One aggregator per provider (another account, another aggregator) is what AWS allows.
    const other = stack();
    new SecurityTier(other, 'tier', tierProps());
    const second = new AwsProvider(other, 'aws-other', { region: 'eu-west-1', alias: 'other' });
    new FindingAggregator(other, 'aggregator', {
      linking: { mode: 'ALL_REGIONS' },
      hub: new SecurityhubAccount(other, 'hub', { provider: second }),
    }).aggregator.provider = second;
    expect(() => Testing.synth(other, true)).not.toThrow();
  });

  test('GIVEN a policy without targets THEN a warning says no account runs it, and synth goes on', () => {
    const s = stack();
    new SecurityTier(s, 'tier', tierProps({ policies: [{ name: 'unused', standards: [SecurityStandard.CIS_5_0_0] }] }));
    expect(warnings(s)).toEqual([
      expect.stringMatching(/configuration policy "unused" has no targets, so no account runs it/),
    ]);
    expect(() => Testing.synth(s, true)).not.toThrow();
  });
});

describe('SecurityTierRemediation', () => {
  test("GIVEN the tier it joins WHEN synthesized THEN the functions publish to that tier's topic and read the ledger it made", () => {
    const s = stack();
    const tier = new SecurityTier(s, 'tier', tierProps({ customActions: REMEDIATION_ACTIONS }));
    new SecurityTierRemediation(s, 'remediation', {
      plan,
      customActions: tier.customActions,
      notifications: tier.notifications,
      accountId: '111122223333',
      region: 'eu-west-1',
    });
    const json = Testing.synth(s, true);
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'securityhub-remediate-s3',
      environment: {
        variables: expect.objectContaining({
          REMEDIATION_TOPIC_ARN: expect.stringMatching(
            /^\$\{aws_sns_topic\.tier_notifications_topic_[0-9A-F]{8}\.arn\}$/,
          ),
          REMEDIATION_LEDGER_TABLE: expect.stringMatching(
            /^\$\{aws_dynamodb_table\.remediation_remediation-ledger_table_[0-9A-F]{8}\.name\}$/,
          ),
        }),
      },
    });
    expect(json).toHaveResourceWithProperties(CloudwatchEventRule, { name: 'securityhub-action-rollback' });
  });

  test('GIVEN custom actions without Remediate and Rollback THEN it refuses, naming what to add', () => {
    const s = stack();
    const tier = new SecurityTier(s, 'tier', tierProps());
    expect(
      () =>
        new SecurityTierRemediation(s, 'remediation', {
          plan,
          customActions: tier.customActions,
          notifications: tier.notifications,
          accountId: '111122223333',
          region: 'eu-west-1',
        }),
    ).toThrow(/customActions has no Remediate, Rollback; add them \(REMEDIATION_ACTIONS holds their default names\)/);
  });
});

describe('WorkloadTierRemediation', () => {
  test('GIVEN a tier listing accounts THEN the StackSet is named after the tier and trusts the given role', () => {
    const s = stack();
    new WorkloadTierRemediation(s, 'member', {
      tier: 'sandbox',
      actions: plan.tierActions.get('sandbox')!,
      trustedRoleArn: 'arn:aws:iam::111122223333:role/securityhub-remediation-function',
      organizationalUnits: [],
      accounts: ['444455556666'],
      region: 'eu-west-1',
    });
    const json = Testing.synth(s, true);
    expect(json).toHaveResourceWithProperties(CloudformationStackSet, {
      name: 'securityhub-remediation-sandbox',
      template_body: expect.stringContaining('arn:aws:iam::111122223333:role/securityhub-remediation-function'),
    });
  });
});

describe('configuration policy association timeouts', () => {
  test('GIVEN associationTimeouts THEN every association carries the timeouts block', () => {
    const s = stack();
    new SecurityTier(
      s,
      'tier',
      tierProps({
        policies: [{ ...tierProps().policies[0], associationTimeouts: { create: '15m', update: '1h30m' } }],
      }),
    );
    expect(Testing.synth(s, true)).toHaveResourceWithProperties(SecurityhubConfigurationPolicyAssociation, {
      target_id: 'ou-ab12-cd34ef56',
      timeouts: { create: '15m', update: '1h30m' },
    });
  });

  test('GIVEN a timeout that is not a duration THEN it is refused, naming the field and the form', () => {
    expect(
      () =>
        new SecurityTier(
          stack(),
          'tier',
          tierProps({ policies: [{ ...tierProps().policies[0], associationTimeouts: { create: '15 minutes' } }] }),
        ),
    ).toThrow(
      /associationTimeouts\.create is "15 minutes", which is not a duration; write it as Terraform does, e.g. "90s", "10m" or "1h30m"/,
    );
  });
});
