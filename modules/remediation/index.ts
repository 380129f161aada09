/**
 * The remediation entry point: planning from remediation settings, the security tier's ledger,
 * functions, runbooks and routing, the member execution role, and the `SecurityTierRemediation`
 * and `WorkloadTierRemediation` composites that wire them as the project's own stacks do.
 * @packageDocumentation
 * @module cdktf-securityhub/remediation
 */
export * from '../event-patterns';
export * from '../member-execution-role';
export * from '../remediation-assets';
export * from '../remediation-functions';
export * from '../remediation-ledger';
export * from '../../domain/remediation-plan';
export * from '../remediation-routing';
export * from '../remediation-runbooks';
export * from '../security-tier-remediation';
export * from '../workload-tier-remediation';
export {
  REMEDIATE_ACTION_ID,
  ROLLBACK_ACTION_ID,
  REMEDIATIONS,
  CUSTOM_ACTION_REMEDIATIONS,
  RUNBOOKS,
  runbookFor,
} from '../../domain/catalogue/remediations';
