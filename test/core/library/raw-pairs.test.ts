import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeDng } from '../../helpers/dng.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { rgbPixels } from '../imaging/images.js';

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** A DNG of one flat colour, 320×240, with a JPEG preview. */
async function writeColourDng(file: string, colour: readonly [number, number, number]): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await writeDng({ rgb: rgbPixels(320, 240, () => colour), width: 320, height: 240, previewSize: 320 }));
  return file;
}

describe('RAW+JPEG pairs', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  let photos: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    photos = path.join(dir, 'card');
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  const listed = async (): Promise<string[]> =>
    (await core.listPhotos({})).photos.map((p) => path.relative(photos, p.path)).sort();

  it('are one photo, the JPEG, with the RAW beside it; a RAW alone is a photo of its own', async () => {
    await writePhoto(path.join(photos, 'IMG_0001.JPG'), COLOURS['red'] ?? [0, 0, 0]);
    const pairedRaw = await writeColourDng(path.join(photos, 'IMG_0001.dng'), [30, 60, 210]);
    await writeColourDng(path.join(photos, 'IMG_0002.DNG'), [30, 60, 210]);
    await core.addRoot({ path: photos });
    expect(await core.rescan({})).toMatchObject({ indexed: 2, failed: [] });
    expect(await listed()).toEqual(['IMG_0001.JPG', 'IMG_0002.DNG']);

    const jpeg = (await core.listPhotos({})).photos.find((p) => p.path.endsWith('.JPG'));
    expect(await core.getPhoto({ id: jpeg?.id ?? '' })).toMatchObject({ format: 'jpeg', companions: [pairedRaw] });
    const blue = await core.search({ text: 'blue', limit: 5 });
    expect(blue.hits.map((h) => path.basename(h.path))).toEqual(['IMG_0002.DNG', 'IMG_0001.JPG']);
    expect(blue.hits[0]).toMatchObject({ format: 'raw' });

    // the JPEG goes: its RAW becomes a photo; a JPEG arrives for the lone RAW: the RAW's row goes
    await rm(path.join(photos, 'IMG_0001.JPG'));
    await writePhoto(path.join(photos, 'IMG_0002.jpg'), COLOURS['green'] ?? [0, 0, 0]);
    await core.rescan({});
    expect(await listed()).toEqual(['IMG_0001.dng', 'IMG_0002.jpg']);
  });

  it('move together when an album files them, and come back together on undo', async () => {
    const jpeg = await writePhoto(path.join(photos, 'IMG_0007.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    const raw = await writeColourDng(path.join(photos, 'IMG_0007.NEF.dng'), [220, 30, 35]);
    const nef = path.join(photos, 'IMG_0007.NEF');
    await writeFile(nef, await readFile(raw));
    await rm(raw);
    await core.addRoot({ path: photos });
    await core.rescan({});
    expect(await listed()).toEqual(['IMG_0007.jpg']);
    const before = await sha(nef);
    const albumId = (await core.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 })).id;
    const sorted = path.join(photos, 'Red');
    await core.setAlbumMirror({ albumId, folder: sorted, mode: 'move' });
    expect(await core.applyAlbumMirror({ albumId })).toMatchObject({ failed: [] });
    expect((await readdir(sorted)).sort()).toEqual(['IMG_0007.NEF', 'IMG_0007.jpg']);
    expect(await sha(path.join(sorted, 'IMG_0007.NEF'))).toBe(before);
    expect((await readdir(photos)).sort()).toEqual(['Red']);
    expect(await listed()).toEqual(['Red/IMG_0007.jpg']);

    await core.undoMirror({ albumId });
    expect((await readdir(photos)).filter((n) => n !== 'Red').sort()).toEqual(['IMG_0007.NEF', 'IMG_0007.jpg']);
    expect(await sha(nef)).toBe(before);
    expect(await sha(jpeg)).toBeTruthy();
  });
});
