import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

const attempt = <T>(call: () => Promise<T>): Promise<T> => Promise.resolve().then(call);

async function hashes(files: readonly string[]): Promise<string[]> {
  return Promise.all(files.map(async (f) => createHash('sha256').update(await readFile(f)).digest('hex')));
}

describe('marks (favourite, rating, rotation), manual albums and bulk actions', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });
  const open = async (): Promise<Core> => {
    await core?.close();
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    return core;
  };
  const indexed = async (): Promise<{ c: Core; all: string[]; files: string[]; id: (name: string) => string }> => {
    const photos = path.join(dir, 'photos');
    const set = await writeColourSet(photos, ['red', 'blue'], 3);
    const c = await open();
    await c.addRoot({ path: photos });
    await c.rescan({});
    const listed = (await c.listPhotos({})).photos;
    const ids = new Map(listed.map((p) => [path.basename(p.path), p.id]));
    return { c, all: listed.map((p) => p.id), files: Object.values(set).flat(), id: (name) => ids.get(name) ?? '' };
  };

  it('keeps marks in the library across a reopen, never in the photo file, and filters search by them', async () => {
    const { c: first, files, id } = await indexed();
    const before = await hashes(files);
    const red = [id('red-0.jpg'), id('red-1.jpg')];
    expect(await first.setMarks({ photoIds: red, favourite: true })).toMatchObject({ changed: 2 });
    await first.setMarks({ photoIds: [id('red-1.jpg'), id('blue-0.jpg')], rating: 4 });
    await first.setMarks({ photoIds: [id('blue-0.jpg')], rotateBy: 90 });
    const turned = await first.setMarks({ photoIds: [id('blue-0.jpg')], rotateBy: -90 });
    expect(turned.marks[0]).toEqual({ id: id('blue-0.jpg'), favourite: false, rating: 4, rotation: 0 });
    await first.setMarks({ photoIds: [id('blue-0.jpg')], rotateBy: -90 });

    const c = await open();
    expect(await c.getMarks({ photoIds: [id('red-0.jpg'), id('red-1.jpg'), id('blue-0.jpg'), id('blue-1.jpg')] })).toEqual([
      { id: id('red-0.jpg'), favourite: true, rating: 0, rotation: 0 },
      { id: id('red-1.jpg'), favourite: true, rating: 4, rotation: 0 },
      { id: id('blue-0.jpg'), favourite: false, rating: 4, rotation: 270 },
      { id: id('blue-1.jpg'), favourite: false, rating: 0, rotation: 0 },
    ]);
    const favourites = await c.markedPhotos({ favourite: true });
    expect(favourites.photos.map((p) => path.basename(p.path)).sort()).toEqual(['red-0.jpg', 'red-1.jpg']);
    expect((await c.markedPhotos({ minRating: 4 })).total).toBe(2);

    const found = await c.search({ text: 'red', filters: { favourite: true } });
    expect(found.hits.map((h) => path.basename(h.path)).sort()).toEqual(['red-0.jpg', 'red-1.jpg']);
    const rated = await c.search({ text: 'red', filters: { favourite: true, minRating: 3 } });
    expect(rated.hits.map((h) => path.basename(h.path))).toEqual(['red-1.jpg']);

    // clearing every mark takes the row away; the files were never touched
    await c.setMarks({ photoIds: red, favourite: false, rating: 0 });
    expect((await c.markedPhotos({ favourite: true })).total).toBe(0);
    expect(await hashes(files)).toEqual(before);
  });

  it('refuses a request that marks nothing, a bad rating or an unknown photo', async () => {
    const { c, id } = await indexed();
    await expect(attempt(() => c.setMarks({ photoIds: [id('red-0.jpg')] }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt(() => c.setMarks({ photoIds: [id('red-0.jpg')], rating: 6 }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt(() => c.setMarks({ photoIds: [], favourite: true }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt(() => c.setMarks({ photoIds: ['nope'], favourite: true }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a manual album is exactly the photos put in it, and bulk album and tag actions are one request', async () => {
    const { c: first, all, id } = await indexed();
    const manual = await first.createManualAlbum({ name: 'Trip', photoIds: [id('red-0.jpg'), id('blue-2.jpg')] });
    expect(manual).toMatchObject({ kind: 'manual', prompts: [], memberCount: 2 });
    const added = await first.addToAlbum({ albumId: manual.id, photoIds: [id('blue-1.jpg'), id('blue-2.jpg')] });
    expect(added).toMatchObject({ applied: 2, changed: 1, added: [id('blue-1.jpg')] });
    const removed = await first.removeFromAlbum({ albumId: manual.id, photoIds: [id('red-0.jpg')] });
    expect(removed.removed).toEqual([id('red-0.jpg')]);

    const smart = await first.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 });
    expect(smart.kind).toBe('smart');
    await first.removeFromAlbum({ albumId: smart.id, photoIds: [id('red-0.jpg'), id('red-1.jpg')] });
    await first.addToAlbum({ albumId: smart.id, photoIds: [id('blue-0.jpg')] });
    expect(await first.tagPhotos({ photoIds: all, tag: ' Holiday ' })).toEqual({ tag: 'holiday', changed: 6 });
    expect(await first.tagPhotos({ photoIds: [id('red-0.jpg')], tag: 'holiday', remove: true })).toEqual({ tag: 'holiday', changed: 1 });

    const c = await open();
    const members = async (albumId: string): Promise<string[]> =>
      (await c.albumPhotos({ albumId })).photos.map((p) => path.basename(p.path)).sort();
    expect(await members(manual.id)).toEqual(['blue-1.jpg', 'blue-2.jpg']);
    expect((await c.albumPhotos({ albumId: manual.id })).suggestions).toEqual([]);
    // a smart album's removal is an exclusion the prompt cannot overrule; an addition an inclusion
    expect(await members(smart.id)).toEqual(['blue-0.jpg', 'red-2.jpg']);
    expect(await c.listTags({})).toEqual([{ tag: 'holiday', count: 5 }]);
    const listed = await c.listAlbums({});
    expect(listed.map((a) => [a.name, a.kind, a.memberCount])).toEqual([['Trip', 'manual', 2], ['Red', 'smart', 2]]);
    await expect(attempt(() => c.createManualAlbum({ name: 'trip' }))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});
