import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

// The viewer shows core.originalFile on both transports (photo:// in Electron, /original/ over HTTP).
describe('the photo the viewer is given', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('is the original when a browser shows its format, and a JPEG rendition of a TIFF, made once', async () => {
    const photos = path.join(dir, 'photos');
    const jpeg = await writePhoto(path.join(photos, 'red.jpg'), COLOURS['red'] ?? [0, 0, 0], { width: 300, height: 200 });
    const tiff = path.join(photos, 'blue.tif');
    await sharp(await writePhoto(path.join(dir, 'blue.png'), COLOURS['blue'] ?? [0, 0, 0], { width: 300, height: 200, format: 'png' })).tiff().toFile(tiff);
    await core.addRoot({ path: photos });
    await core.rescan({});
    const ids = new Map((await core.listPhotos({})).photos.map((p) => [path.basename(p.path), p.id]));

    expect(await core.originalFile(ids.get('red.jpg') ?? '')).toEqual({ path: jpeg, mime: 'image/jpeg' });

    const served = await core.originalFile(ids.get('blue.tif') ?? '');
    expect(served.mime).toBe('image/jpeg');
    expect(served.path).not.toBe(tiff);
    const bytes = await readFile(served.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
    // made once: the second ask serves the same file
    expect(await core.originalFile(ids.get('blue.tif') ?? '')).toEqual(served);
  });

  it('at full size keeps every pixel of a TIFF larger than the screen rendition (the viewer\'s 1:1 zoom)', async () => {
    const photos = path.join(dir, 'photos');
    const tiff = path.join(photos, 'wide.tif');
    await mkdir(photos, { recursive: true });
    await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#3060c0' } }).tiff().toFile(tiff);
    await core.addRoot({ path: photos });
    await core.rescan({});
    const [photo] = (await core.listPhotos({})).photos;
    const id = photo?.id ?? '';

    const screen = await core.originalFile(id);
    expect(await sharp(screen.path).metadata()).toMatchObject({ width: 3072, height: 768 });
    const full = await core.originalFile(id, 'full');
    expect(full.mime).toBe('image/jpeg');
    expect(full.path).not.toBe(screen.path);
    expect(await sharp(full.path).metadata()).toMatchObject({ format: 'jpeg', width: 4000, height: 1000 });
    // a format the browser shows is its own full size
    const jpeg = await writePhoto(path.join(photos, 'red.jpg'), COLOURS['red'] ?? [0, 0, 0], { width: 300, height: 200 });
    await core.rescan({});
    const red = (await core.listPhotos({})).photos.find((p) => p.path === jpeg);
    expect(await core.originalFile(red?.id ?? '', 'full')).toEqual({ path: jpeg, mime: 'image/jpeg' });
  });
});
