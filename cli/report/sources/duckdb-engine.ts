import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FINDINGS_FOLDER, JSON_OBJECT_SUFFIX, OBJECT_SUFFIX } from '../../../domain/findings-export-layout';
import { findingsRelation } from '../../export/parquet';
import { CliError } from '../../errors';
import type { QueryEngine, QueryResult } from './query-engine';
import { DUCKDB_DIALECT, sqlString } from '../../../domain/findings-export-dialect';
import { DEFAULT_MEMORY_LIMIT, engineMemoryBytes, parseMemoryLimit, type MemoryLimit } from './memory-limit';

/** One finding object of an export on disk. */
export interface ExportObject {
  /** Absolute file path. */
  readonly file: string;
  /** Its export day (the `dt=` folder). */
  readonly day: string;
  /** Size in bytes (compressed), what a query over it scans. */
  readonly bytes: number;
  /** Parquet, or GZIP'd JSON Lines of an earlier export. */
  readonly kind: 'parquet' | 'json';
}

/**
 * The finding objects under `<root>/findings/`, in the export layout, optionally only those of
 * days in [sinceDay, untilDay]: the partition pruning Athena's projection does, done by listing.
 */
export function listExportObjects(root: string, days: { sinceDay?: string; untilDay?: string } = {}): ExportObject[] {
  const base = path.join(root, FINDINGS_FOLDER);
  let dayDirs: string[];
  try {
    dayDirs = readdirSync(base);
  } catch (e) {
    throw new CliError(
      `--path ${root}: cannot read ${base} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); point --path at the folder that holds findings/dt=YYYY-MM-DD/... (written by \`securityhub export backfill --path\` or copied from the export bucket).`,
    );
  }
  const out: ExportObject[] = [];
  for (const dayDir of dayDirs.sort()) {
    const day = /^dt=(\d{4}-\d{2}-\d{2})$/.exec(dayDir)?.[1];
    if (!day) continue;
    if ((days.sinceDay !== undefined && day < days.sinceDay) || (days.untilDay !== undefined && day > days.untilDay))
      continue;
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        // Names starting with . or _ are in-flight or hidden, as Athena treats them.
        if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(OBJECT_SUFFIX))
          out.push({ file: full, day, bytes: statSync(full).size, kind: 'parquet' });
        else if (entry.name.endsWith(JSON_OBJECT_SUFFIX))
          out.push({ file: full, day, bytes: statSync(full).size, kind: 'json' });
      }
    };
    walk(path.join(base, dayDir));
  }
  return out;
}

/** A node of DuckDB's JSON query plan. */
interface PlanNode {
  readonly name?: string;
  readonly extra_info?: { readonly Function?: string; readonly Projections?: readonly string[] };
  readonly children?: readonly PlanNode[];
}

/** How the embedded engine may use the machine. */
export interface DuckDbEngineOptions {
  /** The most memory DuckDB holds before it spills to its temporary folder. @default DEFAULT_MEMORY_LIMIT */
  readonly memoryLimit?: MemoryLimit;
}

/**
 * The embedded engine: DuckDB reading the export layout's objects from local disk (Parquet, and
 * GZIP'd JSON Lines of earlier exports). The relation
 * adds `dt` from each object's folder, as the Glue table's partition column does for Athena.
 * Memory is bounded (memory_limit); what does not fit spills to a folder in the OS temporary
 * directory that close() removes.
 */
export class DuckDbEngine implements QueryEngine {
  public readonly dialect = DUCKDB_DIALECT;
  public readonly relation: string;
  private connection?: DuckDBConnection;
  private instance?: DuckDBInstance;
  private spill?: string;
  private readonly memoryLimit: MemoryLimit;

  /**
   * @param objects the objects to read (see listExportObjects); their total size is what each query scans
   * @param where names the export in messages
   */
  constructor(
    private readonly objects: readonly ExportObject[],
    private readonly where: string,
    options: DuckDbEngineOptions = {},
  ) {
    this.memoryLimit = options.memoryLimit ?? parseMemoryLimit('securityhub report', DEFAULT_MEMORY_LIMIT);
    // One glob per export day and kind keeps the statement short however many objects there are;
    // only the listed days are read.
    const globs = (kind: ExportObject['kind'], suffix: string) => [
      ...new Set(
        objects
          .filter((o) => o.kind === kind)
          .map((o) =>
            sqlString(
              path.join(
                o.file.slice(0, o.file.indexOf(`${path.sep}dt=${o.day}${path.sep}`)),
                `dt=${o.day}`,
                '**',
                `*${suffix}`,
              ),
            ),
          ),
      ),
    ];
    const parquet = globs('parquet', OBJECT_SUFFIX);
    const json = globs('json', JSON_OBJECT_SUFFIX);
    this.relation =
      parquet.length + json.length === 0
        ? ''
        : `(SELECT *, regexp_extract(filename, '/dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/', 1) AS dt
    FROM (${findingsRelation(parquet, json)}))`;
  }

  public async query(_name: string, sql: string): Promise<QueryResult> {
    if (this.objects.length === 0) return { rows: [], scannedBytes: 0 };
    if (!this.connection) {
      this.spill = mkdtempSync(path.join(tmpdir(), 'securityhub-duckdb-'));
      this.instance = await DuckDBInstance.create(':memory:', {
        // The bound is the whole process's: the engine gets it less what the process holds outside.
        memory_limit: `${engineMemoryBytes(this.memoryLimit)}B`,
        temp_directory: this.spill,
        // The queries aggregate, so row order never matters; keeping it costs memory while reading.
        preserve_insertion_order: 'false',
      });
      this.connection = await this.instance.connect();
    }
    try {
      // Planned before it runs: once a statement has stored a table, its plan no longer reads the export.
      const scannedBytes = await this.scannedBytes(sql);
      const reader = await this.connection.runAndReadAll(sql);
      return { rows: reader.getRowObjectsJson() as Record<string, unknown>[], scannedBytes };
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      if (/out of memory/i.test(message)) {
        throw new CliError(
          `${this.where}: reading the export needs more memory than --memory-limit ${this.memoryLimit.text} allows (${message}); raise it, e.g. --memory-limit 2GB, or read fewer days with --since.`,
        );
      }
      throw new CliError(
        `${this.where}: the export could not be read (${message}); check that its objects are the export's Parquet or GZIP'd JSON Lines of ASFF findings.`,
      );
    }
  }

  /**
   * What the query scans, counted as Athena bills it: of Parquet objects, the compressed column
   * chunks of the columns (and struct fields) DuckDB's plan reads; of JSON objects, all of them.
   */
  private async scannedBytes(sql: string): Promise<number> {
    const plan = JSON.parse(
      String(
        (await this.connection!.runAndReadAll(`EXPLAIN (FORMAT json) ${sql}`)).getRowObjectsJson()[0].explain_value,
      ),
    ) as PlanNode[];
    const read = new Set<string>();
    let readsJson = false;
    const walk = (node: PlanNode): void => {
      if (node.extra_info?.Function === 'READ_PARQUET')
        for (const p of node.extra_info.Projections ?? []) read.add(p.toLowerCase());
      if (node.extra_info?.Function?.startsWith('READ_JSON')) readsJson = true;
      node.children?.forEach(walk);
    };
    plan.forEach(walk);
    // A query over the report's temporary table reads no object.
    const json = readsJson ? this.objects.filter((o) => o.kind === 'json').reduce((n, o) => n + o.bytes, 0) : 0;
    const parquet = this.objects.filter((o) => o.kind === 'parquet');
    if (parquet.length === 0 || read.size === 0) return json;
    const chunks = await this.connection!.runAndReadAll(`SELECT path_in_schema, sum(total_compressed_size) AS bytes
      FROM parquet_metadata([${parquet.map((o) => sqlString(o.file)).join(', ')}]) GROUP BY path_in_schema`);
    let bytes = json;
    for (const row of chunks.getRowObjectsJson() as { path_in_schema: string; bytes: string }[]) {
      // "compliance, associatedstandards, list, element, standardsid" is read by "compliance.associatedstandards".
      const parts = row.path_in_schema
        .toLowerCase()
        .split(', ')
        .filter((p) => p !== 'list' && p !== 'element' && p !== 'key_value');
      if (parts.some((_, i) => read.has(parts.slice(0, i + 1).join('.')))) bytes += Number(row.bytes);
    }
    return bytes;
  }

  public close(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
    if (this.spill) rmSync(this.spill, { recursive: true, force: true });
    this.spill = undefined;
  }
}
