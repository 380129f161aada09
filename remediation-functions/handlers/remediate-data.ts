import { DATA_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-data function (runbooks: see DATA_RUNBOOKS). */
export const handler = remediationFunction('remediate-data', DATA_RUNBOOKS);
