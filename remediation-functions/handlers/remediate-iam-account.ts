import { IAM_ACCOUNT_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-iam-account function (runbooks: see IAM_ACCOUNT_RUNBOOKS). */
export const handler = remediationFunction('remediate-iam-account', IAM_ACCOUNT_RUNBOOKS);
