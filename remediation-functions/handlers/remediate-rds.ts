import { RDS_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-rds function (runbooks: see RDS_RUNBOOKS). */
export const handler = remediationFunction('remediate-rds', RDS_RUNBOOKS);
