import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  BatchUpdateStandardsControlAssociationsCommand,
  CreateActionTargetCommand,
  CreateAutomationRuleCommand,
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  CreateInsightCommand,
  CreateMembersCommand,
  GetEnabledStandardsCommand,
  EnableImportFindingsForProductCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  SecurityHubClient,
  StartConfigurationPolicyAssociationCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-securityhub';
import {
  EnableOrganizationAdminAccountCommand as EnableOrganizationAdminAccountGuardDutyCommand,
  GuardDutyClient,
} from '@aws-sdk/client-guardduty';
import { loadOrganizationConfig } from '../../config/load';
import { buildOrganizationStacks } from '../../stacks/organization';
import { runCli } from '../cli/helpers';
import { MANAGEMENT_ACCOUNT, startLocalOrganization, type LocalOrganization } from '../e2e/support/local-organization';
import { StackWorkspace, type SynthesizedStack } from '../e2e/support/stack-workspace';

// An organization that already runs Security Hub, built with the AWS SDK (not with this project's
// stacks), is adopted: `securityhub adopt` writes the config, synth writes import blocks, and the
// first terraform plan against local AWS imports what exists: nothing destroyed or replaced,
// nothing created twice. After apply, a second plan has nothing to do.
jest.setTimeout(600_000);

const REGION = 'us-east-1';
const FSBP = `arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`;

/** Resource types that exist before adoption in the CENTRAL organization. */
const EXISTING_TYPES = [
  'aws_securityhub_account',
  'aws_securityhub_finding_aggregator',
  'aws_securityhub_organization_configuration',
  'aws_securityhub_configuration_policy',
  'aws_securityhub_configuration_policy_association',
  'aws_securityhub_action_target',
  'aws_securityhub_automation_rule',
  'aws_securityhub_insight',
  'aws_securityhub_product_subscription',
];

interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[]; importing?: { id: string } };
}

/** The plan's resource changes (terraform show -json); the JSON is kept as `<stack>.plan.json` in the workspace for plan review. */
async function plannedChanges(stack: SynthesizedStack, workspace?: StackWorkspace): Promise<ResourceChange[]> {
  const json = await stack.planJson();
  if (workspace) writeFileSync(path.join(workspace.root, `${stack.name}.json`), json);
  return (JSON.parse(json) as { resource_changes?: ResourceChange[] }).resource_changes ?? [];
}

/** Runs `securityhub adopt` in this process, acting as `accountId` through local AWS. */
async function adopt(org: LocalOrganization, accountId: string, args: string[]) {
  const saved = { ...process.env };
  Object.assign(process.env, org.envFor(accountId));
  try {
    return await runCli(['adopt', '--region', REGION, '--endpoint-url', org.endpoint, ...args]);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('adopt an organization in CENTRAL configuration', () => {
  let org: LocalOrganization;
  let workspace: StackWorkspace;
  let ou: string;
  const arns: Record<string, string> = {};

  beforeAll(async () => {
    org = await startLocalOrganization(['workloads']);
    workspace = new StackWorkspace(org);
    ou = org.organizationalUnits.workloads;
    const management = new SecurityHubClient(org.clientConfig(MANAGEMENT_ACCOUNT));
    const admin = new SecurityHubClient(org.clientConfig(org.securityAccountId));
    try {
      await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: org.securityAccountId }));
      // GuardDuty is already delegated in the home Region: the management stack must adopt that delegation, not make it again.
      const guardduty = new GuardDutyClient(org.clientConfig(MANAGEMENT_ACCOUNT));
      await guardduty.send(
        new EnableOrganizationAdminAccountGuardDutyCommand({ AdminAccountId: org.securityAccountId }),
      );
      guardduty.destroy();
      await admin.send(
        new EnableSecurityHubCommand({ EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' }),
      );
      arns.aggregator = (
        await admin.send(
          new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['us-west-2'] }),
        )
      ).FindingAggregatorArn!;
      await admin.send(
        new UpdateOrganizationConfigurationCommand({
          AutoEnable: false,
          AutoEnableStandards: 'NONE',
          OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
        }),
      );
      const policy = await admin.send(
        new CreateConfigurationPolicyCommand({
          Name: 'Workloads baseline',
          Description: 'Made in the console',
          ConfigurationPolicy: {
            SecurityHub: {
              ServiceEnabled: true,
              EnabledStandardIdentifiers: [FSBP],
              SecurityControlsConfiguration: {
                DisabledSecurityControlIdentifiers: ['EC2.2'],
                SecurityControlCustomParameters: [
                  {
                    SecurityControlId: 'ACM.1',
                    Parameters: { daysToExpiration: { ValueType: 'CUSTOM', Value: { Integer: 30 } } },
                  },
                ],
              },
            },
          },
        }),
      );
      arns.policy = policy.Id!;
      await admin.send(
        new StartConfigurationPolicyAssociationCommand({
          ConfigurationPolicyIdentifier: policy.Id!,
          Target: { OrganizationalUnitId: ou },
        }),
      );
      arns.action = (
        await admin.send(
          new CreateActionTargetCommand({
            Name: 'Send to ticket',
            Id: 'SendToTicket',
            Description: 'Open a ticket for the finding',
          }),
        )
      ).ActionTargetArn!;
      arns.rule = (
        await admin.send(
          new CreateAutomationRuleCommand({
            RuleName: 'Suppress low sandbox findings',
            Description: 'Sandbox accounts are rebuilt nightly',
            RuleOrder: 10,
            RuleStatus: 'ENABLED',
            Criteria: {
              SeverityLabel: [{ Value: 'LOW', Comparison: 'EQUALS' }],
              ResourceTags: [{ Key: 'environment', Value: 'sandbox', Comparison: 'EQUALS' }],
            },
            Actions: [
              {
                Type: 'FINDING_FIELDS_UPDATE',
                FindingFieldsUpdate: {
                  Workflow: { Status: 'SUPPRESSED' },
                  Note: { Text: 'sandbox', UpdatedBy: 'cdktf-securityhub' },
                },
              },
            ],
          }),
        )
      ).RuleArn!;
      arns.insight = (
        await admin.send(
          new CreateInsightCommand({
            Name: 'Failed controls by account',
            GroupByAttribute: 'AwsAccountId',
            Filters: { ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }] },
          }),
        )
      ).InsightArn!;
      await admin.send(
        new EnableImportFindingsForProductCommand({
          ProductArn: `arn:aws:securityhub:${REGION}::product/aws/guardduty`,
        }),
      );
    } finally {
      management.destroy();
      admin.destroy();
    }
  }, 180_000);

  afterAll(async () => {
    await org?.stop();
    workspace?.remove();
  });

  test('a member account is refused and nothing is written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'adopt-')), 'org.yaml');
    const run = await adopt(org, MANAGEMENT_ACCOUNT, ['--output', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /management account; run adopt with the Security Hub delegated administrator's credentials/,
    );
    expect(() => readFileSync(file)).toThrow();
  });

  test('a Region that is not the aggregation Region is refused and nothing is written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'adopt-')), 'org.yaml');
    const admin = new SecurityHubClient({ ...org.clientConfig(org.securityAccountId), region: 'us-west-2' });
    await admin.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    admin.destroy();
    const saved = { ...process.env };
    Object.assign(process.env, org.envFor(org.securityAccountId));
    let run;
    try {
      run = await runCli(['adopt', '--region', 'us-west-2', '--endpoint-url', org.endpoint, '--output', file]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('us-west-2 is not the aggregation Region');
    expect(run.stderr).toContain('--region us-east-1');
    expect(() => readFileSync(file)).toThrow();
  });

  test('adopt -> synth -> plan imports what exists; apply -> plan has nothing to do', async () => {
    const file = path.join(workspace.root, 'org.yaml');
    // As a person runs it: the administrator and the management account by profile.
    const credentials = path.join(workspace.root, 'credentials');
    writeFileSync(
      credentials,
      `[security]\naws_access_key_id = ${org.securityAccountId}\naws_secret_access_key = local\n[management]\naws_access_key_id = ${MANAGEMENT_ACCOUNT}\naws_secret_access_key = local\n`,
    );
    const saved = { ...process.env };
    Object.assign(process.env, org.envFor(org.securityAccountId), { AWS_SHARED_CREDENTIALS_FILE: credentials });
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    let run;
    try {
      run = await runCli([
        'adopt',
        '--region',
        REGION,
        '--endpoint-url',
        org.endpoint,
        '--profile',
        'security',
        '--management-profile',
        'management',
        '--output',
        file,
      ]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    expect(run.stderr).toMatch(
      /^securityhub adopt: wrote \S+org\.yaml \(1 tier\(s\), \d+ existing resource\(s\) to import\)\n$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /What the first apply would change:[\s\S]*Configuration policy "Workloads baseline" is renamed "workloads-baseline"/,
    );
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`# From configuration policy "Workloads baseline" (${arns.policy})`);
    expect(text).toContain(`# OUs: ${ou} (workloads).`);
    expect(run.stdout).toContain(
      `GuardDuty in us-west-2: the management stack makes ${org.securityAccountId} its delegated administrator (none today).`,
    );
    expect(run.stdout).not.toContain('GuardDuty in us-east-1');
    const config = loadOrganizationConfig(file);
    expect(config.organization.linkedRegions).toEqual([REGION, 'us-west-2']);
    expect(config.tiers).toHaveLength(1);
    expect(config.tiers[0]).toMatchObject({
      name: 'workloads-baseline',
      organizationalUnits: [ou],
      standards: ['standards/aws-foundational-security-best-practices/v/1.0.0'],
    });
    expect(config.tiers[0].disabledControls.map((d) => d.securityControlId)).toEqual(['EC2.2']);
    expect(config.tiers[0].controlParameters).toEqual({ 'ACM.1': { daysToExpiration: 30 } });
    expect(config.adoption).toMatchObject({
      hub: org.securityAccountId,
      findingAggregator: arns.aggregator,
      configurationPolicies: { 'workloads-baseline': arns.policy },
      policyAssociations: { [ou]: ou },
      customActions: { SendToTicket: arns.action },
      automationRules: { 'Suppress low sandbox findings': arns.rule },
      insights: { 'Failed controls by account': arns.insight },
    });
    expect(Object.keys(config.adoption.productSubscriptions)).toEqual(['guardduty']);
    expect(config.adoption.delegatedAdministrators.guardduty).toEqual([REGION]);

    const synthesis = workspace.synth((app) => buildOrganizationStacks(app, config));
    const security = synthesis.stack('security');
    await security.init();
    const changes = await plannedChanges(security, workspace);
    const imported = changes.filter((c) => c.change.importing);
    expect(new Set(imported.map((c) => c.type))).toEqual(new Set(EXISTING_TYPES));
    expect(changes.filter((c) => c.change.actions.includes('delete'))).toEqual([]);
    expect(changes.filter((c) => EXISTING_TYPES.includes(c.type) && c.change.actions.includes('create'))).toEqual([]);

    // Plan review names the adopted policy the apply renames, and flags nothing high.
    const review = await runCli(['plan-review', path.join(workspace.root, 'security.json'), '--format', 'json']);
    const risks = (
      JSON.parse(review.stdout) as {
        stacks: { risks: { rule: string; severity: string; address: string; details: string[] }[] }[];
      }
    ).stacks[0].risks;
    expect(risks.filter((r) => r.severity === 'high')).toEqual([]);
    expect(
      risks.find(
        (r) => r.rule === 'adopted-resource-changed' && r.address.startsWith('aws_securityhub_configuration_policy.'),
      )?.details,
    ).toContain('name: "Workloads baseline" -> "workloads-baseline"');

    const management = synthesis.stack('management');
    await management.init();
    const managementChanges = await plannedChanges(management);
    expect(managementChanges.filter((c) => c.change.actions.includes('delete'))).toEqual([]);
    expect(
      managementChanges.find((c) => c.type === 'aws_securityhub_organization_admin_account')?.change,
    ).toMatchObject({ actions: ['no-op'], importing: { id: org.securityAccountId } });
    const guardDutyHome = managementChanges.find(
      (c) => c.type === 'aws_guardduty_organization_admin_account' && c.change.importing,
    );
    expect(guardDutyHome?.change).toMatchObject({ actions: ['no-op'], importing: { id: org.securityAccountId } });
    expect(
      managementChanges.filter(
        (c) => c.type === 'aws_guardduty_organization_admin_account' && c.change.actions.includes('create'),
      ),
    ).toHaveLength(1);

    await management.apply();
    await security.apply();
    expect((await security.plan()).code).toBe(0);
    expect((await management.plan()).code).toBe(0);
    const hub = org.local.securityhub.state.hubOf(org.securityAccountId, REGION)!;
    expect(hub.configurationPolicies.size).toBe(1);
    expect(hub.actionTargets.size).toBe(1);
    expect(hub.automationRules.size).toBe(1);
    expect(hub.insights.size).toBe(1);
  });
});

describe('adopt an organization in LOCAL configuration', () => {
  let org: LocalOrganization;
  let workspace: StackWorkspace;
  let member: string;

  beforeAll(async () => {
    org = await startLocalOrganization([]);
    workspace = new StackWorkspace(org);
    const organizations = new OrganizationsClient(org.clientConfig(MANAGEMENT_ACCOUNT));
    const request = (
      await organizations.send(new CreateAccountCommand({ AccountName: 'workload', Email: 'workload@example.com' }))
    ).CreateAccountStatus!;
    member = (await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request.Id! })))
      .CreateAccountStatus!.AccountId!;
    organizations.destroy();
    const management = new SecurityHubClient(org.clientConfig(MANAGEMENT_ACCOUNT));
    const admin = new SecurityHubClient(org.clientConfig(org.securityAccountId));
    try {
      await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: org.securityAccountId }));
      await admin.send(
        new EnableSecurityHubCommand({ EnableDefaultStandards: true, ControlFindingGenerator: 'SECURITY_CONTROL' }),
      );
      await admin.send(
        new UpdateOrganizationConfigurationCommand({
          AutoEnable: true,
          AutoEnableStandards: 'DEFAULT',
          OrganizationConfiguration: { ConfigurationType: 'LOCAL' },
        }),
      );
      // EC2.2 off in every enabled standard (a tier can say that); IAM.1 off in FSBP only (a tier cannot).
      const enabled = ((await admin.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions ?? []).map(
        (s) => s.StandardsArn!,
      );
      expect(enabled.length).toBeGreaterThan(1);
      await admin.send(
        new BatchUpdateStandardsControlAssociationsCommand({
          StandardsControlAssociationUpdates: [
            ...enabled.map((StandardsArn) => ({
              StandardsArn,
              SecurityControlId: 'EC2.2',
              AssociationStatus: 'DISABLED' as const,
              UpdatedReason: 'Default VPCs are removed by the account factory',
            })),
            {
              StandardsArn: FSBP,
              SecurityControlId: 'IAM.1',
              AssociationStatus: 'DISABLED',
              UpdatedReason: 'Reviewed by the IAM team',
            },
          ],
        }),
      );
      await admin.send(new CreateMembersCommand({ AccountDetails: [{ AccountId: member }] }));
      const own = new SecurityHubClient(org.clientConfig(member));
      await own.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      own.destroy();
    } finally {
      management.destroy();
      admin.destroy();
    }
  }, 180_000);

  afterAll(async () => {
    await org?.stop();
    workspace?.remove();
  });

  test('a member account is refused and nothing is written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'adopt-')), 'org.yaml');
    const run = await adopt(org, member, ['--output', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`account ${member} is a member account, not the Security Hub delegated administrator`);
    expect(run.stderr).toContain('Nothing was written.');
    expect(() => readFileSync(file)).toThrow();
  });

  test("adopt writes one tier from the administrator's own settings and says LOCAL -> CENTRAL; the plan updates in place, never destroys", async () => {
    const file = path.join(workspace.root, 'org.yaml');
    const run = await adopt(org, org.securityAccountId, ['--output', file]);
    expect(run.stderr).toMatch(
      /^securityhub adopt: wrote \S+org\.yaml \(1 tier\(s\), \d+ existing resource\(s\) to import\)\n$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/LOCAL -> CENTRAL: organization configuration becomes CENTRAL/);
    expect(run.stdout).toMatch(/A finding aggregator is created in us-east-1/);
    expect(run.stdout).toMatch(/Control IAM\.1 is re-enabled in AWS FSBP v1\.0/);
    const config = loadOrganizationConfig(file);
    expect(config.tiers[0].accounts).toEqual([member]);
    expect(config.tiers[0].disabledControls).toContainEqual({
      securityControlId: 'EC2.2',
      reason: 'Default VPCs are removed by the account factory',
    });
    expect(config.adoption.organizationConfiguration).toBe(org.securityAccountId);

    const synthesis = workspace.synth((app) => buildOrganizationStacks(app, config));
    const security = synthesis.stack('security');
    await security.init();
    const changes = await plannedChanges(security);
    expect(changes.filter((c) => c.change.actions.includes('delete'))).toEqual([]);
    expect(changes.find((c) => c.type === 'aws_securityhub_account')?.change.importing).toEqual({
      id: org.securityAccountId,
    });
    expect(changes.find((c) => c.type === 'aws_securityhub_organization_configuration')?.change).toMatchObject({
      actions: ['update'],
      importing: { id: org.securityAccountId },
    });

    await synthesis.stack('management').init();
    await synthesis.stack('management').apply();
    await security.apply();
    expect((await security.plan()).code).toBe(0);
    expect(
      org.local.securityhub.state.hubOf(org.securityAccountId, REGION)?.organizationConfiguration?.configurationType,
    ).toBe('CENTRAL');
  });
});
