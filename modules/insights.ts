import { SecurityhubInsight, type SecurityhubInsightFilters, type ITerraformDependable, Construct } from './framework';
import { slug } from './automation-rules';
import { toProviderFilters, type FindingFilters } from '../domain/finding-filters';

/** One custom insight. */
export interface InsightDefinition {
  /** Insight name. */
  readonly name: string;
  /** Finding attribute results are grouped by, e.g. `AwsAccountId`, `ResourceType`. */
  readonly groupBy: string;
  /** Which findings the insight counts, by API field name. */
  readonly filters: FindingFilters;
}

/** Properties of {@link Insights}. */
export interface InsightsProps {
  /** The insights. */
  readonly insights: readonly InsightDefinition[];
  /** The delegated administrator's hub. */
  readonly hub: ITerraformDependable;
}

/** Security Hub custom insights: saved, grouped finding queries for the console and the API. */
export class Insights extends Construct {
  /** The insight resources, in the order given. */
  public readonly insights: readonly SecurityhubInsight[];

  constructor(scope: Construct, id: string, props: InsightsProps) {
    super(scope, id);
    this.insights = props.insights.map(
      (insight) =>
        new SecurityhubInsight(this, slug(insight.name), {
          name: insight.name,
          groupByAttribute: insight.groupBy,
          filters: toProviderFilters(insight.filters) as SecurityhubInsightFilters,
          dependsOn: [props.hub],
        }),
    );
  }
}
