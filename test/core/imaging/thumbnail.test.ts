import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTensorFile } from '../../../src-main/core/imaging/output-files.js';
import { makeThumbnail, prepareImage } from '../../../src-main/core/imaging/prepare-image.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { fromRgb, rgbPixels, texturedJpeg, PLAIN_SPEC as PLAIN } from './images.js';


describe('thumbnails', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const inTemp = (name: string): string => path.join(temp.dir, name);

  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('writes an upright JPEG with its long side at 320, and no temp file beside it', async () => {
    const file = inTemp('portrait.jpg');
    // stored 1200×800, orientation 6: upright it is 800×1200, red on top
    const stored = rgbPixels(1200, 800, (x) => (x < 600 ? [255, 0, 0] : [0, 0, 255]));
    await fromRgb(stored, 1200, 800).withMetadata({ orientation: 6 }).jpeg().toFile(file);
    const thumb = inTemp('thumbs/ab/portrait.jpg');
    const prepared = await prepareImage(file, PLAIN, { thumbnailPath: thumb });
    expect(prepared).toMatchObject({ width: 800, height: 1200 });

    const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
    expect((await sharp(thumb).metadata()).format).toBe('jpeg');
    expect({ width: info.width, height: info.height }).toEqual({ width: 213, height: 320 });
    expect(data[(10 * info.width + 100) * 3]).toBeGreaterThan(200); // red near the top
    expect(data[(300 * info.width + 100) * 3 + 2]).toBeGreaterThan(200); // blue near the bottom
    expect(await readdir(path.dirname(thumb))).toEqual(['portrait.jpg']);
  });

  it('makes a thumbnail of any size on its own, never enlarging', async () => {
    const file = inTemp('landscape.jpg');
    await writeFile(file, await texturedJpeg(1000, 500));
    await makeThumbnail(file, inTemp('wide.jpg'), 160);
    expect(await sharp(inTemp('wide.jpg')).metadata()).toMatchObject({ width: 160, height: 80 });
    await makeThumbnail(file, inTemp('large.jpg'), 2000);
    expect(await sharp(inTemp('large.jpg')).metadata()).toMatchObject({ width: 1000, height: 500 });
  });

  it('leaves no thumbnail behind for a photo that fails', async () => {
    const jpeg = await texturedJpeg(640, 480);
    const file = inTemp('cut.jpg');
    await writeFile(file, jpeg.subarray(0, jpeg.length - 2000));
    await expect(prepareImage(file, PLAIN, { thumbnailPath: inTemp('cut-thumb.jpg') })).rejects.toMatchObject(
      { code: 'FILE_TRUNCATED' },
    );
    expect((await readdir(temp.dir)).filter((name) => name.includes('cut-thumb'))).toEqual([]);
  });

  it('reports a thumbnail it cannot write', async () => {
    const file = inTemp('ok.jpg');
    await writeFile(file, await texturedJpeg(64, 64));
    // a file where the thumbnail's folder should be
    await writeFile(inTemp('blocker'), '');
    await expect(prepareImage(file, PLAIN, { thumbnailPath: inTemp('blocker/t.jpg') })).rejects.toMatchObject(
      { code: 'FILE_OPERATION_FAILED' },
    );
  });
});

describe('writeTensorFile', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('writes float32 little-endian', async () => {
    const tensor = Float32Array.from([1.5, -2, 0.1, 1e-8]);
    const out = path.join(temp.dir, 'tensor.f32');
    await writeTensorFile(tensor, out);
    const bytes = await readFile(out);
    expect(bytes.length).toBe(16);
    expect([0, 4, 8, 12].map((offset) => bytes.readFloatLE(offset))).toEqual(Array.from(tensor));
  });
});
