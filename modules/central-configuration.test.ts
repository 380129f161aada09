import { SecurityhubFindingAggregator, SecurityhubOrganizationConfiguration } from './framework';
import { CentralConfiguration } from './central-configuration';
import { FindingAggregator } from './finding-aggregator';
import { synth, withHub } from '../__tests__/support/synth-constructs';

describe('FindingAggregator and CentralConfiguration', () => {
  test('aggregator depends on the hub, CENTRAL configuration on the aggregator', () => {
    const { resources } = synth((s) => {
      const hub = withHub(s);
      const aggregator = new FindingAggregator(s, 'agg', {
        linking: { mode: 'SPECIFIED_REGIONS', regions: ['us-west-2', 'eu-west-1'] },
        hub,
      });
      new CentralConfiguration(s, 'central', { findingAggregator: aggregator.aggregator });
    });
    const [aggregator] = Object.values(resources[SecurityhubFindingAggregator.tfResourceType]);
    expect(aggregator).toMatchObject({
      linking_mode: 'SPECIFIED_REGIONS',
      specified_regions: ['eu-west-1', 'us-west-2'],
    });
    expect(aggregator.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_account\./)]);
    const [central] = Object.values(resources[SecurityhubOrganizationConfiguration.tfResourceType]);
    expect(central).toMatchObject({
      auto_enable: false,
      auto_enable_standards: 'NONE',
      organization_configuration: { configuration_type: 'CENTRAL' },
    });
    expect(central.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_finding_aggregator\./)]);
  });

  test('ALL_REGIONS has no Region list; an empty list for SPECIFIED_REGIONS is refused', () => {
    const { json } = synth(
      (s) => new FindingAggregator(s, 'agg', { linking: { mode: 'ALL_REGIONS' }, hub: withHub(s) }),
    );
    expect(json).toHaveResourceWithProperties(SecurityhubFindingAggregator, { linking_mode: 'ALL_REGIONS' });
    expect(
      JSON.parse(json).resource.aws_securityhub_finding_aggregator.agg_aggregator_1E3E2B0B?.specified_regions,
    ).toBeUndefined();
    expect(() =>
      synth(
        (s) =>
          new FindingAggregator(s, 'agg', { linking: { mode: 'SPECIFIED_REGIONS', regions: [] }, hub: withHub(s) }),
      ),
    ).toThrow(/linking\.regions is empty for mode SPECIFIED_REGIONS; list at least one Region or use ALL_REGIONS/);
  });
});
