import type { Table } from '@lancedb/lancedb';
import { AppError } from '../../contract/errors.js';
import { Compactor } from './compactor.js';
import { PHOTO_COLUMNS, sqlString, type PhotoRow } from './schema.js';

/** A photo row without its vector: what listings and results carry. */
export type PhotoMeta = Omit<PhotoRow, 'vector'>;

/** The few fields every scan compares against, kept in memory for the whole library. */
export interface PhotoKey {
  id: string;
  contentHash: string;
  fullHash: string;
  path: string;
  root: string;
  size: number;
  mtime: number;
  takenAt: number | null;
  modelId: string;
}

function keyOf(row: PhotoMeta): PhotoKey {
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
  };
}

function idList(ids: readonly string[]): string {
  return ids.map(sqlString).join(', ');
}

/**
 * The photos table. LanceDB has no secondary unique index, so identity is kept here: every
 * write is a merge on `id`, and the in-memory maps (by id, by path, by content) are updated
 * only after the write committed, so they never claim a row the table does not have.
 */
export class PhotoStore {
  private readonly byId = new Map<string, PhotoKey>();
  private readonly byPath = new Map<string, string>();
  /** content hash → ids: every file a scan finds that is not known by path is looked up here */
  private readonly byContent = new Map<string, Set<string>>();
  private readonly compactor: Compactor;

  private constructor(
    readonly table: Table,
    readonly dimension: number,
  ) {
    this.compactor = new Compactor(table);
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
    const store = new PhotoStore(table, dimension);
    const rows = await table.query().select([...PHOTO_COLUMNS]).toArray();
    for (const row of rows as PhotoMeta[]) store.remember(row);
    if (rows.length !== store.byId.size || store.byPath.size !== store.byId.size) await store.heal();
    return store;
  }

  private remember(row: PhotoMeta): void {
    const previous = this.byId.get(row.id);
    if (previous) this.forget(previous);
    const key = keyOf(row);
    this.byId.set(row.id, key);
    this.byPath.set(row.path, row.id);
    const ids = this.byContent.get(key.contentHash) ?? new Set<string>();
    ids.add(row.id);
    this.byContent.set(key.contentHash, ids);
  }

  /** Told of every id whose row went (removed, displaced, healed away): its moments go with it (catalog.ts). */
  onRemoved: ((ids: readonly string[]) => Promise<void>) | null = null;

  private async removed(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.onRemoved?.(ids);
  }

  private forget(key: PhotoKey): void {
    if (this.byPath.get(key.path) === key.id) this.byPath.delete(key.path);
    const ids = this.byContent.get(key.contentHash);
    ids?.delete(key.id);
    if (ids?.size === 0) this.byContent.delete(key.contentHash);
    this.byId.delete(key.id);
  }

  get count(): number {
    return this.byId.size;
  }

  keys(): IterableIterator<PhotoKey> {
    return this.byId.values();
  }

  key(id: string): PhotoKey | undefined {
    return this.byId.get(id);
  }

  keyByPath(path: string): PhotoKey | undefined {
    const id = this.byPath.get(path);
    return id === undefined ? undefined : this.byId.get(id);
  }

  keysByContent(contentHash: string): PhotoKey[] {
    return [...(this.byContent.get(contentHash) ?? [])].flatMap((id) => this.byId.get(id) ?? []);
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

  /**
   * A moved or renamed file: same content, same id, new place. No re-embedding. One row per path: a row
   * another id had at `path` (the watcher's copy of a file that was being moved here) is dropped, and returned
   * so the caller can announce it.
   */
  async relocate(id: string, path: string, root: string, mtime: number): Promise<PhotoKey[]> {
    const otherId = this.byPath.get(path);
    const displaced = otherId !== undefined && otherId !== id ? this.byId.get(otherId) : undefined;
    if (displaced) await this.remove([displaced.id]);
    await this.table.update({ where: `id = ${sqlString(id)}`, values: { path, root, mtime } });
    const key = this.byId.get(id);
    if (key) {
      this.byPath.delete(key.path);
      this.byId.set(id, { ...key, path, root, mtime });
      this.byPath.set(path, id);
    }
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
    const gone = [...dropped].flatMap((id) => this.byId.get(id) ?? []);
    if (dropped.size > 0) {
      await this.table.delete(`id IN (${idList([...dropped])})`);
      for (const key of gone) this.forget(key);
      // A dropped id may have been the one the path pointed at: point it at the id that stays.
      for (const key of this.byId.values()) if (!this.byPath.has(key.path)) this.byPath.set(key.path, key.id);
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
    const known = ids.filter((id) => this.byId.has(id));
    for (let i = 0; i < known.length; i += 500) {
      const chunk = known.slice(i, i + 500);
      await this.table.delete(`id IN (${idList(chunk)})`);
      for (const id of chunk) {
        const key = this.byId.get(id);
        if (key) this.forget(key);
      }
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
