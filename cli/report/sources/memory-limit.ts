import { UsageError } from '../../errors';

/**
 * The embedded engine's memory bound when `--memory-limit` is not given. DuckDB's own default is
 * 80% of the machine's RAM, which lets one report of a large export take gigabytes; with this
 * bound the report spills to a temporary folder instead.
 */
export const DEFAULT_MEMORY_LIMIT = '512MB';

/** The smallest bound accepted: below it DuckDB cannot read even a small export with two threads. */
const MINIMUM_BYTES = 128e6;

const UNITS: Readonly<Record<string, number>> = {
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
  TIB: 1024 ** 4,
};

/**
 * What a report holds outside DuckDB's buffer manager: Node itself (about 70 MB) and what DuckDB
 * does not track (readers, allocator slack). Measured at 1M findings: peak RSS was the engine's
 * limit plus about 300 MB whatever the limit; so the engine gets the bound less this, and the
 * process stays within the bound plus 150 MB.
 */
const UNTRACKED_RESERVE_BYTES = 170e6;

/**
 * The memory DuckDB's buffer manager may hold for a `--memory-limit` that bounds the whole
 * process: the bound less what the process holds outside it, at least half the bound.
 */
export function engineMemoryBytes(limit: MemoryLimit): number {
  return Math.max(Math.floor(limit.bytes / 2), limit.bytes - UNTRACKED_RESERVE_BYTES);
}

/** A memory bound for the embedded engine. */
export interface MemoryLimit {
  /** As the user gave it (or the default), for messages. */
  readonly text: string;
  /** In bytes. */
  readonly bytes: number;
}

/**
 * Parses `--memory-limit` (a number and a unit: 512MB, 1.5GB, 2GiB).
 * @param command the command's name, for messages
 * @throws UsageError naming the flag, the value and what is accepted
 */
export function parseMemoryLimit(command: string, value: string): MemoryLimit {
  const flag = '--memory-limit';
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B)$/i.exec(value.trim());
  const bytes = match ? Math.floor(Number(match[1]) * UNITS[match[2].toUpperCase()]) : NaN;
  if (!match) {
    throw new UsageError(
      `${command}: ${flag} ${JSON.stringify(value)} is not a size; give a number and a unit, e.g. ${flag} 512MB or ${flag} 2GB (KB, MB, GB, TB, KiB, MiB, GiB, TiB).`,
    );
  }
  if (bytes < MINIMUM_BYTES) {
    throw new UsageError(
      `${command}: ${flag} ${JSON.stringify(value)} is below the 128MB the embedded engine needs to read an export; give at least ${flag} 128MB (default ${DEFAULT_MEMORY_LIMIT}).`,
    );
  }
  return { text: value.trim(), bytes };
}
