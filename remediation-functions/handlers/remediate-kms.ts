import { KMS_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-kms function (runbooks: see KMS_RUNBOOKS). */
export const handler = remediationFunction('remediate-kms', KMS_RUNBOOKS);
