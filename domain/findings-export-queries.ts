import type { SeverityLabel } from './control-catalogue';
// The marks the remediation functions write, read from the module that writes them.
import { REMEDIATION_AT_FIELD, REMEDIATION_OUTCOME_FIELD } from '../core/remediation-marks';
// Security Hub's own product: the only findings whose control results count in scores.
import { SECURITY_HUB_PRODUCT_ARN_PATTERN } from '../core/security-hub-product';
import { sqlString, type SqlDialect } from './findings-export-dialect';

/** Severity labels, most severe first (the finding summary's columns). */
const SEVERITY_LABELS: readonly SeverityLabel[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/*
 * The report's figures as SQL over exported findings. The queries do per finding what
 * ComplianceTally.add does (cli/report/compliance-tally.ts), and fold the findings into the same
 * per-account and per-control, per-standard, per-account status bits; buildReport then applies
 * the scoring rules to those bits exactly as for the API and file sources. Two queries, each
 * one scan of the table: the finding figures per account, and the control status bits. An engine
 * that keeps tables between queries stores each finding's latest version once (latestFindingsQuery)
 * and both queries read that instead.
 */

/** What a pair of export queries covers. */
export interface ExportQueryOptions {
  /** The table (Athena) or read_json(...) call (DuckDB) the findings come from. */
  readonly relation: string;
  /** Only objects exported on or after this day (YYYY-MM-DD), to bound the scan. */
  readonly sinceDay?: string;
  /** Only objects exported on or before this day: the state as known at the end of that day. */
  readonly untilDay?: string;
  /** "This month" for remediation marks, [start, end) as ISO instants. @default the engine's current UTC month (named queries) */
  readonly month?: { readonly start: string; readonly end: string };
  /**
   * A table that already holds each finding's latest version (what latestFindingsQuery returns),
   * for an engine that computes it once per report (SqlDialect.temporaryTable): the queries read
   * it rather than each computing the latest versions again.
   */
  readonly latest?: string;
}

/** The query names, as the Athena named queries call them too. */
export const EXPORT_QUERY_NAMES = ['finding-figures', 'control-status'] as const;

/** One of the report's queries. */
export type ExportQueryName = (typeof EXPORT_QUERY_NAMES)[number];

/**
 * The latest version of each finding (by ProductArn and Id: UpdatedAt, then ProcessedAt, then the
 * later object), with the values the report derives from it, as a WITH clause named `finding`.
 */
function latestFindings(d: SqlDialect, o: ExportQueryOptions, extra: readonly string[] = []): string {
  const more = extra.map((e) => `    ${e},\n`).join('');
  const moreNames = extra.map((e) => `, ${/ AS ([a-z_]+)$/.exec(e)![1]}`).join('');
  const where = [
    o.sinceDay !== undefined ? `dt >= ${sqlString(o.sinceDay)}` : undefined,
    o.untilDay !== undefined ? `dt <= ${sqlString(o.untilDay)}` : undefined,
  ].filter(Boolean);
  const labels = SEVERITY_LABELS.map(sqlString).join(', ');
  const associated = d.filter(
    d.transform('compliance.associatedstandards', 'x.standardsid'),
    "x IS NOT NULL AND x <> ''",
  );
  const ownProduct = d.regexpLike('productarn', sqlString(SECURITY_HUB_PRODUCT_ARN_PATTERN));
  const fromProduct = `NULLIF(COALESCE(${d.mapValue('productfields', "'StandardsArn'")}, ${d.mapValue('productfields', "'StandardsGuideArn'")}), '')`;
  // The values the report needs are derived before the window, so the window holds a few short
  // columns per version rather than every exported column (maps, structs): the version kept is
  // the same, the memory it takes much less.
  return `version AS (
  SELECT
    id,
    awsaccountid AS account,
    COALESCE(recordstate, 'ACTIVE') AS record_state,
    COALESCE(workflow.status, 'NEW') AS workflow_status,
    compliance.status AS compliance_status,
    title,
    CASE
      WHEN severity.label IS NOT NULL THEN CASE WHEN severity.label IN (${labels}) THEN severity.label END
      WHEN severity.normalized IS NULL OR severity.normalized < 0 OR severity.normalized > 100 THEN NULL
      WHEN severity.normalized = 0 THEN 'INFORMATIONAL'
      WHEN severity.normalized < 40 THEN 'LOW'
      WHEN severity.normalized < 70 THEN 'MEDIUM'
      WHEN severity.normalized < 90 THEN 'HIGH'
      ELSE 'CRITICAL'
    END AS severity_label,
    -- Only Security Hub's own findings are control findings: a member can import findings under its
    -- own product with any control id, and those must not move scores.
    CASE WHEN compliance.securitycontrolid IS NOT NULL AND compliance.securitycontrolid <> ''
      AND ${ownProduct} THEN compliance.securitycontrolid END AS control_id,
    CASE WHEN ${ownProduct} THEN 1 ELSE 0 END AS own_product,
    CASE WHEN compliance.securitycontrolid IS NOT NULL AND compliance.securitycontrolid <> '' AND NOT (${ownProduct}) THEN 1 ELSE 0 END AS other_product_control,
    CASE WHEN ${d.length(associated)} > 0 THEN ${d.transform(associated, "regexp_replace(x, '^arn:[^:]+:securityhub:[^:]*:[^:]*:', '')")}
      WHEN ${fromProduct} IS NOT NULL THEN ARRAY[regexp_replace(${fromProduct}, '^arn:[^:]+:securityhub:[^:]*:[^:]*:', '')]
      ELSE ${d.emptyStringArray} END AS standards_ids,
    COALESCE(region, regexp_extract(productarn, '^arn:[^:]+:securityhub:([^:]+):', 1)) AS control_region,
    regexp_extract(productarn, '^arn:([^:]+):securityhub:', 1) AS partition_name,
    -- The remediation functions mark only Security Hub's own findings; a mark elsewhere is a claim.
    CASE WHEN ${ownProduct} AND ${d.mapValue('userdefinedfields', sqlString(REMEDIATION_OUTCOME_FIELD))} = 'REMEDIATED'
      AND ${d.tryTimestamp(d.mapValue('userdefinedfields', sqlString(REMEDIATION_AT_FIELD)))} >= ${o.month ? d.timestampLiteral(o.month.start) : d.currentMonthStart}
      AND ${d.tryTimestamp(d.mapValue('userdefinedfields', sqlString(REMEDIATION_AT_FIELD)))} < ${o.month ? d.timestampLiteral(o.month.end) : `${d.currentMonthStart} + INTERVAL '1' MONTH`}
      THEN 1 ELSE 0 END AS remediated_this_month,
${more}    row_number() OVER (
      PARTITION BY productarn, id
      ORDER BY ${d.tryTimestamp('updatedat')} DESC NULLS LAST, ${d.tryTimestamp('processedat')} DESC NULLS LAST, ${d.sourceObject} DESC
    ) AS newest
  FROM ${o.relation}${where.length > 0 ? `\n  WHERE ${where.join(' AND ')}` : ''}
),
finding AS (
  SELECT id, account, record_state, workflow_status, compliance_status, title, severity_label, control_id, own_product, other_product_control, standards_ids,
    control_region, partition_name, remediated_this_month${moreNames}
  FROM version
  WHERE newest = 1
)`;
}

/**
 * Per account and Region (`control_region`: the finding's Region): the finding summary's counts,
 * the control findings of each Region (the Region for standards ARNs is the one with the most), and the first problem a finding has (the fields
 * ComplianceTally.add refuses), so a bad export fails as a bad file does.
 */
export function findingFiguresQuery(d: SqlDialect, o: ExportQueryOptions): string {
  const open =
    "record_state = 'ACTIVE' AND workflow_status IN ('NEW', 'NOTIFIED') AND compliance_status IS DISTINCT FROM 'PASSED'";
  const bySeverity = SEVERITY_LABELS.map(
    (s) => `  SUM(CASE WHEN ${open} AND severity_label = '${s}' THEN 1 ELSE 0 END) AS ${s.toLowerCase()},`,
  ).join('\n');
  const active = "record_state = 'ACTIVE'";
  return `WITH ${findingRelation(d, o)}
checked AS (
  SELECT *, CASE
    WHEN id IS NULL THEN 'Id'
    WHEN account IS NULL OR NOT ${d.regexpLike('account', "'^[0-9]{12}$'")} THEN 'AwsAccountId'
    WHEN severity_label IS NULL THEN 'Severity'
    WHEN ${active} AND control_id IS NOT NULL AND (compliance_status IS NULL OR compliance_status NOT IN ('PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE')) THEN 'Compliance.Status'
  END AS problem
  FROM finding
)
SELECT
  account,
  control_region,
  SUM(CASE WHEN ${active} THEN 1 ELSE 0 END) AS findings_read,
${bySeverity}
  SUM(CASE WHEN ${active} AND workflow_status = 'SUPPRESSED' THEN 1 ELSE 0 END) AS suppressed,
  SUM(CASE WHEN ${active} THEN remediated_this_month ELSE 0 END) AS remediated_this_month,
  SUM(CASE WHEN ${active} THEN own_product ELSE 0 END) AS own_product_read,
  SUM(CASE WHEN ${active} THEN other_product_control ELSE 0 END) AS other_product_controls,
  SUM(CASE WHEN ${active} AND control_id IS NOT NULL THEN 1 ELSE 0 END) AS control_findings,
  MIN(CASE WHEN ${active} AND control_id IS NOT NULL THEN partition_name END) AS partition_name,
  MIN(problem) AS problem,
  MIN(CASE WHEN problem IS NOT NULL THEN id END) AS problem_id
FROM checked
GROUP BY account, control_region`;
}

/**
 * Per control, standard and account: the OR of the status bits of the ACTIVE control findings
 * (PASSED 1, WARNING or NOT_AVAILABLE 2, FAILED 4; suppressed findings 0). Rows with a NULL
 * standard are the control's bits over every standard, as ControlTally.byAccount keeps them.
 */
export function controlStatusQuery(d: SqlDialect, o: ExportQueryOptions): string {
  return `WITH ${findingRelation(d, o)}
control_finding AS (
  SELECT control_id, account, title, severity_label, standards_ids,
    CASE WHEN workflow_status = 'SUPPRESSED' THEN 0
      WHEN compliance_status = 'FAILED' THEN 4
      WHEN compliance_status IN ('WARNING', 'NOT_AVAILABLE') THEN 2
      WHEN compliance_status = 'PASSED' THEN 1
      ELSE 0 END AS status_bit
  FROM finding
  WHERE record_state = 'ACTIVE' AND control_id IS NOT NULL
),
-- Folded by standards list first: far fewer rows than findings reach the UNNEST, and OR and MIN
-- over the folded rows are OR and MIN over the findings.
control_group AS (
  SELECT control_id, account, standards_ids, ${d.bitOr('status_bit')} AS bits, MIN(title) AS title, MIN(severity_label) AS severity
  FROM control_finding
  GROUP BY control_id, account, standards_ids
)
SELECT control_id, s.standards_id, account, ${d.bitOr('bits')} AS bits, MIN(title) AS title, MIN(severity) AS severity
FROM control_group
CROSS JOIN UNNEST(standards_ids || ARRAY[CAST(NULL AS VARCHAR)]) AS s (standards_id)
GROUP BY control_id, s.standards_id, account`;
}

/**
 * The evidence pack's findings: every ACTIVE control finding of Security Hub's own product in one
 * standard, each in its latest version, with its resource and when it was first and last seen.
 * Ordered by control, account, Region and resource so the pack's CSV is the same on every run.
 * @param standardsId e.g. `standards/pci-dss/v/4.0.1`
 */
export function standardFindingsQuery(d: SqlDialect, o: ExportQueryOptions, standardsId: string): string {
  const first = (field: string) => `${d.firstElement('resources')}.${field}`;
  const extra = [
    'productarn AS product_arn',
    `${first('type')} AS resource_type`,
    `${first('id')} AS resource_id`,
    'firstobservedat AS first_observed_at',
    'lastobservedat AS last_observed_at',
    'createdat AS created_at',
    'updatedat AS updated_at',
  ];
  return `WITH ${latestFindings(d, o, extra)}
SELECT control_id, account, control_region AS region, resource_type, resource_id, compliance_status, severity_label AS severity,
  workflow_status, COALESCE(first_observed_at, created_at) AS first_seen, COALESCE(last_observed_at, updated_at) AS last_seen, id AS finding_id, product_arn
FROM finding
WHERE record_state = 'ACTIVE' AND control_id IS NOT NULL AND ${d.length(d.filter('standards_ids', `x = ${sqlString(standardsId)}`))} > 0
ORDER BY control_id, account, region, resource_id, finding_id`;
}

/** The WITH clauses that give the queries `finding`: computed here, or read from `o.latest`. */
function findingRelation(d: SqlDialect, o: ExportQueryOptions): string {
  return o.latest !== undefined ? `finding AS (SELECT * FROM ${o.latest}),` : `${latestFindings(d, o)},`;
}

/**
 * Each finding's latest version with the values the report derives from it, one row per finding:
 * what an engine that computes it once per report stores (SqlDialect.temporaryTable) and passes
 * to exportQueries as `latest`. The window that picks the latest version is most of a report's
 * work, so computing it once rather than per query halves it.
 */
export function latestFindingsQuery(d: SqlDialect, o: ExportQueryOptions): string {
  return `WITH ${latestFindings(d, o)}
SELECT * FROM finding`;
}

/** Both queries by name. */
export function exportQueries(d: SqlDialect, o: ExportQueryOptions): Record<ExportQueryName, string> {
  return { 'finding-figures': findingFiguresQuery(d, o), 'control-status': controlStatusQuery(d, o) };
}
