import type { RemediationDefinition } from '../control-catalogue';

/**
 * Remediation runbooks by security control id. Kept apart from the control table so each can
 * grow on its own; `control-catalogue.ts` joins them into one record per control.
 */
export const REMEDIATIONS: Readonly<Record<string, RemediationDefinition>> = {};
