import type { Table } from '@lancedb/lancedb';
import { AppendBatcher } from './append-batcher.js';
import type { LabelRow } from './album-schemas.js';

export type LabelKind = LabelRow['target_kind'];

export interface LabelChange {
  photoId: string;
  kind: LabelKind;
  target: string;
  /** 1, -1, or 0 for "no correction" */
  value: number;
}

const keyOf = (kind: LabelKind, target: string, photoId: string): string => `${kind}\u0000${target}\u0000${photoId}`;
const targetKey = (kind: LabelKind, target: string): string => `${kind}\u0000${target}`;

/**
 * Corrections and tags, as an append-only history (the labels table). The newest row per
 * (photo, target) is the state; older rows stay, so every correction can be undone, and an
 * undo is itself a row that points at what it undid. Rows carry photo ids, never vectors, so
 * they survive re-indexing, moves and model switches. The history is small and kept in memory;
 * memory changes only after a write committed.
 */
export class LabelStore {
  private readonly history = new Map<string, LabelRow[]>();
  private readonly byTarget = new Map<string, Map<string, number>>();
  private readonly tagsByPhoto = new Map<string, Set<string>>();
  private readonly corrections: LabelRow[] = [];
  private readonly undone = new Set<number>();
  private nextSeq = 1;
  private readonly writer: AppendBatcher<Record<string, unknown>>;
  private undoChain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(rows: readonly LabelRow[]) => void>();

  private constructor(table: Table) {
    this.writer = new AppendBatcher(table);
  }

  static async open(table: Table): Promise<LabelStore> {
    const store = new LabelStore(table);
    const rows = (await table.query().toArray()) as LabelRow[];
    for (const row of rows.sort((a, b) => a.seq - b.seq)) store.remember({ ...row });
    return store;
  }

  /** The current correction of one photo for one target: 1, -1, or 0. */
  value(kind: LabelKind, target: string, photoId: string): number {
    return this.byTarget.get(targetKey(kind, target))?.get(photoId) ?? 0;
  }

  /** Whether anything was ever recorded for this target and photo (set, removed or undone). */
  touched(kind: LabelKind, target: string, photoId: string): boolean {
    return (this.history.get(keyOf(kind, target, photoId))?.length ?? 0) > 0;
  }

  /** photo id → 1 or -1, for every photo with a correction on this target. */
  labels(kind: LabelKind, target: string): ReadonlyMap<string, number> {
    return this.byTarget.get(targetKey(kind, target)) ?? new Map<string, number>();
  }

  tagsOf(photoId: string): string[] {
    return [...(this.tagsByPhoto.get(photoId) ?? [])].sort();
  }

  /** Every tag in use with its photo count. */
  tagCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const tags of this.tagsByPhoto.values()) for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return counts;
  }

  /** Records corrections made by the person; resolves once they are durable. */
  async set(changes: readonly LabelChange[], source = 'user'): Promise<LabelRow[]> {
    const rows = changes.map((c) => this.row(c, source, null));
    await this.writer.append(rows.map((r) => ({ ...r })));
    for (const row of rows) this.remember(row);
    this.announce(rows);
    return rows;
  }

  /** Hears every committed change (a keyword export follows tags this way); returns the unsubscribe. */
  onChange(listener: (rows: readonly LabelRow[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(rows: readonly LabelRow[]): void {
    for (const listener of this.listeners) listener(rows);
  }

  /**
   * Undoes the newest correction that `matches` and is not undone yet, by appending the state the
   * target had before it. Returns the undone row and the row that restored, or null if none.
   */
  /** Whether undoLast(matches) would find a correction to take back. */
  hasUndoable(matches: (row: LabelRow) => boolean): boolean {
    return this.corrections.some((row) => !this.undone.has(row.seq) && matches(row));
  }

  undoLast(matches: (row: LabelRow) => boolean): Promise<{ undone: LabelRow; restored: LabelRow } | null> {
    const next = this.undoChain.then(async () => {
      await this.writer.flush();
      const target = this.corrections.findLast((row) => !this.undone.has(row.seq) && matches(row));
      if (!target) return null;
      const before = this.previousValue(target);
      const restored = this.row(
        { photoId: target.photo_id, kind: target.target_kind, target: target.target, value: before },
        target.source,
        target.seq,
      );
      await this.writer.append([{ ...restored }]);
      this.remember(restored);
      this.announce([restored]);
      return { undone: target, restored };
    });
    this.undoChain = next.catch(() => undefined);
    return next;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  private row(change: LabelChange, source: string, undoes: number | null): LabelRow {
    return {
      seq: this.nextSeq++,
      photo_id: change.photoId,
      target_kind: change.kind,
      target: change.target,
      value: change.value,
      source,
      created_at: Date.now(),
      undoes,
    };
  }

  private previousValue(row: LabelRow): number {
    const rows = this.history.get(keyOf(row.target_kind, row.target, row.photo_id)) ?? [];
    return rows.findLast((r) => r.seq < row.seq)?.value ?? 0;
  }

  private remember(row: LabelRow): void {
    this.nextSeq = Math.max(this.nextSeq, row.seq + 1);
    const key = keyOf(row.target_kind, row.target, row.photo_id);
    const rows = this.history.get(key) ?? [];
    rows.push(row);
    this.history.set(key, rows);
    if (row.undoes === null) this.corrections.push(row);
    else this.undone.add(row.undoes);
    this.applyState(row);
  }

  private applyState(row: LabelRow): void {
    const tk = targetKey(row.target_kind, row.target);
    const values = this.byTarget.get(tk) ?? new Map<string, number>();
    if (row.value === 0) values.delete(row.photo_id);
    else values.set(row.photo_id, row.value);
    this.byTarget.set(tk, values);
    if (row.target_kind !== 'tag') return;
    const tags = this.tagsByPhoto.get(row.photo_id) ?? new Set<string>();
    if (row.value > 0) tags.add(row.target);
    else tags.delete(row.target);
    if (tags.size === 0) this.tagsByPhoto.delete(row.photo_id);
    else this.tagsByPhoto.set(row.photo_id, tags);
  }
}
