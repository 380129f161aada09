import type { CommandEntry } from '../command';

/**
 * Every `securityhub` subcommand, one line each, in the order `securityhub --help` lists them.
 * Modules load only when their command runs.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'report',
    summary: 'compliance scores, top failed controls and finding summary',
    load: async () => (await import('./report')).reportCommand,
  },
  {
    name: 'import',
    summary: 'validate ASFF findings and send them with BatchImportFindings',
    load: async () => (await import('./import')).importCommand,
  },
  {
    name: 'plan-review',
    summary: 'review terraform plans for a pull request: changes per stack and security risks',
    load: async () => (await import('./plan-review')).planReviewCommand,
  },
  {
    name: 'coverage',
    summary: 'controls each tier enables and whether each is remediated, exempted, disabled or accepted',
    load: async () => (await import('./coverage')).coverageCommand,
  },
  {
    name: 'catalogue',
    summary: 'refresh the control catalogue from the Security Hub API, or list it',
    load: async () => (await import('./catalogue')).catalogueCommand,
  },
  {
    name: 'export',
    summary: 'write the findings Security Hub holds now into the findings export (backfill), or compact it',
    load: async () => (await import('./export')).exportCommand,
  },
  {
    name: 'evidence',
    summary: 'write an evidence pack for one standard: HTML, CSVs, scope, manifest and SHA256SUMS',
    load: async () => (await import('./evidence')).evidenceCommand,
  },
  {
    name: 'adopt',
    summary: 'write an org config from an organization that already runs Security Hub, adopting what exists',
    load: async () => (await import('./adopt')).adoptCommand,
  },
  {
    name: 'readiness',
    summary: 'check Security Hub, AWS Config, GuardDuty, Inspector and Macie in every member account and Region',
    load: async () => (await import('./readiness')).readinessCommand,
  },
  {
    name: 'rollback',
    summary: 'roll remediation runs back to the state they recorded',
    load: async () => (await import('./rollback')).rollbackCommand,
  },
];
