import { AwsProvider, Testing, type Construct } from '../../modules/framework';
import { SecurityHub } from '../../modules/security-hub';

/** Synthesized resources by type and name, as the unit tests of the constructs read them. */
export type Resources = Record<string, Record<string, Record<string, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Synthesizes constructs in a stack with a provider and returns the JSON text and parsed resources. */
export function synth(build: (scope: Construct) => void): { json: string; resources: Resources } {
  const json = Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    build(scope);
  });
  return { json, resources: JSON.parse(json).resource ?? {} };
}

/** A stand-in dependency for constructs that need the hub. */
export function withHub(scope: Construct) {
  return new SecurityHub(scope, 'hub').account;
}
