import { Index } from '@lancedb/lancedb';
import type { PhotoStore } from './photo-store.js';
import { buildInChildProcess } from './index-build-host.js';

/**
 * [Note: vector index]
 * Below INDEX_MIN_ROWS photos a search scans every vector (exact); from there on an IVF_HNSW_SQ
 * index answers. Measured on the 2-core dev machine (shared, load 2 to 8), 512-d unit vectors in
 * 300 clusters, median of 15 queries, k = 50 (k = 2000 costs about the same flat):
 *
 *   rows       flat scan    index (ef 100)   recall@20   index build
 *     5,000   10-16 ms     1.0 ms           0.94          1.2 s
 *    10,000   20 ms        1.2 ms           0.96          4.0 s
 *    20,000   35-44 ms     1.3 ms           0.96           10 s
 *    50,000   140-160 ms   1.1 ms           0.95           55 s
 *   100,000   260 ms       1.3 ms           0.95          288 s (load ~8 from other builds)
 *
 * A flat scan stays under ~20 ms, fast enough to search as one types, up to about 10k rows,
 * and grows linearly after; the index stays near 1-2 ms. A search reads the 2,000 nearest with
 * their vectors (ef 2000): 33-39 ms at 100k with the index, and those 2,000 held the exact top 20
 * of every test query (recall 1.0; 0.995 for k = 50 at ef 100). So the index is built at 10k
 * rows, and rebuilt (retrained) once the table has grown by REBUILD_GROWTH since; in between,
 * `optimize()` (the catalogue's compactor) folds new rows into it, and rows not yet in it are
 * scanned flat by LanceDB (no `fastSearch()`), so a new photo is searchable the moment its row is
 * written. `createIndex` builds beside the old index and swaps in with one commit, so searches
 * keep answering (flat or on the old index) meanwhile.
 * Long-running cores (the app, `watch`, the server) check in the background; a core that does not watch
 * (`shoebox index`) builds after each rescan and waits, so the next CLI search is not a flat scan.
 * One IVF partition: the HNSW graph is the fast part, and more partitions only cut training
 * memory, which matters past a million rows.
 */
export const INDEX_MIN_ROWS = 10_000;
export const REBUILD_GROWTH = 0.2;
/** After a failed build (a commit conflict with compaction, a full disk), wait this long before trying again. */
const RETRY_AFTER_MS = 10 * 60_000;
export const INDEX_NAME = 'vector_idx';

export interface VectorIndexOptions {
  minRows?: number;
  growth?: number;
  /**
   * The catalogue folder: builds then run in a child process ([Note: index build in a child]).
   * Without it they run in this process, and a search issued meanwhile can wait for the build.
   */
  catalogDir?: string;
}

/** The index settings: a fresh object each build, since LanceDB consumes an Index when it uses one. */
export function indexConfig(rows: number): Index {
  return Index.hnswSq({ distanceType: 'cosine', numPartitions: Math.max(1, Math.ceil(rows / 1_000_000)) });
}

/** Builds and rebuilds the ANN index of one photos table in the background, one build at a time. */
export class VectorIndex {
  private indexedRows: number | null | undefined;
  private building: Promise<void> | null = null;
  private failedAt = 0;
  private closed = false;
  private readonly minRows: number;
  private readonly growth: number;
  private readonly catalogDir: string | undefined;

  constructor(
    private readonly photos: PhotoStore,
    options: VectorIndexOptions = {},
  ) {
    this.minRows = options.minRows ?? INDEX_MIN_ROWS;
    this.growth = options.growth ?? REBUILD_GROWTH;
    this.catalogDir = options.catalogDir;
  }

  /** Starts a build when the table is large enough or has grown enough; never waits for it. */
  maybeBuild(): void {
    if (this.building || this.closed || Date.now() - this.failedAt < RETRY_AFTER_MS) return;
    this.building = this.buildIfDue()
      .catch((error: unknown) => {
        this.failedAt = Date.now();
        // The index only speeds search up: without it every search is exact, just slower.
        if (!this.closed)
          console.warn(`shoebox: building the search index failed (search stays exact): ${String(error)}`);
      })
      .finally(() => {
        this.building = null;
      });
  }

  /** Resolves when no build is running (tests, benchmarks, the `index` command). */
  async idle(): Promise<void> {
    await this.building;
  }

  /** Rows covered by the index, or null when there is none. */
  async coveredRows(): Promise<number | null> {
    const stats = await this.photos.table.indexStats(INDEX_NAME);
    return stats ? stats.numIndexedRows : null;
  }

  /**
   * Stops starting builds. A running build is not awaited: LanceDB cannot cancel one, and it
   * commits atomically or not at all, so quitting midway leaves the old index (or none).
   */
  close(): void {
    this.closed = true;
  }

  private async buildIfDue(): Promise<void> {
    this.indexedRows ??= await this.coveredRows();
    const rows = this.photos.count;
    if (rows < this.minRows) return;
    if (this.indexedRows !== null && rows < this.indexedRows * (1 + this.growth)) return;
    const table = this.photos.table;
    const builtElsewhere =
      this.catalogDir !== undefined && (await buildInChildProcess(this.catalogDir, table.name, rows));
    if (builtElsewhere) {
      // This handle does not watch for other writers: move it to the version with the new index.
      await table.checkoutLatest();
    } else {
      await table.createIndex('vector', { config: indexConfig(rows), replace: true, name: INDEX_NAME });
    }
    this.indexedRows = rows;
  }
}
