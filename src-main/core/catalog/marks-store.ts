import type { Table } from '@lancedb/lancedb';
import { Bool, Field, Float64, Int32, Schema, Utf8, type ArrowSchema } from './arrow.js';
import { SerialWrites } from './serial-writes.js';
import { sqlString } from './schema.js';

/** One photo's marks as stored: one row per photo id, replaced whole by a merge on `photo_id`. */
export interface MarkRow {
  photo_id: string;
  favourite: boolean;
  /** 0 (none) to 5 */
  rating: number;
  /** clockwise degrees: 0, 90, 180 or 270 */
  rotation: number;
  updated_at: number;
}

export interface Marks {
  favourite: boolean;
  rating: number;
  rotation: number;
}

export const NO_MARKS: Readonly<Marks> = Object.freeze({ favourite: false, rating: 0, rotation: 0 });

export function marksSchema(): ArrowSchema {
  return new Schema([
    new Field('photo_id', new Utf8(), false),
    new Field('favourite', new Bool(), false),
    new Field('rating', new Int32(), false),
    new Field('rotation', new Int32(), false),
    new Field('updated_at', new Float64(), false),
  ]);
}

/**
 * [Note: marks live in the library]
 * Favourite, rating and rotation are the person's marks on a photo, kept in the `marks` table
 * (one row per photo id, so they follow the photo through moves, renames, re-indexing and model
 * switches) and never written into the photo file: a rotation is a Shoebox edit the grid, the
 * viewer and renditions apply when they draw the photo. A change of many photos is one
 * `mergeInsert` (one LanceDB commit, atomic: a kill leaves all or none of it); memory changes
 * only after the commit. A photo with no marks has no row (setting all back to none deletes it).
 */
export class MarkStore {
  private readonly byId = new Map<string, MarkRow>();
  private readonly writes: SerialWrites;

  private constructor(private readonly table: Table) {
    this.writes = new SerialWrites(table);
  }

  static async open(table: Table): Promise<MarkStore> {
    const store = new MarkStore(table);
    for (const row of (await table.query().toArray()) as MarkRow[]) store.byId.set(row.photo_id, { ...row });
    return store;
  }

  get(photoId: string): Marks {
    const row = this.byId.get(photoId);
    return row ? { favourite: row.favourite, rating: row.rating, rotation: row.rotation } : { ...NO_MARKS };
  }

  /** Every photo id whose marks pass `keep`. */
  matching(keep: (marks: Marks) => boolean): Set<string> {
    const out = new Set<string>();
    for (const [id, row] of this.byId) if (keep(row)) out.add(id);
    return out;
  }

  /** Writes the given marks of many photos in one commit; resolves once durable. */
  put(entries: readonly { photoId: string; marks: Marks }[]): Promise<void> {
    return this.writes.run(async () => {
      const now = Date.now();
      const rows: MarkRow[] = [];
      const cleared: string[] = [];
      for (const { photoId, marks } of entries) {
        const empty = !marks.favourite && marks.rating === 0 && marks.rotation === 0;
        if (empty) {
          if (this.byId.has(photoId)) cleared.push(photoId);
        } else {
          rows.push({ photo_id: photoId, favourite: marks.favourite, rating: marks.rating, rotation: marks.rotation, updated_at: now });
        }
      }
      if (rows.length > 0) {
        await this.table.mergeInsert('photo_id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows.map((r) => ({ ...r })));
        for (const row of rows) this.byId.set(row.photo_id, row);
        this.writes.wrote();
      }
      if (cleared.length > 0) {
        await this.table.delete(`photo_id IN (${cleared.map(sqlString).join(', ')})`);
        for (const id of cleared) this.byId.delete(id);
        this.writes.wrote();
      }
    });
  }

  /** A copy gave way to the photo that moved ([Note: photo identity]): its marks go over, where the photo has none. */
  async carry(from: string, into: string): Promise<void> {
    if (this.byId.has(from) && !this.byId.has(into)) await this.put([{ photoId: into, marks: this.get(from) }]);
  }

  flush(): Promise<void> {
    return this.writes.flush();
  }
}

