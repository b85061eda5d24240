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

  /** A moved or renamed file: same content, same id, new place. No re-embedding. */
  async relocate(id: string, path: string, root: string, mtime: number): Promise<void> {
    await this.table.update({ where: `id = ${sqlString(id)}`, values: { path, root, mtime } });
    const key = this.byId.get(id);
    if (key) {
      this.byPath.delete(key.path);
      this.byId.set(id, { ...key, path, root, mtime });
      this.byPath.set(path, id);
    }
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
