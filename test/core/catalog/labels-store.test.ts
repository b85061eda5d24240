import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lancedb from '@lancedb/lancedb';
import path from 'node:path';
import type { LabelRow } from '../../../src-main/core/catalog/album-schemas.js';
import { openAlbumTables, type AlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('the label store: corrections and tags as a history (real LanceDB)', () => {
  let dir: string;
  let db: string;
  let tables: AlbumTables;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-labels-'));
    db = path.join(dir, 'catalog');
    tables = await openAlbumTables(db);
  });
  afterEach(async () => {
    await tables.close();
    await cleanup();
  });

  async function reopen(): Promise<void> {
    await tables.close();
    tables = await openAlbumTables(db);
  }

  it('knows nothing of a photo nobody corrected', () => {
    const labels = tables.labels;
    expect(labels.value('album', 'a1', 'p1')).toBe(0);
    expect(labels.touched('album', 'a1', 'p1')).toBe(false);
    expect([...labels.labels('album', 'a1')]).toEqual([]);
    expect(labels.tagsOf('p1')).toEqual([]);
    expect([...labels.tagCounts()]).toEqual([]);
    expect(labels.hasUndoable(() => true)).toBe(false);
  });

  it('the newest row per photo and target is the state, per kind and target, across a reopen', async () => {
    const rows = await tables.labels.set([
      { photoId: 'p1', kind: 'album', target: 'a1', value: 1 },
      { photoId: 'p2', kind: 'album', target: 'a1', value: -1 },
      { photoId: 'p1', kind: 'album', target: 'a2', value: -1 },
    ]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({ photo_id: 'p1', target_kind: 'album', target: 'a1', value: 1, source: 'user', undoes: null });
    await tables.labels.set([{ photoId: 'p2', kind: 'album', target: 'a1', value: 0 }], 'auto');
    for (let round = 0; round < 2; round += 1) {
      const labels = tables.labels;
      expect(labels.value('album', 'a1', 'p1')).toBe(1);
      expect(labels.value('album', 'a2', 'p1')).toBe(-1);
      expect(labels.value('album', 'a1', 'p2')).toBe(0);
      // the tag of the same name is another target
      expect(labels.value('tag', 'a1', 'p1')).toBe(0);
      expect(labels.touched('album', 'a1', 'p2')).toBe(true);
      expect(labels.touched('album', 'a2', 'p2')).toBe(false);
      expect([...labels.labels('album', 'a1')]).toEqual([['p1', 1]]);
      expect([...labels.labels('album', 'a2')]).toEqual([['p1', -1]]);
      await reopen();
    }
    // numbering goes on after the rows on disk
    const [next] = await tables.labels.set([{ photoId: 'p3', kind: 'album', target: 'a1', value: 1 }]);
    expect(next?.seq).toBe(5);
  });

  it('tags: sorted per photo, counted, removed by a 0 or -1, across a reopen', async () => {
    await tables.labels.set([
      { photoId: 'p1', kind: 'tag', target: 'sea', value: 1 },
      { photoId: 'p1', kind: 'tag', target: 'dog', value: 1 },
      { photoId: 'p2', kind: 'tag', target: 'sea', value: 1 },
      { photoId: 'p3', kind: 'tag', target: 'cat', value: 1 },
      { photoId: 'p1', kind: 'album', target: 'zz', value: 1 },
    ]);
    expect(tables.labels.tagsOf('p1')).toEqual(['dog', 'sea']);
    expect(Object.fromEntries(tables.labels.tagCounts())).toEqual({ sea: 2, dog: 1, cat: 1 });
    await tables.labels.set([
      { photoId: 'p2', kind: 'tag', target: 'sea', value: 0 },
      { photoId: 'p3', kind: 'tag', target: 'cat', value: -1 },
    ]);
    await reopen();
    expect(tables.labels.tagsOf('p1')).toEqual(['dog', 'sea']);
    expect(tables.labels.tagsOf('p2')).toEqual([]);
    expect(tables.labels.tagsOf('p3')).toEqual([]);
    expect(Object.fromEntries(tables.labels.tagCounts())).toEqual({ sea: 1, dog: 1 });
  });

  it('undo restores the value before, newest first, only what matches, and is itself a row', async () => {
    const heard: LabelRow[][] = [];
    const stop = tables.labels.onChange((rows) => heard.push([...rows]));
    await tables.labels.set([{ photoId: 'p1', kind: 'album', target: 'a1', value: 1 }]);
    await tables.labels.set([{ photoId: 'p1', kind: 'album', target: 'a1', value: -1 }], 'auto');
    await tables.labels.set([{ photoId: 'p9', kind: 'tag', target: 'x', value: 1 }]);
    const album = (row: LabelRow): boolean => row.target_kind === 'album';
    expect(tables.labels.hasUndoable(album)).toBe(true);

    const first = await tables.labels.undoLast(album);
    expect(first?.undone).toMatchObject({ seq: 2, value: -1 });
    expect(first?.restored).toMatchObject({ seq: 4, value: 1, undoes: 2, source: 'auto', photo_id: 'p1', target: 'a1' });
    expect(tables.labels.value('album', 'a1', 'p1')).toBe(1);

    const second = await tables.labels.undoLast(album);
    expect(second?.undone.seq).toBe(1);
    expect(second?.restored).toMatchObject({ value: 0, undoes: 1, source: 'user' });
    expect(tables.labels.value('album', 'a1', 'p1')).toBe(0);
    expect(tables.labels.hasUndoable(album)).toBe(false);
    expect(await tables.labels.undoLast(album)).toBeNull();
    // the tag was never matched
    expect(tables.labels.tagsOf('p9')).toEqual(['x']);
    expect(tables.labels.hasUndoable(() => true)).toBe(true);

    expect(heard.map((rows) => rows.map((r) => r.seq))).toEqual([[1], [2], [3], [4], [5]]);
    stop();
    await tables.labels.set([{ photoId: 'p1', kind: 'album', target: 'a1', value: 1 }]);
    expect(heard).toHaveLength(5);

    // what was undone stays undone after a reopen
    await reopen();
    expect(tables.labels.hasUndoable((row) => row.target_kind === 'album' && row.seq < 3)).toBe(false);
    expect(tables.labels.value('album', 'a1', 'p1')).toBe(1);
  });

  it('the newest row wins even when the table hands rows back out of order', async () => {
    await tables.close();
    // rows as a compaction or another writer may leave them: the newer one stored first
    const raw = await lancedb.connect(db);
    const table = await raw.openTable('labels');
    const base = { photo_id: 'p1', target_kind: 'album', target: 'a1', source: 'user', created_at: 1, undoes: null };
    await table.add([
      { ...base, seq: 2, value: -1 },
      { ...base, seq: 1, value: 1 },
    ]);
    table.close();
    raw.close();
    tables = await openAlbumTables(db);
    expect(tables.labels.value('album', 'a1', 'p1')).toBe(-1);
    const undone = await tables.labels.undoLast(() => true);
    expect(undone?.undone.seq).toBe(2);
    expect(undone?.restored.value).toBe(1);
  });

  it('two undos asked at once take back two corrections, one after the other', async () => {
    await tables.labels.set([{ photoId: 'p1', kind: 'tag', target: 'sea', value: 1 }]);
    await tables.labels.set([{ photoId: 'p2', kind: 'tag', target: 'sea', value: 1 }]);
    const [a, b] = await Promise.all([tables.labels.undoLast(() => true), tables.labels.undoLast(() => true)]);
    expect([a?.undone.seq, b?.undone.seq]).toEqual([2, 1]);
    expect(tables.labels.tagsOf('p1')).toEqual([]);
    expect(tables.labels.tagsOf('p2')).toEqual([]);
    await reopen();
    expect([...tables.labels.tagCounts()]).toEqual([]);
  });
});
