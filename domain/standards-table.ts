// Generated from controls.json by the catalogue generator (`securityhub catalogue refresh` or
// scripts/catalogue/generate.ts). Do not edit: regenerate.

/** Every standard the control catalogue holds, by standards id (`standards/pci-dss/v/4.0.1`). */
export type StandardsId =
  | "standards/cis-aws-foundations-benchmark/v/5.0.0"
  | "standards/cis-aws-foundations-benchmark/v/3.0.0"
  | "standards/cis-aws-foundations-benchmark/v/1.4.0"
  | "ruleset/cis-aws-foundations-benchmark/v/1.2.0"
  | "standards/aws-foundational-security-best-practices/v/1.0.0"
  | "standards/pci-dss/v/4.0.1"
  | "standards/pci-dss/v/3.2.1"
  | "standards/nist-800-53/v/5.0.0"
  | "standards/nist-800-171/v/2.0.0"
  | "standards/aws-resource-tagging-standard/v/1.0.0";

/** One standard: what AWS calls it, how its ARN is built, how its requirements are named. */
export interface StandardsTableEntry {
  /** The standard's path in its ARN and in findings' `StandardsId`. */
  readonly standardsId: StandardsId;
  /** The name the Security Hub console shows. */
  readonly name: string;
  /** A short label for reports and tables. */
  readonly shortName: string;
  /** The version in the standards id, e.g. `4.0.1`. */
  readonly version: string;
  /** True for the one standard with a global, Region-less `ruleset` ARN (CIS v1.2.0). */
  readonly global: boolean;
  /** How AWS's requirement ids of the standard begin, e.g. `PCI DSS v4.0.1/`. */
  readonly requirementPrefix?: string;
  /** How many current controls it included when the catalogue was taken. */
  readonly controlCount: number;
}

/** Every standard, in the order reports list them. */
export const STANDARDS_TABLE: readonly StandardsTableEntry[] = [
  { standardsId: "standards/cis-aws-foundations-benchmark/v/5.0.0", name: "CIS AWS Foundations Benchmark v5.0.0", shortName: "CIS v5.0", version: "5.0.0", global: false, requirementPrefix: "CIS AWS Foundations Benchmark v5.0.0/", controlCount: 40 },
  { standardsId: "standards/cis-aws-foundations-benchmark/v/3.0.0", name: "CIS AWS Foundations Benchmark v3.0.0", shortName: "CIS v3.0", version: "3.0.0", global: false, requirementPrefix: "CIS AWS Foundations Benchmark v3.0.0/", controlCount: 37 },
  { standardsId: "standards/cis-aws-foundations-benchmark/v/1.4.0", name: "CIS AWS Foundations Benchmark v1.4.0", shortName: "CIS v1.4", version: "1.4.0", global: false, requirementPrefix: "CIS AWS Foundations Benchmark v1.4.0/", controlCount: 39 },
  { standardsId: "ruleset/cis-aws-foundations-benchmark/v/1.2.0", name: "CIS AWS Foundations Benchmark v1.2.0", shortName: "CIS v1.2", version: "1.2.0", global: true, requirementPrefix: "CIS AWS Foundations Benchmark v1.2.0/", controlCount: 42 },
  { standardsId: "standards/aws-foundational-security-best-practices/v/1.0.0", name: "AWS Foundational Security Best Practices v1.0.0", shortName: "AWS FSBP v1.0", version: "1.0.0", global: false, controlCount: 376 },
  { standardsId: "standards/pci-dss/v/4.0.1", name: "PCI DSS v4.0.1", shortName: "PCI DSS v4.0.1", version: "4.0.1", global: false, requirementPrefix: "PCI DSS v4.0.1/", controlCount: 142 },
  { standardsId: "standards/pci-dss/v/3.2.1", name: "PCI DSS v3.2.1", shortName: "PCI DSS v3.2.1", version: "3.2.1", global: false, requirementPrefix: "PCI DSS v3.2.1/", controlCount: 44 },
  { standardsId: "standards/nist-800-53/v/5.0.0", name: "NIST Special Publication 800-53 Revision 5", shortName: "NIST 800-53 r5", version: "5.0.0", global: false, requirementPrefix: "NIST.800-53.r5 ", controlCount: 298 },
  { standardsId: "standards/nist-800-171/v/2.0.0", name: "NIST SP 800-171 Revision 2", shortName: "NIST 800-171 r2", version: "2.0.0", global: false, requirementPrefix: "NIST.800-171.r2 ", controlCount: 63 },
  { standardsId: "standards/aws-resource-tagging-standard/v/1.0.0", name: "AWS Resource Tagging Standard v1.0.0", shortName: "AWS Tagging v1.0", version: "1.0.0", global: false, controlCount: 137 },
];
