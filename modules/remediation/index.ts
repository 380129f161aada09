// The library's remediation entry point (`cdktf-securityhub/remediation`): planning from
// remediation settings, the security tier's ledger, functions, runbooks and routing, the member
// execution role, and the two composites that wire them as the project's own stacks do.
export * from '../event-patterns';
export * from '../member-execution-role';
export * from '../remediation-assets';
export * from '../remediation-functions';
export * from '../remediation-ledger';
export * from '../remediation-plan';
export * from '../remediation-routing';
export * from '../remediation-runbooks';
export * from '../security-tier-remediation';
export * from '../workload-tier-remediation';
export { REMEDIATE_ACTION_ID, ROLLBACK_ACTION_ID, REMEDIATIONS, CUSTOM_ACTION_REMEDIATIONS, RUNBOOKS, runbookFor } from '../catalogue/remediations';
