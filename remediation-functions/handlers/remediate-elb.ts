import { ELB_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-elb function (runbooks: see ELB_RUNBOOKS). */
export const handler = remediationFunction('remediate-elb', ELB_RUNBOOKS);
