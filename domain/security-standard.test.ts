import { SecurityStandard } from './security-standard';

describe('SecurityStandard', () => {
  test('CIS 1.2.0 is the global ruleset ARN; the others are regional standards ARNs', () => {
    expect(SecurityStandard.CIS_1_2_0.arn('eu-west-1')).toBe(
      'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
    );
    expect(SecurityStandard.CIS_5_0_0.arn('eu-west-1')).toBe(
      'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
    );
    expect(SecurityStandard.NIST_800_53_5_0_0.arn('us-gov-west-1', 'aws-us-gov')).toBe(
      'arn:aws-us-gov:securityhub:us-gov-west-1::standards/nist-800-53/v/5.0.0',
    );
    expect(SecurityStandard.PCI_DSS_4_0_1.arn('us-east-1')).toBe(
      'arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1',
    );
  });

  test('fromId accepts the config id, the full ARN and the id without prefix; rejects unknown versions', () => {
    expect(SecurityStandard.fromId('standards/pci-dss/v/3.2.1')).toBe(SecurityStandard.PCI_DSS_3_2_1);
    expect(
      SecurityStandard.fromId(
        'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      ),
    ).toBe(SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0);
    expect(SecurityStandard.fromId('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0')).toBe(
      SecurityStandard.CIS_1_2_0,
    );
    expect(SecurityStandard.fromId('cis-aws-foundations-benchmark/v/3.0.0')).toBe(SecurityStandard.CIS_3_0_0);
    expect(SecurityStandard.fromId('standards/pci-dss/v/4.0.0')).toBeUndefined();
  });
});
