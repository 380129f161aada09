import { LAMBDA_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-lambda function (runbooks: see LAMBDA_RUNBOOKS). */
export const handler = remediationFunction('remediate-lambda', LAMBDA_RUNBOOKS);
