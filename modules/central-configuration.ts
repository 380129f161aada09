import { SecurityhubOrganizationConfiguration, type ITerraformDependable, Construct } from './framework';

/** Properties of {@link CentralConfiguration}. */
export interface CentralConfigurationProps {
  /**
   * The finding aggregator. AWS refuses CENTRAL configuration until the aggregator exists, and
   * Terraform cannot see that from references, so the dependency is explicit.
   */
  readonly findingAggregator: ITerraformDependable;
}

/**
 * Organization configuration of type CENTRAL: the delegated administrator governs every
 * member account and Region through configuration policies. AWS requires auto-enable off and
 * no default standards in this mode; the policies decide both.
 */
export class CentralConfiguration extends Construct {
  /** The `aws_securityhub_organization_configuration` resource; policies depend on it. */
  public readonly organizationConfiguration: SecurityhubOrganizationConfiguration;

  constructor(scope: Construct, id: string, props: CentralConfigurationProps) {
    super(scope, id);
    this.organizationConfiguration = new SecurityhubOrganizationConfiguration(this, 'organization-configuration', {
      autoEnable: false,
      autoEnableStandards: 'NONE',
      organizationConfiguration: { configurationType: 'CENTRAL' },
      dependsOn: [props.findingAggregator],
    });
  }
}
