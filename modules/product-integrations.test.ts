import { SecurityhubProductSubscription } from './framework';
import { ProductIntegrations } from './product-integrations';
import { synth, withHub } from '../__tests__/support/synth-constructs';

describe('ProductIntegrations', () => {
  test('AWS products get owner-less regional ARNs; third-party ARNs pass through', () => {
    const { json } = synth(
      (s) =>
        new ProductIntegrations(s, 'p', {
          awsProducts: ['guardduty', 'inspector', 'macie'],
          productArns: ['arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon'],
          region: 'us-east-1',
          hub: withHub(s),
        }),
    );
    for (const p of ['aws/guardduty', 'aws/inspector', 'aws/macie', 'crowdstrike/crowdstrike-falcon']) {
      expect(json).toHaveResourceWithProperties(SecurityhubProductSubscription, {
        product_arn: `arn:aws:securityhub:us-east-1::product/${p}`,
      });
    }
  });

  test('an unknown AWS product is refused', () => {
    expect(() =>
      synth(
        (s) =>
          new ProductIntegrations(s, 'p', { awsProducts: ['shield' as never], region: 'us-east-1', hub: withHub(s) }),
      ),
    ).toThrow(/unknown AWS product "shield"; allowed: guardduty, inspector, macie/);
  });
});
