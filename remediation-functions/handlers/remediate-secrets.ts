import { SECRETS_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-secrets function (runbooks: see SECRETS_RUNBOOKS). */
export const handler = remediationFunction('remediate-secrets', SECRETS_RUNBOOKS);
