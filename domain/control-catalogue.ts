import { SecurityStandard } from './security-standard';
import { checkCatalogue, type CatalogueControl, type CatalogueFile } from './catalogue/catalogue-file';
import type { SecurityControlId } from './catalogue/control-types';
import data from './catalogue/controls.json';
import { REMEDIATIONS } from './catalogue/remediations';

export type {
  ControlParameterDefault,
  ControlParameterDefinition,
  ControlParameterType,
  SeverityLabel,
} from './catalogue/catalogue-file';
export type {
  ControlParameterValues,
  ParameterizedControlId,
  RetiredSecurityControlId,
  SecurityControlId,
} from './catalogue/control-types';

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

/**
 * One Security Hub security control, keyed by its consolidated security control id: the data
 * file's record ({@link CatalogueControl}) with its standards as {@link SecurityStandard}s and
 * its runbook joined in.
 */
export interface ControlDefinition extends Omit<CatalogueControl, 'standards' | 'retired'> {
  /** The standards this project knows that include this control. */
  readonly standards: readonly SecurityStandard[];
  /** Ids of every standard that includes it, including standards this project has no class constant for. */
  readonly standardsIds: readonly string[];
  /** True when Security Hub has retired the control. */
  readonly retired: boolean;
  /** How the control is remediated, when this project has a runbook for it. */
  readonly remediation?: RemediationDefinition;
}

/** The data file as shipped (domain/catalogue/controls.json), checked once when first loaded. */
export const CATALOGUE_DATA: CatalogueFile = checkCatalogue(data);

function toDefinition(c: CatalogueControl): ControlDefinition {
  const remediation = REMEDIATIONS[c.securityControlId];
  return {
    securityControlId: c.securityControlId,
    title: c.title,
    severity: c.severity,
    standards: c.standards.map((s) => SecurityStandard.fromId(s)).filter((s): s is SecurityStandard => s !== undefined),
    standardsIds: c.standards,
    parameters: c.parameters,
    requirements: c.requirements ?? {},
    retired: c.retired === true,
    ...(c.retiredAt ? { retiredAt: c.retiredAt } : {}),
    ...(remediation ? { remediation } : {}),
  };
}

// Loaded once and indexed by id: synth looks controls up per tier and per parameter.
const byId: ReadonlyMap<string, ControlDefinition> = new Map(
  CATALOGUE_DATA.controls.map((c) => [c.securityControlId, toDefinition(c)]),
);

/** Every control Security Hub currently offers (retired ones excluded), in catalogue order. */
export const CONTROL_CATALOGUE: readonly ControlDefinition[] = [...byId.values()].filter((c) => !c.retired);

/** Controls Security Hub has retired; configs naming them get a warning. */
export const RETIRED_CONTROLS: readonly ControlDefinition[] = [...byId.values()].filter((c) => c.retired);

/** Every known id, current and retired, for "did you mean" suggestions. */
export const KNOWN_CONTROL_IDS: readonly string[] = [...byId.keys()];

/**
 * Looks a control up by its security control id (case-sensitive, as AWS spells it: `EC2.19`).
 * Retired controls are found too; check `retired`.
 * @returns the control, or undefined when the catalogue does not have it
 */
export function findControl(securityControlId: string): ControlDefinition | undefined {
  return byId.get(securityControlId);
}

/** True when the id names a current control; narrows the id's type. */
export function isSecurityControlId(id: string): id is SecurityControlId {
  const c = byId.get(id);
  return c !== undefined && !c.retired;
}

/** The controls that have a remediation runbook. */
export function remediableControls(): ControlDefinition[] {
  return CONTROL_CATALOGUE.filter((c) => c.remediation !== undefined);
}

/** The current controls a standard includes, by standards id (`standards/pci-dss/v/4.0.1`). */
export function controlsInStandard(standardsId: string): ControlDefinition[] {
  return CONTROL_CATALOGUE.filter((c) => c.standardsIds.includes(standardsId));
}
