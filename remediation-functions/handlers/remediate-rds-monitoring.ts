import { RDS_MONITORING_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-rds-monitoring function (runbooks: see RDS_MONITORING_RUNBOOKS). */
export const handler = remediationFunction('remediate-rds-monitoring', RDS_MONITORING_RUNBOOKS);
