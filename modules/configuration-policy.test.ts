import { SecurityhubConfigurationPolicy, SecurityhubConfigurationPolicyAssociation } from './framework';
import { SecurityStandard } from '../domain/security-standard';
import { ConfigurationPolicy } from './configuration-policy';
import { ValidationError } from './validation-error';
import { synth, withHub } from '../__tests__/support/synth-constructs';

describe('ConfigurationPolicy', () => {
  const build = (props: Partial<ConstructorParameters<typeof ConfigurationPolicy>[2]> = {}) =>
    synth((s) => {
      const hub = withHub(s);
      new ConfigurationPolicy(s, 'prod', {
        name: 'production',
        standards: [SecurityStandard.CIS_5_0_0, SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
        region: 'us-east-1',
        disabledControls: [{ securityControlId: 'IAM.6', reason: 'root access is centrally managed' }],
        controlParameters: {
          'IAM.7': { MinimumPasswordLength: 14, RequireSymbols: true },
          'EC2.18': { authorizedTcpPorts: [443] },
        },
        targets: ['ou-ab12-cd34ef56', '123456789012'],
        organizationConfiguration: hub,
        ...props,
      });
    });

  test('enables the standards, disables controls, sets typed parameters and associates each target', () => {
    const { json, resources } = build();
    const [policy] = Object.values(resources[SecurityhubConfigurationPolicy.tfResourceType]);
    expect(policy.configuration_policy).toEqual({
      service_enabled: true,
      enabled_standard_arns: [
        'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
        'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      ],
      security_controls_configuration: {
        disabled_control_identifiers: ['IAM.6'],
        security_control_custom_parameter: [
          {
            security_control_id: 'EC2.18',
            parameter: [{ name: 'authorizedTcpPorts', value_type: 'CUSTOM', int_list: { value: [443] } }],
          },
          {
            security_control_id: 'IAM.7',
            parameter: [
              { name: 'MinimumPasswordLength', value_type: 'CUSTOM', int: { value: 14 } },
              { name: 'RequireSymbols', value_type: 'CUSTOM', bool: { value: true } },
            ],
          },
        ],
      },
    });
    expect(json).toHaveResourceWithProperties(SecurityhubConfigurationPolicyAssociation, {
      target_id: 'ou-ab12-cd34ef56',
    });
    expect(json).toHaveResourceWithProperties(SecurityhubConfigurationPolicyAssociation, { target_id: '123456789012' });
  });

  test('refuses an unknown control, an unknown parameter and an empty standard list', () => {
    // The casts stand for JavaScript callers: in TypeScript both are compile errors.
    expect(() => build({ disabledControls: [{ securityControlId: 'S3.99' as never, reason: 'x' }] })).toThrow(
      /disabledControls: "S3\.99" is not a security control id in the catalogue .*did you mean "S3\.9"/,
    );
    expect(() => build({ controlParameters: { 'IAM.7': { MinLength: 3 } as never } })).toThrow(
      /IAM\.7 takes no parameter "MinLength"; allowed: MaxPasswordAge, MinimumPasswordLength/,
    );
    expect(() => build({ standards: [] })).toThrow(/standards is empty; enable at least one standard/);
  });

  test('several parameter problems: one ValidationError, every line naming the policy and the parameter', () => {
    let error: unknown;
    try {
      build({ controlParameters: { 'IAM.7': { MinLength: 3, MaxLength: 9 } as never } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const lines = (error as ValidationError).message.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(
        line.startsWith(`ConfigurationPolicy ${(error as ValidationError).constructPath}: controlParameters.IAM.7.`),
      ).toBe(true);
  });
});
