import type { OrganizationConfig } from '../../config/schema';
import { buildOrganizationStacks } from '../../stacks/organization';
import { EMPTY_INVENTORY, inventory, type Inventory } from './support/leftovers';
import { MANAGEMENT_ACCOUNT, startLocalOrganization, type LocalOrganization } from './support/local-organization';
import { END_TO_END_OUS, endToEndConfig, StackWorkspace, type Synthesis } from './support/stack-workspace';

const REGIONS = ['us-east-1', 'us-west-2'];

// The stacks as `cdktf synth` builds them, applied to local AWS (moto + the Security Hub
// emulator) with the real terraform and AWS provider: apply, a second plan that must find
// nothing to do, destroy, and nothing left behind. A missing terraform, provider or moto_server
// fails here; nothing is skipped.
jest.setTimeout(300_000);

describe('management, security and workload-production against local AWS', () => {
  let org: LocalOrganization;
  let workspace: StackWorkspace;
  let config: OrganizationConfig;
  let synthesis: Synthesis;
  /** What local AWS holds before any stack is applied (moto makes OrganizationAccountAccessRole in a new account). */
  let untouched: Inventory;

  beforeAll(async () => {
    org = await startLocalOrganization(END_TO_END_OUS);
    workspace = new StackWorkspace(org);
    config = endToEndConfig(org);
    synthesis = workspace.synth((app) => buildOrganizationStacks(app, config));
    untouched = await inventory(org, REGIONS);
  }, 120_000);

  afterAll(async () => {
    await org?.stop();
    workspace?.remove();
  });

  const explain = (err: unknown) => {
    throw new Error(
      `${(err as Error).message}\n--- moto_server output (tail) ---\n${org.local.motoLogs().slice(-4000)}`,
    );
  };

  test('management: apply delegates the security services and attaches the guardrail; a second plan has nothing to do', async () => {
    const stack = synthesis.stack('management');
    expect(stack.accountId).toBe(MANAGEMENT_ACCOUNT);
    await stack.init();
    await stack.apply().catch(explain);
    expect((await stack.plan()).code).toBe(0);
    expect(org.local.securityhub.state.organizationAdmins.get('us-east-1')).toBe(org.securityAccountId);
    const now = await inventory(org, REGIONS);
    expect(now.serviceControlPolicies).toEqual(['securityhub-guardrail']);
    expect(now.guardDutyAdmins.sort()).toEqual(REGIONS.map((r) => `${r}/${org.securityAccountId}`));
    expect(now.inspectorAdmins.sort()).toEqual(REGIONS.map((r) => `${r}/${org.securityAccountId}`));
    expect(now.macieAdmins.sort()).toEqual(REGIONS.map((r) => `${r}/${org.securityAccountId}`));
    expect(org.gaps.delegations()).toEqual([
      { accountId: org.securityAccountId, servicePrincipal: 'config.amazonaws.com' },
    ]);
  });

  test('security: apply builds the hub, aggregator, CENTRAL configuration and a policy per tier; a second plan has nothing to do', async () => {
    const stack = synthesis.stack('security');
    expect(stack.accountId).toBe(org.securityAccountId);
    await stack.init();
    await stack.apply().catch(explain);
    expect((await stack.plan()).code).toBe(0);
    const hub = org.local.securityhub.state.hubOf(org.securityAccountId, 'us-east-1')!;
    expect(hub.organizationConfiguration?.configurationType).toBe('CENTRAL');
    expect(hub.aggregator?.linkingMode).toBe('SPECIFIED_REGIONS');
    expect([...hub.configurationPolicies.values()].map((p) => p.name).sort()).toEqual([
      'production',
      'sandbox',
      'staging',
    ]);
    expect([...hub.policyAssociations.keys()].sort()).toEqual(Object.values(org.organizationalUnits).sort());
  });

  test('workload-production: apply and a second plan has nothing to do; its StackSets are in CloudFormation', async () => {
    const stack = synthesis.stack('workload-production');
    await stack.init();
    await stack.apply().catch(explain);
    expect((await stack.plan()).code).toBe(0);
    const declared = Object.values(
      (stack.json().resource?.aws_cloudformation_stack_set ?? {}) as Record<string, { name: string }>,
    ).map((s) => `${MANAGEMENT_ACCOUNT}/us-east-1/${s.name}`);
    expect((await inventory(org, REGIONS)).stackSets.sort()).toEqual(declared.sort());
  });

  test('destroy leaves nothing behind in the emulator or moto', async () => {
    await synthesis.stack('workload-production').destroy().catch(explain);
    // AWS refuses DisableSecurityHub in the delegated administrator account while the delegation
    // stands (the emulator too), so a plain reverse-order destroy cannot remove the security
    // stack's hub: everything else in security goes first, then management (the delegation),
    // then the hub. docs/local-end-to-end.md describes the same order for real organizations.
    const security = synthesis.stack('security');
    const allButHub = (await security.stateList()).filter(
      (address) => !address.startsWith('aws_securityhub_account.') && !address.startsWith('data.'),
    );
    await security
      .must(['destroy', '-auto-approve', '-input=false', ...allButHub.map((a) => `-target=${a}`)])
      .catch(explain);
    expect((await security.stateList()).filter((address) => !address.startsWith('data.'))).toEqual([
      expect.stringMatching(/^aws_securityhub_account\./),
    ]);
    await synthesis.stack('management').destroy().catch(explain);
    await security.destroy().catch(explain);
    expect(untouched).toEqual({
      ...EMPTY_INVENTORY,
      iamRoles: [`${org.securityAccountId}/OrganizationAccountAccessRole`],
    });
    expect(await inventory(org, REGIONS)).toEqual(untouched);
  });
});
