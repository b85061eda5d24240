import type { Table } from '@lancedb/lancedb';
import { AppError } from '../../contract/errors.js';
import { Compactor } from './compactor.js';
import { KeyColumns, type ArrowBatchLike, type KeyFields, type PhotoKey } from './key-columns.js';
import { PHOTO_COLUMNS, sqlString, type PhotoRow } from './schema.js';

/** A photo row without its vector: what listings and results carry. */
export type PhotoMeta = Omit<PhotoRow, 'vector'>;

export type { KeyFields, PhotoKey } from './key-columns.js';

/** The columns the in-memory keys are loaded from (see [Note: columnar keys]). */
export const KEY_COLUMNS = ['id', 'content_hash', 'full_hash', 'path', 'root', 'size', 'mtime', 'width', 'height', 'taken_at', 'format', 'model_id'];

/**
 * Rows per batch of the keys' read at open: LanceDB's default of 1,024 made a million keys 977 batches, each a
 * round trip from Rust and an Arrow IPC message to parse; 8,192 took a third off the read's CPU (1.2 → 0.85 s at
 * 1M, all threads) for about 10 MB more in flight.
 */
const KEY_BATCH_ROWS = 8192;

/**
 * The key columns as a stream of batches of KEY_BATCH_ROWS rows. Only `execute` streams with a batch size (a
 * query's own iterator takes none, `toArrow` holds every batch at once): LanceDB 0.31 runs it for its iterator
 * and `toArrow` but declares it protected, so it is reached through this one narrow cast.
 */
function keyBatches(table: Table): AsyncIterable<ArrowBatchLike> {
  const query = table.query().select(KEY_COLUMNS) as unknown as { execute(options: { maxBatchLength: number }): AsyncIterable<ArrowBatchLike> };
  return query.execute({ maxBatchLength: KEY_BATCH_ROWS });
}

function fieldsOf(row: PhotoMeta): KeyFields {
  return {
    id: row.id,
    contentHash: row.content_hash,
    fullHash: row.full_hash,
    path: row.path,
    root: row.root,
    size: row.size,
    mtime: row.mtime,
    takenAt: row.taken_at,
    modelId: row.model_id,
    width: row.width,
    height: row.height,
    format: row.format,
  };
}

function idList(ids: readonly string[]): string {
  return ids.map(sqlString).join(', ');
}

/**
 * The photos table. LanceDB has no secondary unique index, so identity is kept here: every
 * write is a merge on `id`, and the in-memory keys (by id, by path, by content; see
 * [Note: columnar keys]) are updated only after the write committed, so they never claim a row
 * the table does not have.
 */
export class PhotoStore {
  private readonly columns: KeyColumns;
  private readonly compactor: Compactor;
  /** grows with every change to the keys, so a derived index (keywords) knows when to look again */
  private changes = 0;

  private constructor(
    readonly table: Table,
    readonly dimension: number,
    rows = 0,
  ) {
    this.compactor = new Compactor(table);
    this.columns = new KeyColumns(Math.ceil(rows * 1.1));
  }

  static async open(table: Table, dimension: number): Promise<PhotoStore> {
    const schema = await table.schema();
    const vectorField = schema.fields.find((f) => f.name === 'vector');
    const stored = (vectorField?.type as { listSize?: number } | undefined)?.listSize;
    if (stored !== undefined && stored !== dimension) {
      throw new AppError(
        'MODEL_INVALID',
        `This library holds ${stored}-dimensional vectors but the model makes ${dimension}-dimensional ones. Use the library's model, or re-index into a new library.`,
      );
    }
    const store = new PhotoStore(table, dimension, await table.countRows());
    let rows = 0;
    for await (const batch of keyBatches(table)) rows += store.columns.loadBatch(batch);
    if (rows !== store.count || store.columns.pathClashes > 0) await store.heal();
    return store;
  }

  private remember(row: PhotoMeta): void {
    this.columns.put(fieldsOf(row));
    this.changes += 1;
  }

  /** Told of every id whose row went (removed, displaced, healed away): its moments go with it (catalog.ts). */
  onRemoved: ((ids: readonly string[]) => Promise<void>) | null = null;

  private async removed(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.onRemoved?.(ids);
  }

  private forget(id: string): void {
    const slot = this.columns.slotOf(id);
    if (slot !== -1) this.columns.delete(slot);
    this.changes += 1;
  }

  get count(): number {
    return this.columns.count;
  }

  /** A number that changes whenever a key is added, changed or removed. */
  get version(): number {
    return this.changes;
  }

  /** Every photo's key, made as it is reached (a million keys are never all objects at once unless the caller keeps them). */
  *keys(): Generator<PhotoKey> {
    for (const slot of this.columns.slots()) yield this.columns.key(slot);
  }

  /** Every photo's path, and nothing else: counting by folder needs no key objects. */
  *paths(): Generator<string> {
    for (const slot of this.columns.slots()) yield this.columns.path(slot);
  }

  /** Id, path and root of every photo: what the keyword index reads, without the other fields. */
  *places(): Generator<{ id: string; path: string; root: string }> {
    for (const slot of this.columns.slots()) yield { id: this.columns.id(slot), path: this.columns.path(slot), root: this.columns.root(slot) };
  }

  key(id: string): PhotoKey | undefined {
    const slot = this.columns.slotOf(id);
    return slot === -1 ? undefined : this.columns.key(slot);
  }

  /** A photo's key with its pixel size and format: what a result page shows, read from memory. */
  fields(id: string): KeyFields | undefined {
    const slot = this.columns.slotOf(id);
    return slot === -1 ? undefined : this.columns.fields(slot);
  }

  /** The taken date of a photo (null when it has none or is unknown), without making its key. */
  takenAt(id: string): number | null {
    const slot = this.columns.slotOf(id);
    return slot === -1 ? null : this.columns.dateOf(slot);
  }

  has(id: string): boolean {
    return this.columns.slotOf(id) !== -1;
  }

  keyByPath(path: string): PhotoKey | undefined {
    const slot = this.columns.slotOfPath(path);
    return slot === -1 ? undefined : this.columns.key(slot);
  }

  keysByContent(contentHash: string): PhotoKey[] {
    return this.columns.slotsOfContent(contentHash).map((slot) => this.columns.key(slot));
  }

  async upsert(rows: PhotoRow[]): Promise<void> {
    if (rows.length === 0) return;
    for (const row of rows) {
      if (row.vector.length !== this.dimension) {
        throw new AppError('INTERNAL', `Vector of ${row.vector.length} values for a ${this.dimension}-d catalogue.`);
      }
    }
    const plain = rows.map((r) => ({ ...r, vector: Array.from(r.vector) }));
    await this.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(plain);
    for (const row of rows) this.remember(row);
    this.compactor.noteWrite();
  }

  /** A full hash computed after the photo was indexed ([Note: full hash later] in library/full-hash-later.ts). */
  async setFullHash(id: string, fullHash: string): Promise<void> {
    const slot = this.columns.slotOf(id);
    if (slot === -1) return;
    await this.table.update({ where: `id = ${sqlString(id)}`, values: { full_hash: fullHash } });
    this.columns.put({ ...this.columns.fields(slot), fullHash });
    this.changes += 1;
    this.compactor.noteWrite();
  }

  /** The ids of the photos whose full hash indexing left for later (an empty full_hash). */
  async idsWithFullHashLater(): Promise<string[]> {
    const rows = (await this.table.query().where(`full_hash = ''`).select(['id']).toArray()) as Pick<PhotoRow, 'id'>[];
    return rows.map((row) => row.id).filter((id) => this.columns.slotOf(id) !== -1);
  }

  /**
   * A moved or renamed file: same content, same id, new place. No re-embedding. One row per path: a row
   * another id had at `path` (the watcher's copy of a file that was being moved here) is dropped, and returned
   * so the caller can announce it.
   */
  async relocate(id: string, path: string, root: string, mtime: number): Promise<PhotoKey[]> {
    const held = this.keyByPath(path);
    const displaced = held !== undefined && held.id !== id ? held : undefined;
    if (displaced) await this.remove([displaced.id]);
    await this.table.update({ where: `id = ${sqlString(id)}`, values: { path, root, mtime } });
    const slot = this.columns.slotOf(id);
    if (slot !== -1) this.columns.relocate(slot, path, root, mtime);
    this.changes += 1;
    this.compactor.noteWrite();
    return displaced ? [displaced] : [];
  }

  /**
   * One row per photo id and per path, whatever wrote the table before (two processes before the library
   * lock, a crash between a delete and an insert): a repeated id keeps its newest row; a path held by
   * several ids keeps the id indexed first (the one corrections and tags were made on). Returns the ids
   * that are gone. Cheap when there is nothing to heal: one read of two columns.
   */
  async heal(): Promise<PhotoKey[]> {
    const rows = (await this.table.query().select(['id', 'path', 'indexed_at']).toArray()) as Pick<PhotoRow, 'id' | 'path' | 'indexed_at'>[];
    const rowsById = new Map<string, number>();
    const idsByPath = new Map<string, Map<string, number>>();
    for (const row of rows) {
      rowsById.set(row.id, (rowsById.get(row.id) ?? 0) + 1);
      const ids = idsByPath.get(row.path) ?? new Map<string, number>();
      ids.set(row.id, Math.min(ids.get(row.id) ?? Infinity, row.indexed_at));
      idsByPath.set(row.path, ids);
    }
    const dropped = new Set<string>();
    for (const ids of idsByPath.values()) {
      if (ids.size < 2) continue;
      const ranked = [...ids].sort((a, b) => a[1] - b[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]));
      for (const [id] of ranked.slice(1)) dropped.add(id);
    }
    const repeated = [...rowsById].filter(([id, n]) => n > 1 && !dropped.has(id)).map(([id]) => id);
    if (repeated.length > 0) await this.collapse(repeated);
    const gone = [...dropped].flatMap((id) => this.key(id) ?? []);
    if (dropped.size > 0) {
      await this.table.delete(`id IN (${idList([...dropped])})`);
      // A dropped id's path is then found at the id that stays (the key chains hold both).
      for (const key of gone) this.forget(key.id);
      this.compactor.noteWrite();
      await this.removed([...dropped]);
    }
    return gone;
  }

  /** Rewrites each repeated id as its one newest row. */
  private async collapse(ids: readonly string[]): Promise<void> {
    const rows = (await this.table.query().where(`id IN (${idList(ids)})`).toArray()) as PhotoRow[];
    const newest = new Map<string, PhotoRow>();
    for (const row of rows) {
      const kept = newest.get(row.id);
      if (!kept || row.indexed_at > kept.indexed_at) newest.set(row.id, row);
    }
    // The survivors go in first, stamped newer than every old row, then the old rows go: a crash in between
    // leaves repeats for the next heal, never no row.
    const stamp = Math.max(Date.now(), ...rows.map((r) => r.indexed_at)) + 1;
    const survivors = [...newest.values()].map((r) => ({ ...r, indexed_at: stamp }));
    await this.table.add(survivors.map((r) => ({ ...r, vector: Array.from(r.vector) })));
    await this.table.delete(`id IN (${idList(ids)}) AND indexed_at < ${stamp}`);
    for (const row of survivors) this.remember(row);
    this.compactor.noteWrite();
  }

  async remove(ids: readonly string[]): Promise<void> {
    const known = ids.filter((id) => this.has(id));
    for (let i = 0; i < known.length; i += 500) {
      const chunk = known.slice(i, i + 500);
      await this.table.delete(`id IN (${idList(chunk)})`);
      for (const id of chunk) this.forget(id);
      await this.removed(chunk);
    }
    if (known.length > 0) this.compactor.noteWrite();
  }

  async get(ids: readonly string[]): Promise<PhotoMeta[]> {
    if (ids.length === 0) return [];
    const rows = (await this.table
      .query()
      .where(`id IN (${idList(ids)})`)
      .select([...PHOTO_COLUMNS])
      .limit(ids.length)
      .toArray()) as PhotoMeta[];
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  async vectors(ids: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    if (ids.length === 0) return out;
    const rows = await this.table
      .query()
      .where(`id IN (${idList(ids)})`)
      .select(['id', 'vector'])
      .limit(ids.length)
      .toArray();
    for (const row of rows as { id: string; vector: ArrayLike<number> }[]) {
      out.set(row.id, Float32Array.from(row.vector));
    }
    return out;
  }

  /** Waits for a running compaction, so close() never cuts one short. */
  async flush(): Promise<void> {
    await this.compactor.idle();
  }

  compactNow(): Promise<void> {
    return this.compactor.run();
  }
}
