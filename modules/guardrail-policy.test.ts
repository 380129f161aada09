import { OrganizationsPolicy, OrganizationsPolicyAttachment } from './framework';
import { GuardrailPolicy } from './guardrail-policy';
import { synth } from '../__tests__/support/synth-constructs';

describe('GuardrailPolicy', () => {
  test('denies disabling each security service and is attached to every target', () => {
    const { json, resources } = synth(
      (s) =>
        new GuardrailPolicy(s, 'g', {
          targets: ['ou-ab12-cd34ef56', 'ou-ab12-zz34ef56'],
          exemptRoleNames: ['OrganizationAccountAccessRole'],
        }),
    );
    const [policy] = Object.values(resources[OrganizationsPolicy.tfResourceType]);
    const statement = JSON.parse(policy.content).Statement[0];
    expect(statement.Effect).toBe('Deny');
    for (const action of [
      'securityhub:DisableSecurityHub',
      'securityhub:BatchDisableStandards',
      'securityhub:DisassociateFromAdministratorAccount',
      'guardduty:DeleteDetector',
      'inspector2:Disable',
      'macie2:DisableMacie',
      'config:StopConfigurationRecorder',
    ]) {
      expect(statement.Action).toContain(action);
    }
    expect(statement.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalARN': ['arn:*:iam::*:role/OrganizationAccountAccessRole'] },
    });
    expect(json).toHaveResourceWithProperties(OrganizationsPolicyAttachment, { target_id: 'ou-ab12-zz34ef56' });
  });

  test('no targets is refused', () => {
    expect(() => synth((s) => new GuardrailPolicy(s, 'g', { targets: [] }))).toThrow(/targets is empty/);
  });
});
