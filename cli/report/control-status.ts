import { recordStateOf, workflowStatusOf, type AsffFinding } from '../findings/asff';

/**
 * A control's overall status, derived from its findings as the Security Hub user guide
 * ("Evaluating compliance status and control status") defines it.
 */
export type ControlStatus = 'FAILED' | 'UNKNOWN' | 'PASSED' | 'NO_DATA';

/*
 * Statuses are kept as bit sets so that combining findings, accounts or tiers is a bitwise OR and
 * each control costs one small integer per account however many findings it has.
 */
/** Bit for a PASSED finding. */
export const PASSED_BIT = 1;
/** Bit for a WARNING or NOT_AVAILABLE finding. */
export const UNKNOWN_BIT = 2;
/** Bit for a FAILED finding. */
export const FAILED_BIT = 4;

/**
 * The status bit a control finding contributes, or 0 when the user guide says to ignore it:
 * archived findings and suppressed findings do not count towards control status.
 */
export function statusBitOf(finding: AsffFinding): number {
  if (recordStateOf(finding) !== 'ACTIVE' || workflowStatusOf(finding) === 'SUPPRESSED') return 0;
  switch (finding.Compliance?.Status) {
    case 'FAILED':
      return FAILED_BIT;
    case 'WARNING':
    case 'NOT_AVAILABLE':
      return UNKNOWN_BIT;
    case 'PASSED':
      return PASSED_BIT;
    default:
      return 0;
  }
}

/** Any FAILED finding fails the control; else any WARNING/NOT_AVAILABLE makes it UNKNOWN; else PASSED; none is NO DATA. */
export function controlStatusOf(bits: number): ControlStatus {
  if (bits & FAILED_BIT) return 'FAILED';
  if (bits & UNKNOWN_BIT) return 'UNKNOWN';
  if (bits & PASSED_BIT) return 'PASSED';
  return 'NO_DATA';
}
