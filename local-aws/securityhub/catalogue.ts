import {
  CONTROL_CATALOGUE,
  type ControlDefinition,
  type ControlParameterDefinition,
} from '../../domain/control-catalogue';
import { SecurityStandard, type StandardsId } from '../../domain/security-standard';

/**
 * The standards, controls and products the emulator describes. The controls come from the
 * project's own control catalogue (domain/catalogue/controls.json) so there is one list of
 * titles, severities, standards and parameters, not two.
 */

/** A standard as DescribeStandards returns it, plus what the emulator needs to know about it. */
export interface CatalogueStandard {
  readonly standard: SecurityStandard;
  readonly description: string;
  /** Enabled by EnableSecurityHub when EnableDefaultStandards is true, as AWS does. */
  readonly enabledByDefault: boolean;
}

/** DescribeStandards' Description, by standards id; the CIS benchmarks share one sentence (below). */
const DESCRIPTIONS: Readonly<Partial<Record<StandardsId, string>>> = {
  [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0.standardsId]:
    'The AWS Foundational Security Best Practices standard is a set of controls that detect when your deployed accounts and resources deviate from security best practices.',
  [SecurityStandard.NIST_800_53_5_0_0.standardsId]:
    'NIST SP 800-53 Rev. 5 controls for protecting the confidentiality, integrity and availability of information systems.',
  [SecurityStandard.PCI_DSS_3_2_1.standardsId]: 'The Payment Card Industry Data Security Standard (PCI DSS) v3.2.1.',
  [SecurityStandard.PCI_DSS_4_0_1.standardsId]: 'The Payment Card Industry Data Security Standard (PCI DSS) v4.0.1.',
  [SecurityStandard.NIST_800_171_2_0_0.standardsId]:
    'NIST SP 800-171 Rev. 2 requirements for protecting Controlled Unclassified Information in non-federal systems.',
  [SecurityStandard.AWS_RESOURCE_TAGGING_STANDARD_1_0_0.standardsId]:
    'Checks that AWS resources carry the tag keys the organization requires.',
};

/** Every standard the emulator offers, in DescribeStandards order. */
export const STANDARDS: readonly CatalogueStandard[] = SecurityStandard.ALL.map((standard) => ({
  standard,
  description: DESCRIPTIONS[standard.standardsId] ?? `The Center for Internet Security (CIS) ${standard.name}.`,
  enabledByDefault:
    standard === SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0 ||
    standard === SecurityStandard.CIS_1_2_0,
}));

/** Finds a standard by its ARN in any Region (the global CIS v1.2.0 ruleset ARN has none). */
export function standardByArn(arn: string, region: string): CatalogueStandard | undefined {
  const match = /^arn:[^:]+:securityhub:([^:]*)::(.+)$/.exec(arn);
  if (!match) return undefined;
  const found = STANDARDS.find((s) => s.standard.standardsId === match[2]);
  if (!found) return undefined;
  // A regional standard is only offered in the Region its ARN names; the ruleset ARN has no Region.
  if (found.standard.isGlobal ? match[1] !== '' : match[1] !== region) return undefined;
  return found;
}

/** The standard's path without its `standards/` or `ruleset/` prefix, as used in control and subscription ARNs. */
export function standardsPath(standard: SecurityStandard): string {
  return standard.standardsId.replace(/^(standards|ruleset)\//, '');
}

/** Every control the emulator knows. */
export const CONTROLS: readonly ControlDefinition[] = CONTROL_CATALOGUE;

const controlsById = new Map(CONTROLS.map((c) => [c.securityControlId, c]));

/** Finds a control by its security control id. */
export function controlById(securityControlId: string): ControlDefinition | undefined {
  return controlsById.get(securityControlId);
}

/** The controls a standard includes. */
export function controlsOf(standard: SecurityStandard): ControlDefinition[] {
  return CONTROLS.filter((c) => c.standards.includes(standard));
}

/** A control's description, which the catalogue does not keep: derived from its title. */
export function controlDescription(control: ControlDefinition): string {
  return `This control checks the following: ${control.title}.`;
}

/** The console's remediation page for a control. */
export function remediationUrl(securityControlId: string): string {
  return `https://docs.aws.amazon.com/console/securityhub/${securityControlId}/remediation`;
}

/** A parameter's definition as ListSecurityControlDefinitions and GetSecurityControlDefinition return it. */
export function parameterDefinition(parameter: ControlParameterDefinition): Record<string, unknown> {
  const key = PARAMETER_TYPES[parameter.type];
  const options: Record<string, unknown> = {};
  if (parameter.min !== undefined) options.Min = parameter.min;
  if (parameter.max !== undefined) options.Max = parameter.max;
  if (parameter.allowed) options.AllowedValues = [...parameter.allowed];
  if (parameter.maxItems !== undefined) options.MaxItems = parameter.maxItems;
  if (parameter.default !== undefined) options.DefaultValue = parameter.default;
  return { Description: `The ${parameter.name} parameter.`, ConfigurationOptions: { [key]: options } };
}

/** ParameterValue member names by catalogue parameter type. */
export const PARAMETER_TYPES = {
  boolean: 'Boolean',
  double: 'Double',
  enum: 'Enum',
  enumList: 'EnumList',
  integer: 'Integer',
  integerList: 'IntegerList',
  string: 'String',
  stringList: 'StringList',
} as const;

/** A product that can send findings to Security Hub. */
export interface CatalogueProduct {
  /** `company/product`, as in the product ARN. */
  readonly path: string;
  readonly name: string;
  readonly company: string;
  readonly categories: readonly string[];
  readonly integrationTypes: readonly string[];
}

/**
 * A few of the integrations AWS lists, enough to exercise DescribeProducts and product
 * subscriptions. AWS's own integrations (company `aws`) may import findings without a subscription.
 */
export const PRODUCTS: readonly CatalogueProduct[] = [
  {
    path: 'aws/securityhub',
    name: 'Security Hub',
    company: 'AWS',
    categories: ['Compliance'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'aws/guardduty',
    name: 'GuardDuty',
    company: 'Amazon',
    categories: ['Threat Detection'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'aws/inspector',
    name: 'Inspector',
    company: 'Amazon',
    categories: ['Vulnerability'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'aws/macie',
    name: 'Macie',
    company: 'Amazon',
    categories: ['Data Protection'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'aws/access-analyzer',
    name: 'IAM Access Analyzer',
    company: 'AWS',
    categories: ['AWS Service'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'aws/config',
    name: 'Config',
    company: 'AWS',
    categories: ['AWS Service'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'aws/health',
    name: 'Health',
    company: 'AWS',
    categories: ['AWS Service'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'crowdstrike/crowdstrike-falcon',
    name: 'CrowdStrike Falcon',
    company: 'CrowdStrike',
    categories: ['Endpoint Detection and Response (EDR)'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
  {
    path: 'prowler/prowler',
    name: 'Prowler',
    company: 'Prowler',
    categories: ['Compliance'],
    integrationTypes: ['SEND_FINDINGS_TO_SECURITY_HUB'],
  },
];

/** The product ARN for a catalogue product in a Region. */
export function productArn(partition: string, region: string, product: CatalogueProduct): string {
  return `arn:${partition}:securityhub:${region}::product/${product.path}`;
}

/** Finds a catalogue product by its ARN, checking that the ARN's Region is the one given. */
export function productByArn(arn: string, region: string): CatalogueProduct | undefined {
  const match = /^arn:[^:]+:securityhub:([^:]+)::product\/(.+)$/.exec(arn);
  if (!match || match[1] !== region) return undefined;
  return PRODUCTS.find((p) => p.path === match[2]);
}
