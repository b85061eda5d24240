import type { Table } from '@lancedb/lancedb';
import { sqlString, type MomentRow } from './schema.js';

/** A video's best moment for a query: when, and the frame's vector. */
export interface BestMoment {
  time: number;
  vector: Float32Array;
}

interface MomentHit {
  photo_id: string;
  time: number;
  vector: ArrayLike<number>;
}

/**
 * The moments of the library's videos ([Note: video moments]), in their own table beside the photos
 * table of the same model. A video embedded again replaces its moments; a video whose row goes (deleted,
 * moved out of the roots, dropped as a companion or a duplicate row) takes its moments with it, and rows a
 * crash left behind without their video are swept when the catalogue opens.
 */
export class MomentStore {
  private rows: number;

  private constructor(
    readonly table: Table,
    rows: number,
  ) {
    this.rows = rows;
  }

  static async open(table: Table): Promise<MomentStore> {
    return new MomentStore(table, await table.countRows());
  }

  get count(): number {
    return this.rows;
  }

  /** Replaces the moments of each video named in `rows`. */
  async replace(rows: readonly MomentRow[]): Promise<void> {
    if (rows.length === 0) return;
    const ids = [...new Set(rows.map((r) => r.photo_id))];
    await this.table.delete(`photo_id IN (${ids.map(sqlString).join(', ')})`);
    await this.table.add(rows.map((r) => ({ ...r, vector: Array.from(r.vector) })));
    this.rows = await this.table.countRows();
  }

  /** Deletes the moments of these videos (ids without moments are fine). */
  async remove(ids: readonly string[]): Promise<void> {
    if (this.rows === 0 || ids.length === 0) return;
    for (let i = 0; i < ids.length; i += 500) {
      await this.table.delete(`photo_id IN (${ids.slice(i, i + 500).map(sqlString).join(', ')})`);
    }
    this.rows = await this.table.countRows();
  }

  /** Deletes the moments whose video has no row any more: what a crash between the two deletes left. */
  async sweep(isLive: (photoId: string) => boolean): Promise<void> {
    if (this.rows === 0) return;
    const ids = (await this.table.query().select(['photo_id']).toArray()) as { photo_id: string }[];
    await this.remove([...new Set(ids.map((r) => r.photo_id))].filter((id) => !isLive(id)));
  }

  /** For each video with a moment among the `limit` nearest to a unit vector, its best one. */
  async best(vector: Float32Array, limit: number): Promise<Map<string, BestMoment>> {
    const out = new Map<string, BestMoment>();
    if (this.rows === 0) return out;
    const hits = (await this.table
      .vectorSearch(Array.from(vector))
      .distanceType('cosine')
      .select(['photo_id', 'time', 'vector', '_distance'])
      .limit(limit)
      .toArray()) as MomentHit[];
    // nearest first: the first moment met of each video is its best
    for (const hit of hits) {
      if (!out.has(hit.photo_id)) out.set(hit.photo_id, { time: hit.time, vector: Float32Array.from(hit.vector) });
    }
    return out;
  }

  /** The moments of one video, in time order. */
  async of(photoId: string): Promise<{ time: number }[]> {
    const rows = (await this.table.query().where(`photo_id = ${sqlString(photoId)}`).select(['time']).toArray()) as { time: number }[];
    return rows.map((r) => ({ time: r.time })).sort((a, b) => a.time - b.time);
  }
}
