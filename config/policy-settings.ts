import { checkControlId, checkControlParameters } from '../domain/catalogue/control-checks';
import { findControl, type RetiredSecurityControlId, type SecurityControlId } from '../domain/control-catalogue';
import type { ControlParameters, DisabledControl } from '../domain/configuration-policy';
import { SecurityStandard } from '../domain/security-standard';
import type { TierConfig } from './schema';

/*
 * A tier's configuration policy settings in the types the constructs take. The config file holds
 * strings; the loader has checked each against the catalogue (config/validate.ts), and the same
 * checks run here as type guards, so the stacks pass the values on without a cast and a value that
 * skipped the loader is refused by name instead of reaching Terraform.
 */

/** The settings of a tier's configuration policy, as `SecurityTierPolicy` takes them. */
export interface TierPolicySettings {
  readonly standards: readonly SecurityStandard[];
  readonly disabledControls: readonly DisabledControl[];
  readonly controlParameters: ControlParameters;
}

/** True when the catalogue has the control, current or retired; narrows the id's type. */
function isCatalogueControlId(id: string): id is SecurityControlId | RetiredSecurityControlId {
  return findControl(id) !== undefined;
}

/** True when every control can be tuned and every value fits its parameter, as the loader checks them. */
function isControlParameters(parameters: TierConfig['controlParameters']): parameters is TierConfig['controlParameters'] & ControlParameters {
  return Object.entries(parameters).every(([id, values]) => {
    const { control, error } = checkControlId(id);
    return error === undefined && control !== undefined && checkControlParameters(control, values).length === 0;
  });
}

function unchecked(tier: TierConfig, field: string, value: unknown): Error {
  return new Error(`tiers[${JSON.stringify(tier.name)}].${field}: ${JSON.stringify(value)} did not pass the config checks; load the config with loadOrganizationConfig, which names what is wrong.`);
}

/**
 * A tier's standards, disabled controls and control parameters in the constructs' types.
 * @throws Error naming the field when a value was not checked by the loader
 */
export function tierPolicySettings(tier: TierConfig): TierPolicySettings {
  const standards = tier.standards.map((id) => {
    const standard = SecurityStandard.fromId(id);
    if (!standard) throw unchecked(tier, 'standards', id);
    return standard;
  });
  const disabledControls = tier.disabledControls.map((d): DisabledControl => {
    if (d.notInCatalogue === true) return { securityControlId: d.securityControlId, reason: d.reason, notInCatalogue: true };
    if (!isCatalogueControlId(d.securityControlId)) throw unchecked(tier, 'disabledControls', d.securityControlId);
    return { securityControlId: d.securityControlId, reason: d.reason };
  });
  if (!isControlParameters(tier.controlParameters)) throw unchecked(tier, 'controlParameters', tier.controlParameters);
  return { standards, disabledControls, controlParameters: tier.controlParameters };
}
