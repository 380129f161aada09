import type { RemediationAcceptanceConfig, RemediationExemptionConfig } from '../../config/remediation-schema';
import { effectiveModes } from '../../domain/remediation-plan';
import type { OrganizationConfig } from '../../config/schema';
import { runbookFor } from '../../domain/catalogue/remediations';
import { CONTROL_CATALOGUE } from '../../domain/control-catalogue';
import { compareControlIds } from '../../core/control-ids';
import { SEVERITY_LABELS, type SeverityLabel } from '../../core/severity';
import { SecurityStandard } from '../../domain/security-standard';
import type { RemediationMode } from '../../core/remediation-policy';

/**
 * How a tier handles one enabled control, first match wins: the tier disables it; a runbook
 * runs for it in a mode other than off; it is accepted without automation; an exemption covers it;
 * else it is uncovered.
 */
export type CoverageStatus = 'disabled' | 'remediated' | 'accepted' | 'exempted' | 'uncovered';

/** Statuses in the order summaries list them. */
export const COVERAGE_STATUSES: readonly CoverageStatus[] = ['remediated', 'exempted', 'disabled', 'accepted', 'uncovered'];

/** Severities in the order the matrix groups them: most severe first. */
export const SEVERITY_ORDER: readonly SeverityLabel[] = SEVERITY_LABELS;

/** An exemption that can apply in the tier, as the matrix shows it. */
export interface CoverageExemption {
  readonly owner: string;
  readonly expires: string;
  readonly reason: string;
  /** Where it applies, e.g. `tag public-website=true`, `accounts 111122223333`. */
  readonly scope: string;
}

/** One enabled control of one tier. */
export interface ControlCoverage {
  readonly securityControlId: string;
  readonly title: string;
  readonly severity: SeverityLabel;
  /** Short names of the tier's standards that enable the control. */
  readonly standards: readonly string[];
  readonly status: CoverageStatus;
  /** The runbook, when the catalogue has one (whatever the status). */
  readonly runbook?: string;
  /** The runbook's mode in the tier, when a runbook exists. */
  readonly mode?: RemediationMode;
  /** Exemptions for the control that can apply in the tier (unexpired ones only). */
  readonly exemptions: readonly CoverageExemption[];
  /** Why the tier disables the control. */
  readonly disabledReason?: string;
  /** The acceptance that covers it. */
  readonly accepted?: { readonly owner: string; readonly reason: string; readonly expires?: string };
}

/** The coverage of one tier. */
export interface TierCoverage {
  readonly tier: string;
  readonly environment: string;
  /** Index in the config's `tiers`, for the fixes `--strict` names. */
  readonly index: number;
  readonly standards: readonly string[];
  /** Every control the tier's standards enable, by severity then id. */
  readonly controls: readonly ControlCoverage[];
  readonly counts: Readonly<Record<CoverageStatus, number>>;
}

/** The coverage matrix of an organization config. */
export interface CoverageMatrix {
  readonly organization: string;
  /** The day exemptions and acceptances were judged against (YYYY-MM-DD). */
  readonly asOf: string;
  readonly tiers: readonly TierCoverage[];
}

function exemptionScope(e: RemediationExemptionConfig): string {
  return [
    ...(e.scope.accounts?.length ? [`accounts ${e.scope.accounts.join(', ')}`] : []),
    ...(e.scope.organizationalUnits?.length ? [`OUs ${e.scope.organizationalUnits.join(', ')}`] : []),
    ...(e.scope.resourceTag ? [`tag ${e.scope.resourceTag.key}=${e.scope.resourceTag.value}`] : []),
  ].join('; ');
}

/**
 * Whether an exemption can apply in a tier. A tag scope applies wherever the tag is; accounts
 * and OUs apply to the tiers that list them. An OU no tier lists may sit below any tier's OU
 * (the config does not hold the OU tree), so it counts everywhere.
 */
function exemptionReaches(e: RemediationExemptionConfig, tier: OrganizationConfig['tiers'][number], config: OrganizationConfig): boolean {
  if (e.scope.resourceTag) return true;
  if ((e.scope.accounts ?? []).some((a) => tier.accounts.includes(a))) return true;
  const ous = e.scope.organizationalUnits ?? [];
  if (ous.some((ou) => tier.organizationalUnits.includes(ou))) return true;
  return ous.some((ou) => !config.tiers.some((t) => t.organizationalUnits.includes(ou)));
}

function acceptanceFor(accepted: readonly RemediationAcceptanceConfig[], id: string, tier: string, today: string): RemediationAcceptanceConfig | undefined {
  return accepted.find((a) => a.securityControlId === id && (a.tiers === undefined || a.tiers.includes(tier)) && (a.expires === undefined || a.expires >= today));
}

/**
 * For every tier, every control its standards enable (as the control catalogue records them),
 * and how the config covers it. Pure: reads only the parsed config and the catalogue.
 * @param today judges exemption and acceptance expiry
 */
export function buildCoverageMatrix(config: OrganizationConfig, today: Date = new Date()): CoverageMatrix {
  const asOf = today.toISOString().slice(0, 10);
  const { exemptions, accepted } = config.remediation;
  const tiers = config.tiers.map((tier, index): TierCoverage => {
    const standards = tier.standards.map((id) => SecurityStandard.fromId(id)).filter((s): s is SecurityStandard => s !== undefined);
    const modes = effectiveModes(tier.remediation);
    const controls = CONTROL_CATALOGUE
      .filter((c) => c.standards.some((s) => standards.includes(s)))
      .map((c): ControlCoverage => {
        const id = c.securityControlId;
        const runbook = runbookFor(id);
        const mode = runbook ? modes[id] : undefined;
        const disabled = tier.disabledControls.find((d) => d.securityControlId === id);
        const acceptance = acceptanceFor(accepted, id, tier.name, asOf);
        const applicable = exemptions
          .filter((e) => e.securityControlId === id && e.expires >= asOf && exemptionReaches(e, tier, config))
          .map((e) => ({ owner: e.owner, expires: e.expires, reason: e.reason, scope: exemptionScope(e) }));
        const status: CoverageStatus = disabled ? 'disabled'
          : mode !== undefined && mode !== 'off' ? 'remediated'
            : acceptance ? 'accepted'
              : applicable.length > 0 ? 'exempted'
                : 'uncovered';
        return {
          securityControlId: id,
          title: c.title,
          severity: c.severity,
          standards: standards.filter((s) => c.standards.includes(s)).map((s) => s.shortName),
          status,
          ...(runbook ? { runbook: runbook.runbook, mode } : {}),
          exemptions: applicable,
          ...(disabled ? { disabledReason: disabled.reason } : {}),
          ...(acceptance ? { accepted: { owner: acceptance.owner, reason: acceptance.reason, ...(acceptance.expires ? { expires: acceptance.expires } : {}) } } : {}),
        };
      })
      .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || compareControlIds(a.securityControlId, b.securityControlId));
    const counts = Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, controls.filter((c) => c.status === s).length])) as Record<CoverageStatus, number>;
    return { tier: tier.name, environment: tier.environment, index, standards: standards.map((s) => s.shortName), controls, counts };
  });
  return { organization: config.organization.name, asOf, tiers };
}

/** `EC2.2` before `EC2.10`: the one order of control ids (core/control-ids). */
export { compareControlIds };

/** One enabled CRITICAL or HIGH control of a production tier that nothing covers. */
export interface CoverageGap {
  readonly tier: string;
  readonly control: ControlCoverage;
  /** What to do, with the config paths to edit. */
  readonly fix: string;
}

/** The gaps `--strict` fails on: enabled CRITICAL and HIGH controls of production tiers with status uncovered. */
export function strictGaps(matrix: CoverageMatrix): CoverageGap[] {
  return matrix.tiers.filter((t) => t.environment === 'production').flatMap((t) => t.controls
    .filter((c) => c.status === 'uncovered' && (c.severity === 'CRITICAL' || c.severity === 'HIGH'))
    .map((c) => {
      const id = JSON.stringify(c.securityControlId);
      const options = [
        ...(c.runbook ? [`run runbook ${c.runbook} for it (tiers[${t.index}].remediation.controls[${id}]: shadow, manual or auto)`] : []),
        `disable it with a reason (tiers[${t.index}].disabledControls)`,
        `or accept it without automation (remediation.accepted: [{ securityControlId: ${id}, tiers: [${JSON.stringify(t.tier)}], owner: ..., reason: ... }])`,
      ];
      return { tier: t.tier, control: c, fix: options.join(', ') };
    }));
}
