import { SSM_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-ssm function (runbooks: see SSM_RUNBOOKS). */
export const handler = remediationFunction('remediate-ssm', SSM_RUNBOOKS);
