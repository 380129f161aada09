import { AwsProvider, SecurityhubConfigurationPolicy, Testing, TerraformStack } from '../../modules/framework';
import { DEFAULT_CONFIG_FILE, loadOrganizationConfig } from '../../config/load';
import { organizationConfigSchema } from '../../config/schema';
import { SecurityTier, type SecurityTierPolicy } from '../../modules/security-tier';
import { SecurityStandard, type StandardsId } from '../../domain/security-standard';

/* A tier's standards, control ids and parameters are parsed into the constructs' own types, checked. */

const config = loadOrganizationConfig(DEFAULT_CONFIG_FILE);
const tier = config.tiers.find((t) => t.disabledControls.length > 0 && Object.keys(t.controlParameters).length > 0)!;

function synthPolicy(policy: SecurityTierPolicy): { enabled_standard_arns: string[]; description: string } {
  const s = new TerraformStack(Testing.app(), 'security');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  new SecurityTier(s, 'tier', {
    accountId: '111122223333',
    region: 'eu-west-1',
    linking: { mode: 'ALL_REGIONS' },
    notificationSeverities: ['HIGH'],
    policies: [policy],
  });
  const resources = JSON.parse(Testing.synth(s)).resource[SecurityhubConfigurationPolicy.tfResourceType] as Record<
    string,
    { configuration_policy: { enabled_standard_arns: string[] }; description: string }
  >;
  const [policyResource] = Object.values(resources);
  return {
    enabled_standard_arns: policyResource.configuration_policy.enabled_standard_arns,
    description: policyResource.description,
  };
}

test('GIVEN a loaded tier THEN its standards, disabled controls and parameters are what SecurityTier takes, as they are', () => {
  // Compiles without a cast: the parsed types are the constructs' types.
  const policy: SecurityTierPolicy = {
    name: tier.name,
    standards: tier.standards,
    disabledControls: tier.disabledControls,
    controlParameters: tier.controlParameters,
  };
  const asObjects = synthPolicy({ ...policy, standards: tier.standards.map((id) => SecurityStandard.of(id)) });
  expect(synthPolicy(policy)).toEqual(asObjects);
  expect(asObjects.enabled_standard_arns).toEqual(tier.standards.map((id) => SecurityStandard.of(id).arn('eu-west-1')));
});

test('GIVEN values that skipped the loader THEN the schema refuses each and the construct refuses an unknown standards id by name', () => {
  const raw = {
    ...structuredClone(config),
    tiers: [
      {
        ...structuredClone(tier),
        standards: ['standards/nist/v/9'],
        disabledControls: [{ securityControlId: 'S3.99', reason: 'not used in this tier' }],
        controlParameters: { 'IAM.7': { MinLength: 3 } },
      },
    ],
  };
  const parsed = organizationConfigSchema.safeParse(raw);
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
    expect.stringMatching(
      /^tiers\.0\.standards\.0: is not a known standard or version; allowed: standards\/cis-aws-foundations-benchmark\/v\/5\.0\.0, /,
    ),
    expect.stringMatching(
      /^tiers\.0\.disabledControls\.0\.securityControlId: "S3\.99" is not a security control id in the catalogue \(did you mean "S3\.9"/,
    ),
    expect.stringMatching(
      /^tiers\.0\.controlParameters\.IAM\.7\.MinLength: IAM\.7 takes no parameter "MinLength"; allowed: MaxPasswordAge, /,
    ),
  ]);
  // A JavaScript caller is not held by the types: the construct names the value.
  expect(() => synthPolicy({ name: 'p', standards: ['standards/nist/v/9' as StandardsId] })).toThrow(
    'standards: "standards/nist/v/9" is not a known standards id; use one of standards/cis-aws-foundations-benchmark/v/5.0.0',
  );
});

test('GIVEN a control newer than the catalogue, marked notInCatalogue THEN it parses unchecked', () => {
  const raw = {
    ...structuredClone(config),
    tiers: [
      {
        ...structuredClone(tier),
        disabledControls: [{ securityControlId: 'S3.99', reason: 'added after the catalogue', notInCatalogue: true }],
      },
    ],
  };
  const parsed = organizationConfigSchema.parse(raw);
  expect(parsed.tiers[0].disabledControls).toEqual([
    { securityControlId: 'S3.99', reason: 'added after the catalogue', notInCatalogue: true },
  ]);
});

test('GIVEN a standard written as its ARN or without standards/ THEN it parses to its standards id, as before', () => {
  const raw = {
    ...structuredClone(config),
    tiers: [
      {
        ...structuredClone(tier),
        standards: [
          'arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1',
          'cis-aws-foundations-benchmark/v/1.2.0',
        ],
      },
    ],
  };
  expect(organizationConfigSchema.parse(raw).tiers[0].standards).toEqual([
    'standards/pci-dss/v/4.0.1',
    'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
  ]);
});
