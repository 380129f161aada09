import { IAM_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-iam function (runbooks: see IAM_RUNBOOKS). */
export const handler = remediationFunction('remediate-iam', IAM_RUNBOOKS);
