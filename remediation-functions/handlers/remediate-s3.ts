import { S3_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-s3 function (runbooks: see S3_RUNBOOKS). */
export const handler = remediationFunction('remediate-s3', S3_RUNBOOKS);
