import { EC2_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-ec2 function (runbooks: see EC2_RUNBOOKS). */
export const handler = remediationFunction('remediate-ec2', EC2_RUNBOOKS);
