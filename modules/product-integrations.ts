import { SecurityhubProductSubscription, type ITerraformDependable, Construct } from './framework';
import { ValidationError } from './validation-error';
import { AWS_PRODUCTS, type AwsProductName } from '../domain/product-integrations';

export { AWS_PRODUCTS, type AwsProductName } from '../domain/product-integrations';

/** Properties of {@link ProductIntegrations}. */
export interface ProductIntegrationsProps {
  /** AWS services to import findings from. @default none */
  readonly awsProducts?: readonly AwsProductName[];
  /** Third-party product ARNs (`aws securityhub describe-products`). @default none */
  readonly productArns?: readonly string[];
  /** Region of the hub, for the AWS products' ARNs. */
  readonly region: string;
  /** Partition of that Region. @default aws */
  readonly partition?: string;
  /** The hub; subscriptions need it on. */
  readonly hub: ITerraformDependable;
}

/**
 * Product subscriptions: which integrations may send findings into the hub. The AWS services'
 * own ARNs are regional and owner-less (`arn:aws:securityhub:REGION::product/aws/guardduty`).
 */
export class ProductIntegrations extends Construct {
  /** Subscriptions by product ARN. */
  public readonly subscriptions: ReadonlyMap<string, SecurityhubProductSubscription>;

  constructor(scope: Construct, id: string, props: ProductIntegrationsProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const arns = new Map<string, string>();
    for (const name of props.awsProducts ?? []) {
      const path = AWS_PRODUCTS[name];
      if (!path)
        throw new ValidationError(
          this,
          `unknown AWS product ${JSON.stringify(name)}; allowed: ${Object.keys(AWS_PRODUCTS).join(', ')}.`,
        );
      arns.set(name, `arn:${partition}:securityhub:${props.region}::product/${path}`);
    }
    for (const arn of props.productArns ?? []) arns.set(arn.replace(/^.*:product\//, '').replace(/\//g, '-'), arn);
    const subscriptions = new Map<string, SecurityhubProductSubscription>();
    for (const [key, productArn] of arns) {
      subscriptions.set(
        productArn,
        new SecurityhubProductSubscription(this, key, { productArn, dependsOn: [props.hub] }),
      );
    }
    this.subscriptions = subscriptions;
  }
}
