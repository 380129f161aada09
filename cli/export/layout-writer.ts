import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { isExportDay, OBJECT_SUFFIX, partitionPrefix } from '../../modules/findings-export-layout';
import { CliError } from '../errors';
import type { AsffFinding } from '../findings/asff';

/** Where finished objects go: a local folder or an S3 bucket. */
export interface ObjectSink {
  /** Stores one object under `key` (relative to the export root). */
  put(key: string, body: Buffer): Promise<void>;
  /** The export root, for messages. */
  readonly where: string;
}

/** Objects as files under a folder; each appears whole (written beside, then renamed). */
export class DirectorySink implements ObjectSink {
  constructor(public readonly where: string) {}

  public async put(key: string, body: Buffer): Promise<void> {
    const file = path.join(this.where, key);
    mkdirSync(path.dirname(file), { recursive: true });
    // A leading dot hides the half-written file from readers (listExportObjects, Athena).
    const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
    writeFileSync(partial, body);
    renameSync(partial, file);
  }
}

/** How the writer groups findings into objects. */
export interface LayoutWriterOptions {
  /** The export's prefix inside the bucket or folder ('' or ending in '/'). */
  readonly prefix?: string;
  /** Uncompressed bytes held before every partition is written out (Firehose's buffer size). @default 64 MiB */
  readonly bufferBytes?: number;
  /** Start of every object name; distinct runs must use distinct names. @default `export-<time>-<uuid>` */
  readonly namePrefix?: string;
}

/**
 * Writes findings in the export layout (modules/findings-export-layout.ts): GZIP'd JSON Lines,
 * one object per partition per flush. This is what Firehose does for the deployed export, and
 * the project's own stand-in for it: `securityhub export backfill` writes with it, and the tests
 * and the benchmark write exports with it to read them back with `--source export`.
 */
export class ExportLayoutWriter {
  /** Findings written. */
  public findings = 0;
  /** Objects written. */
  public objects = 0;
  private readonly buffers = new Map<string, string[]>();
  private buffered = 0;
  private sequence = 0;
  private readonly prefix: string;
  private readonly bufferBytes: number;
  private readonly namePrefix: string;

  constructor(private readonly sink: ObjectSink, options: LayoutWriterOptions = {}) {
    this.prefix = options.prefix ?? '';
    if (this.prefix !== '' && !this.prefix.endsWith('/')) {
      throw new CliError(`export prefix ${JSON.stringify(this.prefix)} must be empty or end with "/", e.g. "security-hub/".`);
    }
    this.bufferBytes = options.bufferBytes ?? 64 * 1024 * 1024;
    this.namePrefix = options.namePrefix ?? `export-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  }

  /**
   * Adds one finding to the partition of `day`, its account and its Region.
   * @param day the export day (YYYY-MM-DD): Firehose's arrival day, the backfill's run day
   * @throws CliError when the finding has no account or Region to partition by (Firehose would send it to errors/)
   */
  public async write(finding: AsffFinding, day: string): Promise<void> {
    if (!isExportDay(day)) throw new CliError(`export day ${JSON.stringify(day)} is not a YYYY-MM-DD date.`);
    const account = finding.AwsAccountId;
    const region = finding.Region;
    if (typeof account !== 'string' || !/^\d{12}$/.test(account) || typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      throw new CliError(`finding ${JSON.stringify(finding.Id ?? null)} has AwsAccountId ${JSON.stringify(account ?? null)} and Region ${JSON.stringify(region ?? null)}; the export is partitioned by both, so each must be set (12 digits; a Region code). Nothing more was written.`);
    }
    const key = partitionPrefix(this.prefix, { day, account, region });
    const line = JSON.stringify(finding);
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = [];
      this.buffers.set(key, buffer);
    }
    buffer.push(line);
    this.buffered += line.length + 1;
    this.findings++;
    if (this.buffered >= this.bufferBytes) await this.flush();
  }

  /** Writes every buffered partition as one object each. */
  public async flush(): Promise<void> {
    for (const [key, lines] of this.buffers) {
      this.sequence++;
      await this.sink.put(`${key}${this.namePrefix}-${String(this.sequence).padStart(6, '0')}${OBJECT_SUFFIX}`, gzipSync(`${lines.join('\n')}\n`));
      this.objects++;
    }
    this.buffers.clear();
    this.buffered = 0;
  }

  /** Writes what is left. */
  public async close(): Promise<void> {
    await this.flush();
  }
}

/** The export day Firehose would give a finding that arrived when it was last updated. */
export function arrivalDayOf(finding: AsffFinding): string {
  const t = Date.parse(finding.UpdatedAt ?? '');
  if (Number.isNaN(t)) throw new CliError(`finding ${JSON.stringify(finding.Id ?? null)} has UpdatedAt ${JSON.stringify(finding.UpdatedAt ?? null)}, which is not an ISO 8601 time.`);
  return new Date(t).toISOString().slice(0, 10);
}
