import { CODEBUILD_RUNBOOKS } from '../runbooks';
import { remediationFunction } from './remediation-function';

/** Lambda entry point of the remediate-codebuild function (runbooks: see CODEBUILD_RUNBOOKS). */
export const handler = remediationFunction('remediate-codebuild', CODEBUILD_RUNBOOKS);
