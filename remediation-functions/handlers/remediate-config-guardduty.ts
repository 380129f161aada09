import { CONFIG_GUARDDUTY_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-config-guardduty function (runbooks: see CONFIG_GUARDDUTY_RUNBOOKS). */
export const handler = remediationFunction('remediate-config-guardduty', CONFIG_GUARDDUTY_RUNBOOKS);
