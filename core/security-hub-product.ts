/**
 * Security Hub's own product: the only product under which Security Hub itself files control
 * findings. Any member account can import findings under its own default product
 * (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`) with any control
 * id and status it likes, so remediation rules, the remediation functions and the compliance
 * report all accept a control finding only under this exact ARN.
 */

/**
 * Security Hub's own product ARN as a regular expression source: any partition (`aws`, `aws-cn`,
 * `aws-us-gov`, `aws-iso-b`, ...), a Region code, and no account. The functions, the SSM documents'
 * allowed pattern and the export's SQL all match with this one expression.
 */
export const SECURITY_HUB_PRODUCT_ARN_PATTERN =
  '^arn:aws(?:-[a-z]+)*:securityhub:[a-z]{2}(?:-[a-z]+)+-\\d::product/aws/securityhub$';

const OWN_PRODUCT_ARN = new RegExp(SECURITY_HUB_PRODUCT_ARN_PATTERN);

/**
 * The ARN of Security Hub's own product in a partition and Region.
 * @example securityHubProductArn('aws', 'us-east-1') // 'arn:aws:securityhub:us-east-1::product/aws/securityhub'
 */
export function securityHubProductArn(partition: string, region: string): string {
  return `arn:${partition}:securityhub:${region}::product/aws/securityhub`;
}

/**
 * The products of AWS's own services as a regular expression source: `product/aws/<service>`
 * (Security Hub itself, GuardDuty, Inspector, Macie, ...) with no account, any partition and Region.
 * Only the AWS service files findings under these: a member account's BatchImportFindings takes
 * only its own default product (`product/<account>/default`) or an allow-listed partner's.
 * Custom actions with their own runbook (IsolateInstance) accept them, because a person picks
 * them on a GuardDuty or Inspector finding as often as on a control finding.
 */
export const AWS_SERVICE_PRODUCT_ARN_PATTERN =
  '^arn:aws(?:-[a-z]+)*:securityhub:[a-z]{2}(?:-[a-z]+)+-\\d::product/aws/[a-z][a-z0-9-]{0,63}$';

const AWS_SERVICE_PRODUCT_ARN = new RegExp(AWS_SERVICE_PRODUCT_ARN_PATTERN);

/**
 * True when `productArn` is the product of an AWS service (see {@link AWS_SERVICE_PRODUCT_ARN_PATTERN}),
 * Security Hub's own included.
 */
export function isAwsServiceProductArn(productArn: unknown): productArn is string {
  return typeof productArn === 'string' && AWS_SERVICE_PRODUCT_ARN.test(productArn);
}

/**
 * True when `productArn` is exactly Security Hub's own product ARN (any partition and Region),
 * with an empty account field: what only Security Hub's own control checks produce.
 */
export function isSecurityHubProductArn(productArn: unknown): productArn is string {
  return typeof productArn === 'string' && OWN_PRODUCT_ARN.test(productArn);
}
