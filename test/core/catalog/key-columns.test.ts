import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCatalog } from '../../../src-main/core/catalog/catalog.js';
import { KeyColumns, type KeyFields } from '../../../src-main/core/catalog/key-columns.js';
import { KEY_COLUMNS, type PhotoMeta } from '../../../src-main/core/catalog/photo-store.js';
import type { ArrowBatchLike } from '../../../src-main/core/catalog/key-columns.js';
import type { PhotoRow } from '../../../src-main/core/catalog/schema.js';
import { searchByVector } from '../../../src-main/core/search/vector-search.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const DAY = 86_400_000;

function fields(i: number, over: Partial<KeyFields> = {}): KeyFields {
  return {
    id: `id-${i}`,
    contentHash: `c-${i % 97}`,
    fullHash: `f-${i}`,
    path: `/photos/${i % 7 === 0 ? 'été' : 'trip'}/${i}.jpg`,
    root: i % 3 === 0 ? '/photos' : '/other',
    size: 1000 + i,
    mtime: i * 10,
    takenAt: i % 5 === 0 ? null : i * DAY,
    modelId: 'tiny',
    width: 4000 + i,
    height: 3000,
    format: i % 2 === 0 ? 'jpeg' : 'heic',
    ...over,
  };
}

function row(key: KeyFields, vector: number[]): PhotoRow {
  return {
    id: key.id,
    content_hash: key.contentHash,
    full_hash: key.fullHash,
    path: key.path,
    root: key.root,
    size: key.size,
    mtime: key.mtime,
    width: key.width,
    height: key.height,
    taken_at: key.takenAt,
    taken_offset: null,
    camera: null,
    lat: null,
    lon: null,
    format: key.format,
    model_id: key.modelId,
    indexed_at: Date.now(),
    vector,
  };
}

/** What the key columns must agree with: plain maps, as the store kept its keys before. */
class Reference {
  readonly byId = new Map<string, KeyFields>();
  put(key: KeyFields): void {
    this.byId.set(key.id, key);
  }
  byPath(p: string): KeyFields | undefined {
    return [...this.byId.values()].reverse().find((k) => k.path === p);
  }
  byContent(hash: string): string[] {
    return [...this.byId.values()].filter((k) => k.contentHash === hash).map((k) => k.id).sort();
  }
}

function expectSame(columns: KeyColumns, reference: Reference): void {
  expect(columns.count).toBe(reference.byId.size);
  const all = [...columns.slots()].map((s) => columns.fields(s));
  expect(new Map(all.map((k) => [k.id, k]))).toEqual(reference.byId);
  for (const key of reference.byId.values()) {
    expect(columns.fields(columns.slotOf(key.id))).toEqual(key);
    expect(columns.id(columns.slotOfPath(key.path))).toBe(key.id);
    expect(columns.slotsOfContent(key.contentHash).map((s) => columns.id(s)).sort()).toEqual(reference.byContent(key.contentHash));
  }
}

describe('key columns', () => {
  it('find every key by id, path and content through growth, rewrites, moves and removals', () => {
    const columns = new KeyColumns(16);
    const reference = new Reference();
    for (let i = 0; i < 3000; i += 1) {
      columns.put(fields(i));
      reference.put(fields(i));
    }
    expectSame(columns, reference);
    // a rewrite keeps the slot: new hashes, a new date, another format
    for (let i = 0; i < 3000; i += 11) {
      const changed = fields(i, { contentHash: `new-${i}`, fullHash: `nf-${i}`, takenAt: 5, format: 'png' });
      columns.put(changed);
      reference.put(changed);
    }
    // moves, into a new folder and a new root
    for (let i = 1; i < 3000; i += 13) {
      const slot = columns.slotOf(`id-${i}`);
      columns.relocate(slot, `/moved/${i}.jpg`, '/moved', 7);
      reference.put({ ...(reference.byId.get(`id-${i}`) as KeyFields), path: `/moved/${i}.jpg`, root: '/moved', mtime: 7 });
      expect(columns.slotOfPath(`/photos/trip/${i}.jpg`)).toBe(-1);
    }
    for (let i = 2; i < 3000; i += 3) {
      columns.delete(columns.slotOf(`id-${i}`));
      reference.byId.delete(`id-${i}`);
    }
    expectSame(columns, reference);
    expect(columns.slotOf('id-2')).toBe(-1);
    expect(columns.slotOf('nobody')).toBe(-1);
    expect(columns.slotsOfContent('nothing')).toEqual([]);
  });

  it('pack dead slots and old bytes away, and still answer the same', () => {
    const columns = new KeyColumns();
    const reference = new Reference();
    const long = 'x'.repeat(300);
    for (let i = 0; i < 12_000; i += 1) {
      columns.put(fields(i, { path: `/p/${long}/${i}.jpg` }));
      reference.put(fields(i, { path: `/p/${long}/${i}.jpg` }));
    }
    // two thirds removed: more than half the slots dead, so they are packed away
    for (let i = 0; i < 12_000; i += 1) {
      if (i % 3 === 0) continue;
      columns.delete(columns.slotOf(`id-${i}`));
      reference.byId.delete(`id-${i}`);
    }
    expect(Math.max(...columns.slots())).toBeLessThan(6000);
    // every path rewritten twice: the old bytes (over 1 MB) become garbage and are packed
    for (const round of [1, 2]) {
      for (const key of [...reference.byId.values()]) {
        const moved = { ...key, path: `/q${round}/${long}/${key.id}.jpg` };
        columns.put(moved);
        reference.put(moved);
      }
    }
    expectSame(columns, reference);
  });

  it('two ids at one path: the later one is found, and the earlier once the later is gone', () => {
    const columns = new KeyColumns();
    columns.put(fields(1, { path: '/same.jpg' }));
    columns.put(fields(2, { path: '/same.jpg' }));
    expect(columns.id(columns.slotOfPath('/same.jpg'))).toBe('id-2');
    columns.delete(columns.slotOf('id-2'));
    expect(columns.id(columns.slotOfPath('/same.jpg'))).toBe('id-1');
  });
});

describe('the photo store on key columns (real LanceDB)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  const keyOfMeta = (meta: PhotoMeta): KeyFields => ({
    id: meta.id,
    contentHash: meta.content_hash,
    fullHash: meta.full_hash,
    path: meta.path,
    root: meta.root,
    size: meta.size,
    mtime: meta.mtime,
    takenAt: meta.taken_at,
    modelId: meta.model_id,
    width: meta.width,
    height: meta.height,
    format: meta.format,
  });

  /** Every key in memory equals its row in the table, field by field. */
  async function expectKeysMatchTable(catalog: Awaited<ReturnType<typeof openCatalog>>, ids: string[]): Promise<void> {
    expect(catalog.photos.count).toBe(await catalog.photos.table.countRows());
    const rows = await catalog.photos.get(ids);
    expect(rows).toHaveLength(ids.length);
    for (const meta of rows) expect(catalog.photos.fields(meta.id)).toEqual(keyOfMeta(meta));
  }

  it('keeps the keys equal to the table after adds, rewrites, moves and removals, and after a reopen', async () => {
    const db = path.join(dir, 'catalog');
    let catalog = await openCatalog(db, 3);
    const n = 2500;
    await catalog.photos.upsert(Array.from({ length: n }, (_, i) => row(fields(i), [1, 0, i / n])));
    await catalog.photos.upsert([row(fields(4, { contentHash: 'rewritten', takenAt: 42, width: 1 }), [0, 1, 0])]);
    await catalog.photos.relocate('id-8', '/photos/renamed/eight.jpg', '/photos', 99);
    await catalog.photos.remove(Array.from({ length: n }, (_, i) => `id-${i}`).filter((_, i) => i % 4 === 1));
    const live = Array.from({ length: n }, (_, i) => `id-${i}`).filter((_, i) => i % 4 !== 1);
    await expectKeysMatchTable(catalog, live);
    expect(catalog.photos.keyByPath('/photos/trip/8.jpg')).toBeUndefined();
    expect(catalog.photos.keyByPath('/photos/renamed/eight.jpg')?.id).toBe('id-8');
    expect(catalog.photos.keysByContent('rewritten').map((k) => k.id)).toEqual(['id-4']);
    expect(catalog.photos.key('id-1')).toBeUndefined();
    await catalog.close();

    catalog = await openCatalog(db, 3);
    await expectKeysMatchTable(catalog, live);
    expect(catalog.photos.fields('id-4')).toMatchObject({ takenAt: 42, width: 1, contentHash: 'rewritten' });
    expect(catalog.photos.fields('id-15')?.takenAt).toBeNull();
    expect(catalog.photos.keyByPath('/photos/été/7.jpg')?.id).toBe('id-7');
    expect(catalog.photos.keysByContent('c-3').map((k) => k.id).sort()).toEqual(live.filter((id) => Number(id.slice(3)) % 97 === 3 && id !== 'id-4').sort());
    await catalog.close();
  });

  /** The table's key columns loaded into fresh key columns, batch by batch, as PhotoStore.open loads them. */
  async function loadedColumns(catalog: Awaited<ReturnType<typeof openCatalog>>, between?: (columns: KeyColumns) => void): Promise<KeyColumns> {
    const columns = new KeyColumns();
    for await (const batch of catalog.photos.table.query().select(KEY_COLUMNS).limit(100_000)) {
      columns.loadBatch(batch as unknown as ArrowBatchLike);
      between?.(columns);
    }
    return columns;
  }

  it('finds loaded photos by content although their content chains are built only at the first look-up, after rewrites, moves and removals', async () => {
    const catalog = await openCatalog(path.join(dir, 'catalog'), 3);
    const n = 3000;
    await catalog.photos.upsert(Array.from({ length: n }, (_, i) => row(fields(i), [1, 0, i / n])));
    // a reopened store has loaded its keys without building the chains by content
    await catalog.close();
    const reopened = await openCatalog(path.join(dir, 'catalog'), 3);
    const reference = new Reference();
    for (let i = 0; i < n; i += 1) reference.put(fields(i));
    const columns = await loadedColumns(reopened);
    expect(columns.contentIndexed).toBe(false);
    // before any look-up by content: the same content written again, a new content, a new photo sharing a
    // loaded photo's content, a move and removals; each must be seen by the chains built afterwards
    for (let i = 0; i < n; i += 7) {
      columns.put(fields(i));
      reference.put(fields(i));
    }
    for (let i = 1; i < n; i += 11) {
      const changed = fields(i, { contentHash: `new-${i % 5}`, fullHash: `nf-${i}` });
      columns.put(changed);
      reference.put(changed);
    }
    for (let i = n; i < n + 50; i += 1) {
      columns.put(fields(i));
      reference.put(fields(i));
    }
    columns.relocate(columns.slotOf('id-12'), '/moved/12.jpg', '/moved', 3);
    reference.put({ ...(reference.byId.get('id-12') as KeyFields), path: '/moved/12.jpg', root: '/moved', mtime: 3 });
    for (let i = 2; i < n; i += 9) {
      columns.delete(columns.slotOf(`id-${i}`));
      reference.byId.delete(`id-${i}`);
    }
    expect(columns.contentIndexed).toBe(false);
    expect(columns.slotsOfContent('c-3').map((s) => columns.id(s)).sort()).toEqual(reference.byContent('c-3'));
    expect(columns.contentIndexed).toBe(true);
    expectSame(columns, reference);
    // once built, the chains follow every change
    columns.put(fields(5, { contentHash: 'later' }));
    reference.put(fields(5, { contentHash: 'later' }));
    columns.delete(columns.slotOf('id-6'));
    reference.byId.delete('id-6');
    expectSame(columns, reference);
    await reopened.close();
  });

  it('keeps the chains by content whole when rows are loaded after they were built', async () => {
    const catalog = await openCatalog(path.join(dir, 'catalog'), 3);
    const n = 2500;
    await catalog.photos.upsert(Array.from({ length: n }, (_, i) => row(fields(i), [0, 1, i / n])));
    const reference = new Reference();
    for (let i = 0; i < n; i += 1) reference.put(fields(i));
    let batches = 0;
    // the first batch's content looked up at once: the batches after it are hashed and linked as they load
    const columns = await loadedColumns(catalog, (loaded) => {
      batches += 1;
      if (batches === 1) expect(loaded.slotsOfContent('c-1').length).toBeGreaterThan(0);
    });
    expect(batches).toBeGreaterThan(1);
    expectSame(columns, reference);
    await catalog.close();
  });

  it('loads keys that arrive in several batches of the size the open asks for', async () => {
    const db = path.join(dir, 'catalog');
    let catalog = await openCatalog(db, 3);
    // more rows than one batch of the keys' read at open (8,192)
    const n = 17_000;
    await catalog.photos.upsert(Array.from({ length: n }, (_, i) => row(fields(i), [1, i / n, 0])));
    await catalog.close();
    catalog = await openCatalog(db, 3);
    expect(catalog.photos.count).toBe(n);
    const ids = Array.from({ length: 40 }, (_, i) => `id-${i * 421}`);
    await expectKeysMatchTable(catalog, ids);
    expect(catalog.photos.keyByPath('/photos/trip/16999.jpg')?.id).toBe('id-16999');
    expect(catalog.photos.keysByContent('c-5').length).toBe(Math.ceil((n - 5) / 97));
    await catalog.close();
  });

  it('answers filtered searches with fields taken from memory that match the rows', async () => {
    const catalog = await openCatalog(path.join(dir, 'catalog'), 3);
    const n = 400;
    await catalog.photos.upsert(Array.from({ length: n }, (_, i) => row(fields(i), [Math.cos(i / 50), Math.sin(i / 50), 0.1])));
    await catalog.photos.relocate('id-10', '/photos/été/ten.jpg', '/photos', 1);
    const query = new Float32Array([1, 0, 0]);
    const inDays = `taken_at >= ${100 * DAY} AND taken_at < ${200 * DAY}`;
    const dated = await searchByVector(catalog.photos, query, 20, inDays);
    expect(dated).toHaveLength(20);
    const inFolder = await searchByVector(catalog.photos, query, 20, `starts_with(path, '/photos/été/')`);
    expect(inFolder.map((h) => h.id)).toContain('id-10');
    for (const hit of [...dated, ...inFolder]) {
      const [meta] = await catalog.photos.get([hit.id]);
      expect(meta).toBeDefined();
      const m = meta as PhotoMeta;
      expect(hit).toMatchObject({ id: m.id, path: m.path, root: m.root, width: m.width, height: m.height, format: m.format });
      expect(hit.takenAt).toBe(m.taken_at === null ? null : new Date(m.taken_at).toISOString());
    }
    for (const hit of dated) expect(Date.parse(hit.takenAt ?? '')).toBeGreaterThanOrEqual(100 * DAY);
    for (const hit of inFolder) expect(hit.path.startsWith('/photos/été/')).toBe(true);
    // scores are the cosine similarities, best first
    const scores = dated.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    await catalog.close();
  });
});
