import type { SeverityLabelValue } from '../../findings/asff';
import type { ComplianceReport, StandardCounts } from '../model';

/** A whole number with thousands separators, as the report layout shows counts (`1,247`). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A score as `78%`, or `no data` when no control had data. */
export function scoreText(score: number | null): string {
  return score === null ? 'no data' : `${score}%`;
}

/** Severity label as the report's finding summary writes it (`Critical`). */
export function severityWord(label: SeverityLabelValue): string {
  return label.charAt(0) + label.slice(1).toLowerCase();
}

/**
 * The severity parts of the finding summary: the four main labels always, Informational only
 * when non-zero, so that the parts shown add up to the total shown.
 */
export function severityParts(report: ComplianceReport): { label: SeverityLabelValue; count: number }[] {
  const by = report.findings.bySeverity;
  const parts: { label: SeverityLabelValue; count: number }[] = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const).map(
    (label) => ({ label, count: by[label] }),
  );
  if (by.INFORMATIONAL > 0) parts.push({ label: 'INFORMATIONAL', count: by.INFORMATIONAL });
  return parts;
}

/** `CIS v5.0 78% | AWS FSBP v1.0 85%`: one group's scores on one line. */
export function groupScoresLine(standards: readonly StandardCounts[]): string {
  return standards.length === 0
    ? 'no standards'
    : standards.map((s) => `${s.shortName} ${scoreText(s.score)}`).join(' | ');
}

/** What a missing organization or administrator shows, with the way to set it. */
export function orUnknown(value: string | null, how: string): string {
  return value ?? `unknown (${how})`;
}
