import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

/** Core methods parse their input before returning a promise; this turns a bad input into a rejection. */
const attempt = <T>(call: () => Promise<T>): Promise<T> => Promise.resolve().then(call);

describe('corrections and tags', () => {
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
  const memberPaths = async (c: Core, albumId: string): Promise<string[]> =>
    (await c.albumPhotos({ albumId })).photos.map((p) => path.basename(p.path)).sort();

  it('an exclusion wins over the prompt and survives a re-index and a rename; tags too; undo walks back', async () => {
    const photos = path.join(dir, 'photos');
    const files = await writeColourSet(photos, ['red', 'blue'], 3);
    let c = await open();
    await c.addRoot({ path: photos });
    await c.rescan({});
    const ids = new Map((await c.listPhotos({})).photos.map((p) => [path.basename(p.path), p.id]));
    const id = (name: string): string => ids.get(name) ?? '';
    const album = await c.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 });
    expect(await memberPaths(c, album.id)).toEqual(['red-0.jpg', 'red-1.jpg', 'red-2.jpg']);

    const excluded = await c.setAlbumMembership({ albumId: album.id, photoId: id('red-1.jpg'), include: false });
    expect(excluded).toMatchObject({ changed: 1, added: [], removed: [id('red-1.jpg')], probe: null });
    const included = await c.setAlbumMembership({ albumId: album.id, photoId: id('blue-2.jpg'), include: true });
    expect(included.added).toEqual([id('blue-2.jpg')]);
    expect(await c.addTag({ photoId: id('red-0.jpg'), tag: '  Summer   Holiday ' })).toEqual({ photoId: id('red-0.jpg'), tags: ['summer holiday'] });
    await c.addTag({ photoId: id('blue-0.jpg'), tag: 'summer holiday' });
    expect(await c.listTags({})).toEqual([{ tag: 'summer holiday', count: 2 }]);

    // Re-index: a new core on the same library, then a full rescan.
    c = await open();
    await c.rescan({});
    expect(await memberPaths(c, album.id)).toEqual(['blue-2.jpg', 'red-0.jpg', 'red-2.jpg']);
    const page = await c.albumPhotos({ albumId: album.id });
    expect(page.photos.find((p) => p.id === id('blue-2.jpg'))).toMatchObject({ by: 'label', label: 1 });

    // Rename and move the excluded photo and a tagged one: same content, same id, same corrections.
    await mkdir(path.join(photos, 'sorted'));
    await rename(files['red']?.[1] ?? '', path.join(photos, 'sorted', 'renamed-red.jpg'));
    await rename(files['red']?.[0] ?? '', path.join(photos, 'sorted', 'tagged-red.jpg'));
    c = await open();
    const summary = await c.rescan({});
    expect(summary.moved + summary.indexed).toBeLessThanOrEqual(2);
    expect((await c.getPhoto({ id: id('red-1.jpg') })).path).toBe(path.join(photos, 'sorted', 'renamed-red.jpg'));
    expect(await memberPaths(c, album.id)).toEqual(['blue-2.jpg', 'red-2.jpg', 'tagged-red.jpg']);
    expect(await c.listTags({ photoId: id('red-0.jpg') })).toEqual([{ tag: 'summer holiday', count: 1 }]);

    // Undo: the album's newest correction (the inclusion), then the newest of all (a tag), in order.
    const undoAlbum = await c.undoLastCorrection({ albumId: album.id });
    expect(undoAlbum.undone).toMatchObject({ photoId: id('blue-2.jpg'), kind: 'album', restored: null });
    expect(undoAlbum.removed).toEqual([id('blue-2.jpg')]);
    const undoTag = await c.undoLastCorrection({});
    expect(undoTag.undone).toMatchObject({ photoId: id('blue-0.jpg'), kind: 'tag', target: 'summer holiday', restored: null });
    expect(await c.listTags({})).toEqual([{ tag: 'summer holiday', count: 1 }]);
    await c.removeTag({ photoId: id('red-0.jpg'), tag: 'SUMMER holiday' });
    expect(await c.listTags({})).toEqual([]);
    const cleared = await c.setAlbumMembership({ albumId: album.id, photoId: id('red-1.jpg'), include: null });
    expect(cleared.added).toEqual([id('red-1.jpg')]);

    // The history survives a restart: undoing the clearing brings the exclusion back.
    c = await open();
    const undoClear = await c.undoLastCorrection({ albumId: album.id });
    expect(undoClear.undone).toMatchObject({ photoId: id('red-1.jpg'), restored: -1 });
    expect(await memberPaths(c, album.id)).toEqual(['red-2.jpg', 'tagged-red.jpg']);
  });

  it('says whether an album has a correction to undo, and has none once every one is undone', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 1);
    const c = await open();
    await c.addRoot({ path: photos });
    await c.rescan({});
    const [first] = (await c.listPhotos({})).photos;
    const album = await c.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 });
    const other = await c.createAlbum({ name: 'Blue', prompts: ['blue'], threshold: 0.5 });
    expect((await c.albumPhotos({ albumId: album.id })).undoable).toBe(false);

    await c.setAlbumMembership({ albumId: album.id, photoId: first?.id ?? '', include: false });
    expect((await c.albumPhotos({ albumId: album.id })).undoable).toBe(true);
    expect((await c.albumPhotos({ albumId: other.id })).undoable).toBe(false);

    await c.undoLastCorrection({ albumId: album.id });
    expect((await c.albumPhotos({ albumId: album.id })).undoable).toBe(false);
  });

  it('rejects unknown albums and photos with NOT_FOUND and bad input with INVALID_INPUT', async () => {
    const c = await open();
    await expect(c.getAlbum({ albumId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(attempt(() => c.createAlbum({ name: 'x', prompts: [] }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const album = await c.createAlbum({ name: 'x', prompts: ['red'], threshold: 0.5 });
    await expect(c.createAlbum({ name: 'X', prompts: ['red'] })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(c.setAlbumMembership({ albumId: album.id, photoId: 'nope', include: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
