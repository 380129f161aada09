import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws, type LocalAws } from '../../local-aws/lifecycle';
import { findOnPath } from '../../local-aws/moto';
import type { RequestLogEntry } from '../../local-aws/securityhub';

const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';

/** The AWS provider and Terraform versions the project pins; the provider comes from the offline mirror. */
const PROVIDER_VERSION = '5.100.0';
const PLUGIN_MIRROR = '/opt/tf-plugins';

interface Run {
  readonly code: number;
  readonly output: string;
}

/** A Security Hub setup like the one the stacks synthesize, in plain Terraform JSON. */
function configuration(endpoint: string): object {
  const dependsOnAccount = { depends_on: ['aws_securityhub_account.this'] };
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: PROVIDER_VERSION } } },
    provider: {
      aws: {
        region: 'us-east-1',
        access_key: 'testing',
        secret_key: 'testing',
        skip_credentials_validation: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        // One endpoint for every service: the front routes by the signing service.
        endpoints: { securityhub: endpoint, sts: endpoint, iam: endpoint },
      },
    },
    resource: {
      aws_securityhub_account: { this: { enable_default_standards: false } },
      aws_securityhub_standards_subscription: { fsbp: { standards_arn: FSBP, ...dependsOnAccount } },
      aws_securityhub_action_target: {
        ticket: {
          name: 'Send to ticketing',
          identifier: 'SendToTicket',
          description: 'Open a ticket for the finding',
          ...dependsOnAccount,
        },
      },
      aws_securityhub_finding_aggregator: { all: { linking_mode: 'ALL_REGIONS', ...dependsOnAccount } },
      aws_securityhub_insight: {
        critical: {
          name: 'Critical findings by resource',
          group_by_attribute: 'ResourceId',
          filters: {
            severity_label: [{ comparison: 'EQUALS', value: 'CRITICAL' }],
            workflow_status: [{ comparison: 'EQUALS', value: 'NEW' }],
            created_at: [{ date_range: { unit: 'DAYS', value: 7 } }],
          },
          ...dependsOnAccount,
        },
      },
      aws_securityhub_automation_rule: {
        sandbox: {
          rule_name: 'Suppress sandbox findings',
          description: 'The sandbox account is rebuilt nightly',
          rule_order: 1,
          criteria: { aws_account_id: [{ comparison: 'EQUALS', value: '222233334444' }] },
          actions: {
            type: 'FINDING_FIELDS_UPDATE',
            finding_fields_update: {
              workflow: { status: 'SUPPRESSED' },
              note: { text: 'sandbox', updated_by: 'automation' },
            },
          },
          tags: { team: 'security' },
          ...dependsOnAccount,
        },
      },
    },
  };
}

/**
 * An organization set up across three accounts: the management account designates the delegated
 * administrator, which aggregates findings, switches to central configuration, defines and
 * applies a configuration policy, enrols a member, subscribes to a product and disables a control.
 */
function organizationConfiguration(endpoint: string): object {
  const provider = (accessKey: string, alias?: string) => ({
    ...(alias ? { alias } : {}),
    region: 'us-east-1',
    access_key: accessKey,
    secret_key: 'testing',
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    endpoints: { securityhub: endpoint, sts: endpoint, iam: endpoint },
  });
  const admin = { provider: 'aws.admin' };
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: PROVIDER_VERSION } } },
    // A 12-digit access key acts as that account, in moto (STS) and in the emulator alike.
    provider: { aws: [provider('testing'), provider('111122223333', 'admin')] },
    resource: {
      aws_securityhub_account: { management: {}, admin: { ...admin } },
      aws_securityhub_organization_admin_account: {
        this: {
          admin_account_id: '111122223333',
          depends_on: ['aws_securityhub_account.management', 'aws_securityhub_account.admin'],
        },
      },
      aws_securityhub_finding_aggregator: {
        home: {
          ...admin,
          linking_mode: 'SPECIFIED_REGIONS',
          specified_regions: ['eu-west-1', 'us-west-2'],
          depends_on: ['aws_securityhub_organization_admin_account.this'],
        },
      },
      aws_securityhub_organization_configuration: {
        this: {
          ...admin,
          auto_enable: false,
          auto_enable_standards: 'NONE',
          organization_configuration: { configuration_type: 'CENTRAL' },
          depends_on: ['aws_securityhub_finding_aggregator.home'],
        },
      },
      aws_securityhub_configuration_policy: {
        baseline: {
          ...admin,
          name: 'baseline',
          description: 'Organization baseline',
          configuration_policy: {
            service_enabled: true,
            enabled_standard_arns: [FSBP],
            security_controls_configuration: {
              disabled_control_identifiers: ['EC2.2'],
              security_control_custom_parameter: [
                {
                  security_control_id: 'ACM.1',
                  parameter: [{ name: 'daysToExpiration', value_type: 'CUSTOM', int: { value: 30 } }],
                },
              ],
            },
          },
          depends_on: ['aws_securityhub_organization_configuration.this'],
        },
      },
      aws_securityhub_configuration_policy_association: {
        workload: {
          ...admin,
          target_id: '222233334444',
          policy_id: '${aws_securityhub_configuration_policy.baseline.id}',
        },
      },
      aws_securityhub_member: {
        workload: {
          ...admin,
          account_id: '222233334444',
          email: 'workload@example.com',
          invite: true,
          depends_on: ['aws_securityhub_organization_admin_account.this'],
        },
      },
      aws_securityhub_product_subscription: {
        falcon: {
          ...admin,
          product_arn: 'arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon',
          depends_on: ['aws_securityhub_account.admin'],
        },
      },
      aws_securityhub_standards_control_association: {
        iam1: {
          ...admin,
          standards_arn: FSBP,
          security_control_id: 'IAM.1',
          association_status: 'DISABLED',
          updated_reason: 'Covered by an SCP',
          depends_on: ['aws_securityhub_account.admin'],
        },
      },
    },
  };
}

// terraform init (offline, from the mirror), apply, a clean plan, destroy, against local AWS.
describe('terraform against local AWS', () => {
  let local: LocalAws | undefined;
  let dir: string;
  const requests: RequestLogEntry[] = [];

  beforeAll(async () => {
    if (!findOnPath('terraform'))
      throw new Error(
        'terraform is needed for this test but was not found on PATH: install Terraform 1.11 and put it on PATH',
      );
    dir = mkdtempSync(join(tmpdir(), 'local-aws-tf-'));
    // The provider comes from the filesystem mirror only: the registry is never contacted.
    writeFileSync(
      join(dir, 'terraformrc'),
      `provider_installation {\n  filesystem_mirror {\n    path = "${PLUGIN_MIRROR}"\n  }\n}\n`,
    );
    local = await startLocalAws({ onRequest: (entry) => requests.push(entry) });
  });
  afterAll(async () => {
    await local?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const terraform = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        'terraform',
        [...args, '-no-color', '-input=false'],
        {
          cwd: dir,
          env: {
            ...process.env,
            ...local?.env,
            TF_CLI_CONFIG_FILE: join(dir, 'terraformrc'),
            CHECKPOINT_DISABLE: '1',
            TF_IN_AUTOMATION: '1',
          },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, output: `${stdout}${stderr}` });
        },
      );
    });

  const expectCode = (run: Run, code: number, step: string) => {
    if (run.code !== code)
      throw new Error(
        `terraform ${step} exited ${run.code}, expected ${code}:\n${run.output.slice(-6000)}\n\nmoto_server output:\n${local?.motoLogs().slice(-2000)}`,
      );
  };

  const use = (config: object) => writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));

  test('init, apply, plan shows no change, destroy leaves the emulator empty', async () => {
    use(configuration((local as LocalAws).endpoint));
    expectCode(await terraform('init'), 0, 'init');
    expectCode(await terraform('apply', '-auto-approve'), 0, 'apply');
    const state = local?.securityhub.state;
    const hub = state?.hubOf('123456789012', 'us-east-1');
    expect(hub?.standards.size).toBe(1);
    expect(hub?.actionTargets.size).toBe(1);
    expect(hub?.insights.size).toBe(1);
    expect(hub?.automationRules.size).toBe(1);
    expect(hub?.aggregator?.linkingMode).toBe('ALL_REGIONS');

    // -detailed-exitcode: 0 means the reads after create match the configuration exactly.
    expectCode(await terraform('plan', '-detailed-exitcode'), 0, 'plan');
    expectCode(await terraform('destroy', '-auto-approve'), 0, 'destroy');
    expect(state?.summary()).toEqual({ hubs: 0, resources: 0, findings: 0, organizationAdmins: 0 });
    expect(state?.tags.size).toBe(0);

    // Every Security Hub call the provider made was one the emulator implements and answered.
    const failed = requests.filter((r) => r.status >= 500 || r.errorCode === 'UnknownOperationException');
    expect(failed).toEqual([]);
    expect(new Set(requests.map((r) => r.operation))).toEqual(
      new Set([
        'EnableSecurityHub',
        'UpdateSecurityHubConfiguration',
        'DescribeHub',
        'DisableSecurityHub',
        'BatchEnableStandards',
        'GetEnabledStandards',
        'BatchDisableStandards',
        'CreateActionTarget',
        'DescribeActionTargets',
        'DeleteActionTarget',
        'CreateFindingAggregator',
        'GetFindingAggregator',
        'DeleteFindingAggregator',
        'CreateInsight',
        'GetInsights',
        'DeleteInsight',
        'CreateAutomationRule',
        'BatchGetAutomationRules',
        'ListTagsForResource',
        'BatchDeleteAutomationRules',
      ]),
    );
  }, 600_000);

  test('organization resources: admin account, central configuration, policies, members, products, control associations', async () => {
    use(organizationConfiguration((local as LocalAws).endpoint));
    requests.length = 0;
    expectCode(await terraform('init'), 0, 'init');
    expectCode(await terraform('apply', '-auto-approve'), 0, 'apply');
    const state = local?.securityhub.state;
    const admin = state?.hubOf('111122223333', 'us-east-1');
    expect(state?.organizationAdmins.get('us-east-1')).toBe('111122223333');
    expect(admin?.organizationConfiguration?.configurationType).toBe('CENTRAL');
    expect(admin?.configurationPolicies.size).toBe(1);
    expect(admin?.policyAssociations.get('222233334444')).toBeDefined();
    expect(admin?.members.get('222233334444')?.status).toBe('Enabled');
    expect(admin?.productSubscriptions.size).toBe(1);

    expectCode(await terraform('plan', '-detailed-exitcode'), 0, 'plan');
    expectCode(await terraform('destroy', '-auto-approve'), 0, 'destroy');
    expect(state?.summary()).toEqual({ hubs: 0, resources: 0, findings: 0, organizationAdmins: 0 });
    expect(requests.filter((r) => r.status >= 500 || r.errorCode === 'UnknownOperationException')).toEqual([]);
  }, 600_000);
});
