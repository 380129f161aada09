import { APIGATEWAY_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-apigateway function (runbooks: see APIGATEWAY_RUNBOOKS). */
export const handler = remediationFunction('remediate-apigateway', APIGATEWAY_RUNBOOKS);
