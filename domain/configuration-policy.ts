/*
 * What a configuration policy holds, as plain data: the config loader checks a tier's settings
 * into these types and the ConfigurationPolicy construct takes them.
 */
import type {
  ControlParameterValues,
  ParameterizedControlId,
  RetiredSecurityControlId,
  SecurityControlId,
} from './control-catalogue';

/**
 * A control turned off in a policy, with the reason auditors will ask for. The id must be one the
 * catalogue has (a typo fails `tsc`); a control newer than the catalogue is named with
 * `notInCatalogue: true`, which synthesizes with a warning.
 */
export type DisabledControl =
  | {
      /** Security control id, e.g. `IAM.6`. */
      readonly securityControlId: SecurityControlId | RetiredSecurityControlId;
      /** Why the control does not apply. */
      readonly reason: string;
      /** Not set for a control the catalogue has. */
      readonly notInCatalogue?: false;
    }
  | {
      /** Security control id of a control Security Hub added after the catalogue was taken. */
      readonly securityControlId: string;
      /** Why the control does not apply. */
      readonly reason: string;
      /** Marks the id as newer than the catalogue: it is not checked, and synth warns. */
      readonly notInCatalogue: true;
    };

/** Parameter values by control id, typed per control from the catalogue. */
export type ControlParameters = { readonly [K in ParameterizedControlId]?: Partial<ControlParameterValues[K]> };
