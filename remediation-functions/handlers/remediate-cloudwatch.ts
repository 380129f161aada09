import { CLOUDWATCH_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-cloudwatch function (runbooks: see CLOUDWATCH_RUNBOOKS). */
export const handler = remediationFunction('remediate-cloudwatch', CLOUDWATCH_RUNBOOKS);
