/**
 * The organization entry point: the hub, standards, central configuration, policies,
 * aggregator, integrations, custom actions, automation rules, insights, notifications, guardrail,
 * delegated administrators and the `ManagementTier` and `SecurityTier` composites. Remediation is
 * its own entry point, `cdktf-securityhub/remediation`.
 * @packageDocumentation
 * @module cdktf-securityhub
 */
export * from './automation-rules';
export * from './central-configuration';
export * from './compliance-review';
export * from './configuration-policy';
export * from '../domain/control-catalogue';
export * from './custom-actions';
export * from './finding-aggregator';
export * from '../domain/finding-filters';
export * from './guardrail-policy';
export * from './insights';
export * from './management-tier';
export * from './notifications';
export * from './organization-admin';
export * from './organizations-read-delegation';
export * from './product-integrations';
export * from './security-hub';
export * from '../domain/security-standard';
export * from './security-tier';
export * from './standards-subscriptions';
export type { StandardInput } from './standards-input';
export * from './state-backend';
export { ValidationError } from './validation-error';
export * from './findings-export';
export * from '../domain/findings-export-layout';
