import { CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateOrganizationCommand,
  CreateAccountCommand,
  ListAccountsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import {
  DescribeHubCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';
import { startLocalAws, type LocalAws } from '../../local-aws/lifecycle';
import { MotoNotFoundError } from '../../local-aws/moto';
import {
  s3ControlClientFor,
  SECURITY_HUB_PRINCIPAL_REFUSED_BY_MOTO,
  startLoggingByName,
  withMotoLogs,
} from './moto-workarounds';

// The one local endpoint: Security Hub to the emulator, every other service to a real moto_server.
describe('local AWS front', () => {
  let local: LocalAws | undefined;
  const get = () => local as LocalAws;
  const config = (accessKeyId = 'testing') => ({
    endpoint: get().endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey: 'testing' },
  });

  beforeAll(async () => {
    local = await startLocalAws();
  });
  afterAll(() => local?.stop());

  test('returns the environment SDKs and tools need', () => {
    expect(get().env).toMatchObject({
      AWS_ENDPOINT_URL: `http://127.0.0.1:${get().port}`,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
    });
    expect(get().motoPort).not.toBe(get().port);
  });

  test(
    'STS goes to moto, and a 12-digit access key acts as that account there too',
    withMotoLogs(get, async () => {
      expect((await new STSClient(config()).send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012');
      expect((await new STSClient(config('111122223333')).send(new GetCallerIdentityCommand({}))).Account).toBe(
        '111122223333',
      );
    }),
  );

  test(
    'S3 goes to moto, with bodies streamed byte for byte both ways',
    withMotoLogs(get, async () => {
      const s3 = new S3Client(config());
      await s3.send(new CreateBucketCommand({ Bucket: 'front-test-bucket' }));
      const body = randomBytes(5 * 1024 * 1024);
      await s3.send(new PutObjectCommand({ Bucket: 'front-test-bucket', Key: 'blob', Body: body }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'front-test-bucket', Key: 'blob' }));
      expect(
        Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).equals(
          body,
        ),
      ).toBe(true);
    }),
  );

  test(
    'SQS goes to moto',
    withMotoLogs(get, async () => {
      const sqs = new SQSClient(config());
      await sqs.send(new CreateQueueCommand({ QueueName: 'front-test-queue' }));
      expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls?.some((u) => u.endsWith('/front-test-queue'))).toBe(
        true,
      );
    }),
  );

  test(
    'DynamoDB goes to moto; a read by a key larger than DynamoDB allows is refused as DynamoDB refuses it',
    withMotoLogs(get, async () => {
      const dynamodb = new DynamoDBClient(config());
      await dynamodb.send(
        new CreateTableCommand({
          TableName: 'front-keys',
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        }),
      );
      await dynamodb.send(new PutItemCommand({ TableName: 'front-keys', Item: { pk: { S: 'run#1' }, v: { S: 'x' } } }));
      expect(
        (await dynamodb.send(new GetItemCommand({ TableName: 'front-keys', Key: { pk: { S: 'run#1' } } }))).Item?.v,
      ).toEqual({ S: 'x' });
      // 2,048 bytes is the largest partition key; 700 three-byte characters are 2,100.
      expect(
        (await dynamodb.send(new GetItemCommand({ TableName: 'front-keys', Key: { pk: { S: 'x'.repeat(2048) } } })))
          .Item,
      ).toBeUndefined();
      await expect(
        dynamodb.send(new GetItemCommand({ TableName: 'front-keys', Key: { pk: { S: '€'.repeat(700) } } })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(/Size of hashkey has exceeded the maximum size limit of 2048 bytes/),
      });
    }),
  );

  test(
    'Security Hub goes to the emulator',
    withMotoLogs(get, async () => {
      const sh = new SecurityHubClient(config('444455556666'));
      await sh.send(new EnableSecurityHubCommand({}));
      expect((await sh.send(new DescribeHubCommand({}))).HubArn).toBe(
        'arn:aws:securityhub:us-east-1:444455556666:hub/default',
      );
      expect(get().securityhub.state.hubOf('444455556666', 'us-east-1')).toBeDefined();
    }),
  );

  test(
    'workaround: moto refuses Security Hub as a delegated-administrator principal, so Security Hub designates the administrator',
    withMotoLogs(get, async () => {
      const organizations = new OrganizationsClient(config());
      await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      await organizations.send(new CreateAccountCommand({ Email: 'security@example.com', AccountName: 'security' }));
      const account = (await organizations.send(new ListAccountsCommand({}))).Accounts?.find(
        (a) => a.Name === 'security',
      )?.Id as string;
      await expect(
        organizations.send(
          new RegisterDelegatedAdministratorCommand({
            AccountId: account,
            ServicePrincipal: SECURITY_HUB_PRINCIPAL_REFUSED_BY_MOTO,
          }),
        ),
      ).rejects.toThrow(/unrecognized service principal/);
      const sh = new SecurityHubClient(config());
      await sh.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: account }));
      expect((await sh.send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([
        { AccountId: account, Status: 'ENABLED' },
      ]);
    }),
  );

  test(
    'workaround: account-level S3 public access block through the account-prefixed host moto expects',
    withMotoLogs(get, async () => {
      const s3control = s3ControlClientFor(get(), '123456789012');
      const configuration = {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      };
      await s3control.send(
        new PutPublicAccessBlockCommand({ AccountId: '123456789012', PublicAccessBlockConfiguration: configuration }),
      );
      expect(
        (await s3control.send(new GetPublicAccessBlockCommand({ AccountId: '123456789012' })))
          .PublicAccessBlockConfiguration,
      ).toEqual(configuration);
    }),
  );

  test(
    'workaround: CloudTrail StartLogging by trail name rather than ARN',
    withMotoLogs(get, async () => {
      await new S3Client(config()).send(new CreateBucketCommand({ Bucket: 'front-test-trail' }));
      const cloudtrail = new CloudTrailClient(config());
      const trail = await cloudtrail.send(
        new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'front-test-trail' }),
      );
      await startLoggingByName(cloudtrail, trail.TrailARN as string);
      expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'org-trail' }))).IsLogging).toBe(true);
    }),
  );
});

describe('startLocalAws', () => {
  test('two instances started together get their own ports and state, and stop() ends their moto_server', async () => {
    const [a, b] = await Promise.all([startLocalAws(), startLocalAws()]);
    try {
      expect(new Set([a.port, b.port, a.motoPort, b.motoPort]).size).toBe(4);
      await new SecurityHubClient({
        endpoint: a.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'x' },
      }).send(new EnableSecurityHubCommand({}));
      expect(a.securityhub.state.hubs.size).toBe(1);
      expect(b.securityhub.state.hubs.size).toBe(0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    // The stopped moto_server no longer answers.
    await expect(fetch(`http://127.0.0.1:${a.motoPort}/moto-api/`)).rejects.toThrow();
    await a.stop();
  });

  test('fails with a clear error, not a skip, when moto_server is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startLocalAws()).rejects.toThrow(MotoNotFoundError);
      await expect(startLocalAws()).rejects.toThrow(/moto_server is needed/);
    } finally {
      process.env.PATH = path;
    }
  });
});
