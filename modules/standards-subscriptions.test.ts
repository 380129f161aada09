import { SecurityhubStandardsSubscription } from './framework';
import { SecurityStandard } from '../domain/security-standard';
import { StandardsSubscriptions } from './standards-subscriptions';
import { ValidationError } from './validation-error';
import { synth, withHub } from '../__tests__/support/synth-constructs';
import type { StandardInput } from './standards-input';

describe('StandardsSubscriptions', () => {
  const build = (standards: readonly StandardInput[]) =>
    synth((s) => {
      new StandardsSubscriptions(s, 'standards', { standards, region: 'eu-west-1', hub: withHub(s) });
    });
  const arns = (standards: readonly StandardInput[]) =>
    Object.values(build(standards).resources[SecurityhubStandardsSubscription.tfResourceType])
      .map((r) => r.standards_arn)
      .sort();

  test('a standards id subscribes exactly as its SecurityStandard does', () => {
    const byConstant = arns([SecurityStandard.PCI_DSS_4_0_1, SecurityStandard.CIS_1_2_0]);
    expect(byConstant).toEqual([
      'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
      'arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1',
    ]);
    expect(arns(['standards/pci-dss/v/4.0.1', 'ruleset/cis-aws-foundations-benchmark/v/1.2.0'])).toEqual(byConstant);
  });

  test('an id that is no standard is refused by name, with the ids that exist', () => {
    const unknown = 'standards/pci-dss/v/9.9.9' as StandardInput;
    expect(() => build([unknown])).toThrow(ValidationError);
    expect(() => build([unknown])).toThrow(
      /standards: "standards\/pci-dss\/v\/9\.9\.9" is not a known standards id; use one of .*standards\/pci-dss\/v\/4\.0\.1/,
    );
  });

  test('the same standard listed once as a constant and once by id is listed twice', () => {
    expect(() => build([SecurityStandard.PCI_DSS_4_0_1, 'standards/pci-dss/v/4.0.1'])).toThrow(
      /standards\/pci-dss\/v\/4\.0\.1 is listed twice/,
    );
  });
});
