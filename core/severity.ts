/**
 * Security Hub's severity labels (ASFF `Severity.Label`), declared once for the catalogue, the
 * config schema, the constructs and the CLI.
 */

/** Every severity label, most severe first: the order reports and the coverage matrix list them in. */
export const SEVERITY_LABELS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

/** One of {@link SEVERITY_LABELS}. */
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];
