import { randomUUID } from 'node:crypto';
import type { SearchTier } from '../../contract/search.js';

export interface RankedHit {
  id: string;
  /** epoch ms, for sorting by date */
  takenAt: number | null;
  score: number;
  similarity: number;
  tier: SearchTier;
  keywordMatch: boolean;
  /** a video's best moment, seconds from its start */
  moment?: number;
}

export interface RankedList {
  id: string;
  key: string;
  hits: RankedHit[];
  bestCount: number;
  createdAt: number;
}

/**
 * [Note: consistent paging]
 * A search's ranked list is computed once and pages are cut from it, so page 2 neither repeats
 * nor skips what page 1 showed while photos keep arriving. Lists are kept by id (the response's
 * `resultId`) and by query key for a few minutes. A first page (offset 0) without a `resultId`
 * always ranks afresh, so new photos show up on a new search; a later page reuses the list its
 * `resultId` names, or else the latest list for the same query. Keying a list by the library's
 * version instead would defeat the point: a photo arriving between two pages would start a new
 * list, and page 2 would be cut from a different ranking than page 1.
 */
export class RankedListCache {
  private readonly byId = new Map<string, RankedList>();
  private readonly latestByKey = new Map<string, string>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly maxLists = 32,
  ) {}

  put(key: string, hits: RankedHit[], bestCount: number): RankedList {
    this.expire();
    const list: RankedList = { id: randomUUID(), key, hits, bestCount, createdAt: Date.now() };
    this.byId.set(list.id, list);
    this.latestByKey.set(key, list.id);
    while (this.byId.size > this.maxLists) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    return list;
  }

  /** The list a page should be cut from, if one is still kept; see [Note: consistent paging]. */
  find(key: string, resultId: string | undefined, offset: number): RankedList | undefined {
    this.expire();
    if (resultId !== undefined) {
      const list = this.byId.get(resultId);
      return list?.key === key ? list : undefined;
    }
    if (offset === 0) return undefined;
    const latest = this.latestByKey.get(key);
    return latest === undefined ? undefined : this.byId.get(latest);
  }

  private expire(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [id, list] of this.byId) {
      if (list.createdAt >= cutoff) break;
      this.drop(id);
    }
  }

  private drop(id: string): void {
    const list = this.byId.get(id);
    this.byId.delete(id);
    if (list && this.latestByKey.get(list.key) === id) this.latestByKey.delete(list.key);
  }
}
