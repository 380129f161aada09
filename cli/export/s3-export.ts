import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FINDINGS_FOLDER, JSON_OBJECT_SUFFIX, OBJECT_SUFFIX } from '../../domain/findings-export-layout';
import { clientSettings, describeAwsError, type AwsConnectionOptions } from '../aws/securityhub-client';
import { CliError, UsageError } from '../errors';
import type { ObjectSink } from './layout-writer';

/** An export's place in S3, from `s3://bucket/prefix/`. */
export interface S3ExportLocation {
  readonly bucket: string;
  /** '' or ending in '/'. */
  readonly prefix: string;
}

/**
 * Parses `s3://bucket[/prefix/]`.
 * @throws UsageError naming the flag and value when it is not one
 */
export function parseS3Location(flag: string, value: string): S3ExportLocation {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!m || (m[2] !== undefined && m[2] !== '' && !m[2].endsWith('/'))) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)} is not an export location; give s3://BUCKET/ or s3://BUCKET/PREFIX/ (ending in /).`,
    );
  }
  return { bucket: m[1], prefix: m[2] ?? '' };
}

/** An S3 client with the CLI's settings; path-style addressing when an endpoint (local AWS) is given. */
export function createS3Client(options: AwsConnectionOptions): S3Client {
  return new S3Client({ ...clientSettings(options), ...(options.endpointUrl ? { forcePathStyle: true } : {}) });
}

/** Objects written to S3 with PutObject; the bucket's default encryption (KMS) applies. */
export class S3Sink implements ObjectSink {
  public readonly where: string;

  constructor(
    private readonly client: S3Client,
    private readonly location: S3ExportLocation,
  ) {
    this.where = `s3://${location.bucket}/${location.prefix}`;
  }

  public async put(relativeKey: string, body: Buffer): Promise<void> {
    const key = `${this.location.prefix}${relativeKey}`;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/vnd.apache.parquet',
        }),
      );
    } catch (e) {
      throw new CliError(
        `PutObject s3://${this.location.bucket}/${key} failed: ${describeAwsError(e)}; objects written before it stay and a rerun writes new ones beside them (the report keeps each finding's latest version).`,
      );
    }
  }
}

/**
 * Copies the finding objects of the days in [sinceDay, untilDay] from S3 to `dir`, keeping their
 * keys, so the embedded engine reads them as a local export (DuckDB's S3 reader is an extension
 * that cannot be installed offline).
 * @returns how many objects and bytes were copied, and their keys
 */
export async function downloadExport(
  client: S3Client,
  location: S3ExportLocation,
  dir: string,
  days: { readonly sinceDay?: string; readonly untilDay?: string },
): Promise<{ objects: number; bytes: number; keys: string[] }> {
  let token: string | undefined;
  const keys: string[] = [];
  let objects = 0;
  let bytes = 0;
  const base = `${location.prefix}${FINDINGS_FOLDER}`;
  do {
    let page;
    try {
      page = await client.send(
        new ListObjectsV2Command({
          Bucket: location.bucket,
          Prefix: base,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
    } catch (e) {
      throw new CliError(
        `ListObjectsV2 s3://${location.bucket}/${base} failed: ${describeAwsError(e)}; check the bucket, the credentials and --endpoint-url.`,
      );
    }
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? '';
      const day = /^dt=(\d{4}-\d{2}-\d{2})\//.exec(key.slice(base.length))?.[1];
      // Parquet objects, and the GZIP'd JSON Lines of earlier exports.
      if (!day || !(key.endsWith(OBJECT_SUFFIX) || key.endsWith(JSON_OBJECT_SUFFIX))) continue;
      if ((days.sinceDay !== undefined && day < days.sinceDay) || (days.untilDay !== undefined && day > days.untilDay))
        continue;
      let body: Uint8Array;
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
        body = await got.Body!.transformToByteArray();
      } catch (e) {
        throw new CliError(`GetObject s3://${location.bucket}/${key} failed: ${describeAwsError(e)}.`);
      }
      const file = path.join(dir, key.slice(location.prefix.length));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, body);
      keys.push(key);
      objects++;
      bytes += body.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { objects, bytes, keys };
}
