import type { Table } from '@lancedb/lancedb';
import { SerialWrites } from './serial-writes.js';
import type { AlbumRow } from './album-schemas.js';
import { sqlString } from './schema.js';

/**
 * The albums table, a few rows read whole into memory. Writes are merges on `id`, one at a
 * time, and the memory copy changes only after the write committed.
 */
export class AlbumStore {
  private readonly byId = new Map<string, AlbumRow>();
  private readonly writes: SerialWrites;
  private readonly listeners = new Set<(row: AlbumRow, before: AlbumRow | undefined) => void>();

  private constructor(private readonly table: Table) {
    this.writes = new SerialWrites(table);
  }

  static async open(table: Table): Promise<AlbumStore> {
    const store = new AlbumStore(table);
    for (const row of (await table.query().toArray()) as AlbumRow[]) store.byId.set(row.id, { ...row });
    return store;
  }

  list(): AlbumRow[] {
    return [...this.byId.values()].sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
  }

  get(id: string): AlbumRow | undefined {
    return this.byId.get(id);
  }

  put(row: AlbumRow): Promise<void> {
    return this.writes.run(async () => {
      await this.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([{ ...row }]);
      const before = this.byId.get(row.id);
      this.byId.set(row.id, { ...row });
      this.writes.wrote();
      for (const listener of this.listeners) listener(row, before);
    });
  }

  /** Hears every committed album write, with the row as it was (a keyword export follows renames this way). */
  onPut(listener: (row: AlbumRow, before: AlbumRow | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  delete(id: string): Promise<void> {
    return this.writes.run(async () => {
      await this.table.delete(`id = ${sqlString(id)}`);
      this.byId.delete(id);
      this.writes.wrote();
    });
  }

  flush(): Promise<void> {
    return this.writes.flush();
  }
}
