import { SecurityhubFindingAggregator, Construct, TerraformStack, type ITerraformDependable } from './framework';
import { ValidationError } from './validation-error';

/**
 * Which Regions feed the aggregation Region: every Region, every Region but some, or a list.
 * The aggregation Region itself is the one the construct's provider points at; NO_REGIONS aggregates
 * nothing but still lets central configuration run in the home Region.
 */
export type RegionLinking =
  | { readonly mode: 'ALL_REGIONS' }
  | { readonly mode: 'NO_REGIONS' }
  | { readonly mode: 'ALL_REGIONS_EXCEPT_SPECIFIED'; readonly regions: readonly string[] }
  | { readonly mode: 'SPECIFIED_REGIONS'; readonly regions: readonly string[] };

/** Properties of {@link FindingAggregator}. */
export interface FindingAggregatorProps {
  /** The Regions whose findings are aggregated. */
  readonly linking: RegionLinking;
  /** The hub of the aggregation Region; the aggregator needs it on. */
  readonly hub: ITerraformDependable;
}

/**
 * The cross-Region finding aggregator in the home Region. Central configuration needs it to
 * exist first: a configuration policy reaches only the Regions linked here.
 */
export class FindingAggregator extends Construct {
  /** The `aws_securityhub_finding_aggregator` resource. */
  public readonly aggregator: SecurityhubFindingAggregator;

  constructor(scope: Construct, id: string, props: FindingAggregatorProps) {
    super(scope, id);
    const { linking } = props;
    if (
      (linking.mode === 'SPECIFIED_REGIONS' || linking.mode === 'ALL_REGIONS_EXCEPT_SPECIFIED') &&
      linking.regions.length === 0
    ) {
      throw new ValidationError(
        this,
        `linking.regions is empty for mode ${linking.mode}; list at least one Region or use ALL_REGIONS.`,
      );
    }
    this.aggregator = new SecurityhubFindingAggregator(this, 'aggregator', {
      linkingMode: linking.mode,
      specifiedRegions: 'regions' in linking ? [...linking.regions].sort() : undefined,
      dependsOn: [props.hub],
    });
    // Another aggregator may be added after this one: the check runs at synth, on the whole stack.
    this.node.addValidation({ validate: () => this.sameAccountAggregators() });
  }

  /**
   * Security Hub keeps one finding aggregator per account (its one aggregation Region), so a second
   * aggregator through the same provider fails at apply. Reported by the later one in the stack.
   */
  private sameAccountAggregators(): string[] {
    const all = TerraformStack.of(this)
      .node.findAll()
      .filter((c): c is FindingAggregator => c instanceof FindingAggregator);
    const earlier = all
      .slice(0, all.indexOf(this))
      .filter((other) => other.aggregator.provider === this.aggregator.provider);
    return earlier.map(
      (other) =>
        `FindingAggregator ${other.node.path} already aggregates findings through the same provider; an account has one finding aggregator (one aggregation Region), so keep one.`,
    );
  }
}
