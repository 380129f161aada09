import * as path from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root';

/**
 * The remediation function packages (`<function>.zip`) made by `npm run bundle:functions`. They
 * ship inside the npm package, so a consumer's synth finds them here without this repository.
 */
export const FUNCTION_BUNDLE_DIR = path.join(PACKAGE_ROOT, 'remediation-functions', 'dist');

/** The SSM Automation documents of the runbooks (`SecurityHubRemediation-<runbook>.json`), shipped inside the package. */
export const SSM_DOCUMENTS_DIR = path.join(PACKAGE_ROOT, 'remediation-functions', 'ssm-documents');
