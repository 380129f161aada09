import { S3_LIFECYCLE_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-s3-lifecycle function (runbooks: see S3_LIFECYCLE_RUNBOOKS). */
export const handler = remediationFunction('remediate-s3-lifecycle', S3_LIFECYCLE_RUNBOOKS);
