import { randomUUID } from 'node:crypto';
import type { Page, PageRequest, PageTokens } from '../pagination';
import type { JsonObject } from '../validate';
import type { FindingPredicate } from './filters';
import { sortFindings, type SortCriterion } from './sort';
import type { FindingStore, StoredFinding } from './store';

/** One GetFindings-style query: who may see what, which findings match, and in which order. */
export interface FindingQuery {
  /** A canonical string for the query, which its page tokens are bound to. */
  readonly scope: string;
  readonly visible: (stored: StoredFinding) => boolean;
  readonly matches: FindingPredicate;
  readonly sort: readonly SortCriterion[];
}

interface Snapshot {
  readonly results: readonly StoredFinding[];
  readonly takenAt: number;
}

const SNAPSHOT_TTL_MS = 15 * 60_000;
const MAX_SNAPSHOTS = 64;

/**
 * Runs finding queries page by page.
 *
 * The first page filters and sorts every stored finding once and keeps the ordered result as a
 * snapshot that later pages slice, so paging through N findings costs one scan rather than one
 * per page. Tokens name the snapshot and an offset; when the snapshot has expired or been
 * evicted, the query runs again and resumes at the offset, so a token keeps working (the same
 * way the service's tokens survive between calls).
 */
export class FindingQueries {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly store: FindingStore,
    private readonly tokens: PageTokens,
  ) {}

  /** Every finding the query selects, in order. */
  public all(query: FindingQuery): StoredFinding[] {
    const selected: StoredFinding[] = [];
    for (const stored of this.store.values()) {
      if (query.visible(stored) && query.matches(stored.finding)) selected.push(stored);
    }
    return sortFindings(selected, (s) => s.finding, query.sort);
  }

  /** One page of the query's findings. */
  public page(query: FindingQuery, request: PageRequest): Page<JsonObject> {
    const position = request.nextToken
      ? this.tokens.read(query.scope, request.nextToken)
      : { offset: 0, snapshot: undefined };
    let snapshotId = position.snapshot;
    let snapshot = snapshotId ? this.snapshots.get(snapshotId) : undefined;
    if (snapshot && Date.now() - snapshot.takenAt > SNAPSHOT_TTL_MS) snapshot = undefined;
    if (!snapshot) {
      snapshot = { results: this.all(query), takenAt: Date.now() };
      snapshotId = randomUUID();
    }
    const end = position.offset + request.maxResults;
    const items = snapshot.results
      .slice(position.offset, end)
      .filter((s) => !s.deleted)
      .map((s) => s.finding);
    if (end >= snapshot.results.length) return { items };
    this.remember(snapshotId as string, snapshot);
    return { items, nextToken: this.tokens.issue(query.scope, { offset: end, snapshot: snapshotId }) };
  }

  private remember(id: string, snapshot: Snapshot): void {
    this.snapshots.delete(id);
    this.snapshots.set(id, snapshot);
    while (this.snapshots.size > MAX_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value as string;
      this.snapshots.delete(oldest);
    }
  }
}
