import type { Caller } from './identity';

/**
 * Builders for the ARNs Security Hub hands out, in the formats the service uses, so that code
 * under test that parses them (the provider splits action target ARNs on `/`, for one) works.
 */
function base(caller: Caller, region = caller.region, account = caller.accountId): string {
  return `arn:${caller.partition}:securityhub:${region}:${account}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:hub/default` */
export function hubArn(caller: Caller): string {
  return `${base(caller)}:hub/default`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:action/custom/ID` */
export function actionTargetArn(caller: Caller, id: string): string {
  return `${base(caller)}:action/custom/${id}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:insight/ACCOUNT/custom/UUID` */
export function insightArn(caller: Caller, uuid: string): string {
  return `${base(caller)}:insight/${caller.accountId}/custom/${uuid}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:finding-aggregator/UUID` */
export function findingAggregatorArn(caller: Caller, uuid: string): string {
  return `${base(caller)}:finding-aggregator/${uuid}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:automation-rule/UUID` */
export function automationRuleArn(caller: Caller, uuid: string): string {
  return `${base(caller)}:automation-rule/${uuid}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:configuration-policy/UUID` */
export function configurationPolicyArn(caller: Caller, uuid: string): string {
  return `${base(caller)}:configuration-policy/${uuid}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:security-control/ID` */
export function securityControlArn(caller: Caller, securityControlId: string): string {
  return `${base(caller)}:security-control/${securityControlId}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:control/STANDARD-PATH/CONTROL` for a standard's control. */
export function standardsControlArn(caller: Caller, standardsPath: string, controlId: string): string {
  return `${base(caller)}:control/${standardsPath}/${controlId}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:product-subscription/COMPANY/PRODUCT` */
export function productSubscriptionArn(caller: Caller, productPath: string): string {
  return `${base(caller)}:product-subscription/${productPath}`;
}

/** `arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`, the product for an account's own findings. */
export function defaultProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

export { parseArn, type ParsedArn } from '../../core/arn';
