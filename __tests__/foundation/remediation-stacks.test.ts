import { Testing } from '../../modules/framework';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../config/problems';
import { executionRolePermissions } from '../../domain/catalogue/remediations';
import { failedControlFindingsPattern } from '../../modules/event-patterns';
import { ACCOUNT_LEVEL_ACTIONS, isReadOnlyAction } from '../../domain/member-permissions';
import { RemediationFunctions } from '../../modules/remediation-functions';
import { buildOrganizationStacks } from '../../stacks/organization';
import { activeRemediationIds, exemptionAutomationRules, planRemediation } from '../../domain/remediation-plan';
import { configFrom, defaultConfigData } from '../support/org-config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthAll(data: Json) {
  const app = Testing.app();
  const stacks = buildOrganizationStacks(app, configFrom(data));
  const parse = (s: Parameters<typeof Testing.synth>[0]): Json => JSON.parse(Testing.synth(s));
  return {
    management: parse(stacks.management),
    security: parse(stacks.security),
    workloads: stacks.workloads.map(parse),
  };
}

const byName = (resources: Json | undefined, field: string, value: string): Json =>
  (Object.values(resources ?? {}) as Json[]).find((r) => r[field] === value)!;

describe('remediation plan of the embedded example', () => {
  const config = configFrom(defaultConfigData());
  const plan = planRemediation(config)!;

  test('S3.1 runs in auto in every tier; the rule matches every account, the functions find the tier by OU', () => {
    const route = plan.automatic.find((r) => r.runbook === 'EnableS3AccountBlockPublicAccess');
    expect(route).toEqual({
      runbook: 'EnableS3AccountBlockPublicAccess',
      securityControlIds: ['S3.1'],
      accountIds: undefined,
      mode: 'auto',
      autoEnvironments: ['production', 'sandbox', 'staging'],
    });
  });

  test('a runbook in shadow everywhere is routed in shadow mode, with no environment in auto', () => {
    const route = plan.automatic.find((r) => r.runbook === 'EnableVpcFlowLogs');
    expect(route).toMatchObject({ securityControlIds: ['EC2.6'], mode: 'auto', autoEnvironments: ['sandbox'] });
    const staging = configFrom({ ...defaultConfigData(), tiers: defaultConfigData().tiers.slice(0, 2) });
    expect(planRemediation(staging)!.automatic.find((r) => r.runbook === 'EnableVpcFlowLogs')).toMatchObject({
      mode: 'shadow',
      autoEnvironments: [],
    });
  });

  test('manual controls reach their function only through the Remediate action; IsolateInstance goes to remediate-ec2', () => {
    expect(plan.remediateActionControls.get('remediate-rds')).toEqual(expect.arrayContaining(['RDS.3']));
    // RDS.3 is manual in staging and production; only sandbox (default auto) routes it automatically.
    expect(plan.automatic.find((r) => r.securityControlIds.includes('RDS.3'))).toMatchObject({
      runbook: 'NotifyRdsEncryption',
      autoEnvironments: ['sandbox'],
    });
    expect(plan.customActionRunbooks).toEqual([{ actionId: 'IsolateInstance', function: 'remediate-ec2' }]);
  });

  test("each tier's execution role: every action of its manual and auto runbooks, only the reads of its shadow ones", () => {
    for (const tier of plan.policy.tiers) {
      const acting = activeRemediationIds(tier).filter((id) => tier.modes[id] !== 'shadow');
      const actions = plan.tierActions.get(tier.name)!;
      expect(actions).toEqual(expect.arrayContaining(executionRolePermissions(acting)));
      expect(actions.filter((a) => !executionRolePermissions(acting).includes(a)).every(isReadOnlyAction)).toBe(true);
    }
    // Production runs VPC flow logs (EC2.6) in shadow: it may look, not create.
    expect(plan.tierActions.get('production')).toContain('ec2:DescribeFlowLogs');
    expect(plan.tierActions.get('production')).not.toContain('ec2:CreateFlowLogs');
    expect(plan.tierActions.get('sandbox')).toContain('ec2:CreateFlowLogs');
  });

  test('nothing is planned when every runbook is off', () => {
    const data = defaultConfigData();
    for (const tier of data.tiers) delete tier.remediation;
    expect(planRemediation(configFrom(data))).toBeUndefined();
  });
});

describe('remediation in the stacks', () => {
  const { management, security, workloads } = synthAll(defaultConfigData());
  const r = security.resource;

  test("one rule per runbook in auto or shadow, pattern from event-patterns.ts, to the runbook's SSM document", () => {
    const rule = byName(
      r.aws_cloudwatch_event_rule,
      'name',
      'securityhub-remediation-EnableS3AccountBlockPublicAccess',
    );
    expect(JSON.parse(rule.event_pattern)).toEqual(
      failedControlFindingsPattern({ partition: 'aws', securityControlIds: ['S3.1'] }),
    );
    // Only Security Hub's own product: a member's imported findings never match.
    expect(JSON.parse(rule.event_pattern).detail.findings.ProductArn).toEqual([
      { wildcard: 'arn:aws:securityhub:*::product/aws/securityhub' },
    ]);
    expect(rule.tags).toEqual({
      'securityhub:remediation-mode': 'auto',
      'securityhub:environment': 'production sandbox staging',
      'securityhub:runbook': 'EnableS3AccountBlockPublicAccess',
    });
    const [key] = Object.entries(r.aws_cloudwatch_event_rule).find(([, v]) => v === rule)!;
    const target = (Object.values(r.aws_cloudwatch_event_target) as Json[]).find((t) => t.rule.includes(key))!;
    expect(target.arn).toBe(
      'arn:aws:ssm:us-east-1:111122223333:automation-definition/SecurityHubRemediation-EnableS3AccountBlockPublicAccess:$DEFAULT',
    );
    // An Automation target takes String parameters only: the finding's Id and ProductArn, which the function re-reads.
    expect(target.input_transformer.input_paths).toEqual({
      findingId: '$.detail.findings[0].Id',
      productArn: '$.detail.findings[0].ProductArn',
    });
    expect(target.dead_letter_config.arn).toMatch(/aws_sqs_queue\..*\.arn/);
  });

  test("functions read the policy from an SSM parameter that holds the plan's policy", () => {
    const parameter = Object.values(r.aws_ssm_parameter)[0] as Json;
    expect(parameter.name).toBe('/securityhub/remediation/policy');
    expect(JSON.parse(parameter.value)).toEqual(planRemediation(configFrom(defaultConfigData()))!.policy);
    const s3 = byName(r.aws_lambda_function, 'function_name', 'securityhub-remediate-s3');
    expect(s3.environment.variables).toMatchObject({
      REMEDIATION_POLICY_PARAMETER: '/securityhub/remediation/policy',
      REMEDIATION_EXECUTION_ROLE_NAME: 'SecurityHubRemediationExecution',
    });
    expect(s3).toMatchObject({ runtime: 'nodejs22.x', handler: 'index.handler', timeout: 60 });
  });

  test('every function sends failed invocations to the dead-letter queue after two retries', () => {
    const configs = Object.values(r.aws_lambda_function_event_invoke_config) as Json[];
    expect(configs).toHaveLength(Object.keys(r.aws_lambda_function).length);
    for (const c of configs)
      expect(c).toMatchObject({
        maximum_retry_attempts: 2,
        destination_config: { on_failure: { destination: expect.stringMatching(/aws_sqs_queue/) } },
      });
  });

  test('custom actions: Remediate per function, IsolateInstance and Rollback, each invoking its function', () => {
    const names = (Object.values(r.aws_cloudwatch_event_rule) as Json[])
      .map((x) => x.name)
      .filter((n: string) => n.startsWith('securityhub-action-'));
    expect(names).toEqual(
      expect.arrayContaining([
        'securityhub-action-remediate-remediate-s3',
        'securityhub-action-isolateinstance',
        'securityhub-action-rollback',
      ]),
    );
    expect((Object.values(r.aws_securityhub_action_target) as Json[]).map((a) => a.identifier).sort()).toEqual([
      'IsolateInstance',
      'Remediate',
      'Rollback',
    ]);
    expect(Object.keys(r.aws_lambda_permission)).toHaveLength(names.length);
  });

  test('one SSM Automation document per runbook in use, pointing at the deployed function', () => {
    const doc = byName(r.aws_ssm_document, 'name', 'SecurityHubRemediation-EnableS3AccountBlockPublicAccess');
    expect(doc.document_type).toBe('Automation');
    expect(JSON.parse(doc.content).parameters.RemediationFunction.default).toMatch(
      /\$\{aws_lambda_function\..*remediate-s3.*\.arn\}/,
    );
  });

  test('the management account lets the security account read the OU structure', () => {
    const policy = Object.values(management.resource.aws_organizations_resource_policy)[0] as Json;
    expect(JSON.parse(policy.content).Statement[0]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: expect.arrayContaining(['organizations:ListParents']),
    });
  });

  test("each tier's StackSet role trusts only the remediation functions' role, inside the organization", () => {
    for (const w of workloads) {
      const stackSet = Object.values(w.resource.aws_cloudformation_stack_set)[0] as Json;
      const role = JSON.parse(stackSet.template_body).Resources.ExecutionRole.Properties;
      expect(role.RoleName).toBe('SecurityHubRemediationExecution');
      expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
        AWS: `arn:aws:iam::111122223333:role/${RemediationFunctions.functionRoleName()}`,
      });
      expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['aws:PrincipalOrgID']).toMatch(
        /data\.aws_organizations_organization/,
      );
    }
  });

  test('no IAM policy has a wildcard action, and write actions use Resource "*" only where AWS has no resource type', () => {
    const statements: Json[] = [];
    // The findings export (off in the example) is checked too: its Firehose and EventBridge roles.
    const withExport = synthAll({ ...defaultConfigData(), findingsExport: { enabled: true } }).security;
    expect(
      Object.keys(withExport.resource.aws_iam_role_policy).filter((k) => k.includes('findings-export')),
    ).toHaveLength(2);
    for (const stack of [management, security, withExport, ...workloads]) {
      for (const p of Object.values(stack.resource.aws_iam_role_policy ?? {}) as Json[])
        statements.push(...JSON.parse(p.policy).Statement);
      for (const ss of Object.values(stack.resource.aws_cloudformation_stack_set ?? {}) as Json[]) {
        for (const p of JSON.parse(ss.template_body).Resources.ExecutionRole.Properties.Policies)
          statements.push(...p.PolicyDocument.Statement);
      }
    }
    expect(statements.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const s of statements) {
      const actions: string[] = [s.Action].flat();
      const resources: string[] = [s.Resource].flat();
      for (const a of actions) {
        if (a === '*' || a.endsWith(':*')) problems.push(`wildcard action ${a}`);
        if (resources.includes('*') && !isReadOnlyAction(a) && !ACCOUNT_LEVEL_ACTIONS.has(a))
          problems.push(`write action ${a} on Resource "*"`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the check above fails on a widened policy', () => {
    const widened = [
      { Action: 'ec2:RevokeSecurityGroupIngress', Resource: '*' },
      { Action: 's3:*', Resource: 'arn:aws:s3:::x' },
    ];
    const flagged = widened.filter(
      (s) =>
        s.Action.endsWith(':*') ||
        (s.Resource === '*' && !isReadOnlyAction(s.Action) && !ACCOUNT_LEVEL_ACTIONS.has(s.Action)),
    );
    expect(flagged).toHaveLength(2);
  });
});

describe('routing by account, exemptions, and when remediation is off', () => {
  test('a tier defined by accounts only gets an AwsAccountId filter', () => {
    const data = defaultConfigData();
    data.tiers = [{ ...data.tiers[2], organizationalUnits: [], accounts: ['420000000001', '420000000002'] }];
    // Acceptances that name the tiers just removed would be refused.
    data.remediation.accepted = data.remediation.accepted.filter((a: { tiers?: string[] }) => !a.tiers);
    const { security } = synthAll(data);
    const rule = byName(
      security.resource.aws_cloudwatch_event_rule,
      'name',
      'securityhub-remediation-EnableS3AccountBlockPublicAccess',
    );
    expect(JSON.parse(rule.event_pattern).detail.findings.AwsAccountId).toEqual(['420000000001', '420000000002']);
  });

  test('tag and account exemptions become suppression rules; OU-only and expired ones do not', () => {
    const data = defaultConfigData();
    data.remediation.exemptions = [
      {
        securityControlId: 'S3.1',
        scope: { accounts: ['310000000030'] },
        owner: 'payments',
        reason: 'Legacy public assets until migration',
        expires: '2027-01-31',
      },
      {
        securityControlId: 'EC2.19',
        scope: { organizationalUnits: ['ou-acme-prodapps'] },
        owner: 'apps',
        reason: 'Bastion review pending for this OU',
        expires: '2027-01-31',
      },
      {
        securityControlId: 'KMS.4',
        scope: { accounts: ['310000000030'] },
        owner: 'crypto',
        reason: 'HSM-backed keys rotate by procedure',
        expires: '2026-11-20',
      },
    ];
    const config = configFrom(data);
    const rules = exemptionAutomationRules(config, '2026-11-27');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      criteria: { ComplianceSecurityControlId: [{ value: 'S3.1' }], AwsAccountId: [{ value: '310000000030' }] },
      actions: {
        workflowStatus: 'SUPPRESSED',
        note: 'Exempt until 2027-01-31 (owner payments): Legacy public assets until migration',
      },
    });
  });

  test('with every runbook off: no functions, no StackSets, no Organizations policy', () => {
    const data = defaultConfigData();
    for (const tier of data.tiers) delete tier.remediation;
    const { management, security, workloads } = synthAll(data);
    expect(security.resource.aws_lambda_function).toBeUndefined();
    expect(management.resource.aws_organizations_resource_policy).toBeUndefined();
    for (const w of workloads) expect(w.resource?.aws_cloudformation_stack_set).toBeUndefined();
  });
});

describe('remediation rules in the config', () => {
  const problems = (data: Json) => {
    try {
      configFrom(data);
      return [];
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return e.problems.map((p) => `${p.path}: ${p.message}`);
    }
  };

  test('auto in production before staging has run it in auto is refused, unless overridden with a reason', () => {
    const data = defaultConfigData();
    data.tiers[1].remediation.controls['KMS.4'] = 'auto';
    data.tiers[0].remediation.controls['KMS.4'] = 'shadow';
    expect(problems(data).join('\n')).toMatch(/KMS\.4/);
    data.remediation.productionOverrides = [
      {
        securityControlId: 'KMS.4',
        tier: 'production',
        reason: 'Key rotation is transparent to every workload we run',
      },
    ];
    expect(problems(data)).toEqual([]);
  });

  test('a missing bundle is a clear synth error', () => {
    const fn = () =>
      new RemediationFunctions(Testing.app() as never, 'f', {
        functions: ['remediate-s3'],
        bundleDir: mkdtempSync(path.join(tmpdir(), 'no-bundle-')),
        policy: '{}',
        ledger: { table: { name: 't', arn: 'a' } } as never,
        ledgerRetentionDays: 400,
        topic: { topic: { arn: 't' }, key: { arn: 'k' } } as never,
        executionRoleName: 'r',
        organizationId: 'o-1',
        accountId: '111122223333',
        region: 'us-east-1',
        partition: 'aws',
      });
    expect(fn).toThrow(/no bundle for remediate-s3, rollback in .*; run `npm run bundle:functions` before synth/);
  });
});
