import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../../remediation-functions/shared/clients';
import {
  clientSettings,
  createSecurityHubClient,
  DEFAULT_MAX_ATTEMPTS,
  describeAwsError,
  isMissingRegion,
  missingRegionError,
} from '../aws/securityhub-client';
import { CliError } from '../errors';
import { classifyAwsError } from '../aws/aws-errors';

/** How the command reaches AWS: the standard credential chain, narrowed by --profile, --region and --endpoint-url. */
export interface Connection {
  readonly profile?: string;
  /** Sends every request of every service here, as it is. */
  readonly endpointUrl?: string;
  readonly maxAttempts: number;
}

/** The rollback function runs for up to 300 s; the Invoke request must outlast it. */
const INVOKE_TIMEOUT_MS = 310_000;

/**
 * The ClientFactory the remediation services are built with, acting with the caller's
 * credentials. Security Hub clients come from the `report`/`import` helper. Clients for member
 * accounts get the assumed-role credentials instead of the profile. With --endpoint-url every
 * request goes to that URL: S3 path-style, S3 Control without the account-id host prefix (which
 * would not resolve for a local endpoint).
 */
export function cliClientFactory(connection: Connection): ClientFactory {
  const { profile, endpointUrl, maxAttempts } = connection;
  return {
    create(service, clientClass, settings) {
      if (service === 'securityhub' && !settings.credentials) {
        return createSecurityHubClient({ region: settings.region, profile, endpointUrl, maxAttempts }) as never;
      }
      const common = clientSettings({
        region: settings.region,
        profile: settings.credentials ? undefined : profile,
        endpointUrl,
        maxAttempts,
      });
      return new clientClass({
        ...common,
        ...(settings.credentials ? { credentials: settings.credentials } : {}),
        ...(service === 'lambda'
          ? { requestHandler: { ...common.requestHandler, requestTimeout: INVOKE_TIMEOUT_MS } }
          : {}),
        ...(service === 's3' ? { followRegionRedirects: true, ...(endpointUrl ? { forcePathStyle: true } : {}) } : {}),
        ...(service === 's3control' && endpointUrl ? { endpointProvider: () => ({ url: new URL(endpointUrl) }) } : {}),
      });
    },
  };
}

/** The default connection settings for the given flags. */
export function connection(profile: string | undefined, endpointUrl: string | undefined): Connection {
  // createSecurityHubClient validates the URL; do it before any other client is built.
  if (endpointUrl !== undefined) createSecurityHubClient({ endpointUrl, maxAttempts: 1 }).destroy();
  return { profile, endpointUrl, maxAttempts: DEFAULT_MAX_ATTEMPTS };
}

/**
 * The security account's home Region: --region, then AWS_REGION / AWS_DEFAULT_REGION, then the
 * profile's Region.
 * @throws UsageError when none is set anywhere
 */
export async function resolveRegion(
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  conn: Connection,
): Promise<string> {
  const region = given ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) return region;
  const sts = new STSClient({ ...(conn.profile ? { profile: conn.profile } : {}) });
  try {
    const fromChain = await sts.config.region();
    if (fromChain) return fromChain;
  } catch (e) {
    if (!isMissingRegion(e))
      throw new CliError(
        `could not read the Region of ${conn.profile ? `profile ${conn.profile}` : 'the default profile'}: ${describeAwsError(e)}; pass --region.`,
      );
  } finally {
    sts.destroy();
  }
  throw missingRegionError();
}

/**
 * One line for an error from the credential chain or an AWS call, with what to do about missing
 * credentials.
 */
export function describeCallError(e: unknown): string {
  if (classifyAwsError(e) === 'credentials')
    return `no AWS credentials (${describeAwsError(e)}); pass --profile or set credentials for the security account`;
  return describeAwsError(e);
}

/**
 * The caller's identity ARN, the default --requested-by.
 * @throws CliError when the credentials do not work
 */
export async function callerArn(factory: ClientFactory, region: string): Promise<string> {
  const sts = factory.create('sts', STSClient, { region });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Arn) throw new Error('GetCallerIdentity returned no Arn');
    return identity.Arn;
  } catch (e) {
    if (isMissingRegion(e)) throw missingRegionError();
    throw new CliError(
      `could not tell who is calling (sts:GetCallerIdentity): ${describeCallError(e)}; fix the credentials or pass --requested-by.`,
    );
  } finally {
    sts.destroy();
  }
}
