import { defaultProductArn, parseArn } from '../arns';
import { productByArn } from '../catalogue';
import type { Caller } from '../identity';
import type { EmulatorState } from '../state';
import type { JsonObject } from '../validate';
import {
  checkFinding,
  CUSTOMER_ONLY,
  CUSTOMER_OVERRIDABLE,
  normalizeFinding,
  type ImportProblem,
  type ProductNames,
} from './asff';
import { applyAutomationRules } from './automation';

/** How a finding arrives: through BatchImportFindings from a caller, or loaded as seed data. */
export interface ImportSource {
  /** The importing caller; absent for seed data, which skips the caller checks. */
  readonly caller?: Caller;
  /** The Region the finding is imported into when it names none. */
  readonly region: string;
  readonly now: string;
}

function problem(code: string, message: string): ImportProblem {
  return { code, message };
}

/** The product names Security Hub fills in, from the catalogue or the product ARN itself. */
function productNames(productArn: string, region: string): ProductNames {
  const product = productByArn(productArn, region);
  if (product) return { productName: product.name, companyName: product.company };
  const path = /:product\/([^/]+)\/(.+)$/.exec(productArn);
  if (path && path[2] === 'default') return { productName: 'Default', companyName: 'Personal' };
  return { productName: path?.[2] ?? 'Unknown', companyName: path?.[1] ?? 'Unknown' };
}

/**
 * Checks that the caller may import this finding, as BatchImportFindings does for an account:
 * the product ARN is in the caller's Region; the finding is about the caller's own account (the
 * documented rule for the default product and for integrations sending from a customer's
 * account); the product is the caller's own default product or a partner product it enabled with
 * EnableImportFindingsForProduct. AWS services' products (`product/aws/<service>`: Security Hub's
 * control findings, GuardDuty, Inspector, ...) take findings only from those services, never
 * from an account, and another account's default product is that account's alone.
 */
function checkCaller(state: EmulatorState, caller: Caller, finding: JsonObject): ImportProblem | undefined {
  const productArn = String(finding.ProductArn);
  const arn = parseArn(productArn);
  if (!arn || arn.service !== 'securityhub' || !arn.resource.startsWith('product/'))
    return problem('InvalidInput', `ProductArn ${productArn} is not a valid product ARN`);
  if (arn.region !== caller.region)
    return problem('InvalidInput', `ProductArn ${productArn} is not in Region ${caller.region}`);
  if (finding.AwsAccountId !== caller.accountId) {
    return problem(
      'AccessDeniedException',
      `Account ${caller.accountId} is not allowed to import findings for account ${String(finding.AwsAccountId)}`,
    );
  }
  if (productArn === defaultProductArn(caller.partition, caller.region, caller.accountId)) return undefined;
  if (/^product\/[^/]+\/default$/.test(arn.resource)) {
    return problem(
      'AccessDeniedException',
      `Account ${caller.accountId} is not allowed to import findings under ${productArn}, another account's default product; its own is ${defaultProductArn(caller.partition, caller.region, caller.accountId)}`,
    );
  }
  if (arn.resource.startsWith('product/aws/')) {
    return problem(
      'AccessDeniedException',
      `Account ${caller.accountId} is not allowed to import findings under ${productArn}: only the AWS service itself sends findings under an AWS product`,
    );
  }
  const product = productByArn(productArn, caller.region);
  if (!product) return problem('InvalidInput', `Product ${productArn} does not exist`);
  if (!state.requireHub(caller).productSubscriptions.has(productArn)) {
    return problem('AccessDeniedException', `Account ${caller.accountId} is not subscribed to product ${productArn}`);
  }
  return undefined;
}

/**
 * Imports one finding, creating it or updating the one with the same ProductArn and Id.
 *
 * On update the original CreatedAt is kept and UpdatedAt must be later than the stored one;
 * Note, UserDefinedFields, VerificationState and Workflow stay as customers set them, and
 * Confidence, Criticality, RelatedFindings, Severity and Types stay once a customer changed them
 * with BatchUpdateFindings (the provider's values still land in FindingProviderFields).
 * @returns the problem that stopped the import, or undefined when the finding was stored
 */
export function importFinding(state: EmulatorState, raw: unknown, source: ImportSource): ImportProblem | undefined {
  const formatProblem = checkFinding(raw);
  if (formatProblem) return formatProblem;
  const incoming = raw as JsonObject;
  if (source.caller) {
    const callerProblem = checkCaller(state, source.caller, incoming);
    if (callerProblem) return callerProblem;
  }
  const productArn = String(incoming.ProductArn);
  const region =
    source.caller?.region ??
    (typeof incoming.Region === 'string' && incoming.Region
      ? incoming.Region
      : parseArn(productArn)?.region || source.region);
  let finding = normalizeFinding({ ...incoming, Region: region }, region, productNames(productArn, region), source.now);
  const existing = state.findings.get(productArn, String(incoming.Id));
  // A partner product's findings of every customer share its ProductArn: the Id of one account's
  // finding must not let another account replace it.
  if (existing && source.caller && existing.finding.AwsAccountId !== source.caller.accountId) {
    return problem(
      'AccessDeniedException',
      `Account ${source.caller.accountId} is not allowed to update finding ${String(incoming.Id)}, which is a finding of account ${String(existing.finding.AwsAccountId)}`,
    );
  }
  if (existing) {
    if (Date.parse(String(incoming.UpdatedAt)) <= Date.parse(String(existing.finding.UpdatedAt))) {
      return problem(
        'InvalidInput',
        `Finding ${String(incoming.Id)} was not updated: UpdatedAt must be later than the stored UpdatedAt ${String(existing.finding.UpdatedAt)}`,
      );
    }
    finding.CreatedAt = existing.finding.CreatedAt;
    for (const member of CUSTOMER_ONLY) {
      if (existing.finding[member] !== undefined) finding[member] = existing.finding[member];
      else delete finding[member];
    }
    for (const member of CUSTOMER_OVERRIDABLE) {
      if (existing.customerUpdated.has(member)) finding[member] = existing.finding[member];
    }
  }
  finding = applyAutomationRules(state, finding, String(finding.AwsAccountId), region, source.now);
  state.findings.put(finding, String(finding.AwsAccountId), region);
  return undefined;
}
