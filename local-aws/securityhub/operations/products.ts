import { productSubscriptionArn } from '../arns';
import { productArn, productByArn, PRODUCTS } from '../catalogue';
import { conflict, invalidInput, notFound } from '../errors';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import { readString } from '../validate';

/** Integrations: the products that can send findings, and the account's subscriptions to them. */
export const PRODUCT_OPERATIONS: readonly Operation[] = [
  {
    name: 'DescribeProducts',
    method: 'GET',
    path: '/products',
    handler: (ctx) => {
      const { caller, state, query } = ctx;
      const maxResults = readMaxResults(ctx, 100);
      state.requireHub(caller);
      const wanted = query.get('ProductArn');
      const products = PRODUCTS.filter((p) => !wanted || productArn(caller.partition, caller.region, p) === wanted).map(
        (p) => ({
          ProductArn: productArn(caller.partition, caller.region, p),
          ProductName: p.name,
          CompanyName: p.company,
          Description: `${p.company} ${p.name} findings in Security Hub.`,
          Categories: [...p.categories],
          IntegrationTypes: [...p.integrationTypes],
        }),
      );
      const page = state.tokens.page(
        products,
        scopeOf('DescribeProducts', caller.accountId, caller.region, { wanted }),
        { nextToken: readNextToken(ctx), maxResults },
      );
      return compact({ Products: page.items, NextToken: page.nextToken });
    },
  },
  {
    name: 'EnableImportFindingsForProduct',
    method: 'POST',
    path: '/productSubscriptions',
    handler: ({ caller, state, body }) => {
      const arn = readString(body, 'ProductArn', { required: true });
      const hub = state.requireHub(caller);
      const product = productByArn(arn, caller.region);
      if (!product) throw invalidInput(`Product ${arn} does not exist in ${caller.region}`);
      if (hub.productSubscriptions.has(arn))
        throw conflict(`Account ${caller.accountId} is already subscribed to product ${arn}`);
      const subscription = productSubscriptionArn(caller, product.path);
      hub.productSubscriptions.set(arn, subscription);
      return { ProductSubscriptionArn: subscription };
    },
  },
  {
    name: 'DisableImportFindingsForProduct',
    method: 'DELETE',
    path: '/productSubscriptions/{ProductSubscriptionArn+}',
    handler: ({ caller, state, params }) => {
      const hub = state.requireHub(caller);
      for (const [product, subscription] of hub.productSubscriptions) {
        if (subscription === params.ProductSubscriptionArn) {
          hub.productSubscriptions.delete(product);
          return {};
        }
      }
      throw notFound(`Product subscription ${params.ProductSubscriptionArn} not found`);
    },
  },
  {
    name: 'ListEnabledProductsForImport',
    method: 'GET',
    path: '/productSubscriptions',
    handler: (ctx) => {
      const { caller, state } = ctx;
      const maxResults = readMaxResults(ctx, 100);
      const hub = state.requireHub(caller);
      const page = state.tokens.page(
        [...hub.productSubscriptions.values()],
        scopeOf('ListEnabledProductsForImport', caller.accountId, caller.region, {}),
        {
          nextToken: readNextToken(ctx),
          maxResults,
        },
      );
      return compact({ ProductSubscriptions: page.items, NextToken: page.nextToken });
    },
  },
];
