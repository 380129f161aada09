import { bundleFunctions } from '../../remediation-functions/scripts/bundle';

// The security stack points at the remediation function bundles, as `npm run synth` does after
// `npm run bundle:functions`; build them once before any suite synthesizes.
export default async function globalSetup(): Promise<void> {
  await bundleFunctions();
}
