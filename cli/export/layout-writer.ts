import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { dayPrefix, isExportDay, OBJECT_SUFFIX } from '../../domain/findings-export-layout';
import { sqlString } from '../../domain/findings-export-dialect';
import { CliError } from '../errors';
import type { AsffFinding } from '../findings/asff';
import { parquetColumnsFromJson, PARQUET_COPY_OPTIONS, PARQUET_ROW_ORDER, readJsonFindings } from './parquet';

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
  /** Uncompressed JSON bytes held before every day is written out (Firehose's buffer size). @default 128 MiB */
  readonly bufferBytes?: number;
  /** Start of every object name; distinct runs must use distinct names. @default `export-<time>-<uuid>` */
  readonly namePrefix?: string;
}

/**
 * Writes findings in the export layout (domain/findings-export-layout.ts): one Parquet object
 * per export day per flush, with the Glue table's columns, as Firehose's record format conversion
 * writes them for the deployed export. The project's own stand-in for Firehose: `securityhub
 * export backfill` writes with it, and the tests and `npm run bench:report` write their exports
 * with it to read them back with `--source export`. DuckDB converts each buffer (JSON Lines in a
 * scratch folder) to Parquet.
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
  private scratch?: string;
  private instance?: DuckDBInstance;
  private connection?: DuckDBConnection;

  constructor(
    private readonly sink: ObjectSink,
    options: LayoutWriterOptions = {},
  ) {
    this.prefix = options.prefix ?? '';
    if (this.prefix !== '' && !this.prefix.endsWith('/')) {
      throw new CliError(
        `export prefix ${JSON.stringify(this.prefix)} must be empty or end with "/", e.g. "security-hub/".`,
      );
    }
    this.bufferBytes = options.bufferBytes ?? 128 * 1024 * 1024;
    this.namePrefix =
      options.namePrefix ?? `export-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  }

  /**
   * Adds one finding to the objects of export day `day`.
   * @param day the export day (YYYY-MM-DD): Firehose's arrival day, the backfill's run day
   * @throws CliError when the day is not a date
   */
  public async write(finding: AsffFinding, day: string): Promise<void> {
    if (!isExportDay(day)) throw new CliError(`export day ${JSON.stringify(day)} is not a YYYY-MM-DD date.`);
    const line = JSON.stringify(finding);
    let buffer = this.buffers.get(day);
    if (!buffer) {
      buffer = [];
      this.buffers.set(day, buffer);
    }
    buffer.push(line);
    this.buffered += line.length + 1;
    this.findings++;
    if (this.buffered >= this.bufferBytes) await this.flush();
  }

  /** Writes every buffered day as one Parquet object each. */
  public async flush(): Promise<void> {
    for (const [day, lines] of this.buffers) {
      this.sequence++;
      const body = await this.toParquet(lines);
      await this.sink.put(
        `${dayPrefix(this.prefix, day)}${this.namePrefix}-${String(this.sequence).padStart(6, '0')}${OBJECT_SUFFIX}`,
        body,
      );
      this.objects++;
    }
    this.buffers.clear();
    this.buffered = 0;
  }

  /** Writes what is left and releases the converter. */
  public async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.connection?.closeSync();
      this.instance?.closeSync();
      if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
      this.connection = undefined;
      this.instance = undefined;
      this.scratch = undefined;
    }
  }

  /** One buffer of findings as a Parquet object with the export's columns. */
  private async toParquet(lines: readonly string[]): Promise<Buffer> {
    if (!this.connection) {
      this.scratch = mkdtempSync(path.join(tmpdir(), 'securityhub-export-writer-'));
      this.instance = await DuckDBInstance.create(':memory:', {
        memory_limit: '256MB',
        temp_directory: path.join(this.scratch, 'spill'),
        preserve_insertion_order: 'false',
      });
      this.connection = await this.instance.connect();
    }
    const json = path.join(this.scratch!, 'buffer.jsonl');
    const parquet = path.join(this.scratch!, 'buffer.parquet');
    writeFileSync(json, `${lines.join('\n')}\n`);
    await this.connection.run(
      `COPY (SELECT ${parquetColumnsFromJson()} FROM ${readJsonFindings(sqlString(json), 'uncompressed')} ${PARQUET_ROW_ORDER}) TO ${sqlString(parquet)} ${PARQUET_COPY_OPTIONS}`,
    );
    const body = readFileSync(parquet);
    rmSync(json);
    rmSync(parquet);
    return body;
  }
}

/** The export day Firehose would give a finding that arrived when it was last updated. */
export function arrivalDayOf(finding: AsffFinding): string {
  const t = Date.parse(finding.UpdatedAt ?? '');
  if (Number.isNaN(t))
    throw new CliError(
      `finding ${JSON.stringify(finding.Id ?? null)} has UpdatedAt ${JSON.stringify(finding.UpdatedAt ?? null)}, which is not an ISO 8601 time.`,
    );
  return new Date(t).toISOString().slice(0, 10);
}
