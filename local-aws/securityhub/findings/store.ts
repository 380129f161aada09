import type { JsonObject } from '../validate';

/** A finding as the emulator keeps it. */
export interface StoredFinding {
  /** `ProductArn` and `Id`, which together identify a finding. */
  readonly key: string;
  /** The finding in ASFF, as GetFindings returns it. Replaced, never mutated, on update. */
  finding: JsonObject;
  /** The account the finding is about (its `AwsAccountId`). */
  readonly accountId: string;
  /** The Region the finding lives in (its `Region`). */
  readonly region: string;
  /** Insertion order, the tie-breaker that keeps pages deterministic. */
  readonly seq: number;
  /** Members a customer changed with BatchUpdateFindings, which provider imports no longer overwrite. */
  readonly customerUpdated: Set<string>;
  /** True once the finding is gone, so result snapshots taken earlier skip it. */
  deleted: boolean;
}

/**
 * Every finding the emulator holds, across accounts and Regions, keyed by ProductArn and Id.
 * Who may see which finding is decided per query (see `visibility.ts`), not by where it is kept,
 * because an administrator and its members look at the same findings.
 */
export class FindingStore {
  private readonly byKey = new Map<string, StoredFinding>();
  private nextSeq = 0;

  /** The key of a finding: its ProductArn and Id. */
  public static keyOf(productArn: string, id: string): string {
    return `${productArn}\u0000${id}`;
  }

  /** The number of findings held. */
  public get size(): number {
    return this.byKey.size;
  }

  /** A finding by ProductArn and Id. */
  public get(productArn: string, id: string): StoredFinding | undefined {
    return this.byKey.get(FindingStore.keyOf(productArn, id));
  }

  /**
   * Adds a finding, or replaces the one with the same ProductArn and Id in place (keeping its
   * position and the record of customer updates).
   */
  public put(finding: JsonObject, accountId: string, region: string): StoredFinding {
    const key = FindingStore.keyOf(String(finding.ProductArn), String(finding.Id));
    const existing = this.byKey.get(key);
    if (existing) {
      existing.finding = finding;
      return existing;
    }
    const stored: StoredFinding = {
      key,
      finding,
      accountId,
      region,
      seq: this.nextSeq++,
      customerUpdated: new Set(),
      deleted: false,
    };
    this.byKey.set(key, stored);
    return stored;
  }

  /** Removes every finding the predicate selects. @returns how many were removed */
  public deleteWhere(predicate: (stored: StoredFinding) => boolean): number {
    let removed = 0;
    for (const [key, stored] of this.byKey) {
      if (predicate(stored)) {
        stored.deleted = true;
        this.byKey.delete(key);
        removed++;
      }
    }
    return removed;
  }

  /** Every finding, in insertion order. */
  public values(): IterableIterator<StoredFinding> {
    return this.byKey.values();
  }
}
