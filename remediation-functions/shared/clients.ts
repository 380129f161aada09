/**
 * How the functions build AWS SDK clients. Services take their clients (or this factory) in the
 * constructor, so tests point them at a local emulator and the CLI reuses them with its own
 * credentials. No SDK module is imported here: runbooks import the one client they use, and
 * runbook modules are loaded on first use, which keeps a function's cold start small.
 */

/** Temporary credentials, as STS AssumeRole returns them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** What every client gets: the Region, and the credentials when they are not the function's own. */
export interface ClientSettings {
  readonly region: string;
  readonly credentials?: TemporaryCredentials;
}

/** Service keys, so a factory can add per-service settings (e.g. S3 addressing) without inspecting classes. */
export type ServiceName =
  | 'cloudtrail'
  | 'cloudwatch'
  | 'config'
  | 'dynamodb'
  | 'ec2'
  | 'ecr'
  | 'guardduty'
  | 'iam'
  | 'kms'
  | 'lambda'
  | 'logs'
  | 'organizations'
  | 'rds'
  | 's3'
  | 's3control'
  | 'secretsmanager'
  | 'securityhub'
  | 'sns'
  | 'sqs'
  | 'ssm'
  | 'sts'
  | 'apigateway'
  | 'codebuild'
  | 'elasticloadbalancing';

/** An SDK v3 client class. */
// The SDK's constructor parameter types differ per client; all accept region and credentials.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientClass<C> = new (config: any) => C;

/** Builds SDK clients. */
export interface ClientFactory {
  create<C>(service: ServiceName, clientClass: ClientClass<C>, settings: ClientSettings): C;
}

/**
 * The production factory: the SDK's default endpoint resolution (which honours
 * AWS_ENDPOINT_URL), standard retries, and S3 following a bucket's Region.
 */
export const defaultClientFactory: ClientFactory = {
  create: (service, clientClass, settings) =>
    new clientClass({
      ...settings,
      maxAttempts: 4,
      ...(service === 's3' ? { followRegionRedirects: true } : {}),
    }),
};

/** Clients for one account and Region, created on first use and reused for the rest of the run. */
export class AwsClients {
  readonly #cache = new Map<string, unknown>();
  readonly #factory: ClientFactory;

  /**
   * @param factory builds the clients
   * @param settings the Region the run acts in and the assumed-role credentials
   */
  constructor(
    factory: ClientFactory,
    public readonly settings: ClientSettings,
  ) {
    this.#factory = factory;
  }

  /**
   * The client for a service, in the run's Region unless another is given (S3 buckets, trails
   * whose home Region differs).
   */
  public get<C>(service: ServiceName, clientClass: ClientClass<C>, region: string = this.settings.region): C {
    const key = `${service}/${region}`;
    let client = this.#cache.get(key) as C | undefined;
    if (!client) {
      client = this.#factory.create(service, clientClass, { ...this.settings, region });
      this.#cache.set(key, client);
    }
    return client;
  }
}
