import type { Table } from '@lancedb/lancedb';
import { AppendBatcher } from './append-batcher.js';
import type { FileActionRow } from './album-schemas.js';

export type FileActionEntry = Omit<FileActionRow, 'seq' | 'at'>;

/**
 * The durable log of what auto-sort did to files (see [Note: file action log]). Rows are only
 * appended; the newest row of an action is its state. `record` resolves once the rows are
 * committed, so an intent is on disk before the file operation it announces starts.
 */
export class FileActionStore {
  private readonly latestById = new Map<string, FileActionRow>();
  /** action id → seq of its first row, for ordering actions by when they began */
  private readonly started = new Map<string, number>();
  private nextSeq = 1;
  private readonly writer: AppendBatcher<Record<string, unknown>>;

  private constructor(table: Table) {
    this.writer = new AppendBatcher(table);
  }

  static async open(table: Table): Promise<FileActionStore> {
    const store = new FileActionStore(table);
    const rows = (await table.query().toArray()) as FileActionRow[];
    for (const row of rows.sort((a, b) => a.seq - b.seq)) store.remember({ ...row });
    return store;
  }

  async record(entries: readonly FileActionEntry[]): Promise<FileActionRow[]> {
    const at = Date.now();
    const rows = entries.map((e) => ({ ...e, seq: this.nextSeq++, at }));
    await this.writer.append(rows.map((r) => ({ ...r })));
    for (const row of rows) this.remember(row);
    return rows;
  }

  /** Every action in its newest state, oldest action first. */
  actions(): FileActionRow[] {
    const began = (row: FileActionRow): number => this.started.get(row.action_id) ?? row.seq;
    return [...this.latestById.values()].sort((a, b) => began(a) - began(b));
  }

  get(actionId: string): FileActionRow | undefined {
    return this.latestById.get(actionId);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  private remember(row: FileActionRow): void {
    this.nextSeq = Math.max(this.nextSeq, row.seq + 1);
    this.latestById.set(row.action_id, row);
    if (!this.started.has(row.action_id)) this.started.set(row.action_id, row.seq);
  }
}
