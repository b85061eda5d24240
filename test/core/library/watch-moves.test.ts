import * as lancedb from '@lancedb/lancedb';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { photoTableRows } from '../../helpers/catalogue-rows.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Labelled {
  ids: string[];
  tags: Map<string, string[]>;
  albumId: string;
  corrected: Map<string, string>;
}

/** Tags every photo with its colour and corrects two of them in an album: what a move must not lose. */
async function label(core: Core): Promise<Labelled> {
  const photos = (await core.listPhotos({})).photos;
  const albumId = (await core.createAlbum({ name: 'Reds', prompts: ['red'], threshold: 0.5 })).id;
  const tags = new Map<string, string[]>();
  for (const p of photos) tags.set(p.id, (await core.addTag({ photoId: p.id, tag: path.basename(p.path).split('-')[0] ?? 'x' })).tags);
  const corrected = new Map<string, string>();
  for (const [i, p] of photos.slice(0, 2).entries()) {
    await core.setAlbumMembership({ albumId, photoId: p.id, include: i === 0 });
    corrected.set(p.id, i === 0 ? 'user-include' : 'user-exclude');
  }
  return { ids: photos.map((p) => p.id).sort(), tags, albumId, corrected };
}

async function expectKept(core: Core, before: Labelled, library: string): Promise<void> {
  const after = (await core.listPhotos({})).photos;
  expect(after.map((p) => p.id).sort()).toEqual(before.ids);
  for (const [id, tags] of before.tags) expect((await core.listTags({ photoId: id })).map((t) => t.tag)).toEqual(tags);
  const page = await core.albumPhotos({ albumId: before.albumId, limit: 100 });
  const included = before.ids.filter((id) => before.corrected.get(id) === 'user-include');
  const excluded = before.ids.filter((id) => before.corrected.get(id) === 'user-exclude');
  for (const id of included) expect(page.photos.map((p) => p.id)).toContain(id);
  for (const id of excluded) expect(page.photos.map((p) => p.id)).not.toContain(id);
  const rows = await photoTableRows(library);
  expect(rows).toEqual({ rows: before.ids.length, ids: before.ids.length, paths: before.ids.length });
}

describe('moves the watcher sees before the source goes', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  // Watching waits until a file's size settles (1.5 s by default); shortened to stay quick. A test may slow file actions.
  let pauseMs = 0;
  const timings = { writeStableMs: 300, fileActionPauseMs: () => pauseMs };
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-moves-')));
  afterEach(async () => {
    pauseMs = 0;
    await core?.close();
    core = null;
    await cleanup();
  });

  async function watched(): Promise<{ c: Core; photos: string; library: string }> {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 3);
    const library = path.join(dir, 'library');
    core = await createCore({ libraryDir: library, modelDir: await tinyModelDir(), watch: true, timings });
    const c = core;
    await c.addRoot({ path: photos });
    await waitFor('the first scan', async () => (await c.status({})).photos.indexed === 6);
    return { c, photos, library };
  }

  it('a slow copy-then-delete by another program keeps ids, tags and corrections; one row per photo', async () => {
    const { c, photos, library } = await watched();
    const before = await label(c);
    const moved = path.join(photos, 'moved');
    await mkdir(moved);
    for (const p of (await c.listPhotos({})).photos) {
      const target = path.join(moved, path.basename(p.path));
      await copyFile(p.path, target);
      // The copy is seen (and catalogued as a copy) before the original goes.
      await waitFor('the copy to be seen', async () => (await c.listPhotos({})).photos.some((q) => q.path === target), 10_000, 50);
      await rm(p.path);
    }
    await waitFor('every photo to be in its new place', async () => {
      const listed = (await c.listPhotos({})).photos;
      return listed.length === 6 && listed.every((p) => p.path.startsWith(moved + path.sep));
    }, 20_000);
    await expectKept(c, before, library);
  });

  it("the library's own slow mirror move while watching keeps ids, tags and corrections; one row per photo", async () => {
    const { c, photos, library } = await watched();
    const before = await label(c);
    pauseMs = 700;
    const sorted = path.join(photos, 'Sorted');
    await c.setAlbumMirror({ albumId: before.albumId, folder: sorted, mode: 'move' });
    const report = await c.applyAlbumMirror({ albumId: before.albumId });
    expect(report.failed).toEqual([]);
    expect(report.done).toBeGreaterThan(0);
    await sleep(1500);
    await expectKept(c, before, library);
  });
});

describe('a re-index heals duplicate rows', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-heal-')));
  afterEach(async () => cleanup());

  it('one row per photo id and path, keeping the first id of a path', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'green'], 2);
    const library = path.join(dir, 'library');
    const model = await tinyModelDir();
    let core = await createCore({ libraryDir: library, modelDir: model });
    await core.addRoot({ path: photos });
    await core.rescan({});
    const ids = (await core.listPhotos({})).photos.map((p) => p.id).sort();
    await core.close();

    // What two writers without a lock left behind: a repeated row, and a second id on a photo's path.
    const db = await lancedb.connect(path.join(library, 'catalog'));
    const table = await db.openTable('photos');
    const rows = (await table.query().toArray()) as Record<string, unknown>[];
    const plain = (row: Record<string, unknown>): Record<string, unknown> => ({ ...row, vector: Array.from(row['vector'] as Iterable<number>) });
    const [first, second] = rows;
    if (!first || !second) throw new Error('too few rows');
    await table.add([plain(first), { ...plain(second), id: `${String(second['id'])}-2`, indexed_at: Number(second['indexed_at']) + 1000 }]);
    table.close();
    db.close();
    expect((await photoTableRows(library)).rows).toBe(6);

    core = await createCore({ libraryDir: library, modelDir: model });
    try {
      expect(await photoTableRows(library)).toEqual({ rows: 4, ids: 4, paths: 4 });
      const summary = await core.rescan({});
      expect(summary.indexed + summary.unchanged, JSON.stringify(summary)).toBe(4);
      expect((await core.listPhotos({})).photos.map((p) => p.id).sort()).toEqual(ids);
    } finally {
      await core.close();
    }
  });
});
