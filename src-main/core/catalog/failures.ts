import type { Table } from '@lancedb/lancedb';
import { sqlString, type FailureRow } from './schema.js';

/**
 * Files that could not be indexed, keyed by path with the size and mtime they had. A file is
 * not tried again until one of those changes, so a broken photo is reported once, never looped on.
 */
export class FailureStore {
  private readonly byPath = new Map<string, FailureRow>();

  private constructor(private readonly table: Table) {}

  static async open(table: Table): Promise<FailureStore> {
    const store = new FailureStore(table);
    for (const row of (await table.query().toArray()) as FailureRow[]) store.byPath.set(row.path, row);
    return store;
  }

  get count(): number {
    return this.byPath.size;
  }

  list(): FailureRow[] {
    return [...this.byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  get(path: string): FailureRow | undefined {
    return this.byPath.get(path);
  }

  /** True when this exact file (same size and mtime) already failed. */
  isKnown(path: string, size: number, mtime: number): boolean {
    const row = this.byPath.get(path);
    return row !== undefined && row.size === size && row.mtime === mtime;
  }

  async record(rows: FailureRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.table.mergeInsert('path').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows.map((r) => ({ ...r })));
    for (const row of rows) this.byPath.set(row.path, row);
  }

  async clear(paths: readonly string[]): Promise<void> {
    const known = paths.filter((p) => this.byPath.has(p));
    for (let i = 0; i < known.length; i += 200) {
      const chunk = known.slice(i, i + 200);
      await this.table.delete(`path IN (${chunk.map(sqlString).join(', ')})`);
      for (const p of chunk) this.byPath.delete(p);
    }
  }

  paths(): IterableIterator<string> {
    return this.byPath.keys();
  }
}
