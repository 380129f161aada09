import { RDS_SNAPSHOT_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-rds-snapshots function (runbooks: see RDS_SNAPSHOT_RUNBOOKS). */
export const handler = remediationFunction('remediate-rds-snapshots', RDS_SNAPSHOT_RUNBOOKS);
