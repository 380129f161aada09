import { SecurityhubAccount } from './framework';
import { SecurityHub } from './security-hub';
import { synth } from '../__tests__/support/synth-constructs';

describe('SecurityHub', () => {
  test('turns the hub on without default standards and with consolidated control findings', () => {
    const { json } = synth((s) => new SecurityHub(s, 'hub'));
    expect(json).toHaveResourceWithProperties(SecurityhubAccount, {
      enable_default_standards: false,
      control_finding_generator: 'SECURITY_CONTROL',
      auto_enable_controls: true,
    });
  });
});
