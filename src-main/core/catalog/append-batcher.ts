import type { Table } from '@lancedb/lancedb';
import { Compactor } from './compactor.js';

/**
 * Appends rows to a table in groups: rows handed in while a write is running wait and go out
 * together in the next one, so a burst of corrections makes one LanceDB fragment, not one each.
 * Every `append` resolves only after the write holding its rows has committed, so a caller that
 * was answered never loses its row to a crash.
 */
export class AppendBatcher<Row extends Record<string, unknown>> {
  private pending: { rows: Row[]; done: () => void; fail: (error: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;
  private readonly compactor: Compactor;

  constructor(private readonly table: Table) {
    this.compactor = new Compactor(table);
  }

  append(rows: Row[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    const written = new Promise<void>((done, fail) => this.pending.push({ rows, done, fail }));
    this.writing ??= this.drain();
    return written;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        await this.table.add(group.flatMap((g) => g.rows));
        this.compactor.noteWrite();
        for (const g of group) g.done();
      } catch (error) {
        for (const g of group) g.fail(error);
      }
    }
    this.writing = null;
  }

  /** Waits for queued writes and a running compaction. */
  async flush(): Promise<void> {
    await this.writing;
    await this.compactor.idle();
  }
}
