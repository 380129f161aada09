import { EC2_INSTANCE_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-ec2-instances function (runbooks: see EC2_INSTANCE_RUNBOOKS). */
export const handler = remediationFunction('remediate-ec2-instances', EC2_INSTANCE_RUNBOOKS);
