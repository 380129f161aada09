import { MONITORING_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-monitoring function (runbooks: see MONITORING_RUNBOOKS). */
export const handler = remediationFunction('remediate-monitoring', MONITORING_RUNBOOKS);
