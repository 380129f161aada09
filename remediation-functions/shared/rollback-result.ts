import type { DriftChange } from '../runbooks/types';

/** Where a rollback result points: the run and, when known, its finding. */
interface RollbackSubject {
  readonly runId?: string;
  readonly findingId?: string;
}

/** The run's before-state is back. */
export interface RolledBack extends RollbackSubject {
  readonly kind: 'ROLLED_BACK';
  readonly runId: string;
  /** The changes the rollback undid. */
  readonly undone: readonly string[];
  /** What a person had changed since the run, restored over on purpose (`--force`). */
  readonly forcedOver?: readonly DriftChange[];
}

/** The resource changed since the run; nothing was restored. `securityhub rollback RUN_ID --force` restores it anyway. */
export interface RefusedDrift extends RollbackSubject {
  readonly kind: 'REFUSED_DRIFT';
  readonly runId: string;
  readonly drift: readonly DriftChange[];
  readonly reason: string;
}

/**
 * Nothing was done, for a reason that is not drift:
 * - `NOT_FOUND`: no such run in the ledger, no such finding in Security Hub, or no run of the finding changed anything;
 * - `ALREADY_ROLLED_BACK`, `IN_PROGRESS` (another rollback of the run started within its lease);
 * - `NOTHING_TO_ROLL_BACK`: the run changed nothing, or its runbook has no rollback;
 * - `REFUSED`: a trust check failed (the finding or the run it names is not what the request says).
 */
export interface RollbackRefused extends RollbackSubject {
  readonly kind: 'NOT_FOUND' | 'ALREADY_ROLLED_BACK' | 'IN_PROGRESS' | 'NOTHING_TO_ROLL_BACK' | 'REFUSED';
  readonly reason: string;
}

/** The rollback was tried and failed part-way (an AWS error, a role that cannot be assumed); the ledger keeps the error. */
export interface RollbackFailed extends RollbackSubject {
  readonly kind: 'FAILED';
  readonly reason: string;
}

/** What one rollback did, as every part passes it on: the services, both functions, the command. */
export type RollbackResult = RolledBack | RefusedDrift | RollbackRefused | RollbackFailed;

/** Every kind, for checking a result read back from another function's answer. */
export const ROLLBACK_RESULT_KINDS: readonly RollbackResult['kind'][] = [
  'ROLLED_BACK',
  'REFUSED_DRIFT',
  'NOT_FOUND',
  'ALREADY_ROLLED_BACK',
  'IN_PROGRESS',
  'NOTHING_TO_ROLL_BACK',
  'REFUSED',
  'FAILED',
];

/** A result as another function answered it, or undefined when it is not one (a function of another version, a broken answer). */
export function rollbackResultOf(value: unknown): RollbackResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (!ROLLBACK_RESULT_KINDS.includes(r.kind as RollbackResult['kind'])) return undefined;
  if (r.kind === 'ROLLED_BACK')
    return Array.isArray(r.undone) && typeof r.runId === 'string' ? (value as RolledBack) : undefined;
  if (typeof r.reason !== 'string') return undefined;
  if (r.kind === 'REFUSED_DRIFT' && !Array.isArray(r.drift)) return undefined;
  return value as RollbackResult;
}
