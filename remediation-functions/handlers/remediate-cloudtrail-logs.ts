import { CLOUDTRAIL_LOGS_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-cloudtrail-logs function (runbooks: see CLOUDTRAIL_LOGS_RUNBOOKS). */
export const handler = remediationFunction('remediate-cloudtrail-logs', CLOUDTRAIL_LOGS_RUNBOOKS);
