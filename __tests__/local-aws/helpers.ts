import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { SecurityHubEmulator, type SecurityHubEmulatorOptions } from '../../local-aws/securityhub';

/** The account the default test credentials act as. */
export const ADMIN = '123456789012';
/** A member account. */
export const MEMBER = '222233334444';
/** Another member account. */
export const OTHER = '333344445555';

/** A Security Hub emulator on its own port, with a client factory for any account and Region. */
export interface TestHub {
  readonly emulator: SecurityHubEmulator;
  readonly endpoint: string;
  /** A real SDK v3 client acting as the account (its 12-digit id is the access key) in the Region. */
  client(accountId?: string, region?: string): SecurityHubClient;
  close(): Promise<void>;
}

/** Starts an emulator on a free port of 127.0.0.1. */
export async function startTestHub(options: SecurityHubEmulatorOptions = {}): Promise<TestHub> {
  const emulator = new SecurityHubEmulator(options);
  const port = await emulator.listen(0);
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: SecurityHubClient[] = [];
  return {
    emulator,
    endpoint,
    client: (accountId = ADMIN, region = 'us-east-1') => {
      // No retries: a test that expects an error should see it once, not after back-off.
      const client = new SecurityHubClient({
        endpoint,
        region,
        maxAttempts: 1,
        credentials: { accessKeyId: accountId, secretAccessKey: 'testing' },
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      clients.forEach((c) => c.destroy());
      await emulator.close();
    },
  };
}

let counter = 0;

/**
 * A well-formed ASFF finding from the account's default product; override any member.
 * Each call gets a fresh Id unless one is given.
 */
export function finding(
  overrides: Partial<AwsSecurityFinding> & { AwsAccountId?: string; Region?: string } = {},
): AwsSecurityFinding {
  const account = overrides.AwsAccountId ?? ADMIN;
  const region = overrides.Region ?? 'us-east-1';
  const at = overrides.UpdatedAt ?? '2024-05-01T10:00:00.000Z';
  counter++;
  return {
    SchemaVersion: '2018-10-08',
    Id: `finding-${counter}`,
    ProductArn: `arn:aws:securityhub:${region}:${account}:product/${account}/default`,
    GeneratorId: 'test-generator',
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: at,
    UpdatedAt: at,
    Severity: { Label: 'MEDIUM' },
    Title: `Finding ${counter}`,
    Description: 'A finding made by a test',
    Resources: [{ Type: 'AwsS3Bucket', Id: `arn:aws:s3:::bucket-${counter}`, Region: region }],
    ...overrides,
  } as AwsSecurityFinding;
}

/** The Ids of findings, for compact assertions. */
export function ids(findings: readonly AwsSecurityFinding[] | undefined): string[] {
  return (findings ?? []).map((f) => f.Id as string);
}
