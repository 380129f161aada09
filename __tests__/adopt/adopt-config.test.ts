import { stringify } from 'yaml';
import { parseOrganizationConfig } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { Testing } from '../../modules/framework';
import { buildOrganizationStacks } from '../../stacks/organization';
import type { ObservedOrganization, ObservedPolicy } from '../../cli/adopt/observe';
import { adoptedConfig, tierName } from '../../cli/adopt/to-config';
import { adoptedYaml } from '../../cli/adopt/yaml';

// What adopt writes from what it read: every value carried over with its import id, and every
// shape the config cannot model named rather than dropped. Reading the live API is covered by
// adopt-lifecycle.test.ts against local AWS.

const ADMIN = '111122223333';
const OU = 'ou-ab12-cd34ef56';
const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const WHO = { organizationId: 'o-abcdef1234', managementAccountId: '999988887777' };

function policy(change: Partial<ObservedPolicy> = {}): ObservedPolicy {
  return {
    id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    arn: `arn:aws:securityhub:us-east-1:${ADMIN}:configuration-policy/a1b2`,
    name: 'Production',
    serviceEnabled: true,
    standardArns: [FSBP],
    disabledControls: ['EC2.2'],
    parameters: {},
    targets: [{ id: OU, type: 'ORGANIZATIONAL_UNIT' }],
    ...change,
  };
}

function observed(change: Partial<ObservedOrganization> = {}): ObservedOrganization {
  return {
    accountId: ADMIN,
    region: 'us-east-1',
    hub: {
      arn: `arn:aws:securityhub:us-east-1:${ADMIN}:hub/default`,
      autoEnableControls: true,
      controlFindingGenerator: 'SECURITY_CONTROL',
    },
    configurationType: 'CENTRAL',
    aggregator: {
      arn: `arn:aws:securityhub:us-east-1:${ADMIN}:finding-aggregator/1`,
      linkingMode: 'ALL_REGIONS_EXCEPT_SPECIFIED',
      regions: ['ap-east-1'],
    },
    policies: [policy()],
    selfManagedTargets: [],
    members: [],
    productSubscriptions: [
      { subscriptionArn: `arn:aws:securityhub:us-east-1:${ADMIN}:product-subscription/aws/guardduty` },
      { subscriptionArn: `arn:aws:securityhub:us-east-1:${ADMIN}:product-subscription/aws/securityhub` },
    ],
    actionTargets: [],
    automationRules: [],
    insights: [],
    ...change,
  };
}

const load = (yaml: string) => parseOrganizationConfig(yaml, 'org.yaml');

test('a CENTRAL organization becomes a valid config whose synth imports each resource by its id', () => {
  const adopted = adoptedConfig(
    observed({
      actionTargets: [
        {
          arn: `arn:aws:securityhub:us-east-1:${ADMIN}:action/custom/Ticket`,
          name: 'Ticket',
          description: 'Open a ticket',
        },
      ],
      insights: [
        {
          arn: `arn:aws:securityhub:us-east-1:${ADMIN}:insight/${ADMIN}/custom/1`,
          name: 'By account',
          groupBy: 'AwsAccountId',
          filters: { ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }] },
        },
      ],
    }),
    WHO,
  );
  expect(adopted.notExpressed).toEqual([]);
  const yaml = adoptedYaml(adopted, ' header');
  expect(yaml).toContain(`# From configuration policy "Production" (${policy().id})`);
  const config = load(yaml);
  expect(config.organization.linkedRegions).toEqual({ allExcept: ['ap-east-1'] });
  expect(config.integrations.products).toEqual(['guardduty']);
  expect(config.tiers[0]).toMatchObject({
    name: 'production',
    organizationalUnits: [OU],
    disabledControls: [{ securityControlId: 'EC2.2' }],
  });

  const stacks = buildOrganizationStacks(Testing.app(), config);
  const security = JSON.parse(Testing.synth(stacks.security)) as { import?: { id: string; to: string }[] };
  const imports = Object.fromEntries((security.import ?? []).map((i) => [i.to.split('.')[0], i.id]));
  expect(imports).toEqual({
    aws_securityhub_account: ADMIN,
    aws_securityhub_finding_aggregator: `arn:aws:securityhub:us-east-1:${ADMIN}:finding-aggregator/1`,
    aws_securityhub_organization_configuration: ADMIN,
    aws_securityhub_configuration_policy: policy().id,
    aws_securityhub_configuration_policy_association: OU,
    aws_securityhub_product_subscription: `arn:aws:securityhub:us-east-1::product/aws/guardduty,arn:aws:securityhub:us-east-1:${ADMIN}:product-subscription/aws/guardduty`,
    aws_securityhub_action_target: `arn:aws:securityhub:us-east-1:${ADMIN}:action/custom/Ticket`,
    aws_securityhub_insight: `arn:aws:securityhub:us-east-1:${ADMIN}:insight/${ADMIN}/custom/1`,
  });
  const management = JSON.parse(Testing.synth(stacks.management)) as { import?: { id: string; to: string }[] };
  expect(management.import?.map((i) => [i.to.split('.')[0], i.id])).toEqual([
    ['aws_securityhub_organization_admin_account', ADMIN],
  ]);
});

test('shapes the config cannot model are named, not dropped', () => {
  const adopted = adoptedConfig(
    observed({
      policies: [
        policy(),
        policy({ id: 'off', name: 'Off', serviceEnabled: false }),
        policy({ id: 'allow', name: 'Allow list', disabledControls: undefined, enabledControls: ['S3.1'] }),
        policy({ id: 'root', name: 'Root', targets: [{ id: 'r-ab12', type: 'ROOT' }] }),
      ],
      selfManagedTargets: [{ id: '444455556666', type: 'ACCOUNT' }],
      automationRules: [
        {
          RuleArn: `arn:aws:securityhub:us-east-1:${ADMIN}:automation-rule/1`,
          RuleName: 'Confidence',
          Description: 'd',
          RuleOrder: 1,
          Criteria: { SeverityLabel: [{ Value: 'LOW', Comparison: 'EQUALS' }] },
          Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Confidence: 10 } }],
        },
      ],
      insights: [
        {
          arn: 'arn:i',
          name: 'Recent',
          groupBy: 'ResourceId',
          filters: { CreatedAt: [{ DateRange: { Value: 7, Unit: 'DAYS' } }] },
        },
      ],
    }),
    WHO,
  );
  const named = adopted.notExpressed.join('\n');
  expect(named).toContain('configuration policy "Off" (off): turns Security Hub off');
  expect(named).toContain('configuration policy "Allow list" (allow): lists the controls it enables');
  expect(named).toContain('configuration policy "Root" (root): is associated with the organization root r-ab12');
  expect(named).toContain('account 444455556666 is self-managed');
  expect(named).toContain('automation rule "Confidence"');
  expect(named).toContain('updates Confidence');
  expect(named).toContain('insight "Recent" (arn:i): filters on CreatedAt');
  // The config still loads with what could be expressed.
  expect(load(adoptedYaml(adopted, '')).tiers.map((t) => t.name)).toEqual(['production']);
});

test("LOCAL: one tier of the administrator's settings for its members, LOCAL -> CENTRAL listed", () => {
  const adopted = adoptedConfig(
    observed({
      configurationType: 'LOCAL',
      autoEnable: true,
      autoEnableStandards: 'DEFAULT',
      aggregator: undefined,
      policies: [],
      members: ['444455556666'],
      local: {
        standardArns: [FSBP],
        disabledControls: [{ securityControlId: 'IAM.6', reason: 'Root access is centrally managed' }],
        partlyDisabled: [{ securityControlId: 'EC2.2', disabledIn: [FSBP] }],
        parameters: {},
      },
    }),
    WHO,
  );
  const config = load(adoptedYaml(adopted, ''));
  expect(config.tiers[0]).toMatchObject({
    name: 'default',
    accounts: ['444455556666'],
    disabledControls: [{ securityControlId: 'IAM.6', reason: 'Root access is centrally managed' }],
  });
  expect(config.organization.linkedRegions).toEqual(['us-east-1']);
  expect(adopted.changes.join('\n')).toMatch(
    /LOCAL -> CENTRAL: organization configuration becomes CENTRAL \(AutoEnable true -> false, AutoEnableStandards DEFAULT -> NONE\)/,
  );
  expect(adopted.changes.join('\n')).toMatch(/controls a member disabled on its own are re-enabled/);
  expect(adopted.changes.join('\n')).toMatch(/A finding aggregator is created in us-east-1/);
  expect(adopted.changes).toContain(
    'Control EC2.2 is re-enabled in AWS FSBP v1.0: it is disabled there but enabled in another standard, and a tier disables a control in every standard or none (list it in disabledControls to keep it off everywhere).',
  );
});

test('tier names are stack names: lower case, unique, never a stack of its own', () => {
  const taken = new Set<string>();
  expect(tierName('Production Workloads!', taken)).toBe('production-workloads');
  expect(tierName('security', taken)).toBe('security-tier');
  taken.add('prod');
  expect(tierName('PROD', taken)).toBe('prod-2');
});

test('an adoption id for an entry the config does not have is refused, naming it', () => {
  const data = adoptedConfig(observed(), WHO).data as Record<string, Record<string, unknown>>;
  data.adoption.customActions = { Ticketing: 'arn:aws:securityhub:us-east-1:111122223333:action/custom/Ticketing' };
  let error: unknown;
  try {
    load(stringify(data));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toContain(
    'adoption.customActions.Ticketing: "Ticketing" is not a custom action id of this config',
  );
});

test('an adopted delegation in a Region the management stack does not administer is refused, naming the Region', () => {
  const data = adoptedConfig(observed(), WHO).data as Record<string, Record<string, unknown>>;
  data.organization.linkedRegions = ['us-east-1', 'us-west-2'];
  data.adoption.delegatedAdministrators = { guardduty: ['eu-west-1'] };
  expect(() => load(stringify(data))).toThrow(
    'adoption.delegatedAdministrators.guardduty[0]: "eu-west-1" is not a Region the management stack delegates guardduty in (us-east-1, us-west-2)',
  );
});
