import { EC2_NETWORK_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-ec2-network function (runbooks: see EC2_NETWORK_RUNBOOKS). */
export const handler = remediationFunction('remediate-ec2-network', EC2_NETWORK_RUNBOOKS);
