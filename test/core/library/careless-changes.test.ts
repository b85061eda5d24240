import { createHash } from 'node:crypto';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import type { Core } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { quickHash } from '../../../src-main/core/library/identity.js';
import { COLOURS, writeColourSet, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

/**
 * Issue 10, item 8: one test per one-line breakage the suite once let through. Each names the breakage it
 * catches; see also the weighted-query and mirror-dialog tests for (d) and (e).
 */
const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

describe('breakages that lose or merge photos', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-careless-')));
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  async function open(): Promise<Core> {
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    return core;
  }

  it('(a) recovering a move checks the destination holds the photo, not just a file: someone else’s file there keeps the source', async () => {
    const photos = path.join(dir, 'photos');
    const [source = ''] = (await writeColourSet(photos, ['red'], 1))['red'] ?? [];
    const c = await open();
    await c.addRoot({ path: photos });
    await c.rescan({});
    const photo = (await c.listPhotos({})).photos[0];
    if (!photo) throw new Error('not indexed');
    await c.close();
    core = null;

    // A move interrupted after its intent was logged; meanwhile another file took the destination's name.
    const dest = path.join(photos, 'Sorted', 'red-0.jpg');
    const foreign = await writePhoto(dest, COLOURS['blue'] ?? [0, 0, 255], { seed: 42 });
    const [before, foreignBytes] = [await sha(source), await sha(foreign)];
    const tables = await openAlbumTables(path.join(dir, 'library', 'catalog'));
    await tables.fileActions.record([
      {
        action_id: 'interrupted-move',
        album_id: 'some-album',
        photo_id: photo.id,
        mode: 'move',
        source,
        dest,
        temp: null,
        sha256: await sha(source),
        state: 'intent',
        reverts: null,
        message: null,
      },
    ]);
    await tables.close();

    const reopened = await open();
    expect(await sha(source)).toBe(before);
    expect(await sha(dest)).toBe(foreignBytes);
    expect((await reopened.getPhoto({ id: photo.id })).path).toBe(source);
  });

  it('(b) identity needs the full hash: two photos equal in size and in every sampled block stay two photos', async () => {
    const photos = path.join(dir, 'photos');
    const width = 640;
    const height = 480;
    const base = Buffer.alloc(width * height * 3, 128);
    const other = Buffer.from(base);
    // Rows 100–110 lie between the quick hash's first and middle 64 KiB samples of an uncompressed TIFF.
    other.fill(250, 100 * width * 3, 110 * width * 3);
    const write = (pixels: Buffer, name: string) =>
      sharp(pixels, { raw: { width, height, channels: 3 } }).tiff({ compression: 'none' }).toFile(path.join(photos, name));
    await mkdir(photos);
    await write(base, 'a.tif');
    await write(other, 'b.tif');
    const [a, b] = [path.join(photos, 'a.tif'), path.join(photos, 'b.tif')];
    const size = (await readFile(a)).length;
    expect((await readFile(b)).length).toBe(size);
    expect(await quickHash(a, size)).toBe(await quickHash(b, size));
    expect(await sha(a)).not.toBe(await sha(b));

    const c = await open();
    await c.addRoot({ path: photos });
    const summary = await c.rescan({});
    expect(summary).toMatchObject({ indexed: 2, copied: 0 });
    const listed = (await c.listPhotos({})).photos;
    expect(new Set(listed.map((p) => p.id)).size).toBe(2);
    expect(new Set(listed.map((p) => p.path))).toEqual(new Set([a, b]));
  });

  it('(c) a failed file rewritten with a valid photo of the same size, at another time, is tried again', async () => {
    const photos = path.join(dir, 'photos');
    const good = await writePhoto(path.join(dir, 'good.jpg'), COLOURS['red'] ?? [255, 0, 0]);
    const bytes = await readFile(good);
    const broken = Buffer.from(bytes);
    broken.fill(0, 0, 16);
    const file = path.join(photos, 'photo.jpg');
    await mkdir(photos);
    await writeFile(file, broken);
    await utimes(file, new Date('2020-01-01'), new Date('2020-01-01'));
    const c = await open();
    await c.addRoot({ path: photos });
    expect((await c.rescan({})).failed.map((f) => f.code)).toEqual(['UNSUPPORTED_FORMAT']);
    await writeFile(file, bytes);
    await utimes(file, new Date('2021-01-01'), new Date('2021-01-01'));
    const again = await c.rescan({});
    expect(again).toMatchObject({ indexed: 1, failed: [] });
  });
});
