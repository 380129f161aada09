import { App, Testing } from '../../modules/framework';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { reviewPlans } from '../../cli/plan-review/review';
import { ConfigError } from '../../config/problems';
import { READ_DELEGATION_SID } from '../../modules/organizations-read-delegation';
import { buildOrganizationStacks } from '../../stacks/organization';
import { planDocument, resourceChange } from '../cli/plan-review/plan-builders';
import { configFrom, defaultConfigData } from '../support/org-config';
import { offlineTerraformEnv, terraform } from '../support/terraform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A statement Security Hub's delegated administration keeps in the organization's resource policy. */
const SECURITY_HUB_STATEMENT = {
  Sid: 'SecurityHubDelegatedAdminReads',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::222233334444:root' },
  Action: [
    'organizations:DescribeOrganization',
    'organizations:ListAccounts',
    'organizations:ListDelegatedAdministrators',
  ],
  Resource: '*',
};

function managementStack(policy?: Json): Json {
  const data = defaultConfigData();
  if (policy) data.deployment = { ...data.deployment, organizationsResourcePolicy: policy };
  const stacks = buildOrganizationStacks(Testing.app(), configFrom(data));
  return JSON.parse(Testing.synth(stacks.management)) as Json;
}

const resourcePolicyOf = (stack: Json): [string, Json] =>
  Object.entries(stack.resource.aws_organizations_resource_policy as Json)[0] as [string, Json];

describe("OrganizationsReadDelegation: the organization's one resource policy", () => {
  test('alone, the policy holds only the read delegation', () => {
    const [, policy] = resourcePolicyOf(managementStack());
    expect(JSON.parse(policy.content).Statement.map((s: Json) => s.Sid)).toEqual([READ_DELEGATION_SID]);
    expect(policy.import).toBeUndefined();
  });

  test('statements of other services from the config are kept as written, and importId adopts the existing policy', () => {
    const stack = managementStack({ importId: 'rp-1a2b3c4d', additionalStatements: [SECURITY_HUB_STATEMENT] });
    const [name, policy] = resourcePolicyOf(stack);
    const statements = JSON.parse(policy.content).Statement;
    expect(statements.map((s: Json) => s.Sid)).toEqual([READ_DELEGATION_SID, SECURITY_HUB_STATEMENT.Sid]);
    expect(statements[1]).toEqual(SECURITY_HUB_STATEMENT);
    // cdktf writes a Terraform import block for the resource.
    expect(stack.import).toEqual([{ id: 'rp-1a2b3c4d', to: `aws_organizations_resource_policy.${name}` }]);
  });

  test("an apply over the existing policy: without the config's statements plan-review shows the Sid lost (high); with them nothing is lost", () => {
    const [name, withStatements] = resourcePolicyOf(
      managementStack({ additionalStatements: [SECURITY_HUB_STATEMENT] }),
    );
    const [, alone] = resourcePolicyOf(managementStack());
    // What the organization holds today: our statement and Security Hub's, in AWS's order.
    const existing = {
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [SECURITY_HUB_STATEMENT, JSON.parse(alone.content).Statement[0]],
      }),
    };
    const review = (after: Json) =>
      reviewPlans([
        {
          stack: 'management',
          file: 'management.json',
          text: planDocument([
            resourceChange(`aws_organizations_resource_policy.${name}`, 'change', existing, { content: after.content }),
          ]),
        },
      ]).stacks[0].risks;

    const lost = review(alone);
    expect(lost).toMatchObject([
      {
        rule: 'organizations-resource-policy-changed',
        severity: 'high',
        details: ['Statement loses SecurityHubDelegatedAdminReads'],
      },
    ]);
    expect(lost[0].summary).toMatch(
      /loses statement SecurityHubDelegatedAdminReads: add it to deployment.organizationsResourcePolicy.additionalStatements/,
    );
    // Same statements in another order: still a change to that policy (flagged), but nothing lost or changed.
    expect(review(withStatements)).toMatchObject([
      {
        severity: 'high',
        details: [],
        summary: "The organization's resource policy is rewritten with the same statements.",
      },
    ]);
  });

  test("bad statements in the config: no Sid, a Sid twice, the construct's own Sid, an unknown element", () => {
    const problems = (statements: Json[], importId?: string) => {
      try {
        managementStack({ additionalStatements: statements, ...(importId ? { importId } : {}) });
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected the config or the construct to refuse');
    };
    const { Sid: _sid, ...noSid } = SECURITY_HUB_STATEMENT;
    expect(problems([noSid])).toMatch(
      /organizationsResourcePolicy\.additionalStatements\.0\.Sid|additionalStatements\[0\]\.Sid/,
    );
    expect(problems([SECURITY_HUB_STATEMENT, SECURITY_HUB_STATEMENT])).toMatch(
      /additionalStatements\[1\]\.Sid: "SecurityHubDelegatedAdminReads" is the Sid of another statement too; give each statement its own Sid/,
    );
    expect(problems([{ ...SECURITY_HUB_STATEMENT, Sid: READ_DELEGATION_SID }])).toMatch(
      /is the statement this construct writes itself; leave it out of additionalStatements/,
    );
    expect(problems([{ ...SECURITY_HUB_STATEMENT, Actions: ['x'] }])).toMatch(/Actions/);
    expect(problems([], 'p-123')).toMatch(/rp-1a2b3c4d/);
    expect(() => managementStack({ additionalStatements: [noSid] })).toThrow(ConfigError);
  });

  test('terraform validate (real terraform and provider) accepts the import block and the merged policy', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'org-policy-'));
    const app = new App({ outdir });
    const data = defaultConfigData();
    data.deployment = {
      ...data.deployment,
      organizationsResourcePolicy: { importId: 'rp-1a2b3c4d', additionalStatements: [SECURITY_HUB_STATEMENT] },
    };
    buildOrganizationStacks(app, configFrom(data));
    app.synth();
    const cwd = path.join(outdir, 'stacks', 'management');
    const env = offlineTerraformEnv();
    const init = await terraform(['init', '-backend=false', '-input=false', '-no-color'], cwd, env);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
    const validate = JSON.parse((await terraform(['validate', '-json', '-no-color'], cwd, env)).stdout);
    expect(validate).toMatchObject({ valid: true, diagnostics: [] });
  });
});
