import { STANDARDS_TABLE, type StandardsId, type StandardsTableEntry } from '../domain/standards-table';

export type { StandardsId } from '../domain/standards-table';

/**
 * A Security Hub security standard, named the way AWS names it, that builds the
 * partition- and Region-correct ARN for itself.
 *
 * Why a class rather than ARN strings in config: CIS v1.2.0 is the one standard whose
 * ARN is a global `ruleset` ARN with no Region, every other standard is a regional
 * `standards` ARN, and the partition differs in GovCloud and China. Getting one of these
 * wrong is a plan that AWS rejects at apply time, long after review.
 *
 * The standards themselves come from the standards table generated with the control catalogue
 * (domain/standards-table.ts): a standard is added there, by a catalogue refresh, not here.
 */
export class SecurityStandard {
  /** Every standard this project knows, in the order reports list them (the catalogue's standards table). */
  public static readonly ALL: readonly SecurityStandard[] = STANDARDS_TABLE.map((entry) => new SecurityStandard(entry));

  /** CIS AWS Foundations Benchmark v1.2.0 (global `ruleset` ARN). */
  public static readonly CIS_1_2_0 = SecurityStandard.of('ruleset/cis-aws-foundations-benchmark/v/1.2.0');
  /** CIS AWS Foundations Benchmark v1.4.0. */
  public static readonly CIS_1_4_0 = SecurityStandard.of('standards/cis-aws-foundations-benchmark/v/1.4.0');
  /** CIS AWS Foundations Benchmark v3.0.0. */
  public static readonly CIS_3_0_0 = SecurityStandard.of('standards/cis-aws-foundations-benchmark/v/3.0.0');
  /** CIS AWS Foundations Benchmark v5.0.0. */
  public static readonly CIS_5_0_0 = SecurityStandard.of('standards/cis-aws-foundations-benchmark/v/5.0.0');
  /** AWS Foundational Security Best Practices v1.0.0. */
  public static readonly AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0 = SecurityStandard.of(
    'standards/aws-foundational-security-best-practices/v/1.0.0',
  );
  /** PCI DSS v3.2.1. */
  public static readonly PCI_DSS_3_2_1 = SecurityStandard.of('standards/pci-dss/v/3.2.1');
  /** PCI DSS v4.0.1. */
  public static readonly PCI_DSS_4_0_1 = SecurityStandard.of('standards/pci-dss/v/4.0.1');
  /** NIST Special Publication 800-53 Revision 5. */
  public static readonly NIST_800_53_5_0_0 = SecurityStandard.of('standards/nist-800-53/v/5.0.0');
  /** NIST Special Publication 800-171 Revision 2. */
  public static readonly NIST_800_171_2_0_0 = SecurityStandard.of('standards/nist-800-171/v/2.0.0');
  /** AWS Resource Tagging Standard v1.0.0 (the tag-key controls, e.g. ACM.3). */
  public static readonly AWS_RESOURCE_TAGGING_STANDARD_1_0_0 = SecurityStandard.of(
    'standards/aws-resource-tagging-standard/v/1.0.0',
  );

  /**
   * The standard with a standards id the compiler has checked against the catalogue.
   * @throws Error when the generated table lacks it (the table and StandardsId are out of step: regenerate)
   */
  public static of(standardsId: StandardsId): SecurityStandard {
    const found = SecurityStandard.ALL.find((s) => s.standardsId === standardsId);
    if (!found)
      throw new Error(
        `${standardsId} is in StandardsId but not in the standards table; regenerate domain/standards-table.ts with \`npm run generate:catalogue\`.`,
      );
    return found;
  }

  /**
   * Looks a standard up by the id used in config files and in findings
   * (`standards/pci-dss/v/3.2.1`, `ruleset/cis-aws-foundations-benchmark/v/1.2.0`),
   * by a full standards ARN, or by the id without its `standards/`/`ruleset/` prefix.
   * @returns the standard, or undefined when no known standard matches
   */
  public static fromId(idOrArn: string): SecurityStandard | undefined {
    const id = idOrArn.replace(/^arn:[^:]+:securityhub:[^:]*:[^:]*:/, '');
    return SecurityStandard.ALL.find((s) => s.standardsId === id || s.standardsId.split('/').slice(1).join('/') === id);
  }

  /** The config-file ids of every known standard, for error messages. */
  public static knownIds(): StandardsId[] {
    return SecurityStandard.ALL.map((s) => s.standardsId);
  }

  /** The standard's path as it appears in its ARN and in findings' `StandardsId`, e.g. `standards/pci-dss/v/3.2.1`. */
  public readonly standardsId: StandardsId;
  /** The name the Security Hub console shows. */
  public readonly name: string;
  /** A short label for reports and tables. */
  public readonly shortName: string;
  /** True for the one standard with a global, Region-less `ruleset` ARN. */
  public readonly isGlobal: boolean;

  private constructor(entry: StandardsTableEntry) {
    this.standardsId = entry.standardsId;
    this.name = entry.name;
    this.shortName = entry.shortName;
    this.isGlobal = entry.global;
  }

  /**
   * The standard's ARN, as `StandardsArn` in EnableStandards, configuration policies and findings.
   * @param region the Region the hub runs in; ignored for the global CIS v1.2.0 ruleset
   * @param partition `aws`, `aws-cn` or `aws-us-gov`
   */
  public arn(region: string, partition = 'aws'): string {
    return `arn:${partition}:securityhub:${this.isGlobal ? '' : region}::${this.standardsId}`;
  }

  /**
   * The ARN of this standard's subscription in one account, as GetEnabledStandards returns it.
   * @param accountId the 12-digit account that subscribed
   */
  public subscriptionArn(region: string, accountId: string, partition = 'aws'): string {
    const path = this.standardsId.replace(/^ruleset\//, 'subscription/').replace(/^standards\//, 'subscription/');
    return `arn:${partition}:securityhub:${region}:${accountId}:${path}`;
  }
}
