import { adoptedResourceChanged } from '../../../cli/plan-review/rules/adoption';
import { delegatedAdministratorRemoved } from '../../../cli/plan-review/rules/delegated-admin';
import { guardrailDetached, guardrailWeakened } from '../../../cli/plan-review/rules/guardrail';
import { iamPolicyWidened, stackSetIamWidened } from '../../../cli/plan-review/rules/iam';
import { lambdaRuntimeDeprecated } from '../../../cli/plan-review/rules/lambda';
import { organizationsResourcePolicyChanged } from '../../../cli/plan-review/rules/organizations-policy';
import { LAMBDA_RUNTIME_DEPRECATION, lambdaRuntimeStatus } from '../../../core/lambda-runtimes';
import { patternControlIds, productionAutoRemediationEnabled } from '../../../cli/plan-review/rules/remediation';
import {
  configurationPolicyAssociationRemoved,
  controlDisabled,
  findingAggregatorRemoved,
  hubDisabled,
  organizationConfigurationLeftCentral,
  standardDisabled,
} from '../../../cli/plan-review/rules/security-hub';
import { RISK_RULES } from '../../../cli/plan-review/rules';
import { configurationPolicy, policy, resourceChange } from './plan-builders';

const CIS = 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0';
const PCI = 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1';
const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const POLICY = 'aws_securityhub_configuration_policy.production';

/** `severity rule` of each flag, for compact assertions. */
const brief = (flags: ReadonlyArray<{ severity: string; rule: string }>) => flags.map((f) => `${f.severity} ${f.rule}`);

describe('risk rules, each on a passing and a failing change', () => {
  test('every rule has a unique kebab-case name, a title and a description naming its severity', () => {
    expect(new Set(RISK_RULES.map((r) => r.name)).size).toBe(RISK_RULES.length);
    for (const rule of RISK_RULES) {
      expect(rule.name).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(rule.title).not.toBe('');
      expect(rule.description).toMatch(/^(high|medium)/);
    }
  });

  describe('standardDisabled', () => {
    test('passes: a standard added, or the policy unchanged', () => {
      expect(
        standardDisabled(
          resourceChange(POLICY, 'change', configurationPolicy([CIS], []), configurationPolicy([CIS, PCI], [])),
        ),
      ).toEqual([]);
      expect(
        standardDisabled(
          resourceChange(POLICY, 'no-op', configurationPolicy([CIS], []), configurationPolicy([CIS], [])),
        ),
      ).toEqual([]);
      expect(
        standardDisabled(
          resourceChange('aws_securityhub_standards_subscription.cis', 'add', null, { standards_arn: CIS }),
        ),
      ).toEqual([]);
    });

    test('fails high: enabled_standard_arns shrinks, naming the standard lost', () => {
      const flags = standardDisabled(
        resourceChange(
          POLICY,
          'change',
          configurationPolicy([CIS, PCI, FSBP], []),
          configurationPolicy([CIS, FSBP], []),
        ),
      );
      expect(flags).toEqual([
        {
          rule: 'standard-disabled',
          severity: 'high',
          address: POLICY,
          resourceType: 'aws_securityhub_configuration_policy',
          change: 'change',
          summary: 'Stops enabling 1 standard for every account the policy targets: pci-dss/v/3.2.1.',
          details: [`enabled_standard_arns loses ${PCI}`],
        },
      ]);
    });

    test('fails high: the policy destroyed, the policy turning Security Hub off, a subscription destroyed or replaced', () => {
      expect(
        brief(standardDisabled(resourceChange(POLICY, 'destroy', configurationPolicy([CIS, PCI], []), null))),
      ).toEqual(['high standard-disabled']);
      expect(
        standardDisabled(
          resourceChange(POLICY, 'change', configurationPolicy([CIS], []), configurationPolicy([CIS], [], false)),
        )[0].details,
      ).toEqual(['service_enabled: true -> false']);
      expect(
        standardDisabled(
          resourceChange('aws_securityhub_standards_subscription.pci', 'destroy', { standards_arn: PCI }, null),
        )[0].summary,
      ).toBe(`Standards subscription destroyed: ${PCI}.`);
      expect(
        brief(
          standardDisabled(
            resourceChange(
              'aws_securityhub_standards_subscription.pci',
              'replace',
              { standards_arn: PCI },
              { standards_arn: PCI },
            ),
          ),
        ),
      ).toEqual(['high standard-disabled']);
    });

    test('an enabled_standard_arns known only after apply is not guessed at', () => {
      const after = configurationPolicy([], []);
      expect(
        standardDisabled(
          resourceChange(POLICY, 'change', configurationPolicy([CIS], []), after, {
            configuration_policy: [{ enabled_standard_arns: true }],
          }),
        ),
      ).toEqual([]);
    });
  });

  describe('controlDisabled', () => {
    test('passes: a control re-enabled, or a new policy with disabled controls', () => {
      expect(
        controlDisabled(
          resourceChange(
            POLICY,
            'change',
            configurationPolicy([CIS], ['IAM.6', 'Config.1']),
            configurationPolicy([CIS], ['IAM.6']),
          ),
        ),
      ).toEqual([]);
      expect(controlDisabled(resourceChange(POLICY, 'add', null, configurationPolicy([CIS], ['IAM.6'])))).toEqual([]);
    });

    test('fails medium: disabled_control_identifiers grows', () => {
      const flags = controlDisabled(
        resourceChange(
          POLICY,
          'change',
          configurationPolicy([CIS], ['IAM.6']),
          configurationPolicy([CIS], ['IAM.6', 'S3.1', 'EC2.2']),
        ),
      );
      expect(flags).toMatchObject([
        {
          rule: 'control-disabled',
          severity: 'medium',
          summary: 'Disables 2 controls for every account the policy targets: S3.1, EC2.2.',
          details: [
            'disabled_control_identifiers gains S3.1 (MEDIUM: S3 general purpose buckets should have block public access settings enabled)',
            'disabled_control_identifiers gains EC2.2 (HIGH: VPC default security groups should not allow inbound or outbound traffic)',
          ],
        },
      ]);
    });

    test('fails medium: a standard control association set to DISABLED', () => {
      const before = { security_control_id: 'IAM.1', association_status: 'ENABLED' };
      expect(
        brief(
          controlDisabled(
            resourceChange('aws_securityhub_standards_control_association.iam1', 'change', before, {
              ...before,
              association_status: 'DISABLED',
              updated_reason: 'n/a',
            }),
          ),
        ),
      ).toEqual(['medium control-disabled']);
      expect(
        controlDisabled(resourceChange('aws_securityhub_standards_control_association.iam1', 'change', before, before)),
      ).toEqual([]);
    });

    test('fails high when a CRITICAL control is among those disabled', () => {
      const flags = controlDisabled(
        resourceChange(
          POLICY,
          'change',
          configurationPolicy([CIS], ['IAM.6']),
          configurationPolicy([CIS], ['IAM.6', 'S3.1', 'Config.1']),
        ),
      );
      expect(flags).toMatchObject([
        {
          rule: 'control-disabled',
          severity: 'high',
          details: [
            'disabled_control_identifiers gains S3.1 (MEDIUM: S3 general purpose buckets should have block public access settings enabled)',
            expect.stringMatching(/^disabled_control_identifiers gains Config\.1 \(CRITICAL: /),
          ],
        },
      ]);
      const association = { security_control_id: 'Config.1', association_status: 'ENABLED' };
      expect(
        brief(
          controlDisabled(
            resourceChange('aws_securityhub_standards_control_association.config1', 'change', association, {
              ...association,
              association_status: 'DISABLED',
            }),
          ),
        ),
      ).toEqual(['high control-disabled']);
    });
  });

  describe('configurationPolicyAssociationRemoved', () => {
    const association = { target_id: 'ou-ab12-cd34ef56', policy_id: 'policy-1' };
    test('passes: an association created or updated in place', () => {
      expect(
        configurationPolicyAssociationRemoved(
          resourceChange('aws_securityhub_configuration_policy_association.a', 'add', null, association),
        ),
      ).toEqual([]);
      expect(
        configurationPolicyAssociationRemoved(
          resourceChange('aws_securityhub_configuration_policy_association.a', 'change', association, {
            ...association,
            policy_id: 'policy-2',
          }),
        ),
      ).toEqual([]);
    });

    test('fails high: an association destroyed, or moved to another target', () => {
      const destroyed = configurationPolicyAssociationRemoved(
        resourceChange('aws_securityhub_configuration_policy_association.a', 'destroy', association, null),
      );
      expect(destroyed).toMatchObject([
        { severity: 'high', change: 'destroy', details: ['target_id: ou-ab12-cd34ef56', 'policy_id: policy-1'] },
      ]);
      const moved = configurationPolicyAssociationRemoved(
        resourceChange('aws_securityhub_configuration_policy_association.a', 'replace', association, {
          ...association,
          target_id: 'ou-ab12-00000000',
        }),
      );
      expect(moved[0].details).toEqual(['target_id: ou-ab12-cd34ef56 -> ou-ab12-00000000']);
    });
  });

  describe('findingAggregatorRemoved', () => {
    const aggregator = { linking_mode: 'ALL_REGIONS' };
    test('passes: the aggregator created or its Regions changed in place', () => {
      expect(
        findingAggregatorRemoved(resourceChange('aws_securityhub_finding_aggregator.a', 'add', null, aggregator)),
      ).toEqual([]);
      expect(
        findingAggregatorRemoved(
          resourceChange('aws_securityhub_finding_aggregator.a', 'change', aggregator, {
            linking_mode: 'SPECIFIED_REGIONS',
          }),
        ),
      ).toEqual([]);
    });

    test('fails high: destroyed or replaced', () => {
      expect(
        brief(
          findingAggregatorRemoved(resourceChange('aws_securityhub_finding_aggregator.a', 'destroy', aggregator, null)),
        ),
      ).toEqual(['high finding-aggregator-removed']);
      expect(
        findingAggregatorRemoved(
          resourceChange('aws_securityhub_finding_aggregator.a', 'replace', aggregator, aggregator),
        )[0].change,
      ).toBe('replace');
    });
  });

  describe('delegatedAdministratorRemoved', () => {
    test('passes: a delegation created, or an unrelated resource destroyed', () => {
      expect(
        delegatedAdministratorRemoved(
          resourceChange('aws_securityhub_organization_admin_account.a', 'add', null, {
            admin_account_id: '111122223333',
          }),
        ),
      ).toEqual([]);
      expect(delegatedAdministratorRemoved(resourceChange('aws_sns_topic.t', 'destroy', { name: 't' }, null))).toEqual(
        [],
      );
    });

    test.each([
      ['aws_securityhub_organization_admin_account.a', { admin_account_id: '111122223333' }, 'Security Hub'],
      ['aws_guardduty_organization_admin_account.a', { admin_account_id: '111122223333' }, 'GuardDuty'],
      ['aws_inspector2_delegated_admin_account.a', { account_id: '111122223333' }, 'Inspector'],
      ['aws_macie2_organization_admin_account.a', { admin_account_id: '111122223333' }, 'Macie'],
      [
        'aws_organizations_delegated_administrator.a',
        { account_id: '111122223333', service_principal: 'config.amazonaws.com' },
        'config.amazonaws.com',
      ],
    ])('fails high: %s destroyed or replaced', (address, before, service) => {
      const [destroyed] = delegatedAdministratorRemoved(resourceChange(address, 'destroy', before, null));
      expect(destroyed).toMatchObject({ severity: 'high', rule: 'delegated-administrator-removed' });
      expect(destroyed.summary).toContain(`${service} delegated administrator 111122223333 removed`);
      expect(brief(delegatedAdministratorRemoved(resourceChange(address, 'replace', before, before)))).toEqual([
        'high delegated-administrator-removed',
      ]);
    });
  });

  describe('organizationConfigurationLeftCentral', () => {
    const central = { auto_enable: false, organization_configuration: [{ configuration_type: 'CENTRAL' }] };
    const local = { auto_enable: true, organization_configuration: [{ configuration_type: 'LOCAL' }] };
    test('passes: becoming CENTRAL, or a LOCAL configuration changed', () => {
      expect(
        organizationConfigurationLeftCentral(
          resourceChange('aws_securityhub_organization_configuration.c', 'change', local, central),
        ),
      ).toEqual([]);
      expect(
        organizationConfigurationLeftCentral(
          resourceChange('aws_securityhub_organization_configuration.c', 'destroy', local, null),
        ),
      ).toEqual([]);
    });

    test('fails high: CENTRAL to LOCAL, or destroyed while CENTRAL', () => {
      expect(
        organizationConfigurationLeftCentral(
          resourceChange('aws_securityhub_organization_configuration.c', 'change', central, local),
        )[0].details,
      ).toEqual(['configuration_type: CENTRAL -> LOCAL']);
      expect(
        brief(
          organizationConfigurationLeftCentral(
            resourceChange('aws_securityhub_organization_configuration.c', 'destroy', central, null),
          ),
        ),
      ).toEqual(['high organization-configuration-left-central']);
    });
  });

  describe('hubDisabled', () => {
    test('passes: the hub created or updated', () => {
      expect(
        hubDisabled(resourceChange('aws_securityhub_account.hub', 'add', null, { enable_default_standards: false })),
      ).toEqual([]);
      expect(
        hubDisabled(
          resourceChange(
            'aws_securityhub_account.hub',
            'change',
            { auto_enable_controls: true },
            { auto_enable_controls: false },
          ),
        ),
      ).toEqual([]);
    });

    test('fails high: the hub destroyed or replaced', () => {
      expect(brief(hubDisabled(resourceChange('aws_securityhub_account.hub', 'destroy', {}, null)))).toEqual([
        'high hub-disabled',
      ]);
      expect(brief(hubDisabled(resourceChange('aws_securityhub_account.hub', 'replace', {}, {})))).toEqual([
        'high hub-disabled',
      ]);
    });
  });

  describe('productionAutoRemediationEnabled', () => {
    const pattern = (ids: string[]) =>
      JSON.stringify({
        source: ['aws.securityhub'],
        detail: { findings: { Compliance: { Status: ['FAILED'], SecurityControlId: ids } } },
      });
    const rule = (mode: string, environment: string, ids: string[], state = 'ENABLED') => ({
      name: 'r',
      state,
      event_pattern: pattern(ids),
      tags: {
        'securityhub:remediation-mode': mode,
        'securityhub:environment': environment,
        'securityhub:runbook': 'S3.2',
      },
    });

    test('passes: shadow mode or non-production rules, production rules unchanged or narrowed, notification rules', () => {
      expect(
        productionAutoRemediationEnabled(
          resourceChange('aws_cloudwatch_event_rule.a', 'add', null, rule('shadow', 'production', ['S3.2'])),
        ),
      ).toEqual([]);
      expect(
        productionAutoRemediationEnabled(
          resourceChange('aws_cloudwatch_event_rule.a', 'add', null, rule('auto', 'staging sandbox', ['S3.2'])),
        ),
      ).toEqual([]);
      expect(
        productionAutoRemediationEnabled(
          resourceChange(
            'aws_cloudwatch_event_rule.a',
            'change',
            rule('auto', 'production', ['S3.2', 'S3.3']),
            rule('auto', 'production', ['S3.2']),
          ),
        ),
      ).toEqual([]);
      expect(
        productionAutoRemediationEnabled(
          resourceChange('aws_cloudwatch_event_rule.a', 'add', null, {
            name: 'notify',
            event_pattern: pattern(['S3.2']),
          }),
        ),
      ).toEqual([]);
      expect(
        productionAutoRemediationEnabled(
          resourceChange('aws_cloudwatch_event_rule.a', 'add', null, rule('auto', 'production', ['S3.2'], 'DISABLED')),
        ),
      ).toEqual([]);
    });

    test('fails high: an auto production rule created, switched from shadow, or its controls growing', () => {
      const created = productionAutoRemediationEnabled(
        resourceChange('aws_cloudwatch_event_rule.a', 'add', null, rule('auto', 'production staging', ['S3.2'])),
      );
      expect(created).toMatchObject([
        {
          severity: 'high',
          rule: 'production-auto-remediation-enabled',
          summary:
            'Automatic remediation enabled in production by runbook S3.2 for 1 control (S3.2): resources change without a person approving.',
        },
      ]);
      expect(
        brief(
          productionAutoRemediationEnabled(
            resourceChange(
              'aws_cloudwatch_event_rule.a',
              'change',
              rule('shadow', 'production', ['S3.2']),
              rule('auto', 'production', ['S3.2']),
            ),
          ),
        ),
      ).toEqual(['high production-auto-remediation-enabled']);
      const grown = productionAutoRemediationEnabled(
        resourceChange(
          'aws_cloudwatch_event_rule.a',
          'change',
          rule('auto', 'production', ['S3.2']),
          rule('auto', 'production', ['S3.2', 'S3.8']),
        ),
      );
      expect(grown[0].details).toEqual(['Compliance.SecurityControlId gains S3.8']);
    });

    test('a pattern without a control filter selects every control', () => {
      expect(patternControlIds(JSON.stringify({ source: ['aws.securityhub'] }))).toEqual(['*']);
      expect(patternControlIds('{not json')).toEqual(['*']);
      expect(
        patternControlIds({
          detail: { findings: { Compliance: { SecurityControlId: ['S3.2', { prefix: 'EC2.' }] } } },
        }),
      ).toEqual(['S3.2', '{"prefix":"EC2."}']);
    });
  });

  describe('lambdaRuntimeDeprecated', () => {
    const fn = (runtime: string) => ({ function_name: 'securityhub-remediate-s3', runtime, handler: 'index.handler' });
    const on = (day: string) => ({ changes: [], now: new Date(`${day}T12:00:00Z`) });

    test('passes: a supported runtime, a runtime the table does not know, a function destroyed', () => {
      expect(
        lambdaRuntimeDeprecated(
          resourceChange('aws_lambda_function.a', 'add', null, fn('nodejs22.x')),
          on('2026-06-01'),
        ),
      ).toEqual([]);
      expect(
        lambdaRuntimeDeprecated(
          resourceChange('aws_lambda_function.a', 'add', null, fn('nodejs99.x')),
          on('2026-06-01'),
        ),
      ).toEqual([]);
      expect(
        lambdaRuntimeDeprecated(
          resourceChange('aws_lambda_function.a', 'destroy', fn('nodejs20.x'), null),
          on('2026-06-01'),
        ),
      ).toEqual([]);
      expect(
        lambdaRuntimeDeprecated(
          resourceChange('aws_lambda_function.a', 'no-op', fn('nodejs20.x'), fn('nodejs20.x')),
          on('2026-06-01'),
        ),
      ).toEqual([]);
    });

    test('fails high: nodejs20.x (deprecated 2026-04-30) and older, python3.8, on create or update', () => {
      const created = lambdaRuntimeDeprecated(
        resourceChange('aws_lambda_function.a', 'add', null, fn('nodejs20.x')),
        on('2026-05-01'),
      );
      expect(created).toMatchObject([
        { severity: 'high', rule: 'lambda-runtime-deprecated', details: ['runtime = nodejs20.x'] },
      ]);
      expect(created[0].summary).toBe(
        'Runtime nodejs20.x was deprecated by AWS Lambda on 2026-04-30: it gets no security patches and AWS refuses to create, then to update, functions on it; move to nodejs24.x.',
      );
      expect(
        brief(
          lambdaRuntimeDeprecated(
            resourceChange('aws_lambda_function.a', 'change', fn('python3.12'), fn('python3.8')),
            on('2026-05-01'),
          ),
        ),
      ).toEqual(['high lambda-runtime-deprecated']);
      expect(
        lambdaRuntimeDeprecated(
          resourceChange('aws_lambda_function.a', 'change', fn('nodejs16.x'), fn('nodejs18.x')),
          on('2026-05-01'),
        )[0].details,
      ).toEqual(['runtime nodejs16.x -> nodejs18.x']);
    });

    test("fails medium within 180 days of the deprecation; the day before nodejs20.x's date it is medium, on it high", () => {
      expect(
        brief(
          lambdaRuntimeDeprecated(
            resourceChange('aws_lambda_function.a', 'add', null, fn('nodejs20.x')),
            on('2026-04-29'),
          ),
        ),
      ).toEqual(['medium lambda-runtime-deprecated']);
      expect(
        brief(
          lambdaRuntimeDeprecated(
            resourceChange('aws_lambda_function.a', 'add', null, fn('nodejs20.x')),
            on('2026-04-30'),
          ),
        ),
      ).toEqual(['high lambda-runtime-deprecated']);
      expect(
        lambdaRuntimeDeprecated(
          resourceChange('aws_lambda_function.a', 'add', null, fn('nodejs20.x')),
          on('2025-06-01'),
        ),
      ).toEqual([]);
    });

    test('the table: one date per runtime id, YYYY-MM-DD; replacements are of the same language', () => {
      expect(Object.values(LAMBDA_RUNTIME_DEPRECATION).every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
      expect(lambdaRuntimeStatus('python3.9', '2026-01-01')).toEqual({
        state: 'deprecated',
        deprecation: '2025-12-15',
        replacement: 'python3.14',
      });
      expect(lambdaRuntimeStatus('nodejs22.x', '2026-12-02')).toEqual({
        state: 'deprecation-scheduled',
        deprecation: '2027-04-30',
        replacement: 'nodejs24.x',
      });
      expect(lambdaRuntimeStatus('custom', '2026-12-02')).toEqual({ state: 'unknown' });
    });
  });

  describe('organizationsResourcePolicyChanged', () => {
    const ADDRESS = 'aws_organizations_resource_policy.organizations-read_policy_1A2B3C4D';
    const statement = (Sid: string, action = 'organizations:DescribeOrganization') => ({
      Sid,
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222233334444:root' },
      Action: action,
      Resource: '*',
    });
    const content = (...statements: Record<string, unknown>[]) => ({ content: policy(...statements) });
    const ours = statement('SecurityAccountReadsStructure');
    const securityHub = statement('SecurityHubDelegatedAdmin', 'organizations:ListDelegatedAdministrators');

    test('passes: the policy unchanged (no-op), or another resource type', () => {
      expect(
        organizationsResourcePolicyChanged(
          resourceChange(ADDRESS, 'no-op', content(ours, securityHub), content(ours, securityHub)),
        ),
      ).toEqual([]);
      expect(
        organizationsResourcePolicyChanged(
          resourceChange('aws_organizations_policy.scp', 'change', content(ours), content()),
        ),
      ).toEqual([]);
    });

    test('fails high: an update that drops a statement another service wrote, naming its Sid', () => {
      const flags = organizationsResourcePolicyChanged(
        resourceChange(ADDRESS, 'change', content(ours, securityHub), content(ours)),
      );
      expect(flags).toMatchObject([
        {
          severity: 'high',
          rule: 'organizations-resource-policy-changed',
          details: ['Statement loses SecurityHubDelegatedAdmin'],
        },
      ]);
      expect(flags[0].summary).toBe(
        "The organization's resource policy is rewritten and loses statement SecurityHubDelegatedAdmin: add it to deployment.organizationsResourcePolicy.additionalStatements unless removing it is intended.",
      );
    });

    test('fails high on any update, replace or delete: statements gained or changed, the policy replaced or deleted, content unknown', () => {
      expect(
        organizationsResourcePolicyChanged(
          resourceChange(
            ADDRESS,
            'change',
            content(ours),
            content(statement('SecurityAccountReadsStructure', 'organizations:*'), securityHub),
          ),
        )[0],
      ).toMatchObject({
        severity: 'high',
        details: ['Statement gains SecurityHubDelegatedAdmin', 'Statement SecurityAccountReadsStructure changes'],
      });
      expect(
        organizationsResourcePolicyChanged(
          resourceChange(ADDRESS, 'replace', content(ours, securityHub), content(ours)),
        )[0].summary,
      ).toMatch(/is replaced and loses statement SecurityHubDelegatedAdmin/);
      expect(
        organizationsResourcePolicyChanged(resourceChange(ADDRESS, 'destroy', content(ours, securityHub), null))[0],
      ).toMatchObject({
        severity: 'high',
        details: ['Statement loses SecurityAccountReadsStructure', 'Statement loses SecurityHubDelegatedAdmin'],
      });
      expect(
        brief(
          organizationsResourcePolicyChanged(resourceChange(ADDRESS, 'change', content(ours), {}, { content: true })),
        ),
      ).toEqual(['high organizations-resource-policy-changed']);
    });

    test('fails medium: the policy created (one per organization: an existing one must be imported)', () => {
      expect(organizationsResourcePolicyChanged(resourceChange(ADDRESS, 'add', null, content(ours)))).toMatchObject([
        { severity: 'medium', details: ['Statement gains SecurityAccountReadsStructure'] },
      ]);
    });
  });

  describe('guardrailWeakened', () => {
    const scp = (actions: string[], exempt: string[] = []) => ({
      name: 'securityhub-guardrail',
      type: 'SERVICE_CONTROL_POLICY',
      content: policy({
        Effect: 'Deny',
        Action: actions,
        Resource: '*',
        ...(exempt.length ? { Condition: { ArnNotLike: { 'aws:PrincipalARN': exempt } } } : {}),
      }),
    });
    const actions = ['securityhub:DisableSecurityHub', 'guardduty:DeleteDetector', 'macie2:DisableMacie'];

    test('passes: Deny actions added, a tag policy changed, the SCP created', () => {
      expect(
        guardrailWeakened(
          resourceChange('aws_organizations_policy.g', 'change', scp(actions.slice(0, 2)), scp(actions)),
        ),
      ).toEqual([]);
      expect(
        guardrailWeakened(
          resourceChange(
            'aws_organizations_policy.g',
            'change',
            { ...scp(actions), type: 'TAG_POLICY' },
            { ...scp([]), type: 'TAG_POLICY' },
          ),
        ),
      ).toEqual([]);
      expect(guardrailWeakened(resourceChange('aws_organizations_policy.g', 'add', null, scp(actions)))).toEqual([]);
    });

    test('fails high: Deny actions removed, or the SCP destroyed', () => {
      expect(
        guardrailWeakened(
          resourceChange('aws_organizations_policy.g', 'change', scp(actions), scp(['macie2:DisableMacie'])),
        ),
      ).toMatchObject([
        {
          severity: 'high',
          summary:
            'Service control policy securityhub-guardrail stops denying 2 actions: securityhub:DisableSecurityHub, guardduty:DeleteDetector.',
          details: ['Deny loses securityhub:DisableSecurityHub', 'Deny loses guardduty:DeleteDetector'],
        },
      ]);
      expect(
        brief(guardrailWeakened(resourceChange('aws_organizations_policy.g', 'destroy', scp(actions), null))),
      ).toEqual(['high guardrail-weakened']);
    });

    test('fails medium: an exemption added to the Deny', () => {
      const flags = guardrailWeakened(
        resourceChange(
          'aws_organizations_policy.g',
          'change',
          scp(actions),
          scp(actions, ['arn:*:iam::*:role/BreakGlass']),
        ),
      );
      expect(brief(flags)).toEqual(['medium guardrail-weakened']);
      expect(flags[0].details).toEqual([
        'Condition now {"ArnNotLike":{"aws:PrincipalARN":["arn:*:iam::*:role/BreakGlass"]}}',
      ]);
    });
  });

  describe('guardrailDetached', () => {
    const attachment = { policy_id: 'p-12345678', target_id: 'ou-ab12-cd34ef56' };
    test('passes: an attachment created', () => {
      expect(
        guardrailDetached(resourceChange('aws_organizations_policy_attachment.a', 'add', null, attachment)),
      ).toEqual([]);
    });

    test('fails high: an attachment destroyed or moved', () => {
      expect(
        guardrailDetached(resourceChange('aws_organizations_policy_attachment.a', 'destroy', attachment, null)),
      ).toMatchObject([
        {
          severity: 'high',
          summary: 'Policy p-12345678 is detached from ou-ab12-cd34ef56: its accounts are no longer held by it.',
        },
      ]);
      expect(
        brief(
          guardrailDetached(
            resourceChange('aws_organizations_policy_attachment.a', 'replace', attachment, {
              ...attachment,
              target_id: 'r-ab12',
            }),
          ),
        ),
      ).toEqual(['high guardrail-detached']);
    });
  });

  describe('iamPolicyWidened', () => {
    const read = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::bucket/*' };
    test('passes: actions removed, a policy destroyed, the same document reformatted', () => {
      expect(
        iamPolicyWidened(
          resourceChange(
            'aws_iam_policy.p',
            'change',
            { policy: policy({ ...read, Action: ['s3:GetObject', 's3:PutObject'] }) },
            { policy: policy(read) },
          ),
        ),
      ).toEqual([]);
      expect(iamPolicyWidened(resourceChange('aws_iam_policy.p', 'destroy', { policy: policy(read) }, null))).toEqual(
        [],
      );
      expect(
        iamPolicyWidened(
          resourceChange(
            'aws_iam_role_policy.p',
            'change',
            { policy: policy(read) },
            { policy: JSON.stringify(JSON.parse(policy(read)), null, 2) },
          ),
        ),
      ).toEqual([]);
    });

    test('fails medium: actions added on named resources', () => {
      const flags = iamPolicyWidened(
        resourceChange(
          'aws_iam_role_policy.p',
          'change',
          { name: 'reader', policy: policy(read) },
          { name: 'reader', policy: policy({ ...read, Action: ['s3:GetObject', 's3:PutObject'] }) },
        ),
      );
      expect(flags).toMatchObject([
        {
          severity: 'medium',
          summary: 'IAM policy reader widened: allows 1 more action (s3:PutObject).',
          details: ['Allow gains s3:PutObject'],
        },
      ]);
    });

    test('fails high: a wildcard action or Resource "*" appears', () => {
      expect(
        brief(
          iamPolicyWidened(
            resourceChange(
              'aws_iam_policy.p',
              'change',
              { policy: policy(read) },
              { policy: policy(read, { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket' }) },
            ),
          ),
        ),
      ).toEqual(['high iam-policy-widened']);
      const star = iamPolicyWidened(
        resourceChange(
          'aws_iam_policy.p',
          'change',
          { policy: policy(read) },
          { policy: policy({ ...read, Resource: '*' }) },
        ),
      );
      expect(star).toMatchObject([{ severity: 'high', details: ['Resource gains "*"'] }]);
    });

    test('roles: inline policies and trust; managed policy attachments', () => {
      const role = (actions: string[], principal: unknown) => ({
        name: 'remediation',
        assume_role_policy: policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }),
        inline_policy: [
          { name: 'runbooks', policy: policy({ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::b' }) },
        ],
      });
      expect(
        iamPolicyWidened(
          resourceChange(
            'aws_iam_role.r',
            'change',
            role(['s3:GetObject'], { Service: 'lambda.amazonaws.com' }),
            role(['s3:GetObject'], { Service: 'lambda.amazonaws.com' }),
          ),
        ),
      ).toEqual([]);
      const flags = iamPolicyWidened(
        resourceChange(
          'aws_iam_role.r',
          'change',
          role(['s3:GetObject'], { Service: 'lambda.amazonaws.com' }),
          role(['s3:GetObject', 's3:PutObject'], '*'),
        ),
      );
      expect(flags.map((f) => `${f.severity} ${f.summary}`)).toEqual([
        'high Trust policy of role remediation widened: trusts 1 more principal (*).',
        'medium Inline policy runbooks of role remediation widened: allows 1 more action (s3:PutObject).',
      ]);
      expect(
        brief(
          iamPolicyWidened(
            resourceChange('aws_iam_role_policy_attachment.a', 'add', null, {
              role: 'r',
              policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
            }),
          ),
        ),
      ).toEqual(['high iam-policy-widened']);
      expect(
        brief(
          iamPolicyWidened(
            resourceChange('aws_iam_role_policy_attachment.a', 'add', null, {
              role: 'r',
              policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
            }),
          ),
        ),
      ).toEqual(['medium iam-policy-widened']);
    });

    test('a document known only after apply is flagged for a look (medium)', () => {
      expect(
        brief(iamPolicyWidened(resourceChange('aws_iam_policy.p', 'add', null, { name: 'p' }, { policy: true }))),
      ).toEqual(['medium iam-policy-widened']);
    });
  });

  describe('stackSetIamWidened', () => {
    const template = (actions: string[], resource: string = '*') =>
      JSON.stringify({
        Resources: {
          ExecutionRole: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/r' }, Action: 'sts:AssumeRole' },
                ],
              },
              Policies: [
                {
                  PolicyName: 'p',
                  PolicyDocument: { Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] },
                },
              ],
            },
          },
        },
      });
    test('passes: the same template, actions removed, the StackSet destroyed', () => {
      expect(
        stackSetIamWidened(
          resourceChange(
            'aws_cloudformation_stack_set.s',
            'change',
            { name: 's', template_body: template(['s3:GetObject', 's3:PutObject']) },
            { name: 's', template_body: template(['s3:GetObject']) },
          ),
        ),
      ).toEqual([]);
      expect(
        stackSetIamWidened(
          resourceChange(
            'aws_cloudformation_stack_set.s',
            'destroy',
            { template_body: template(['s3:GetObject']) },
            null,
          ),
        ),
      ).toEqual([]);
    });

    test('fails medium: actions added; high: a wildcard appears; YAML templates too', () => {
      const flags = stackSetIamWidened(
        resourceChange(
          'aws_cloudformation_stack_set.s',
          'change',
          { name: 's', template_body: template(['s3:GetObject']) },
          { name: 's', template_body: template(['s3:GetObject', 's3:PutObject']) },
        ),
      );
      expect(flags).toMatchObject([
        {
          severity: 'medium',
          summary: 'StackSet s: permissions of ExecutionRole widened: allows 1 more action (s3:PutObject).',
        },
      ]);
      expect(
        brief(
          stackSetIamWidened(
            resourceChange(
              'aws_cloudformation_stack_set.s',
              'change',
              { template_body: template(['s3:GetObject'], 'arn:aws:s3:::b') },
              { template_body: template(['s3:*'], 'arn:aws:s3:::b') },
            ),
          ),
        ),
      ).toEqual(['high stack-set-iam-widened']);
      const yaml =
        'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-role"\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: "*"\n                Resource: "*"\n';
      expect(
        brief(stackSetIamWidened(resourceChange('aws_cloudformation_stack.s', 'add', null, { template_body: yaml }))),
      ).toEqual(['high stack-set-iam-widened']);
    });
  });
});

describe('adoptedResourceChanged', () => {
  const imported = (change: ReturnType<typeof resourceChange>, id: string) => ({
    ...change,
    change: { ...change.change, importing: { id } },
  });
  const ARN = 'arn:aws:securityhub:us-east-1:111122223333:automation-rule/1';

  test('passes: an import with nothing to change, or a change to a resource that is not imported', () => {
    const rule = { rule_name: 'r', rule_order: 1 };
    expect(
      adoptedResourceChanged(imported(resourceChange('aws_securityhub_automation_rule.r', 'no-op', rule, rule), ARN)),
    ).toEqual([]);
    expect(
      adoptedResourceChanged(
        resourceChange('aws_securityhub_automation_rule.r', 'change', rule, { ...rule, rule_order: 2 }),
      ),
    ).toEqual([]);
  });

  test('fails medium: an imported resource also updated, naming the attribute', () => {
    const flags = adoptedResourceChanged(
      imported(
        resourceChange(
          'aws_securityhub_configuration_policy.p',
          'change',
          { name: 'Workloads baseline', description: 'x' },
          { name: 'workloads-baseline', description: 'x' },
        ),
        'policy-id',
      ),
    );
    expect(brief(flags)).toEqual(['medium adopted-resource-changed']);
    expect(flags[0].summary).toBe('Imports policy-id and changes name in the same apply.');
    expect(flags[0].details).toEqual(['name: "Workloads baseline" -> "workloads-baseline"']);
  });

  test('fails high: an imported resource replaced', () => {
    expect(
      brief(
        adoptedResourceChanged(
          imported(
            resourceChange('aws_securityhub_action_target.a', 'replace', { identifier: 'A' }, { identifier: 'B' }),
            ARN,
          ),
        ),
      ),
    ).toEqual(['high adopted-resource-changed']);
  });
});
