import { createHash } from 'node:crypto';
import type { PlanReview } from './review';
import { RISK_RULES, type Severity } from './rules';

/** SARIF `level` by flag severity: high blocks a merge (exit 1), medium informs. */
const LEVEL: Readonly<Record<Severity, 'error' | 'warning'>> = { high: 'error', medium: 'warning' };

/** GitHub code scanning's `security-severity` (0-10): high 8.0 shows as High, medium 5.0 as Medium. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { high: '8.0', medium: '5.0' };

/** The severity a rule flags at most, from its description (`high: ...`, `medium: ...; high: ...`). */
function ruleSeverity(description: string): Severity {
  return /\bhigh\b/.test(description) ? 'high' : 'medium';
}

/**
 * The review as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for GitHub code
 * scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers: one run, every risk
 * rule in `tool.driver.rules`, one result per flag located at the plan file (a plan has no source
 * lines; the resource address is the logical location), with a fingerprint of stack, rule and
 * address so the same flag on the next push is the same alert.
 */
export function renderSarif(review: PlanReview): string {
  const index = new Map(RISK_RULES.map((r, i) => [r.name, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'securityhub plan-review',
            rules: RISK_RULES.map((r) => ({
              id: r.name,
              name: r.name.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[ruleSeverity(r.description)] },
              properties: {
                tags: ['security', 'terraform'],
                'security-severity': SECURITY_SEVERITY[ruleSeverity(r.description)],
              },
            })),
          },
        },
        results: review.stacks.flatMap((s) =>
          s.risks.map((r) => ({
            ruleId: r.rule,
            ...(index.has(r.rule) ? { ruleIndex: index.get(r.rule) } : {}),
            level: LEVEL[r.severity],
            message: { text: [`${r.address} (${r.change}): ${r.summary}`, ...r.details].join('\n') },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: s.file.split('\\').join('/') }, region: { startLine: 1 } },
                logicalLocations: [
                  { fullyQualifiedName: `${s.stack}/${r.address}`, name: r.address, kind: 'resource' },
                ],
              },
            ],
            partialFingerprints: {
              'securityhubPlanReview/v1': createHash('sha256')
                .update(`${s.stack}\u0000${r.rule}\u0000${r.address}`)
                .digest('hex'),
            },
            properties: { stack: s.stack, severity: r.severity, 'security-severity': SECURITY_SEVERITY[r.severity] },
          })),
        ),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
