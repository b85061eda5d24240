import * as lancedb from '@lancedb/lancedb';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeDng } from '../../helpers/dng.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';
import { rgbPixels } from '../imaging/images.js';

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** A DNG of one flat colour, 320×240, with a JPEG preview. */
async function colourDng(file: string, colour: readonly [number, number, number]): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await writeDng({ rgb: rgbPixels(320, 240, () => colour), width: 320, height: 240, previewSize: 320 }));
  return file;
}

/** path → full_hash of every photo row, read from the catalogue through a connection of its own (the core's stays open). */
async function fullHashes(library: string): Promise<Map<string, string>> {
  const db = await lancedb.connect(path.join(library, 'catalog'));
  const out = new Map<string, string>();
  for (const name of (await db.tableNames()).filter((n) => n.startsWith('photos'))) {
    const rows = (await (await db.openTable(name)).query().select(['path', 'full_hash']).toArray()) as { path: string; full_hash: string }[];
    for (const row of rows) out.set(row.path, row.full_hash);
  }
  db.close();
  return out;
}

describe('a RAW\'s full hash is left for later and computed when needed or when indexing is idle', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let library: string;
  let photos: string;
  let core: Core | null = null;
  const open = async (laterHashMs: number): Promise<Core> => (core = await createCore({ libraryDir: library, modelDir: await tinyModelDir(), timings: { laterHashMs } }));
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    library = path.join(dir, 'library');
    photos = path.join(dir, 'photos');
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  it('writes a RAW\'s row without it, a JPEG\'s with it, then fills it in once indexing has been idle', async () => {
    const raw = await colourDng(path.join(photos, 'IMG_0001.DNG'), [30, 60, 210]);
    const jpeg = await writePhoto(path.join(photos, 'IMG_0002.JPG'), COLOURS['red'] ?? [0, 0, 0]);
    const c = await open(60_000);
    await c.addRoot({ path: photos });
    expect(await c.rescan({})).toMatchObject({ indexed: 2, failed: [] });
    let hashes = await fullHashes(library);
    expect(hashes.get(raw)).toBe('');
    expect(hashes.get(jpeg)).toBe(await sha(jpeg));
    // searchable at once, hash or not
    expect((await c.search({ text: 'blue', limit: 1 })).hits[0]?.path).toBe(raw);
    await c.close();

    const again = await open(0);
    await again.rescan({});
    await waitFor('the RAW\'s full hash', async () => (await fullHashes(library)).get(raw) === (await sha(raw)));
    hashes = await fullHashes(library);
    expect(hashes.get(jpeg)).toBe(await sha(jpeg));
  });

  it('confirms an import of the same card, a copy and a duplicate by computing the hash then', async () => {
    const imported = await colourDng(path.join(photos, 'IMG_0001.DNG'), [30, 60, 210]);
    const copied = await colourDng(path.join(photos, 'IMG_0002.DNG'), [220, 30, 35]);
    // two RAWs of one scene that differ in bytes (another camera name): alike, not the same file
    await writeFile(path.join(photos, 'IMG_0003.DNG'), await writeDng({ rgb: rgbPixels(320, 240, () => [40, 170, 60]), width: 320, height: 240, previewSize: 320, make: 'Nikon' }));
    await writeFile(path.join(photos, 'IMG_0004.DNG'), await writeDng({ rgb: rgbPixels(320, 240, () => [40, 170, 60]), width: 320, height: 240, previewSize: 320, make: 'Sony' }));
    const c = await open(60_000);
    await c.addRoot({ path: photos });
    expect(await c.rescan({})).toMatchObject({ indexed: 4 });
    expect([...(await fullHashes(library)).values()]).toEqual(['', '', '', '']);

    // a card holding the same RAW again: already in the library, nothing to copy
    const card = path.join(dir, 'CARD', 'DCIM', '100CANON');
    await mkdir(card, { recursive: true });
    await copyFile(imported, path.join(card, 'IMG_0001.DNG'));
    const old = new Date('2026-07-01T10:00:00Z');
    await utimes(path.join(card, 'IMG_0001.DNG'), old, old);
    expect(await c.planImport({ sources: [path.join(dir, 'CARD')], to: path.join(dir, 'Pictures') })).toMatchObject({ photos: 0, alreadyInLibrary: 1 });

    // the same bytes under another name: a copy of the photo, found by its sampled hash and confirmed by the full one
    const copy = path.join(photos, 'copies', 'IMG_0002 copy.DNG');
    await mkdir(path.dirname(copy), { recursive: true });
    await copyFile(copied, copy);
    expect(await c.rescan({})).toMatchObject({ copied: 1, indexed: 0 });
    expect((await fullHashes(library)).get(copied)).toBe(await sha(copied));
    const groups = (await c.findDuplicates({ nearThreshold: 0.99 })).groups;
    expect(groups.map((g) => [g.kind, g.photos.map((p) => path.basename(p.path)).sort()])).toEqual([
      ['exact', ['IMG_0002 copy.DNG', 'IMG_0002.DNG']],
      ['near', ['IMG_0003.DNG', 'IMG_0004.DNG']],
    ]);
  });

  it('keeps a RAW moved before its hash was computed as the same photo (same sampled hash, size and time)', async () => {
    const raw = await colourDng(path.join(photos, 'IMG_0001.DNG'), [30, 60, 210]);
    const c = await open(60_000);
    await c.addRoot({ path: photos });
    await c.rescan({});
    const [before] = (await c.listPhotos({})).photos;
    await c.tagPhotos({ photoIds: [before?.id ?? ''], tag: 'harbour' });
    const moved = path.join(photos, 'sorted', 'IMG_0001.DNG');
    await mkdir(path.dirname(moved), { recursive: true });
    await rename(raw, moved);
    expect(await c.rescan({})).toMatchObject({ moved: 1, indexed: 0 });
    const [after] = (await c.listPhotos({})).photos;
    expect(after).toMatchObject({ id: before?.id, path: moved });
    expect(await c.listTags({})).toEqual([{ tag: 'harbour', count: 1 }]);
  });

  it('moves a RAW to the trash and back, the copy verified against the hash computed then', async () => {
    const raw = await colourDng(path.join(photos, 'IMG_0001.DNG'), [30, 60, 210]);
    const bytes = await sha(raw);
    const c = await open(60_000);
    await c.addRoot({ path: photos });
    await c.rescan({});
    const [photo] = (await c.listPhotos({})).photos;
    expect(await c.trashPhotos({ photoIds: [photo?.id ?? ''] })).toMatchObject({ place: 'library', failed: [] });
    expect((await c.listPhotos({})).photos).toEqual([]);
    const [batch] = await c.listTrash({});
    expect(await sha(batch?.photos[0]?.path ?? '')).toBe(bytes);
    expect(await c.undoTrash({})).toMatchObject({ restored: 1, failed: [] });
    expect(await sha(raw)).toBe(bytes);
    expect((await c.listPhotos({})).photos.map((p) => p.id)).toEqual([photo?.id]);
  });

  it('mirrors a RAW by copy, the copy verified against the hash computed then', async () => {
    const raw = await colourDng(path.join(photos, 'IMG_0001.DNG'), [30, 60, 210]);
    const c = await open(60_000);
    await c.addRoot({ path: photos });
    await c.rescan({});
    const albumId = (await c.createAlbum({ name: 'Blue', prompts: ['blue'], threshold: 0.5 })).id;
    const folder = path.join(dir, 'Blue');
    await c.setAlbumMirror({ albumId, folder, mode: 'copy' });
    expect(await c.applyAlbumMirror({ albumId })).toMatchObject({ failed: [] });
    expect(await sha(path.join(folder, 'IMG_0001.DNG'))).toBe(await sha(raw));
  });
});
