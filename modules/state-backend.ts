import { LocalBackend, S3Backend, type TerraformStack } from './framework';
import * as path from 'node:path';

/** Terraform state kept in S3: encrypted, with S3-native locking (Terraform 1.10+). */
export interface S3StateBackend {
  readonly type: 's3';
  /** State bucket. */
  readonly bucket: string;
  /** Bucket Region. */
  readonly region: string;
  /** Key prefix; each stack's state is `<prefix>/<stack>.tfstate`. @default securityhub */
  readonly keyPrefix?: string;
  /** Server-side encryption. @default true */
  readonly encrypt?: boolean;
  /** KMS key for state encryption. @default the bucket's default encryption */
  readonly kmsKeyId?: string;
  /** S3 lock file instead of a DynamoDB lock table. @default true */
  readonly useLockfile?: boolean;
  /** Legacy DynamoDB lock table. @default none */
  readonly dynamodbTable?: string;
  /** Role to assume for state access. @default the ambient credentials */
  readonly roleArn?: string;
}

/** Terraform state in local files: for trying things out and for offline validation. */
export interface LocalStateBackend {
  readonly type: 'local';
  /** Directory of the state files, relative to the stack's working directory. @default terraform-state */
  readonly directory?: string;
}

/** Where a stack keeps its state. */
export type StateBackend = S3StateBackend | LocalStateBackend;

/** Per-stack changes to the shared backend settings. */
export interface StateBackendOverride {
  /** Full state key for this stack. */
  readonly key?: string;
  /** Another bucket for this stack. */
  readonly bucket?: string;
  /** That bucket's Region. */
  readonly region?: string;
}

/**
 * Gives a stack its backend. Each stack has its own state key, so a plan of one tier never locks
 * or reads another's state.
 */
export function configureStateBackend(
  stack: TerraformStack,
  stackName: string,
  backend: StateBackend,
  override: StateBackendOverride = {},
): void {
  if (backend.type === 'local') {
    // Relative to the stack's directory under cdktf.out/stacks/<stack>: keep state out of cdktf.out, which synth rewrites.
    new LocalBackend(stack, {
      path: path.join('..', '..', '..', backend.directory ?? 'terraform-state', `${stackName}.tfstate`),
    });
    return;
  }
  new S3Backend(stack, {
    bucket: override.bucket ?? backend.bucket,
    region: override.region ?? backend.region,
    key: override.key ?? `${backend.keyPrefix ?? 'securityhub'}/${stackName}.tfstate`,
    encrypt: backend.encrypt ?? true,
    kmsKeyId: backend.kmsKeyId,
    dynamodbTable: backend.dynamodbTable,
    assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
  });
  // cdktf 0.21's S3Backend has no use_lockfile yet; Terraform 1.10+ reads it.
  if (backend.useLockfile ?? true) stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
