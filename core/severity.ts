/**
 * Security Hub's severity labels (ASFF `Severity.Label`), declared once for the catalogue, the
 * config schema, the constructs and the CLI.
 */

/** Security Hub severity labels, as in ASFF `Severity.Label`. */
export type SeverityLabel = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

/** Every severity label, most severe first: the order reports and the coverage matrix list them in. */
export const SEVERITY_LABELS = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
] as const satisfies readonly SeverityLabel[];
