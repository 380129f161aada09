import { EC2_AUTHORIZED_PORT_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-ec2-authorized-ports function (runbooks: see EC2_AUTHORIZED_PORT_RUNBOOKS). */
export const handler = remediationFunction('remediate-ec2-authorized-ports', EC2_AUTHORIZED_PORT_RUNBOOKS);
