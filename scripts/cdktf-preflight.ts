import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { request } from 'node:https';
import { classifyAwsError } from '../cli/aws/aws-errors';
import { describeAwsError } from '../cli/aws/securityhub-client';
import type { OrganizationConfig } from '../config/schema';
import { PROVIDER_MIRROR_ENV } from './cdktf-runs';
import { locateProviderMirror, providerMirrorCandidates } from './requirements';

/*
 * What `npm run diff` and `npm run deploy` check before starting cdktf-cli, each in one line with
 * its fix, instead of what cdktf-cli and terraform say later: a "Raw mode is not supported" stack
 * trace without a terminal, five registry DNS errors after 35 s offline, a credential error once
 * per stack and provider.
 */

/** One problem found before cdktf-cli runs: the line to print and the exit code. */
export interface PreflightProblem {
  readonly message: string;
  readonly exitCode: 1 | 2;
}

/** The registry terraform installs providers from; probed once, briefly. */
export const REGISTRY_URL = 'https://registry.terraform.io/.well-known/terraform.json';

/** How long the registry probe waits: the registry answers in well under a second when reachable. */
const REGISTRY_TIMEOUT_MS = 5000;

/**
 * `npm run deploy` without a terminal (CI, a pipe): cdktf-cli would ask for approval and die on
 * "Raw mode is not supported". Without --auto-approve that is a usage error that names the flag.
 * @param stdinIsTty whether there is a terminal to answer the approval prompt
 */
export function checkTerminal(
  verb: string,
  args: readonly string[],
  stdinIsTty: boolean,
): PreflightProblem | undefined {
  if (verb !== 'deploy' || stdinIsTty || args.includes('--auto-approve')) return undefined;
  const stacks = args.filter((a) => !a.startsWith('-'));
  return {
    message: `npm run deploy: no terminal to approve the plan in (stdin is not a TTY, as in CI); to apply without asking, pass it through to cdktf: npm run deploy -- ${[...stacks, '--auto-approve'].join(' ')}`,
    exitCode: 2,
  };
}

/** True when an HTTPS GET of `url` gets any answer within the timeout. */
export function reachable(url: string, timeoutMs = REGISTRY_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Without TF_PROVIDER_MIRROR, terraform installs the AWS provider from the registry: when the
 * registry cannot be reached, say so now, with the exact line to use the mirror this machine has
 * (the places `npm run doctor` looks), or how to make one.
 * @param probe the registry URL (another one for proxies and tests: CDKTF_REGISTRY_PROBE_URL)
 */
export async function checkRegistry(
  verb: string,
  env: NodeJS.ProcessEnv,
  probe = env.CDKTF_REGISTRY_PROBE_URL ?? REGISTRY_URL,
): Promise<PreflightProblem | undefined> {
  if (env[PROVIDER_MIRROR_ENV]) return undefined;
  if (await reachable(probe)) return undefined;
  const host = new URL(probe).host;
  const mirror = locateProviderMirror(providerMirrorCandidates(env));
  if (mirror) {
    return {
      message: `npm run ${verb}: ${host} cannot be reached; run with the provider mirror found on this machine: ${PROVIDER_MIRROR_ENV}=${mirror} npm run ${verb}`,
      exitCode: 1,
    };
  }
  return {
    message: `npm run ${verb}: ${host} cannot be reached and no provider mirror was found (looked in ${providerMirrorCandidates(env).join(', ')}); make one as docs/offline.md shows and set ${PROVIDER_MIRROR_ENV}.`,
    exitCode: 1,
  };
}

/**
 * One STS GetCallerIdentity with the credentials terraform will use: missing or broken ones are
 * one line naming the account the stacks run as and the fix, instead of terraform's error once
 * per stack and provider. Honours AWS_ENDPOINT_URL (local AWS) like terraform does.
 * @returns the caller's account when the credentials work
 */
export async function checkCredentials(
  verb: string,
  config: OrganizationConfig,
  env: NodeJS.ProcessEnv,
): Promise<{ problem?: PreflightProblem; account?: string }> {
  const management = config.organization.managementAccountId;
  const role = config.deployment?.roleName;
  const sts = new STSClient({
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.organization.homeRegion,
    maxAttempts: 2,
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 5_000 },
  });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { account: identity.Account };
  } catch (e) {
    const kind = classifyAwsError(e);
    const who = role
      ? `credentials that can assume ${role} in the management account ${management} and the security account ${config.organization.securityAccountId}`
      : `credentials of the management account ${management} (and of the security account ${config.organization.securityAccountId} for its stack)`;
    const fix =
      kind === 'endpoint'
        ? `STS cannot be reached${env.AWS_ENDPOINT_URL ? ` at AWS_ENDPOINT_URL=${env.AWS_ENDPOINT_URL} (is local AWS running?)` : ''}; check the network, or AWS_ENDPOINT_URL`
        : `set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) to ${who}; \`aws sts get-caller-identity\` shows whom they are`;
    return {
      problem: {
        message: `npm run ${verb}: the AWS credentials do not work (sts:GetCallerIdentity: ${describeAwsError(e)}); ${fix}.`,
        exitCode: 1,
      },
    };
  } finally {
    sts.destroy();
  }
}
