import { AwsProvider } from './framework';
import { OrganizationAdmin } from './organization-admin';
import { synth } from '../__tests__/support/synth-constructs';

describe('OrganizationAdmin', () => {
  test('delegates every service, per Region for the regional ones', () => {
    const { resources } = synth((s) => {
      const home = new AwsProvider(s, 'home', { region: 'us-east-1', alias: 'us-east-1' });
      const west = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'us-west-2' });
      new OrganizationAdmin(s, 'admin', {
        adminAccountId: '111122223333',
        managementAccountId: '999988887777',
        regionalProviders: [home, west],
      });
    });
    expect(Object.keys(resources.aws_securityhub_organization_admin_account)).toHaveLength(1);
    expect(Object.keys(resources.aws_guardduty_organization_admin_account)).toHaveLength(2);
    expect(Object.keys(resources.aws_inspector2_delegated_admin_account)).toHaveLength(2);
    expect(Object.keys(resources.aws_macie2_organization_admin_account)).toHaveLength(2);
    expect(
      Object.values(resources.aws_organizations_delegated_administrator)
        .map((r) => r.service_principal)
        .sort(),
    ).toEqual(['config-multiaccountsetup.amazonaws.com', 'config.amazonaws.com']);
  });

  test('the management account cannot administer itself', () => {
    expect(() =>
      synth(
        (s) =>
          new OrganizationAdmin(s, 'admin', {
            adminAccountId: '999988887777',
            managementAccountId: '999988887777',
            regionalProviders: [new AwsProvider(s, 'p', { region: 'us-east-1', alias: 'p' })],
          }),
      ),
    ).toThrow(/adminAccountId 999988887777 is the management account/);
  });
});
