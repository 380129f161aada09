import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { dayPrefix, OBJECT_SUFFIX } from '../../domain/findings-export-layout';
import { sqlString } from '../../domain/findings-export-dialect';
import type { AwsConnectionOptions } from '../aws/securityhub-client';
import { describeAwsError } from '../aws/securityhub-client';
import { CliError } from '../errors';
import { listExportObjects, type ExportObject } from '../report/sources/duckdb-engine';
import { findingsRelation, PARQUET_COPY_OPTIONS, PARQUET_ROW_ORDER } from './parquet';
import { createS3Client, downloadExport, parseS3Location, S3Sink, type S3ExportLocation } from './s3-export';

/** What a compaction reads and where. */
export interface CompactOptions {
  /** A local folder in the export layout, or s3://bucket/prefix/. */
  readonly target: string;
  /** Only days in [sinceDay, untilDay] (YYYY-MM-DD), each optional. */
  readonly sinceDay?: string;
  readonly untilDay?: string;
  /** The connection for S3. */
  readonly connection: AwsConnectionOptions;
}

/** What a compaction did. */
export interface CompactResult {
  /** Days rewritten (days already one Parquet object are left alone). */
  readonly days: number;
  /** Objects read and replaced. */
  readonly objectsBefore: number;
  readonly bytesBefore: number;
  /** Bytes of the Parquet objects written, one per day. */
  readonly bytesAfter: number;
  readonly where: string;
}

/** The days that gain from a rewrite: more than one object, or any JSON object of an earlier export. */
function daysToCompact(objects: readonly ExportObject[]): Map<string, ExportObject[]> {
  const byDay = new Map<string, ExportObject[]>();
  for (const o of objects) byDay.set(o.day, [...(byDay.get(o.day) ?? []), o]);
  for (const [day, list] of byDay) if (list.length === 1 && list[0].kind === 'parquet') byDay.delete(day);
  return byDay;
}

/**
 * Rewrites one day's objects as one Parquet object in `file` (the export's columns, every row
 * kept: every version of every finding, as before), sorted by finding.
 */
async function rewriteDay(objects: readonly ExportObject[], file: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: '512MB',
    temp_directory: `${file}.spill`,
    preserve_insertion_order: 'false',
  });
  const connection = await instance.connect();
  try {
    const parquet = objects.filter((o) => o.kind === 'parquet').map((o) => sqlString(o.file));
    const json = objects.filter((o) => o.kind === 'json').map((o) => sqlString(o.file));
    await connection.run(
      `COPY (SELECT * EXCLUDE (filename) FROM (${findingsRelation(parquet, json)}) ${PARQUET_ROW_ORDER}) TO ${sqlString(file)} ${PARQUET_COPY_OPTIONS}`,
    );
  } catch (e) {
    throw new CliError(
      `the objects of ${path.dirname(objects[0].file)} could not be rewritten (${(e as Error).message.split('\n')[0]}); nothing was removed. Check that they are the export's Parquet or GZIP'd JSON Lines.`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(`${file}.spill`, { recursive: true, force: true });
  }
}

/** A new name for each compacted object, so a rerun or a concurrent writer never overwrites one. */
const compactedName = () =>
  `compacted-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}${OBJECT_SUFFIX}`;

/**
 * Compacts a local export: for each day with several objects (or JSON objects of an earlier
 * export), writes one Parquet object with all their rows beside them, then removes exactly the
 * objects it read. Objects that arrive meanwhile stay. A crash in between leaves both, which reads
 * the same (a report keeps each finding's latest version; duplicates count once).
 */
async function compactFolder(
  root: string,
  days: { sinceDay?: string; untilDay?: string },
): Promise<Omit<CompactResult, 'where'>> {
  let objectsBefore = 0;
  let bytesBefore = 0;
  let bytesAfter = 0;
  const work = daysToCompact(listExportObjects(root, days));
  for (const [day, objects] of work) {
    const dir = path.join(root, dayPrefix('', day));
    const name = compactedName();
    // A leading dot hides the half-written object from readers until it is whole.
    const partial = path.join(dir, `.${name}.partial`);
    await rewriteDay(objects, partial);
    renameSync(partial, path.join(dir, name));
    for (const o of objects) rmSync(o.file);
    objectsBefore += objects.length;
    bytesBefore += objects.reduce((n, o) => n + o.bytes, 0);
    bytesAfter += statSync(path.join(dir, name)).size;
  }
  return { days: work.size, objectsBefore, bytesBefore, bytesAfter };
}

/** Compacts an export in S3: each day is copied to a scratch folder, rewritten, put back, then its old objects deleted. */
async function compactBucket(
  client: S3Client,
  location: S3ExportLocation,
  days: { sinceDay?: string; untilDay?: string },
): Promise<Omit<CompactResult, 'where'>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'securityhub-compact-'));
  try {
    const { keys } = await downloadExport(client, location, scratch, days);
    const keyOf = new Map(keys.map((k) => [path.join(scratch, k.slice(location.prefix.length)), k]));
    const work = daysToCompact(listExportObjects(scratch, days));
    const sink = new S3Sink(client, location);
    let objectsBefore = 0;
    let bytesBefore = 0;
    let bytesAfter = 0;
    for (const [day, objects] of work) {
      const file = path.join(scratch, `${day}${OBJECT_SUFFIX}`);
      await rewriteDay(objects, file);
      const body = readFileSync(file);
      await sink.put(`${dayPrefix('', day)}${compactedName()}`, body);
      const old = objects.map((o) => keyOf.get(o.file)!);
      for (let i = 0; i < old.length; i += 1000) {
        try {
          const deleted = await client.send(
            new DeleteObjectsCommand({
              Bucket: location.bucket,
              Delete: { Objects: old.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
            }),
          );
          if (deleted.Errors && deleted.Errors.length > 0)
            throw new Error(`${deleted.Errors[0].Key}: ${deleted.Errors[0].Code}`);
        } catch (e) {
          throw new CliError(
            `DeleteObjects in s3://${location.bucket}/${dayPrefix(location.prefix, day)} failed: ${describeAwsError(e)}; the compacted object is there, so reports read the same; run compact again to remove the rest.`,
          );
        }
      }
      objectsBefore += objects.length;
      bytesBefore += objects.reduce((n, o) => n + o.bytes, 0);
      bytesAfter += body.length;
      rmSync(file);
    }
    return { days: work.size, objectsBefore, bytesBefore, bytesAfter };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `securityhub export compact`: one Parquet object per export day, from however many objects
 * Firehose, backfills or an earlier JSON export left there. Reports read the same before and
 * after; Athena scans fewer, larger objects.
 */
export async function runCompact(options: CompactOptions): Promise<CompactResult> {
  const days = {
    ...(options.sinceDay ? { sinceDay: options.sinceDay } : {}),
    ...(options.untilDay ? { untilDay: options.untilDay } : {}),
  };
  if (!options.target.startsWith('s3://'))
    return { ...(await compactFolder(options.target, days)), where: options.target };
  const location = parseS3Location('--path', options.target);
  const client = createS3Client(options.connection);
  try {
    return { ...(await compactBucket(client, location, days)), where: `s3://${location.bucket}/${location.prefix}` };
  } finally {
    client.destroy();
  }
}
