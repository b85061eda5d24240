import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDng } from '../../helpers/dng.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { corePerTest } from '../../helpers/core-per-test.js';
import { rgbPixels } from '../imaging/images.js';

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** A DNG of one flat colour, 320×240, with a JPEG preview. */
async function writeColourDng(file: string, colour: readonly [number, number, number]): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await writeDng({ rgb: rgbPixels(320, 240, () => colour), width: 320, height: 240, previewSize: 320 }));
  return file;
}

describe('RAW+JPEG pairs', () => {
  const t = corePerTest();
  const card = (): string => path.join(t.dir, 'card');

  const listed = async (): Promise<string[]> =>
    (await t.core.listPhotos({})).photos.map((p) => path.relative(card(), p.path)).sort();

  it('are one photo, the JPEG, with the RAW beside it; a RAW alone is a photo of its own', async () => {
    await writePhoto(path.join(card(), 'IMG_0001.JPG'), COLOURS['red'] ?? [0, 0, 0]);
    const pairedRaw = await writeColourDng(path.join(card(), 'IMG_0001.dng'), [30, 60, 210]);
    await writeColourDng(path.join(card(), 'IMG_0002.DNG'), [30, 60, 210]);
    await t.core.addRoot({ path: card() });
    expect(await t.core.rescan({})).toMatchObject({ indexed: 2, failed: [] });
    expect(await listed()).toEqual(['IMG_0001.JPG', 'IMG_0002.DNG']);

    const jpeg = (await t.core.listPhotos({})).photos.find((p) => p.path.endsWith('.JPG'));
    expect(await t.core.getPhoto({ id: jpeg?.id ?? '' })).toMatchObject({ format: 'jpeg', companions: [pairedRaw] });
    const blue = await t.core.search({ text: 'blue', limit: 5 });
    expect(blue.hits.map((h) => path.basename(h.path))).toEqual(['IMG_0002.DNG', 'IMG_0001.JPG']);
    expect(blue.hits[0]).toMatchObject({ format: 'raw' });

    // the JPEG goes: its RAW becomes a photo; a JPEG arrives for the lone RAW: the RAW's row goes
    await rm(path.join(card(), 'IMG_0001.JPG'));
    await writePhoto(path.join(card(), 'IMG_0002.jpg'), COLOURS['green'] ?? [0, 0, 0]);
    await t.core.rescan({});
    expect(await listed()).toEqual(['IMG_0001.dng', 'IMG_0002.jpg']);
  });

  it('move together when an album files them, and come back together on undo', async () => {
    const jpeg = await writePhoto(path.join(card(), 'IMG_0007.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    const raw = await writeColourDng(path.join(card(), 'IMG_0007.NEF.dng'), [220, 30, 35]);
    const nef = path.join(card(), 'IMG_0007.NEF');
    await writeFile(nef, await readFile(raw));
    await rm(raw);
    await t.core.addRoot({ path: card() });
    await t.core.rescan({});
    expect(await listed()).toEqual(['IMG_0007.jpg']);
    const before = await sha(nef);
    const albumId = (await t.core.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 })).id;
    const sorted = path.join(card(), 'Red');
    await t.core.setAlbumMirror({ albumId, folder: sorted, mode: 'move' });
    expect(await t.core.applyAlbumMirror({ albumId })).toMatchObject({ failed: [] });
    expect((await readdir(sorted)).sort()).toEqual(['IMG_0007.NEF', 'IMG_0007.jpg']);
    expect(await sha(path.join(sorted, 'IMG_0007.NEF'))).toBe(before);
    expect((await readdir(card())).sort()).toEqual(['Red']);
    expect(await listed()).toEqual(['Red/IMG_0007.jpg']);

    await t.core.undoMirror({ albumId });
    expect((await readdir(card())).filter((n) => n !== 'Red').sort()).toEqual(['IMG_0007.NEF', 'IMG_0007.jpg']);
    expect(await sha(nef)).toBe(before);
    expect(await sha(jpeg)).toBeTruthy();
  });
});
