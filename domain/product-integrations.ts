/** AWS services whose findings Security Hub can import, by the product path AWS gives them. */
export const AWS_PRODUCTS = {
  guardduty: 'aws/guardduty',
  inspector: 'aws/inspector',
  macie: 'aws/macie',
  config: 'aws/config',
  'access-analyzer': 'aws/access-analyzer',
  'firewall-manager': 'aws/firewall-manager',
  health: 'aws/health',
  'ssm-patch-manager': 'aws/ssm-patch-manager',
} as const;

/** A short name from {@link AWS_PRODUCTS}. */
export type AwsProductName = keyof typeof AWS_PRODUCTS;
