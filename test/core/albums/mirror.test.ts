import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, realpath as realpathOf, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');
const names = async (folder: string): Promise<string[]> => (await readdir(folder).catch(() => [])).sort();
const attempt = <T>(call: () => Promise<T>): Promise<T> => Promise.resolve().then(call);

describe('auto-sort into a real folder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  let photos: string;
  let albumId: string;
  let red: string[];
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    photos = path.join(dir, 'photos');
    red = (await writeColourSet(photos, ['red', 'blue'], 3))['red'] ?? [];
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    await core.addRoot({ path: photos });
    await core.rescan({});
    albumId = (await core.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 })).id;
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('is virtual until asked; copies never overwrite, then undo removes only its copies', async () => {
    expect((await core.getAlbum({ albumId })).mirror).toBeNull();
    await expect(attempt(() => core.applyAlbumMirror({ albumId }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const folder = path.join(dir, 'Red copies');
    await mkdir(folder);
    await writeFile(path.join(folder, 'red-0.jpg'), 'not a photo of ours');
    await core.setAlbumMirror({ albumId, folder, mode: 'copy' });

    const dry = await core.applyAlbumMirror({ albumId, dryRun: true });
    expect(dry.planned.map((p) => path.basename(p.to)).sort()).toEqual(['red-0 (2).jpg', 'red-1.jpg', 'red-2.jpg']);
    expect(await names(folder)).toEqual(['red-0.jpg']);

    const report = await core.applyAlbumMirror({ albumId });
    expect(report).toMatchObject({ done: 3, failed: [], skipped: 0 });
    expect(await names(folder)).toEqual(['red-0 (2).jpg', 'red-0.jpg', 'red-1.jpg', 'red-2.jpg']);
    for (const p of report.planned) expect(await sha(p.to)).toBe(await sha(p.from));
    expect(await readFile(path.join(folder, 'red-0.jpg'), 'utf8')).toBe('not a photo of ours');
    expect(await core.applyAlbumMirror({ albumId })).toMatchObject({ done: 0, skipped: 3 });

    expect(await core.undoMirror({ albumId })).toMatchObject({ restored: 3, failed: [] });
    expect(await names(folder)).toEqual(['red-0.jpg']);
    for (const file of red) expect((await stat(file)).isFile()).toBe(true);
  });

  it('previews an unsaved setting without saving it, and warns of a copy target inside a library folder', async () => {
    const outside = path.join(dir, 'Red copies');
    const dry = await core.applyAlbumMirror({ albumId, dryRun: true, folder: outside, mode: 'copy' });
    expect(dry).toMatchObject({ dryRun: true, mode: 'copy', insideRoot: null });
    expect(dry.planned).toHaveLength(3);
    expect((await core.getAlbum({ albumId })).mirror).toBeNull();
    await expect(attempt(() => core.applyAlbumMirror({ albumId, folder: outside }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const inside = await core.applyAlbumMirror({ albumId, dryRun: true, folder: path.join(photos, 'red album'), mode: 'copy' });
    expect(inside.insideRoot).toBe(await realpathOf(photos));
    expect((await core.getAlbum({ albumId })).mirror).toBeNull();
  });

  it('links share the file; a move keeps ids, stays in the library, and undo puts every photo back', async () => {
    const links = path.join(dir, 'Red links');
    await core.setAlbumMirror({ albumId, folder: links, mode: 'link' });
    expect(await core.applyAlbumMirror({ albumId })).toMatchObject({ done: 3 });
    expect((await stat(path.join(links, 'red-1.jpg'))).ino).toBe((await stat(red[1] ?? '')).ino);
    await core.undoMirror({ albumId });
    expect(await names(links)).toEqual([]);

    await expect(attempt(() => core.setAlbumMirror({ albumId, folder: path.join(dir, 'outside'), mode: 'move' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(attempt(() => core.setAlbumMirror({ albumId, folder: path.join(dir, 'library', 'x'), mode: 'copy' }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    const before = new Map(await Promise.all(red.map(async (f) => [f, await sha(f)] as const)));
    const members = (await core.albumPhotos({ albumId })).photos.map((p) => p.id).sort();
    const sorted = path.join(photos, 'Red');
    await core.setAlbumMirror({ albumId, folder: sorted, mode: 'move' });
    expect(await core.applyAlbumMirror({ albumId })).toMatchObject({ done: 3, failed: [] });
    expect(await names(sorted)).toEqual(['red-0.jpg', 'red-1.jpg', 'red-2.jpg']);
    for (const [file, hash] of before) {
      await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await sha(path.join(sorted, path.basename(file)))).toBe(hash);
    }
    const moved = (await core.albumPhotos({ albumId })).photos;
    expect(moved.map((p) => p.id).sort()).toEqual(members);
    expect(moved.every((p) => p.path.startsWith(sorted + path.sep))).toBe(true);
    expect((await core.rescan({})).indexed).toBe(0);

    expect(await core.undoMirror({ albumId })).toMatchObject({ restored: 3, failed: [] });
    expect(await names(sorted)).toEqual([]);
    for (const [file, hash] of before) expect(await sha(file)).toBe(hash);
    expect((await core.albumPhotos({ albumId })).photos.map((p) => p.path).sort()).toEqual([...red].sort());
  });
});
