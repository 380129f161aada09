import { CloudTrailClient, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { LocalAws } from '../../local-aws/lifecycle';

/**
 * Workarounds for moto_server bugs that integration tests meet. They live with the tests, not in
 * product code: production talks to AWS, where none of these bugs exist.
 */

/**
 * moto's organizations refuses RegisterDelegatedAdministrator for `securityhub.amazonaws.com`
 * ("You specified an unrecognized service principal"): its list of supported principals lacks it.
 * Tests therefore designate the administrator only through Security Hub's own
 * EnableOrganizationAdminAccount, which the emulator serves; that is the call the product makes
 * and the one whose effect (who administers whom) the emulator models.
 */
export const SECURITY_HUB_PRINCIPAL_REFUSED_BY_MOTO = 'securityhub.amazonaws.com';

/**
 * An S3 Control client for account-level calls (PutPublicAccessBlock and friends) against local
 * AWS. The SDK puts the account id in front of the endpoint's host, which for `127.0.0.1` is not
 * a valid URL; and moto finds the account only in a `ACCOUNT.s3-control.REGION.amazonaws.com`
 * host. So the request goes to the plain endpoint, and the Host header carries the name moto
 * expects (moto does not check signatures, so the host mismatch in the signature is harmless).
 */
export function s3ControlClientFor(local: LocalAws, accountId: string, region = local.env.AWS_REGION): S3ControlClient {
  const client = new S3ControlClient({
    region,
    credentials: { accessKeyId: local.env.AWS_ACCESS_KEY_ID, secretAccessKey: local.env.AWS_SECRET_ACCESS_KEY },
    endpointProvider: () => ({ url: new URL(local.endpoint) }),
  });
  client.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers: Record<string, string> };
      request.headers.host = `${accountId}.s3-control.${region}.amazonaws.com`;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'motoS3ControlHost', priority: 'low' },
  );
  return client;
}

/**
 * moto's CloudTrail StartLogging fails when the trail is named by ARN (the dispatcher answers
 * with an HTML error page), though AWS accepts a name or an ARN. Tests start logging by the
 * trail's name, taken from the ARN's `trail/NAME` suffix.
 */
export function startLoggingByName(client: CloudTrailClient, trailNameOrArn: string) {
  const name = trailNameOrArn.startsWith('arn:')
    ? trailNameOrArn.slice(trailNameOrArn.lastIndexOf('/') + 1)
    : trailNameOrArn;
  return client.send(new StartLoggingCommand({ Name: name }));
}

/**
 * Runs a test body and, when it fails, adds moto_server's recent output to the error, so a
 * failure caused by moto shows its side of the story.
 */
export function withMotoLogs(local: () => LocalAws | undefined, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (err) {
      const logs = local()?.motoLogs() ?? '';
      if (err instanceof Error && logs) err.message += `\n\nmoto_server output (last 4 KB):\n${logs.slice(-4096)}`;
      throw err;
    }
  };
}
