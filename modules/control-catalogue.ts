import { SecurityStandard } from './security-standard';
import { CONTROLS } from './catalogue/controls';
import { REMEDIATIONS } from './catalogue/remediations';

/** Security Hub severity labels, as in ASFF `Severity.Label`. */
export type SeverityLabel = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

/**
 * The value types Security Hub accepts for a control parameter
 * (ParameterValue members in the API; `value_type` blocks in the AWS provider).
 */
export type ControlParameterType = 'boolean' | 'double' | 'enum' | 'enumList' | 'integer' | 'integerList' | 'string' | 'stringList';

/** One parameter that a security control takes, with the bounds Security Hub enforces. */
export interface ControlParameterDefinition {
  /** Parameter name exactly as Security Hub spells it, e.g. `MinimumPasswordLength`. */
  readonly name: string;
  /** The parameter's value type. */
  readonly type: ControlParameterType;
  /** Smallest allowed value, for numbers and number lists. */
  readonly min?: number;
  /** Largest allowed value, for numbers and number lists. */
  readonly max?: number;
  /** Allowed values, for enums and enum lists. */
  readonly allowed?: readonly string[];
}

/**
 * How a control is remediated. Filled from `catalogue/remediations.ts` so the control table and
 * the runbook table can grow separately while readers see one record per control.
 */
export interface RemediationDefinition {
  /** Name of the runbook (SSM Automation document suffix and remediation function key). */
  readonly runbook: string;
  /** True when the runbook may run in `auto` mode: it never deletes data or cuts off legitimate traffic. */
  readonly safeToAutomate: boolean;
  /** False for controls that cannot be fixed in place (e.g. RDS.3): the runbook only notifies, with instructions. */
  readonly fixesInPlace: boolean;
  /** IAM actions the member-account execution role needs for this runbook. */
  readonly permissions: readonly string[];
  /** What the runbook changes, in one sentence (the docs page says more). */
  readonly summary: string;
}

/** One Security Hub security control, keyed by its consolidated security control id. */
export interface ControlDefinition {
  /** Consolidated control id, e.g. `S3.1`, as in findings' `Compliance.SecurityControlId`. */
  readonly securityControlId: string;
  /** The control's title as Security Hub shows it. */
  readonly title: string;
  /** Severity Security Hub assigns to the control's findings. */
  readonly severity: SeverityLabel;
  /** The standards that include this control. */
  readonly standards: readonly SecurityStandard[];
  /** Parameters the control takes; empty when it takes none. */
  readonly parameters: readonly ControlParameterDefinition[];
  /** How the control is remediated, when this project has a runbook for it. */
  readonly remediation?: RemediationDefinition;
}

const byId: ReadonlyMap<string, ControlDefinition> = new Map(
  CONTROLS.map((c) => [c.securityControlId, REMEDIATIONS[c.securityControlId] ? { ...c, remediation: REMEDIATIONS[c.securityControlId] } : c]),
);

/** Every control this project knows, in catalogue order. */
export const CONTROL_CATALOGUE: readonly ControlDefinition[] = [...byId.values()];

/**
 * Looks a control up by its security control id (case-sensitive, as AWS spells it: `EC2.19`).
 * @returns the control, or undefined when the catalogue does not have it
 */
export function findControl(securityControlId: string): ControlDefinition | undefined {
  return byId.get(securityControlId);
}

/** The controls that have a remediation runbook. */
export function remediableControls(): ControlDefinition[] {
  return CONTROL_CATALOGUE.filter((c) => c.remediation !== undefined);
}
