import { EC2_FLOW_LOG_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-ec2-flow-logs function (runbooks: see EC2_FLOW_LOG_RUNBOOKS). */
export const handler = remediationFunction('remediate-ec2-flow-logs', EC2_FLOW_LOG_RUNBOOKS);
