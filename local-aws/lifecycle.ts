import { startFront, type Front } from './front';
import { startMotoServer, type MotoServer } from './moto';
import { SecurityHubEmulator, type SecurityHubEmulatorOptions } from './securityhub/emulator';
import { DEFAULT_REGION } from './securityhub/identity';

/** Options for {@link startLocalAws}. */
export interface LocalAwsOptions extends SecurityHubEmulatorOptions {
  /** The front's port; a free one when absent. */
  readonly port?: number;
  /** The Region put in the returned environment. */
  readonly region?: string;
  /** How long to wait for moto_server to answer, in milliseconds (60 s by default: first starts are slow). */
  readonly readyTimeoutMs?: number;
}

/** Environment variables that point an SDK, the AWS CLI or terraform at local AWS. */
export interface LocalAwsEnv {
  readonly AWS_ENDPOINT_URL: string;
  readonly AWS_ACCESS_KEY_ID: string;
  readonly AWS_SECRET_ACCESS_KEY: string;
  readonly AWS_REGION: string;
  readonly AWS_DEFAULT_REGION: string;
  /** Stops SDKs from probing the EC2 metadata service for credentials or a Region. */
  readonly AWS_EC2_METADATA_DISABLED: string;
  readonly [name: string]: string;
}

/** A running local AWS: one endpoint for every service. */
export interface LocalAws {
  /** `http://127.0.0.1:PORT`, the one endpoint for every service. */
  readonly endpoint: string;
  readonly port: number;
  /** The port moto_server listens on (reached through the front; direct use is rarely needed). */
  readonly motoPort: number;
  /**
   * Environment for SDK clients and tools; spread it into `process.env` or a child's env. Its
   * credentials act as the administrator account when one was given, else as 123456789012.
   */
  readonly env: LocalAwsEnv;
  /** The Security Hub emulator behind the endpoint, for seeding and for looking at its state. */
  readonly securityhub: SecurityHubEmulator;
  /** moto_server's recent output, to print when a test fails. */
  motoLogs(): string;
  /** Stops the front and moto_server's process group. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Credentials that act as moto's default account, 123456789012. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/**
 * Starts local AWS: moto_server for every service on free ports, the Security Hub emulator and
 * the front that routes between them, all on 127.0.0.1. Each call starts its own set, so jest
 * files running in parallel do not share state or ports. Everything started is stopped by
 * `stop()` (and moto's process group is killed if this process exits first).
 * @throws MotoNotFoundError when moto_server is not on PATH
 * @throws MotoStartError when moto_server does not come up; the message carries its output
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const moto: MotoServer = await startMotoServer({ readyTimeoutMs: options.readyTimeoutMs });
  const securityhub = new SecurityHubEmulator(options);
  let front: Front;
  try {
    front = await startFront(
      { motoPort: moto.port, securityhub: securityhub.listener, accessKeyAccounts: options.accessKeyAccounts },
      options.port ?? 0,
    );
  } catch (err) {
    await moto.stop();
    throw err;
  }
  const endpoint = `http://127.0.0.1:${front.port}`;
  const region = options.region ?? DEFAULT_REGION;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port: front.port,
    motoPort: moto.port,
    securityhub,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      // A 12-digit key acts as that account: with an administrator, the printed credentials are
      // its own, so the next command (`securityhub report`) runs as the administrator.
      AWS_ACCESS_KEY_ID: options.administratorAccountId ?? LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    motoLogs: () => moto.logs(),
    stop: () => {
      stopped ??= Promise.all([front.close(), moto.stop()]).then(() => undefined);
      return stopped;
    },
  };
}
