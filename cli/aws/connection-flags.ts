import type { FlagSpec } from '../flags';
import { DEFAULT_MAX_ATTEMPTS } from './securityhub-client';

/**
 * The flags of every command that calls AWS, in the order the help lists them: the Region, the
 * named profile, the endpoint (local AWS, an emulator) and, for commands that page through an
 * API, the attempts per request. Only what `--region` and `--endpoint-url` mean differs between
 * commands, so each command says that and shares the rest.
 * @param region what `--region` is for this command, with its default
 * @param endpoint which requests `--endpoint-url` redirects for this command
 * @param maxAttempts whether the command takes `--max-attempts` @default true
 */
export function awsConnectionFlags(region: string, endpoint: string, maxAttempts = true): FlagSpec[] {
  return [
    { name: 'region', type: 'string', value: 'REGION', description: region },
    {
      name: 'profile',
      type: 'string',
      value: 'NAME',
      description: 'AWS named profile (default: the standard credential chain)',
    },
    { name: 'endpoint-url', type: 'string', value: 'URL', description: endpoint },
    ...(maxAttempts
      ? [
          {
            name: 'max-attempts',
            type: 'string',
            value: 'N',
            description: `attempts per API request, adaptive retry (default ${DEFAULT_MAX_ATTEMPTS})`,
          } as const,
        ]
      : []),
  ];
}
