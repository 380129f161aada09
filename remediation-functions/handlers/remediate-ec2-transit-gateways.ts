import { EC2_TRANSIT_GATEWAY_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-ec2-transit-gateways function (runbooks: see EC2_TRANSIT_GATEWAY_RUNBOOKS). */
export const handler = remediationFunction('remediate-ec2-transit-gateways', EC2_TRANSIT_GATEWAY_RUNBOOKS);
