import type { Table } from '@lancedb/lancedb';
import type { ImportRecord } from '../../contract/imports.js';
import { AppendBatcher } from './append-batcher.js';
import { Field, Float64, Schema, Utf8, type ArrowSchema } from './arrow.js';

/** One state of one import; the newest row per import_id is its state. `record` is the ImportRecord as JSON. */
interface ImportRow {
  seq: number;
  import_id: string;
  state: string;
  record: string;
  at: number;
}

export function importsSchema(): ArrowSchema {
  return new Schema([
    new Field('seq', new Float64(), false),
    new Field('import_id', new Utf8(), false),
    new Field('state', new Utf8(), false),
    new Field('record', new Utf8(), false),
    new Field('at', new Float64(), false),
  ]);
}

/**
 * The import history (see [Note: import log]). Like the file action log it is only appended to:
 * a new row per change of an import, committed before `save` resolves, so a kill leaves the
 * last state that was announced, which the next start reads to settle the import.
 */
export class ImportStore {
  private readonly latest = new Map<string, ImportRecord>();
  private nextSeq = 1;
  private readonly writer: AppendBatcher<Record<string, unknown>>;

  private constructor(table: Table) {
    this.writer = new AppendBatcher(table);
  }

  static async open(table: Table): Promise<ImportStore> {
    const store = new ImportStore(table);
    const rows = (await table.query().select(['seq', 'import_id', 'record']).toArray()) as ImportRow[];
    // Only each import's newest row is its state: the others are not parsed.
    const newest = new Map<string, ImportRow>();
    for (const row of rows) {
      store.nextSeq = Math.max(store.nextSeq, row.seq + 1);
      if ((newest.get(row.import_id)?.seq ?? -1) < row.seq) newest.set(row.import_id, row);
    }
    for (const [id, row] of newest) store.latest.set(id, JSON.parse(row.record) as ImportRecord);
    return store;
  }

  async save(record: ImportRecord): Promise<void> {
    const row: ImportRow = { seq: this.nextSeq++, import_id: record.id, state: record.state, record: JSON.stringify(record), at: Date.now() };
    await this.writer.append([{ ...row }]);
    this.latest.set(record.id, structuredClone(record));
  }

  /** Newest first. */
  list(): ImportRecord[] {
    return [...this.latest.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map((r) => structuredClone(r));
  }

  get(id: string): ImportRecord | undefined {
    const record = this.latest.get(id);
    return record === undefined ? undefined : structuredClone(record);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }
}
