import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root';
import { CATALOGUE_DATA, findControl } from '../../domain/control-catalogue';
import { catalogueDate } from '../../domain/catalogue/catalogue-file';
import type { OrganizationConfig } from '../../config/schema';
import type { RunRecord } from '../../remediation-functions/shared/ledger';
import { reportAccounts } from '../report/build-report';
import type { ComplianceTally } from '../report/compliance-tally';
import type { ComplianceReport, StandardScore } from '../report/model';
import type { ReportScope } from '../report/report-scope';
import type { EvidenceFinding } from './evidence-findings';
import { renderEvidencePack, type EvidenceScope, type ExemptionRow } from './evidence-pack';

/** What an evidence pack of one standard is made from, whichever command or function reads the findings. */
export interface EvidenceSources {
  readonly report: ComplianceReport;
  /** The standard's score in the report. */
  readonly standard: StandardScore;
  /** The standard's control findings, in any order. */
  readonly findings: readonly EvidenceFinding[];
  readonly tally: ComplianceTally;
  readonly reportScope: ReportScope;
  /** The aggregation Region read, when known. */
  readonly region: string | undefined;
  readonly organization: string | null;
  /** The period remediation runs were read for. */
  readonly period: { readonly since: string; readonly until: string };
  readonly runs: readonly RunRecord[];
  readonly ledger: EvidenceScope['ledger'];
  /** The organization config, for disabled-control reasons, exemptions and automation rules. */
  readonly config?: OrganizationConfig;
}

/** The pack's files (without manifest.json and SHA256SUMS), its scope, and the findings in pack order. */
export function assembleEvidence(s: EvidenceSources): {
  files: Map<string, string>;
  scope: EvidenceScope;
  findings: EvidenceFinding[];
} {
  const { report, standard } = s;
  const standardsId = standard.standardsId;
  const findings = [...s.findings].sort(
    (a, b) =>
      a.controlId.localeCompare(b.controlId, 'en', { numeric: true }) ||
      a.account.localeCompare(b.account) ||
      a.region.localeCompare(b.region) ||
      a.resourceId.localeCompare(b.resourceId) ||
      a.findingId.localeCompare(b.findingId),
  );
  const accounts = reportAccounts(s.tally, s.reportScope);
  const regions = [
    ...new Set([...findings.map((f) => f.region).filter((r) => r !== ''), ...(s.region ? [s.region] : [])]),
  ].sort();
  const scope: EvidenceScope = {
    organization: s.organization,
    administratorAccount: report.administratorAccount,
    standard: { standardsId, standardsArn: standard.standardsArn, name: standard.name },
    regions,
    accounts,
    dataSource:
      report.source.input !== undefined
        ? { kind: report.source.kind, input: report.source.input }
        : { kind: report.source.kind },
    generatedAt: report.generatedAt,
    period: s.period,
    toolVersion: toolVersion(),
    // The day the ids, titles and membership were taken, as `catalogue list` names it; later
    // supplements (requirement ids) are listed in the catalogue's sources.
    catalogueDate: catalogueDate(CATALOGUE_DATA),
    ledger: s.ledger,
    notes: report.source.notes,
  };
  const files = renderEvidencePack({
    report,
    standard,
    findings,
    exemptions: exemptionsOf(
      s.config,
      standardsId,
      s.reportScope,
      findings,
      report.source.kind === 'export' || report.source.kind === 'athena',
    ),
    runs: s.runs,
    scope,
  });
  return { files, scope, findings };
}

/** Disabled controls, remediation exemptions, suppressing automation rules and suppressed findings of the standard. */
export function exemptionsOf(
  config: OrganizationConfig | undefined,
  standardsId: string,
  scope: ReportScope,
  findings: readonly EvidenceFinding[],
  fromExport = false,
): ExemptionRow[] {
  const rows: ExemptionRow[] = [];
  const inStandard = (id: string) => id === '*' || (findControl(id)?.standardsIds.includes(standardsId) ?? false);
  for (const tier of config?.tiers ?? []) {
    for (const d of tier.disabledControls ?? []) {
      if (inStandard(d.securityControlId))
        rows.push({
          kind: 'disabled-control',
          controlId: d.securityControlId,
          scope: `tier ${tier.name}`,
          owner: '',
          reason: d.reason,
          expires: '',
          source: 'config',
        });
    }
  }
  for (const key of [...scope.disabledControls].sort()) {
    const [s, controlId] = key.split('|');
    if (s === standardsId && !rows.some((r) => r.kind === 'disabled-control' && r.controlId === controlId)) {
      rows.push({
        kind: 'disabled-control',
        controlId,
        scope: 'administrator account',
        owner: '',
        reason: 'disabled in Security Hub (no reason in --config)',
        expires: '',
        source: 'securityhub-api',
      });
    }
  }
  for (const e of config?.remediation.exemptions ?? []) {
    if (!inStandard(e.securityControlId)) continue;
    const parts = [
      ...(e.scope.accounts?.length ? [`accounts ${e.scope.accounts.join(' ')}`] : []),
      ...(e.scope.organizationalUnits?.length ? [`OUs ${e.scope.organizationalUnits.join(' ')}`] : []),
      ...(e.scope.resourceTag ? [`tag ${e.scope.resourceTag.key}=${e.scope.resourceTag.value}`] : []),
    ];
    rows.push({
      kind: 'exemption',
      controlId: e.securityControlId,
      scope: parts.join('; '),
      owner: e.owner,
      reason: e.reason,
      expires: e.expires,
      source: 'config',
    });
  }
  for (const rule of config?.automationRules ?? []) {
    if (rule.actions.workflowStatus !== 'SUPPRESSED') continue;
    rows.push({
      kind: 'automation-rule',
      controlId: '',
      scope: `rule "${rule.name}": ${JSON.stringify(rule.criteria)}`,
      owner: '',
      reason: rule.description,
      expires: '',
      source: 'config',
    });
  }
  for (const f of findings) {
    if (f.workflow !== 'SUPPRESSED') continue;
    rows.push({
      kind: 'suppressed-finding',
      controlId: f.controlId,
      scope: `${f.account}/${f.region}/${f.resourceId}`,
      owner: f.note?.updatedBy ?? '',
      reason: suppressionReason(f, config, fromExport),
      expires: '',
      source: 'findings',
    });
  }
  return rows;
}

/**
 * Why a finding is suppressed, as far as the findings say: its Note (the text, and the UpdatedBy
 * and UpdatedAt written with it), and the automation rule of the config whose note it is. Both are
 * claims, not proof: whoever may update the finding (a member, for its own account's findings)
 * writes the Note's UpdatedBy and may copy a rule's text, so the reason names the fields as the
 * finding holds them rather than saying who acted; Security Hub's finding history records the
 * caller. A finding read from an export has no Note: the reason says so, so an auditor knows where
 * to look.
 */
function suppressionReason(f: EvidenceFinding, config: OrganizationConfig | undefined, fromExport: boolean): string {
  const head = `finding ${f.findingId} is SUPPRESSED (${f.status})`;
  if (!f.note)
    return fromExport
      ? `${head}; the export keeps no Note: the API or a findings file gives the reason`
      : `${head}; it has no Note`;
  const rule = (config?.automationRules ?? []).find(
    (r) => r.actions.workflowStatus === 'SUPPRESSED' && r.actions.note === f.note!.text,
  );
  const fields = [
    f.note.updatedBy && `UpdatedBy ${f.note.updatedBy}`,
    f.note.updatedAt && `UpdatedAt ${f.note.updatedAt}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${head}${rule ? ` with the note of automation rule "${rule.name}"` : ''}: ${f.note.text}${fields ? ` (note's ${fields})` : ''}`;
}

/** The version of this package, from its package.json (or the bundle's build). */
export function toolVersion(): string {
  // A bundled function has no package.json beside it: the bundler writes the version here.
  if (process.env.SECURITYHUB_TOOL_VERSION) return process.env.SECURITYHUB_TOOL_VERSION;
  try {
    return (
      (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ??
      'unknown'
    );
  } catch {
    return 'unknown';
  }
}
