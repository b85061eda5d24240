import * as lancedb from '@lancedb/lancedb';
import { mkdir } from 'node:fs/promises';
import { fileSafeId } from '../model/model-id.js';
import { momentsTableFor } from './catalog.js';
import { migrate, readMeta, writeMeta } from './migrations.js';
import { sqlString } from './schema.js';

/**
 * [Note: one vector table per model]
 * Vectors of different models cannot share a table (their dimensions and spaces differ), so each model
 * gets its own: `photos` for the first model a library used (libraries written before keep theirs),
 * `photos__<model>` for the others. The meta table records which table belongs to which model and
 * which model *serves*: its table is complete and answers search. A model switch fills the new model's
 * table in the background and only then moves `serving` to it, in one meta write, so a crash at any
 * moment leaves a library that opens on a complete table. Albums, labels and tags key on photo ids,
 * which the new table keeps, so they need no change.
 */
export const FIRST_TABLE = 'photos';
const SERVING_KEY = 'serving_model';
const TABLE_KEY = 'vectors:';

export interface ServingRecord {
  id: string;
  /** the model's folder when it was chosen; '' for a library written before this was recorded */
  dir: string;
  table: string;
}

function isServingRecord(value: unknown): value is ServingRecord {
  const r = value as Partial<ServingRecord> | null;
  return typeof r?.id === 'string' && typeof r.dir === 'string' && typeof r.table === 'string';
}

/** The model bookkeeping of a catalogue: opened briefly around a decision, then closed. */
export class VectorTables {
  /** the serving record as stored, once read or written: writing the same again is skipped */
  private storedServing: string | null = null;

  private constructor(
    private readonly db: lancedb.Connection,
    private readonly meta: lancedb.Table,
  ) {}

  static async open(catalogDir: string): Promise<VectorTables> {
    await mkdir(catalogDir, { recursive: true });
    const db = await lancedb.connect(catalogDir);
    const meta = await migrate(db, !(await db.tableNames()).includes(FIRST_TABLE));
    return new VectorTables(db, meta);
  }

  /** The model whose table answers search; for an older library, the model named in its `photos` rows. */
  async serving(): Promise<ServingRecord | null> {
    const stored = await readMeta(this.meta, SERVING_KEY);
    this.storedServing = stored;
    if (stored !== null) {
      const parsed: unknown = JSON.parse(stored);
      if (isServingRecord(parsed)) return parsed;
    }
    const owner = await this.firstRowModel(FIRST_TABLE);
    return owner === null ? null : { id: owner, dir: '', table: FIRST_TABLE };
  }

  /**
   * Records the serving model. Every open of a library sets it; when it is what `serving` just read, nothing is
   * written: a write at open is a LanceDB commit, which waits behind the ANN index's read at open
   * ([Note: the index read at open]) and so held the open up by 0.3–1.4 s at a million photos.
   */
  async setServing(record: ServingRecord): Promise<void> {
    const value = JSON.stringify(record);
    if (value === this.storedServing) return;
    await writeMeta(this.meta, SERVING_KEY, value);
    this.storedServing = value;
  }

  /** The table of a model, claimed on first use: `photos` while no other model owns it, else its own. */
  async tableFor(modelId: string, dimension: number): Promise<string> {
    const known = await readMeta(this.meta, `${TABLE_KEY}${modelId}`);
    if (known !== null) return known;
    const table = (await this.firstTableIsFree(modelId, dimension)) ? FIRST_TABLE : `${FIRST_TABLE}__${fileSafeId(modelId)}`;
    await writeMeta(this.meta, `${TABLE_KEY}${modelId}`, table);
    return table;
  }

  /** Vector size of a table, or null when it does not exist. */
  async dimension(table: string): Promise<number | null> {
    if (!(await this.db.tableNames()).includes(table)) return null;
    const handle = await this.db.openTable(table);
    try {
      const field = (await handle.schema()).fields.find((f) => f.name === 'vector');
      return (field?.type as { listSize?: number } | undefined)?.listSize ?? null;
    } finally {
      handle.close();
    }
  }

  /** Drops a model's vectors (the model was removed); the serving model's are never dropped. */
  async drop(modelId: string): Promise<boolean> {
    const table = await readMeta(this.meta, `${TABLE_KEY}${modelId}`);
    if (table === null || (await this.serving())?.table === table) return false;
    const names = await this.db.tableNames();
    // the model's video moments go with its vectors ([Note: video moments])
    for (const name of [table, momentsTableFor(table)]) if (names.includes(name)) await this.db.dropTable(name);
    await this.meta.delete(`key = ${sqlString(`${TABLE_KEY}${modelId}`)}`);
    return true;
  }

  close(): void {
    this.meta.close();
    this.db.close();
  }

  private async firstTableIsFree(modelId: string, dimension: number): Promise<boolean> {
    const claims = await this.meta
      .query()
      .where(`value = ${sqlString(FIRST_TABLE)} AND key LIKE ${sqlString(`${TABLE_KEY}%`)}`)
      .limit(1)
      .toArray();
    if (claims.length > 0) return false;
    const owner = await this.firstRowModel(FIRST_TABLE);
    if (owner !== null) return owner === modelId;
    const size = await this.dimension(FIRST_TABLE);
    return size === null || size === dimension;
  }

  private async firstRowModel(table: string): Promise<string | null> {
    if (!(await this.db.tableNames()).includes(table)) return null;
    const handle = await this.db.openTable(table);
    try {
      const rows = (await handle.query().select(['model_id']).limit(1).toArray()) as { model_id?: unknown }[];
      const id = rows[0]?.model_id;
      return typeof id === 'string' ? id : null;
    } finally {
      handle.close();
    }
  }
}
