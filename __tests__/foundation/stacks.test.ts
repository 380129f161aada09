import { Testing } from '../../modules/framework';
import { DEFAULT_CONFIG_FILE, loadOrganizationConfig } from '../../config/load';
import { buildOrganizationStacks } from '../../stacks/organization';
import { configFrom, defaultConfigData } from '../support/org-config';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Synth = {
  resource: Record<string, Record<string, Record<string, any>>>;
  terraform: Record<string, any>;
  provider: Record<string, any[]>;
  output?: Record<string, any>;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

function synthAll(config = loadOrganizationConfig(DEFAULT_CONFIG_FILE)) {
  const app = Testing.app();
  const stacks = buildOrganizationStacks(app, config);
  const parse = (s: Parameters<typeof Testing.synth>[0]): Synth => JSON.parse(Testing.synth(s));
  return {
    stacks,
    management: parse(stacks.management),
    security: parse(stacks.security),
    workloads: stacks.workloads.map(parse),
  };
}

describe('the embedded example organization', () => {
  const { stacks, management, security, workloads } = synthAll();

  test('one stack per account tier', () => {
    expect([stacks.management, stacks.security, ...stacks.workloads].map((s) => s.node.id)).toEqual([
      'management',
      'security',
      'workload-staging',
      'workload-production',
      'workload-sandbox',
    ]);
  });

  test('each stack is pinned to its account and assumes the deployment role', () => {
    expect(management.provider.aws[0]).toMatchObject({
      allowed_account_ids: ['999988887777'],
      assume_role: [{ role_arn: 'arn:aws:iam::999988887777:role/OrganizationAccountAccessRole' }],
    });
    expect(security.provider.aws[0]).toMatchObject({
      region: 'us-east-1',
      allowed_account_ids: ['111122223333'],
      default_tags: [{ tags: { Environment: 'production', ManagedBy: 'security-team' } }],
    });
  });

  test('management: delegated admins in every linked Region and the guardrail on every workload OU and account', () => {
    expect(Object.values(management.resource.aws_securityhub_organization_admin_account)[0].admin_account_id).toBe(
      '111122223333',
    );
    expect(Object.keys(management.resource.aws_guardduty_organization_admin_account)).toHaveLength(4);
    const targets = Object.values(management.resource.aws_organizations_policy_attachment).map((a) => a.target_id);
    expect(targets.sort()).toEqual([
      '310000000030',
      'ou-acme-prodapps',
      'ou-acme-proddata',
      'ou-acme-sandboxx',
      'ou-acme-staging1',
    ]);
  });

  test('security: hub -> aggregator -> CENTRAL configuration -> one policy per tier', () => {
    const r = security.resource;
    const aggregator = Object.values(r.aws_securityhub_finding_aggregator)[0];
    expect(aggregator).toMatchObject({
      linking_mode: 'SPECIFIED_REGIONS',
      specified_regions: ['eu-west-1', 'us-east-2', 'us-west-2'],
    });
    const central = Object.values(r.aws_securityhub_organization_configuration)[0];
    expect(central.depends_on).toEqual([expect.stringMatching(/aws_securityhub_finding_aggregator/)]);
    const policies = Object.values(r.aws_securityhub_configuration_policy);
    expect(policies.map((p) => p.name).sort()).toEqual(['production', 'sandbox', 'staging']);
    expect(policies.find((p) => p.name === 'production')!.configuration_policy.enabled_standard_arns).toEqual([
      'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
      'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
      'arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0',
    ]);
    expect(
      policies.every((p) => p.depends_on.some((d: string) => d.includes('aws_securityhub_organization_configuration'))),
    ).toBe(true);
    // Each OU and the one account outside them, associated with its tier's policy.
    const associations = Object.values(r.aws_securityhub_configuration_policy_association);
    expect(associations.map((a) => a.target_id).sort()).toEqual([
      '310000000030',
      'ou-acme-prodapps',
      'ou-acme-proddata',
      'ou-acme-sandboxx',
      'ou-acme-staging1',
    ]);
    const production = Object.entries(r.aws_securityhub_configuration_policy).find(
      ([, p]) => p.name === 'production',
    )![0];
    expect(
      associations
        .filter((a) => a.policy_id.includes(production))
        .map((a) => a.target_id)
        .sort(),
    ).toEqual(['310000000030', 'ou-acme-prodapps', 'ou-acme-proddata']);
  });

  test('security: products, custom actions, automation rules, insights and notifications from the config', () => {
    const r = security.resource;
    expect(
      Object.values(r.aws_securityhub_product_subscription)
        .map((p) => p.product_arn)
        .sort(),
    ).toEqual([
      'arn:aws:securityhub:us-east-1::product/aws/guardduty',
      'arn:aws:securityhub:us-east-1::product/aws/inspector',
      'arn:aws:securityhub:us-east-1::product/aws/macie',
    ]);
    expect(Object.values(r.aws_securityhub_action_target).map((a) => a.identifier)).toContain('IsolateInstance');
    // The two rules of the config, and the suppression rule of the tag-scoped S3.8 exemption.
    expect(Object.values(r.aws_securityhub_automation_rule).map((a) => a.rule_name)).toEqual([
      'Suppress sandbox low-severity control findings',
      'Escalate public S3 findings in production',
      'Exemption S3.8 1',
    ]);
    expect(Object.keys(r.aws_securityhub_insight)).toHaveLength(2);
    expect(Object.keys(r.aws_sns_topic)).toHaveLength(1);
    expect(security.output?.['disabled-control-reasons'].value.sandbox['Macie.1']).toMatch(/no customer data/);
  });

  test('local state by default, one file per stack outside cdktf.out', () => {
    expect(security.terraform.backend.local.path).toBe('../../../terraform-state/security.tfstate');
    expect(workloads[0].terraform.backend.local.path).toBe('../../../terraform-state/workload-staging.tfstate');
  });
});

describe('state backend from the config', () => {
  test('S3 with encryption and lock file, one key per stack, per-stack override', () => {
    const data = defaultConfigData();
    data.stateBackend = {
      type: 's3',
      bucket: 'acme-terraform-state',
      region: 'us-east-1',
      kmsKeyId: 'alias/terraform',
    };
    data.stateBackendOverrides = { security: { bucket: 'acme-security-state' } };
    const { management, security } = synthAll(configFrom(data));
    expect(management.terraform.backend.s3).toEqual({
      bucket: 'acme-terraform-state',
      region: 'us-east-1',
      key: 'securityhub/management.tfstate',
      encrypt: true,
      kms_key_id: 'alias/terraform',
      use_lockfile: true,
    });
    expect(security.terraform.backend.s3).toMatchObject({
      bucket: 'acme-security-state',
      key: 'securityhub/security.tfstate',
      use_lockfile: true,
    });
  });
});

describe('Region linking', () => {
  test.each([
    ['ALL_REGIONS', { linking_mode: 'ALL_REGIONS' }],
    [{ allExcept: ['ap-east-1'] }, { linking_mode: 'ALL_REGIONS_EXCEPT_SPECIFIED', specified_regions: ['ap-east-1'] }],
    [['us-east-1'], { linking_mode: 'NO_REGIONS' }],
  ])('%j', (linkedRegions, expected) => {
    const data = defaultConfigData();
    data.organization.linkedRegions = linkedRegions;
    const { security, management } = synthAll(configFrom(data));
    expect(Object.values(security.resource.aws_securityhub_finding_aggregator)[0]).toMatchObject(expected);
    // Regional delegations only where the Regions are known.
    expect(Object.keys(management.resource.aws_guardduty_organization_admin_account)).toHaveLength(1);
  });
});
