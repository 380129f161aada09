import { findControl } from '../../domain/control-catalogue';
import { compareRequirementIds } from '../../domain/catalogue/requirement-standards';
import type { RunRecord } from '../../remediation-functions/shared/ledger';
import { csvCell } from '../report/formats/csv';
import { compareControlIds } from '../report/build-report';
import { controlStatusOf, FAILED_BIT, PASSED_BIT, UNKNOWN_BIT, type ControlStatus } from '../report/control-status';
import type { ComplianceReport, ControlResult, StandardScore } from '../report/model';
import { isFailing, type EvidenceFinding } from './evidence-findings';
import { renderEvidenceHtml } from './evidence-html';

/** One row of exemptions.csv: something that keeps a control or a resource out of the score or out of remediation. */
export interface ExemptionRow {
  /** `disabled-control`, `exemption` (remediation), `automation-rule` (suppresses findings) or `suppressed-finding`. */
  readonly kind: 'disabled-control' | 'exemption' | 'automation-rule' | 'suppressed-finding';
  /** The control it applies to (`*` for every runbook); empty for a rule that names none. */
  readonly controlId: string;
  /** Accounts, OUs, tag, tier or resource it covers. */
  readonly scope: string;
  /** Who answers for it. */
  readonly owner: string;
  /** Why. */
  readonly reason: string;
  /** Last day it applies (YYYY-MM-DD), when it has one. */
  readonly expires: string;
  /** Where it is recorded: `config`, `securityhub-api`, `findings`. */
  readonly source: string;
}

/** What the pack says about its own making (scope.json). */
export interface EvidenceScope {
  readonly organization: string | null;
  readonly administratorAccount: string | null;
  /** The standard the pack covers. */
  readonly standard: { readonly standardsId: string; readonly standardsArn: string; readonly name: string };
  /** Regions the standard's findings came from, and the aggregation Region read. */
  readonly regions: readonly string[];
  /** Accounts in scope. */
  readonly accounts: readonly string[];
  /** `api`, `file`, `export` or `athena`, and the input read. */
  readonly dataSource: { readonly kind: string; readonly input?: string };
  /** When the pack was made (the --as-of time when given). */
  readonly generatedAt: string;
  /** The period remediation runs were read for: [since, until]. */
  readonly period: { readonly since: string; readonly until: string };
  /** The version of cdktf-securityhub that made it. */
  readonly toolVersion: string;
  /** The day the control catalogue's ids, titles and membership were taken (its first source). */
  readonly catalogueDate: string;
  /** The remediation ledger read, or why none was. */
  readonly ledger: { readonly table?: string; readonly region?: string; readonly note?: string };
  /** Sentences a reader needs to judge the figures. */
  readonly notes: readonly string[];
}

/** Everything a pack is made of. */
export interface EvidenceInput {
  readonly report: ComplianceReport;
  readonly standard: StandardScore;
  readonly findings: readonly EvidenceFinding[];
  readonly exemptions: readonly ExemptionRow[];
  readonly runs: readonly RunRecord[];
  readonly scope: EvidenceScope;
}

/** One requirement of the standard, with its controls (requirements.csv, the HTML's requirement table). */
export interface RequirementResult {
  /** The requirement id as AWS names it; empty for controls the standard relates to no requirement. */
  readonly requirementId: string;
  /** Its controls' results, in control id order. */
  readonly controls: readonly ControlResult[];
  /** FAILED if any control failed, else UNKNOWN, else PASSED; NO_DATA when none has data. */
  readonly status: ControlStatus;
  /** round(100 x passed / scored) over its controls, null when none has data. */
  readonly score: number | null;
}

const toCsv = (rows: readonly (readonly (string | number | null)[])[]): string =>
  rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** The requirements of a standard from the catalogue, each with the results of its controls. */
export function requirementResults(standard: StandardScore): RequirementResult[] {
  const byRequirement = new Map<string, ControlResult[]>();
  for (const c of standard.controls) {
    const ids = findControl(c.controlId)?.requirements?.[standard.standardsId] ?? [];
    for (const id of ids.length > 0 ? ids : ['']) byRequirement.set(id, [...(byRequirement.get(id) ?? []), c]);
  }
  return [...byRequirement.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : compareRequirementIds(a, b)))
    .map(([requirementId, controls]) => {
      const sorted = [...controls].sort((a, b) => compareControlIds(a.controlId, b.controlId));
      const bits = sorted.reduce(
        (n, c) =>
          n |
          (c.status === 'FAILED'
            ? FAILED_BIT
            : c.status === 'UNKNOWN'
              ? UNKNOWN_BIT
              : c.status === 'PASSED'
                ? PASSED_BIT
                : 0),
        0,
      );
      const scored = sorted.filter((c) => c.status !== 'NO_DATA');
      const passed = scored.filter((c) => c.status === 'PASSED').length;
      return {
        requirementId,
        controls: sorted,
        status: controlStatusOf(bits),
        score: scored.length === 0 ? null : Math.round((100 * passed) / scored.length),
      };
    });
}

/** A control's status in one account, from that account's findings (NO_DATA when it has none). */
function accountStatuses(findings: readonly EvidenceFinding[]): Map<string, Map<string, ControlStatus>> {
  const bits = new Map<string, Map<string, number>>();
  for (const f of findings) {
    if (f.workflow === 'SUPPRESSED') continue;
    const bit =
      f.status === 'FAILED'
        ? FAILED_BIT
        : f.status === 'WARNING' || f.status === 'NOT_AVAILABLE'
          ? UNKNOWN_BIT
          : f.status === 'PASSED'
            ? PASSED_BIT
            : 0;
    const accounts = bits.get(f.controlId) ?? new Map<string, number>();
    accounts.set(f.account, (accounts.get(f.account) ?? 0) | bit);
    bits.set(f.controlId, accounts);
  }
  return new Map(
    [...bits].map(([control, accounts]) => [control, new Map([...accounts].map(([a, b]) => [a, controlStatusOf(b)]))]),
  );
}

/** How a failing resource is written in requirements.csv and the HTML: `account/Region/resource`. */
export function resourceLabel(f: EvidenceFinding): string {
  return `${f.account}/${f.region}/${f.resourceId || '(no resource)'}`;
}

/**
 * The pack's files by name (index.html, the CSVs and scope.json); manifest.json and SHA256SUMS
 * are added by the writer, over exactly these bytes.
 */
export function renderEvidencePack(input: EvidenceInput): Map<string, string> {
  const { standard, findings, scope } = input;
  const requirements = requirementResults(standard);
  const statuses = accountStatuses(findings);
  const failingBy = new Map<string, EvidenceFinding[]>();
  for (const f of findings.filter(isFailing))
    failingBy.set(`${f.controlId}|${f.account}`, [...(failingBy.get(`${f.controlId}|${f.account}`) ?? []), f]);

  const reqRows: (string | number | null)[][] = [
    [
      'requirement_id',
      'requirement_status',
      'control_id',
      'control_title',
      'control_status',
      'account',
      'account_status',
      'failing_resources',
    ],
  ];
  for (const r of requirements) {
    for (const c of r.controls) {
      const accounts =
        scope.accounts.length > 0 ? scope.accounts : [...(statuses.get(c.controlId)?.keys() ?? [])].sort();
      for (const account of accounts) {
        const failing = (failingBy.get(`${c.controlId}|${account}`) ?? []).map(resourceLabel).sort();
        reqRows.push([
          r.requirementId,
          r.status,
          c.controlId,
          c.title,
          c.status,
          account,
          statuses.get(c.controlId)?.get(account) ?? 'NO_DATA',
          failing.join('; '),
        ]);
      }
    }
  }
  const findingRows: (string | number | null)[][] = [
    [
      'control_id',
      'account',
      'region',
      'resource_type',
      'resource_id',
      'status',
      'severity',
      'workflow',
      'first_seen',
      'last_seen',
      'finding_id',
    ],
  ];
  for (const f of findings)
    findingRows.push([
      f.controlId,
      f.account,
      f.region,
      f.resourceType,
      f.resourceId,
      f.status,
      f.severity,
      f.workflow,
      f.firstSeen,
      f.lastSeen,
      f.findingId,
    ]);
  const exemptionRows: (string | number | null)[][] = [
    ['kind', 'control_id', 'scope', 'owner', 'reason', 'expires', 'source'],
  ];
  for (const e of input.exemptions)
    exemptionRows.push([e.kind, e.controlId, e.scope, e.owner, e.reason, e.expires, e.source]);
  const runRows: (string | number | null)[][] = [
    [
      'run_id',
      'started_at',
      'finished_at',
      'status',
      'mode',
      'control_id',
      'runbook',
      'account',
      'region',
      'resource_type',
      'resource_id',
      'finding_id',
      'changes',
      'rolled_back_at',
      'rolled_back_by',
      'rollback_reason',
      'error',
    ],
  ];
  for (const r of input.runs) {
    runRows.push([
      r.runId,
      r.startedAt,
      r.finishedAt ?? '',
      r.status,
      r.mode,
      r.securityControlId ?? '',
      r.runbook,
      r.accountId,
      r.region,
      r.resourceType,
      r.resourceId,
      r.findingId,
      r.changes.join('; '),
      r.rolledBackAt ?? '',
      r.rolledBackBy ?? '',
      r.rollbackReason ?? '',
      r.error ?? r.rollbackError ?? '',
    ]);
  }
  return new Map([
    ['index.html', renderEvidenceHtml(input, requirements)],
    ['requirements.csv', toCsv(reqRows)],
    ['findings.csv', toCsv(findingRows)],
    ['exemptions.csv', toCsv(exemptionRows)],
    ['remediations.csv', toCsv(runRows)],
    ['scope.json', `${JSON.stringify(scope, null, 2)}\n`],
  ]);
}
