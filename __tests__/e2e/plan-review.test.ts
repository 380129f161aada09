import { CloudwatchEventRule, IamPolicy, SecurityhubStandardsSubscription, type App } from '../../modules/framework';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { OrganizationConfig } from '../../config/schema';
import { buildOrganizationStacks } from '../../stacks/organization';
import type { SecurityStack } from '../../stacks/security-stack';
import { WorkloadTierStack } from '../../stacks/workload-stack';
import { runCli } from '../cli/helpers';
import { startLocalOrganization, type LocalOrganization } from './support/local-organization';
import {
  END_TO_END_OUS,
  endToEndConfig,
  StackWorkspace,
  type ConfigData,
  type Synthesis,
} from './support/stack-workspace';

jest.setTimeout(300_000);

/**
 * What the security stack gets besides the product's resources, standing in for what the
 * remediation wiring and other teams' stacks add: EventBridge rules following the remediation
 * tagging convention, an IAM policy, and a standards subscription made outside central
 * configuration. They give the risk rules real plans for resources the product does not make yet.
 */
interface Extras {
  readonly remediationRules: ReadonlyArray<{
    readonly id: string;
    readonly environments: string;
    readonly controls: readonly string[];
  }>;
  readonly iamStatements: readonly Record<string, unknown>[];
  readonly standardsSubscription: boolean;
}

const BASELINE_EXTRAS: Extras = {
  remediationRules: [
    { id: 's3-public-access', environments: 'production staging', controls: ['S3.2'] },
    { id: 'sandbox-ec2', environments: 'sandbox', controls: ['EC2.19'] },
  ],
  iamStatements: [
    {
      Sid: 'ReadFindings',
      Effect: 'Allow',
      Action: ['securityhub:GetFindings'],
      Resource: 'arn:aws:securityhub:us-east-1:111122223333:hub/default',
    },
  ],
  standardsSubscription: true,
};

function addExtras(security: SecurityStack, extras: Extras): void {
  for (const rule of extras.remediationRules) {
    new CloudwatchEventRule(security, `test-remediation-${rule.id}`, {
      name: `securityhub-remediation-${rule.id}`,
      eventPattern: JSON.stringify({
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Compliance: { Status: ['FAILED'], SecurityControlId: [...rule.controls] },
            RecordState: ['ACTIVE'],
          },
        },
      }),
      tags: {
        'securityhub:remediation-mode': 'auto',
        'securityhub:environment': rule.environments,
        'securityhub:runbook': rule.id,
      },
    });
  }
  new IamPolicy(security, 'test-reader-policy', {
    name: 'securityhub-test-reader',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: extras.iamStatements }),
  });
  if (extras.standardsSubscription) {
    new SecurityhubStandardsSubscription(security, 'test-standards-subscription', {
      standardsArn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
      dependsOn: [security.hub.account],
    });
  }
}

const EXECUTION_ACTIONS = ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'];

interface Review {
  readonly exitCode: number;
  readonly highestSeverity: string | null;
  readonly totals: Record<string, number>;
  readonly stacks: Array<{
    stack: string;
    counts: Record<string, number>;
    risks: Array<{
      rule: string;
      severity: string;
      address: string;
      change: string;
      summary: string;
      details: string[];
    }>;
  }>;
}

// Real plans: the end-to-end organization is applied to local AWS, then the config (or the
// plan mode) changes, `terraform plan -out` + `terraform show -json` renders the plan, and
// `securityhub plan-review` reviews it. Every risk rule is met at least once here.
describe('securityhub plan-review on plans of the stacks against local AWS', () => {
  let org: LocalOrganization;
  let workspace: StackWorkspace;
  let baseline: Synthesis;
  let workloadBaseline: Synthesis;
  let plansDir: string;
  const reviews = new Map<string, Review>();

  const config = (change?: (data: ConfigData) => void): OrganizationConfig => endToEndConfig(org, change);
  const organizationApp = (cfg: OrganizationConfig, extras: Extras) => (app: App) =>
    addExtras(buildOrganizationStacks(app, cfg).security, extras);
  const workloadApp = (cfg: OrganizationConfig, actions: readonly string[]) => (app: App) =>
    new WorkloadTierStack(
      app,
      cfg,
      cfg.tiers.find((t) => t.name === 'production')!,
      {
        roleName: 'securityhub-remediation-execution',
        actions,
        trustedRoleArn: `arn:aws:iam::${org.securityAccountId}:role/securityhub-remediation`,
      },
    );

  /** Saves a plan's JSON as `<name>.json` and reviews it with the command, as JSON. */
  async function review(name: string, planJson: string): Promise<Review> {
    const file = path.join(plansDir, `${name}.json`);
    writeFileSync(file, planJson);
    const run = await runCli(['plan-review', file, '--format', 'json']);
    const parsed = JSON.parse(run.stdout) as Review;
    expect(run.code).toBe(parsed.exitCode);
    // Exit 1 is explained in one stderr line (how many high risks, in which stacks); exit 0 says nothing.
    if (run.code === 1)
      expect(run.stderr).toMatch(
        /^securityhub plan-review: exit 1: \d+ high risks? found, in [^\n]+; see the review\.\n$/,
      );
    else expect(run.stderr).toBe('');
    reviews.set(name, parsed);
    return parsed;
  }

  const risks = (r: Review) => r.stacks.flatMap((s) => s.risks);
  const rulesAt = (r: Review, addressPattern: RegExp) =>
    risks(r)
      .filter((x) => addressPattern.test(x.address))
      .map((x) => `${x.severity} ${x.rule}`)
      .sort();

  beforeAll(async () => {
    org = await startLocalOrganization(END_TO_END_OUS);
    workspace = new StackWorkspace(org);
    plansDir = mkdtempSync(path.join(tmpdir(), 'plans-'));
    baseline = workspace.synth(organizationApp(config(), BASELINE_EXTRAS));
    workloadBaseline = workspace.synth(workloadApp(config(), EXECUTION_ACTIONS));
    for (const stack of [
      baseline.stack('management'),
      baseline.stack('security'),
      workloadBaseline.stack('workload-production'),
    ]) {
      await stack.init();
      await stack.apply().catch((e: Error) => {
        throw new Error(`${e.message}\n--- moto_server output (tail) ---\n${org.local.motoLogs().slice(-4000)}`);
      });
    }
  }, 600_000);

  afterAll(async () => {
    await org?.stop();
    workspace?.remove();
  });

  test('a plan with nothing to do: no changes, no risks, exit 0', async () => {
    const r = await review('security-unchanged', await baseline.stack('security').planJson());
    expect(r).toMatchObject({
      exitCode: 0,
      highestSeverity: null,
      totals: { add: 0, change: 0, destroy: 0, replace: 0, high: 0, medium: 0 },
    });
    expect(r.stacks.map((s) => s.stack)).toEqual(['security-unchanged']);
  });

  test('security: standards, controls, associations, CENTRAL configuration, remediation and IAM changes are flagged on the resources that change', async () => {
    const changed = workspace.synth(
      organizationApp(
        config((data) => {
          const production = data.tiers.find((t: ConfigData) => t.name === 'production');
          production.standards = production.standards.filter((s: string) => !s.includes('pci-dss'));
          production.disabledControls.push({
            securityControlId: 'Config.1',
            reason: 'Recorded by the organization recorder',
          });
          production.organizationalUnits = [org.organizationalUnits['production-apps']];
        }),
        {
          remediationRules: [
            { id: 's3-public-access', environments: 'production staging', controls: ['S3.2', 'S3.3'] },
            { id: 'sandbox-ec2', environments: 'sandbox', controls: ['EC2.19', 'EC2.2'] },
            { id: 'iam-password-policy', environments: 'production', controls: ['IAM.7'] },
          ],
          iamStatements: [
            ...BASELINE_EXTRAS.iamStatements,
            { Sid: 'Everything', Effect: 'Allow', Action: 's3:*', Resource: '*' },
          ],
          standardsSubscription: false,
        },
      ),
    );
    const security = changed.stack('security');
    // The product always configures CENTRAL; a test-only override stands for someone switching it to LOCAL.
    const orgConfig = Object.keys(security.json().resource.aws_securityhub_organization_configuration)[0];
    security.override('local-configuration', {
      resource: {
        aws_securityhub_organization_configuration: {
          [orgConfig]: { organization_configuration: { configuration_type: 'LOCAL' } },
        },
      },
    });
    await security.init();
    const r = await review('security', await security.planJson());

    expect(r.exitCode).toBe(1);
    expect(rulesAt(r, /^aws_securityhub_configuration_policy\.policy-production/)).toEqual([
      'high control-disabled',
      'high standard-disabled',
    ]);
    expect(rulesAt(r, /^aws_securityhub_configuration_policy\.policy-sandbox/)).toEqual([]);
    expect(rulesAt(r, /^aws_securityhub_standards_subscription\./)).toEqual(['high standard-disabled']);
    expect(rulesAt(r, new RegExp(`association-${org.organizationalUnits['production-data']}`))).toEqual([
      'high configuration-policy-association-removed',
    ]);
    expect(rulesAt(r, new RegExp(`association-${org.organizationalUnits['production-apps']}`))).toEqual([]);
    expect(rulesAt(r, /^aws_securityhub_organization_configuration\./)).toEqual([
      'high organization-configuration-left-central',
    ]);
    expect(rulesAt(r, /test-remediation-s3-public-access/)).toEqual(['high production-auto-remediation-enabled']);
    expect(rulesAt(r, /test-remediation-iam-password-policy/)).toEqual(['high production-auto-remediation-enabled']);
    expect(rulesAt(r, /test-remediation-sandbox-ec2/)).toEqual([]);
    expect(rulesAt(r, /^aws_iam_policy\.test-reader-policy/)).toEqual(['high iam-policy-widened']);

    const byRule = (rule: string, address: RegExp) => risks(r).find((x) => x.rule === rule && address.test(x.address))!;
    expect(byRule('standard-disabled', /policy-production/).details).toEqual([
      'enabled_standard_arns loses arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1',
    ]);
    expect(byRule('control-disabled', /policy-production/).details).toEqual([
      'disabled_control_identifiers gains Config.1 (CRITICAL: AWS Config should be enabled and use the service-linked role for resource recording)',
    ]);
    expect(byRule('production-auto-remediation-enabled', /s3-public-access/).details).toEqual([
      'Compliance.SecurityControlId gains S3.3',
    ]);
    expect(byRule('iam-policy-widened', /test-reader-policy/).details).toEqual(
      expect.arrayContaining(['Allow gains s3:*', 'Resource gains "*"']),
    );
  });

  test('management: a weakened guardrail and a detached OU are flagged', async () => {
    const changed = workspace.synth(
      organizationApp(
        config((data) => {
          data.guardrail.exemptRoleNames = ['BreakGlass'];
          data.tiers.find((t: ConfigData) => t.name === 'production').organizationalUnits = [
            org.organizationalUnits['production-apps'],
          ];
        }),
        BASELINE_EXTRAS,
      ),
    );
    const management = changed.stack('management');
    // GUARDED_ACTIONS is a constant; an override stands for an edit that drops actions from the Deny.
    const [policyName, policy] = Object.entries(
      management.json().resource.aws_organizations_policy as Record<string, { content: string }>,
    )[0];
    const content = JSON.parse(policy.content);
    content.Statement[0].Action = content.Statement[0].Action.filter(
      (a: string) => a !== 'securityhub:DisableSecurityHub' && a !== 'guardduty:DeleteDetector',
    );
    management.override('weaker-guardrail', {
      resource: { aws_organizations_policy: { [policyName]: { content: JSON.stringify(content) } } },
    });
    await management.init();
    const r = await review('management', await management.planJson());

    expect(r.exitCode).toBe(1);
    expect(rulesAt(r, /^aws_organizations_policy\./)).toEqual(['high guardrail-weakened', 'medium guardrail-weakened']);
    expect(risks(r).find((x) => x.rule === 'guardrail-weakened' && x.severity === 'high')!.details).toEqual([
      'Deny loses securityhub:DisableSecurityHub',
      'Deny loses guardduty:DeleteDetector',
    ]);
    expect(rulesAt(r, new RegExp(`attachment-${org.organizationalUnits['production-data']}`))).toEqual([
      'high guardrail-detached',
    ]);
    expect(rulesAt(r, new RegExp(`attachment-${org.organizationalUnits['production-apps']}`))).toEqual([]);
  });

  test('management destroyed: every delegated administrator and the guardrail are flagged', async () => {
    const r = await review('management-destroy', await baseline.stack('management').planJson(['-destroy']));
    expect(r.exitCode).toBe(1);
    const delegations = risks(r)
      .filter((x) => x.rule === 'delegated-administrator-removed')
      .map((x) => x.address.split('.')[0])
      .sort();
    expect(delegations).toEqual([
      'aws_guardduty_organization_admin_account',
      'aws_guardduty_organization_admin_account',
      'aws_inspector2_delegated_admin_account',
      'aws_inspector2_delegated_admin_account',
      'aws_macie2_organization_admin_account',
      'aws_macie2_organization_admin_account',
      'aws_organizations_delegated_administrator',
      'aws_organizations_delegated_administrator',
      'aws_securityhub_organization_admin_account',
    ]);
    expect(risks(r).every((x) => x.severity === 'high' && x.change === 'destroy')).toBe(true);
    expect(rulesAt(r, /^aws_organizations_policy\./)).toEqual(['high guardrail-weakened']);
    expect(rulesAt(r, /^aws_organizations_policy_attachment\./)).toEqual(
      Object.keys(org.organizationalUnits).map(() => 'high guardrail-detached'),
    );
  });

  test('security: replacing the finding aggregator is flagged', async () => {
    const security = baseline.stack('security');
    const aggregator = `aws_securityhub_finding_aggregator.${Object.keys(security.json().resource.aws_securityhub_finding_aggregator)[0]}`;
    const r = await review('security-replace-aggregator', await security.planJson([`-replace=${aggregator}`]));
    expect(r.exitCode).toBe(1);
    expect(risks(r).map((x) => `${x.severity} ${x.rule} ${x.address} ${x.change}`)).toEqual([
      `high finding-aggregator-removed ${aggregator} replace`,
    ]);
  });

  test('workload: more actions for the StackSet execution role are a medium risk (exit 0)', async () => {
    const changed = workspace.synth(workloadApp(config(), [...EXECUTION_ACTIONS, 's3:PutBucketPolicy']));
    const workload = changed.stack('workload-production');
    await workload.init();
    const r = await review('workload-production', await workload.planJson());
    expect(r).toMatchObject({ exitCode: 0, highestSeverity: 'medium' });
    expect(risks(r).map((x) => `${x.severity} ${x.rule}`)).toEqual(['medium stack-set-iam-widened']);
    expect(risks(r)[0].details).toEqual(['Allow gains s3:PutBucketPolicy']);
  });

  test('a directory of plans: one Markdown comment with a section per stack, exit 1 for the high risks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-dir-'));
    for (const name of ['management', 'security', 'workload-production']) {
      writeFileSync(path.join(dir, `${name}.json`), readFileSync(path.join(plansDir, `${name}.json`), 'utf8'));
    }
    const run = await runCli(['plan-review', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^securityhub plan-review: exit 1: \d+ high risks found, in management \(\d+\), security \(\d+\); see the review\.\n$/,
    );
    const sections = run.stdout.split('\n').filter((l) => l.startsWith('### '));
    expect(sections.map((l) => /^### `([^`]+)`/.exec(l)![1])).toEqual([
      'management',
      'security',
      'workload-production',
    ]);
    expect(run.stdout).toContain('## Security Hub plan review');
    expect(run.stdout).toMatch(/\*\*\d+ high-risk changes\*\* need a security reviewer's approval/);
    expect(run.stdout).toContain('| **HIGH** | standard disabled |');
  });
});
