import { SecurityhubActionTarget, SecurityhubAutomationRule, SecurityhubConfigurationPolicy, SecurityhubConfigurationPolicyAssociation, SecurityhubFindingAggregator, SecurityhubInsight, SecurityhubOrganizationConfiguration, SecurityhubProductSubscription, SecurityhubAccount, OrganizationsPolicy, OrganizationsPolicyAttachment, SnsTopic, CloudwatchEventRule, CloudformationStackSet, AwsProvider, Testing, type Construct } from '../../modules/framework';
import {
  AutomationRules, CentralConfiguration, ConfigurationPolicy, CustomActions, FindingAggregator, FindingNotifications, GuardrailPolicy,
  Insights, OrganizationAdmin, ProductIntegrations, SecurityHub, SecurityStandard,
} from '../../modules';
import { MemberExecutionRole } from '../../modules/remediation';
import { ValidationError } from '../../modules/validation-error';

type Resources = Record<string, Record<string, Record<string, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Synthesizes constructs in a stack with a provider and returns the JSON text and parsed resources. */
function synth(build: (scope: Construct) => void): { json: string; resources: Resources } {
  const json = Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    build(scope);
  });
  return { json, resources: JSON.parse(json).resource ?? {} };
}

/** A stand-in dependency for constructs that need the hub. */
function withHub(scope: Construct) {
  return new SecurityHub(scope, 'hub').account;
}

describe('SecurityStandard', () => {
  test('CIS 1.2.0 is the global ruleset ARN; the others are regional standards ARNs', () => {
    expect(SecurityStandard.CIS_1_2_0.arn('eu-west-1')).toBe('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0');
    expect(SecurityStandard.CIS_5_0_0.arn('eu-west-1')).toBe('arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0');
    expect(SecurityStandard.NIST_800_53_5_0_0.arn('us-gov-west-1', 'aws-us-gov')).toBe('arn:aws-us-gov:securityhub:us-gov-west-1::standards/nist-800-53/v/5.0.0');
    expect(SecurityStandard.PCI_DSS_4_0_1.arn('us-east-1')).toBe('arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1');
  });

  test('fromId accepts the config id, the full ARN and the id without prefix; rejects unknown versions', () => {
    expect(SecurityStandard.fromId('standards/pci-dss/v/3.2.1')).toBe(SecurityStandard.PCI_DSS_3_2_1);
    expect(SecurityStandard.fromId('arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0')).toBe(SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0);
    expect(SecurityStandard.fromId('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0')).toBe(SecurityStandard.CIS_1_2_0);
    expect(SecurityStandard.fromId('cis-aws-foundations-benchmark/v/3.0.0')).toBe(SecurityStandard.CIS_3_0_0);
    expect(SecurityStandard.fromId('standards/pci-dss/v/4.0.0')).toBeUndefined();
  });
});

describe('SecurityHub', () => {
  test('turns the hub on without default standards and with consolidated control findings', () => {
    const { json } = synth((s) => new SecurityHub(s, 'hub'));
    expect(json).toHaveResourceWithProperties(SecurityhubAccount, { enable_default_standards: false, control_finding_generator: 'SECURITY_CONTROL', auto_enable_controls: true });
  });
});

describe('FindingAggregator and CentralConfiguration', () => {
  test('aggregator depends on the hub, CENTRAL configuration on the aggregator', () => {
    const { resources } = synth((s) => {
      const hub = withHub(s);
      const aggregator = new FindingAggregator(s, 'agg', { linking: { mode: 'SPECIFIED_REGIONS', regions: ['us-west-2', 'eu-west-1'] }, hub });
      new CentralConfiguration(s, 'central', { findingAggregator: aggregator.aggregator });
    });
    const [aggregator] = Object.values(resources[SecurityhubFindingAggregator.tfResourceType]);
    expect(aggregator).toMatchObject({ linking_mode: 'SPECIFIED_REGIONS', specified_regions: ['eu-west-1', 'us-west-2'] });
    expect(aggregator.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_account\./)]);
    const [central] = Object.values(resources[SecurityhubOrganizationConfiguration.tfResourceType]);
    expect(central).toMatchObject({ auto_enable: false, auto_enable_standards: 'NONE', organization_configuration: { configuration_type: 'CENTRAL' } });
    expect(central.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_finding_aggregator\./)]);
  });

  test('ALL_REGIONS has no Region list; an empty list for SPECIFIED_REGIONS is refused', () => {
    const { json } = synth((s) => new FindingAggregator(s, 'agg', { linking: { mode: 'ALL_REGIONS' }, hub: withHub(s) }));
    expect(json).toHaveResourceWithProperties(SecurityhubFindingAggregator, { linking_mode: 'ALL_REGIONS' });
    expect(JSON.parse(json).resource.aws_securityhub_finding_aggregator.agg_aggregator_1E3E2B0B?.specified_regions).toBeUndefined();
    expect(() => synth((s) => new FindingAggregator(s, 'agg', { linking: { mode: 'SPECIFIED_REGIONS', regions: [] }, hub: withHub(s) })))
      .toThrow(/linking\.regions is empty for mode SPECIFIED_REGIONS; list at least one Region or use ALL_REGIONS/);
  });
});

describe('ConfigurationPolicy', () => {
  const build = (props: Partial<ConstructorParameters<typeof ConfigurationPolicy>[2]> = {}) => synth((s) => {
    const hub = withHub(s);
    new ConfigurationPolicy(s, 'prod', {
      name: 'production',
      standards: [SecurityStandard.CIS_5_0_0, SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
      region: 'us-east-1',
      disabledControls: [{ securityControlId: 'IAM.6', reason: 'root access is centrally managed' }],
      controlParameters: { 'IAM.7': { MinimumPasswordLength: 14, RequireSymbols: true }, 'EC2.18': { authorizedTcpPorts: [443] } },
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
          { security_control_id: 'EC2.18', parameter: [{ name: 'authorizedTcpPorts', value_type: 'CUSTOM', int_list: { value: [443] } }] },
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
    expect(json).toHaveResourceWithProperties(SecurityhubConfigurationPolicyAssociation, { target_id: 'ou-ab12-cd34ef56' });
    expect(json).toHaveResourceWithProperties(SecurityhubConfigurationPolicyAssociation, { target_id: '123456789012' });
  });

  test('refuses an unknown control, an unknown parameter and an empty standard list', () => {
    // The casts stand for JavaScript callers: in TypeScript both are compile errors.
    expect(() => build({ disabledControls: [{ securityControlId: 'S3.99' as never, reason: 'x' }] })).toThrow(/disabledControls: "S3\.99" is not a security control id in the catalogue .*did you mean "S3\.9"/);
    expect(() => build({ controlParameters: { 'IAM.7': { MinLength: 3 } as never } })).toThrow(/IAM\.7 takes no parameter "MinLength"; allowed: MaxPasswordAge, MinimumPasswordLength/);
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
    for (const line of lines) expect(line.startsWith(`ConfigurationPolicy ${(error as ValidationError).constructPath}: controlParameters.IAM.7.`)).toBe(true);
  });
});

describe('ProductIntegrations', () => {
  test('AWS products get owner-less regional ARNs; third-party ARNs pass through', () => {
    const { json } = synth((s) => new ProductIntegrations(s, 'p', {
      awsProducts: ['guardduty', 'inspector', 'macie'],
      productArns: ['arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon'],
      region: 'us-east-1',
      hub: withHub(s),
    }));
    for (const p of ['aws/guardduty', 'aws/inspector', 'aws/macie', 'crowdstrike/crowdstrike-falcon']) {
      expect(json).toHaveResourceWithProperties(SecurityhubProductSubscription, { product_arn: `arn:aws:securityhub:us-east-1::product/${p}` });
    }
  });

  test('an unknown AWS product is refused', () => {
    expect(() => synth((s) => new ProductIntegrations(s, 'p', { awsProducts: ['shield' as never], region: 'us-east-1', hub: withHub(s) })))
      .toThrow(/unknown AWS product "shield"; allowed: guardduty, inspector, macie/);
  });
});

describe('CustomActions', () => {
  test('creates one action target per action', () => {
    const { json } = synth((s) => new CustomActions(s, 'a', { actions: [{ id: 'IsolateInstance', name: 'Isolate instance', description: 'Isolate' }], hub: withHub(s) }));
    expect(json).toHaveResourceWithProperties(SecurityhubActionTarget, { identifier: 'IsolateInstance', name: 'Isolate instance' });
  });

  test('refuses ids Security Hub would reject and duplicates', () => {
    expect(() => synth((s) => new CustomActions(s, 'a', { actions: [{ id: 'Isolate-Instance', name: 'x', description: 'x' }], hub: withHub(s) }))).toThrow(/must be 1-20 letters or digits/);
    const twice = { id: 'A', name: 'x', description: 'x' };
    expect(() => synth((s) => new CustomActions(s, 'a', { actions: [twice, twice], hub: withHub(s) }))).toThrow(/"A" is used twice/);
  });

  test('a refusal is a ValidationError whose message starts with the construct and its path', () => {
    let error: unknown;
    try {
      synth((s) => new CustomActions(s, 'a', { actions: [{ id: 'Isolate-Instance', name: 'x', description: 'x' }], hub: withHub(s) }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const { constructPath, message } = error as ValidationError;
    expect(constructPath).toMatch(/\/a$/);
    expect(message).toBe(`CustomActions ${constructPath}: id "Isolate-Instance" must be 1-20 letters or digits.`);
  });
});

describe('AutomationRules and Insights', () => {
  test('config field names become provider blocks; actions map to FINDING_FIELDS_UPDATE', () => {
    const { resources } = synth((s) => {
      const hub = withHub(s);
      new AutomationRules(s, 'rules', {
        hub,
        rules: [{
          name: 'Suppress sandbox low', description: 'd', order: 10,
          criteria: { AwsAccountId: [{ comparison: 'EQUALS', value: '123456789012' }], ResourceTags: [{ key: 'env', comparison: 'EQUALS', value: 'sandbox' }] },
          actions: { workflowStatus: 'SUPPRESSED', note: 'by policy' },
        }],
      });
      new Insights(s, 'insights', { hub, insights: [{ name: 'Failed by account', groupBy: 'AwsAccountId', filters: { ComplianceStatus: [{ comparison: 'EQUALS', value: 'FAILED' }] } }] });
    });
    const [rule] = Object.values(resources[SecurityhubAutomationRule.tfResourceType]);
    expect(rule).toMatchObject({
      rule_name: 'Suppress sandbox low', rule_order: 10, rule_status: 'ENABLED', is_terminal: false,
      criteria: [{ aws_account_id: [{ comparison: 'EQUALS', value: '123456789012' }], resource_tags: [{ key: 'env', comparison: 'EQUALS', value: 'sandbox' }] }],
      actions: [{ type: 'FINDING_FIELDS_UPDATE', finding_fields_update: [{ workflow: [{ status: 'SUPPRESSED' }], note: [{ text: 'by policy', updated_by: 'cdktf-securityhub' }] }] }],
    });
    const [insight] = Object.values(resources[SecurityhubInsight.tfResourceType]);
    expect(insight).toMatchObject({ name: 'Failed by account', group_by_attribute: 'AwsAccountId', filters: { compliance_status: [{ comparison: 'EQUALS', value: 'FAILED' }] } });
  });

  test('a rule without criteria is refused', () => {
    expect(() => synth((s) => new AutomationRules(s, 'r', { hub: withHub(s), rules: [{ name: 'all', description: 'd', order: 1, criteria: {}, actions: { workflowStatus: 'SUPPRESSED' } }] })))
      .toThrow(/rule "all" has no criteria/);
  });
});

describe('FindingNotifications', () => {
  test('an encrypted topic fed by a rule on new active findings of the given severities', () => {
    const { json, resources } = synth((s) => new FindingNotifications(s, 'n', { severities: ['CRITICAL', 'HIGH'], accountId: '111122223333', emailSubscribers: ['secops@example.com'] }));
    expect(json).toHaveResourceWithProperties(SnsTopic, { name: 'securityhub-findings' });
    const [rule] = Object.values(resources[CloudwatchEventRule.tfResourceType]);
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: { findings: { Severity: { Label: ['CRITICAL', 'HIGH'] }, RecordState: ['ACTIVE'], Workflow: { Status: ['NEW'] } } },
    });
    expect(Object.values(resources.aws_sns_topic)[0].kms_master_key_id).toMatch(/aws_kms_key\..*\.arn/);
  });

  test('no severities is refused', () => {
    expect(() => synth((s) => new FindingNotifications(s, 'n', { severities: [], accountId: '111122223333' }))).toThrow(/severities is empty/);
  });
});

describe('OrganizationAdmin', () => {
  test('delegates every service, per Region for the regional ones', () => {
    const { resources } = synth((s) => {
      const home = new AwsProvider(s, 'home', { region: 'us-east-1', alias: 'us-east-1' });
      const west = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'us-west-2' });
      new OrganizationAdmin(s, 'admin', { adminAccountId: '111122223333', managementAccountId: '999988887777', regionalProviders: [home, west] });
    });
    expect(Object.keys(resources.aws_securityhub_organization_admin_account)).toHaveLength(1);
    expect(Object.keys(resources.aws_guardduty_organization_admin_account)).toHaveLength(2);
    expect(Object.keys(resources.aws_inspector2_delegated_admin_account)).toHaveLength(2);
    expect(Object.keys(resources.aws_macie2_organization_admin_account)).toHaveLength(2);
    expect(Object.values(resources.aws_organizations_delegated_administrator).map((r) => r.service_principal).sort())
      .toEqual(['config-multiaccountsetup.amazonaws.com', 'config.amazonaws.com']);
  });

  test('the management account cannot administer itself', () => {
    expect(() => synth((s) => new OrganizationAdmin(s, 'admin', { adminAccountId: '999988887777', managementAccountId: '999988887777', regionalProviders: [new AwsProvider(s, 'p', { region: 'us-east-1', alias: 'p' })] })))
      .toThrow(/adminAccountId 999988887777 is the management account/);
  });
});

describe('GuardrailPolicy', () => {
  test('denies disabling each security service and is attached to every target', () => {
    const { json, resources } = synth((s) => new GuardrailPolicy(s, 'g', { targets: ['ou-ab12-cd34ef56', 'ou-ab12-zz34ef56'], exemptRoleNames: ['OrganizationAccountAccessRole'] }));
    const [policy] = Object.values(resources[OrganizationsPolicy.tfResourceType]);
    const statement = JSON.parse(policy.content).Statement[0];
    expect(statement.Effect).toBe('Deny');
    for (const action of ['securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:DisassociateFromAdministratorAccount',
      'guardduty:DeleteDetector', 'inspector2:Disable', 'macie2:DisableMacie', 'config:StopConfigurationRecorder']) {
      expect(statement.Action).toContain(action);
    }
    expect(statement.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalARN': ['arn:*:iam::*:role/OrganizationAccountAccessRole'] } });
    expect(json).toHaveResourceWithProperties(OrganizationsPolicyAttachment, { target_id: 'ou-ab12-zz34ef56' });
  });

  test('no targets is refused', () => {
    expect(() => synth((s) => new GuardrailPolicy(s, 'g', { targets: [] }))).toThrow(/targets is empty/);
  });
});

describe('MemberExecutionRole', () => {
  const props = {
    roleName: 'securityhub-remediation', actions: ['s3:PutAccountPublicAccessBlock', 'ec2:RevokeSecurityGroupIngress'],
    trustedRoleArn: 'arn:aws:iam::111122223333:role/remediation', organizationId: 'o-abc123', organizationalUnits: ['ou-ab12-cd34ef56'],
    region: 'us-east-1', stackSetName: 'securityhub-remediation-staging',
  };

  test('a service-managed, auto-deployed StackSet whose role trusts only the remediation role within the organization', () => {
    const { resources } = synth((s) => new MemberExecutionRole(s, 'role', props));
    const [stackSet] = Object.values(resources[CloudformationStackSet.tfResourceType]);
    expect(stackSet).toMatchObject({ permission_model: 'SERVICE_MANAGED', auto_deployment: { enabled: true } });
    const role = JSON.parse(stackSet.template_body).Resources.ExecutionRole.Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0]).toEqual({
      Effect: 'Allow', Principal: { AWS: props.trustedRoleArn }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    });
    // Write actions are scoped to the resources they touch; only account-level actions keep "*".
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      { Sid: 'Runbooks1', Effect: 'Allow', Action: ['ec2:RevokeSecurityGroupIngress'], Resource: 'arn:aws:ec2:*:*:security-group/*' },
      { Sid: 'Runbooks2', Effect: 'Allow', Action: ['s3:PutAccountPublicAccessBlock'], Resource: '*' },
    ]);
    expect(role).toMatchObject({ RoleName: 'securityhub-remediation', Path: '/' });
    const [instance] = Object.values(resources.aws_cloudformation_stack_set_instance);
    expect(instance.deployment_targets).toEqual({ organizational_unit_ids: ['ou-ab12-cd34ef56'] });
  });

  test('a role name with a path becomes Path and RoleName', () => {
    const { resources } = synth((s) => new MemberExecutionRole(s, 'role', { ...props, roleName: 'security/Remediation' }));
    const [stackSet] = Object.values(resources[CloudformationStackSet.tfResourceType]);
    expect(JSON.parse(stackSet.template_body).Resources.ExecutionRole.Properties).toMatchObject({ RoleName: 'Remediation', Path: '/security/' });
  });

  test('refuses wildcards, an empty action list and targets it cannot reach', () => {
    expect(() => synth((s) => new MemberExecutionRole(s, 'r', { ...props, actions: ['ec2:TerminateInstances'] }))).toThrow(/write action "ec2:TerminateInstances" has no resource scope/);
    expect(() => synth((s) => new MemberExecutionRole(s, 'r', { ...props, actions: ['s3:*'] }))).toThrow(/action "s3:\*" is a wildcard/);
    expect(() => synth((s) => new MemberExecutionRole(s, 'r', { ...props, actions: [] }))).toThrow(/actions is empty/);
    expect(() => synth((s) => new MemberExecutionRole(s, 'r', { ...props, organizationalUnits: [], accounts: ['123456789012'] }))).toThrow(/accounts without rootId/);
  });
});
