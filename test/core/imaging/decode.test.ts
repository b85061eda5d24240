import { readFile, symlink, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import type { ImagingErrorCode } from '../../../src-main/core/imaging/imaging-errors.js';
import { prepareImage, preprocessImage } from '../../../src-main/core/imaging/prepare-image.js';
import { referenceFixturesDir } from '../../fixtures/tiny-clip.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { blackBilevelPng, compareTensors, fromRgb, rgbPixels, texturedJpeg, PLAIN_SPEC as PLAIN } from './images.js';
import { looksCutShort } from '../../../src-main/core/imaging/image-format.js';

const PLANE = 16 * 16;

/** The colour at (x, y) of a PLAIN tensor, in 0..255. */
function colourAt(tensor: Float32Array, x: number, y: number): number[] {
  return [0, 1, 2].map((c) => Math.round((tensor[c * PLANE + y * 16 + x] ?? Number.NaN) * 255));
}

const RED = [255, 0, 0] as const;
const BLUE = [0, 0, 255] as const;

async function failureOf(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the image to be refused');
}

describe('decoding', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const inTemp = (name: string): string => path.join(temp.dir, name);

  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('applies EXIF orientation: stored 60×40 with orientation 6 is an upright 40×60', async () => {
    // stored: red left half, blue right half; orientation 6 turns it a quarter clockwise, so red ends on top
    const stored = rgbPixels(60, 40, (x) => (x < 30 ? RED : BLUE));
    const file = inTemp('oriented.jpg');
    await fromRgb(stored, 60, 40).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toFile(file);
    expect((await sharp(file).metadata()).orientation).toBe(6);

    const { tensor, width, height, format } = await prepareImage(file, PLAIN);
    expect({ width, height, format }).toEqual({ width: 40, height: 60, format: 'jpeg' });
    // the 16×16 crop is the middle of a 16×24 resize: its top rows red, its bottom rows blue
    expect(colourAt(tensor, 8, 0)[0]).toBeGreaterThan(200);
    expect(colourAt(tensor, 8, 15)[2]).toBeGreaterThan(200);

    // the same against a JPEG stored upright, reducing (to 16) and enlarging (to 64)
    const upright = await fromRgb(stored, 60, 40).rotate(90).jpeg({ quality: 95 }).toBuffer();
    for (const edge of [16, 64]) {
      const spec = { ...PLAIN, shortestEdge: edge, cropWidth: edge, cropHeight: edge };
      const { mad } = compareTensors(await preprocessImage(file, spec), await preprocessImage(upright, spec));
      expect(mad).toBeLessThan(0.01);
    }
  });

  it('composites transparency on black', async () => {
    // RGBA: left half white and fully transparent, right half white and half transparent
    const rgba = Buffer.alloc(32 * 32 * 4, 255);
    for (let i = 0; i < 32 * 32; i++) rgba[i * 4 + 3] = i % 32 < 16 ? 0 : 128;
    const png = await sharp(rgba, { raw: { width: 32, height: 32, channels: 4 } })
      .png()
      .toBuffer();
    const tensor = await preprocessImage(png, PLAIN);
    expect(colourAt(tensor, 2, 8)).toEqual([0, 0, 0]);
    for (const v of colourAt(tensor, 13, 8)) expect(v).toBeCloseTo(128, -1);
  });

  it('reads the first frame of an animated GIF', async () => {
    // two 16×16 frames stacked: red then blue
    const frames = rgbPixels(16, 32, (_x, y) => (y < 16 ? RED : BLUE));
    const gif = await sharp(frames, { raw: { width: 16, height: 32, channels: 3, pageHeight: 16 } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const file = inTemp('animated.gif');
    await writeFile(file, gif);
    const { tensor, width, height, format } = await prepareImage(file, PLAIN);
    expect({ width, height, format }).toEqual({ width: 16, height: 16, format: 'gif' });
    expect(colourAt(tensor, 8, 8)).toEqual([255, 0, 0]);
  });

  it('reads a CMYK JPEG as RGB', async () => {
    const cmyk = await fromRgb(
      rgbPixels(40, 40, () => [208, 16, 16]),
      40,
      40,
    )
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const [r = 0, g = 0, b = 0] = colourAt(await preprocessImage(cmyk, PLAIN), 8, 8);
    expect(r).toBeGreaterThan(180);
    expect(Math.max(g, b)).toBeLessThan(50);
  });

  it('reads WebP, TIFF and AVIF by their content, whatever the name', async () => {
    const pixels = fromRgb(
      rgbPixels(24, 24, () => BLUE),
      24,
      24,
    );
    for (const [format, bytes] of [
      ['webp', await pixels.clone().webp({ lossless: true }).toBuffer()],
      ['tiff', await pixels.clone().tiff().toBuffer()],
      ['avif', await pixels.clone().avif({ lossless: true }).toBuffer()],
    ] as const) {
      const file = inTemp(`${format}-named.jpg`);
      await writeFile(file, bytes);
      const prepared = await prepareImage(file, PLAIN);
      expect(prepared.format).toBe(format);
      expect(colourAt(prepared.tensor, 8, 8)[2]).toBeGreaterThan(240);
    }
  });
});

describe('broken and hostile files', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let jpeg: Buffer;
  const inTemp = (name: string): string => path.join(temp.dir, name);

  beforeAll(async () => {
    temp = await makeTempDir();
    jpeg = await texturedJpeg(400, 300);
  });
  afterAll(() => temp.cleanup());

  async function expectRefusal(file: string, code: ImagingErrorCode, maxPixels?: number): Promise<AppError> {
    const error = await failureOf(prepareImage(file, PLAIN, maxPixels === undefined ? {} : { maxPixels }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(file);
    return error;
  }

  it('names an empty file', async () => {
    await writeFile(inTemp('empty.jpg'), '');
    await expectRefusal(inTemp('empty.jpg'), 'FILE_EMPTY');
  });

  it('reports a JPEG cut short instead of decoding it with a grey bottom', async () => {
    await writeFile(inTemp('cut.jpg'), jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    await expectRefusal(inTemp('cut.jpg'), 'FILE_TRUNCATED');
    // cut inside the headers
    await writeFile(inTemp('cut-early.jpg'), jpeg.subarray(0, 400));
    await expectRefusal(inTemp('cut-early.jpg'), 'FILE_TRUNCATED');
  });

  it('tells a JPEG cut short from a complete one by its end marker, whatever the decoder said', () => {
    expect(looksCutShort(jpeg, 'jpeg')).toBe(false);
    expect(looksCutShort(Buffer.concat([jpeg, Buffer.alloc(1000, 7)]), 'jpeg')).toBe(false);
    expect(looksCutShort(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'jpeg')).toBe(true);
    expect(looksCutShort(jpeg.subarray(0, jpeg.length - 1), 'jpeg')).toBe(true);
  });

  it('reports a PNG cut short, which libpng calls only a read error', async () => {
    const png = await sharp(jpeg).png().toBuffer();
    await writeFile(inTemp('cut.png'), png.subarray(0, Math.floor(png.length * 0.6)));
    await expectRefusal(inTemp('cut.png'), 'FILE_TRUNCATED');
  });

  it('reports damaged data in a complete file as a decoding failure', async () => {
    const png = Buffer.from(await sharp(jpeg).png({ compressionLevel: 0 }).toBuffer());
    for (let i = 2000; i < 2400; i++) png[i] = (png[i] ?? 0) ^ 0x5a;
    await writeFile(inTemp('damaged.png'), png);
    await expectRefusal(inTemp('damaged.png'), 'DECODE_FAILED');
  });

  it('refuses a text file named .jpg, and an SVG that libvips could open', async () => {
    await writeFile(inTemp('notes.jpg'), 'these are not pixels\n');
    await expectRefusal(inTemp('notes.jpg'), 'UNSUPPORTED_FORMAT');
    await writeFile(inTemp('drawing.png'), '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>');
    await expectRefusal(inTemp('drawing.png'), 'UNSUPPORTED_FORMAT');
  });

  it('names files it cannot read: a folder, a dangling link, a missing file', async () => {
    // tests run as root, where chmod 000 would not stop a read
    await mkdir(inTemp('folder.jpg'));
    expect((await expectRefusal(inTemp('folder.jpg'), 'FILE_UNREADABLE')).details).toMatchObject({
      errno: 'EISDIR',
    });
    await symlink(inTemp('gone.jpg'), inTemp('link.jpg'));
    expect((await expectRefusal(inTemp('link.jpg'), 'FILE_UNREADABLE')).details).toMatchObject({
      errno: 'ENOENT',
    });
    await expectRefusal(inTemp('never-there.jpg'), 'FILE_UNREADABLE');
  });

  it('refuses a 30000×30000 PNG of 110 kB from its header, before decoding', async () => {
    const file = inTemp('bomb.png');
    await writeFile(file, blackBilevelPng(30000, 30000));
    const started = performance.now();
    const error = await expectRefusal(file, 'IMAGE_TOO_LARGE');
    console.log(`30000×30000 PNG refused in ${(performance.now() - started).toFixed(1)} ms`);
    expect(error.details).toMatchObject({ width: 30000, height: 30000 });
    expect(error.message).toContain('900 MP');
    expect(error.message).toContain('decompression bomb');
  });

  it('honours a lower pixel limit', async () => {
    await writeFile(inTemp('photo.jpg'), jpeg);
    await expectRefusal(inTemp('photo.jpg'), 'IMAGE_TOO_LARGE', 400 * 300 - 1);
    await expect(prepareImage(inTemp('photo.jpg'), PLAIN, { maxPixels: 400 * 300 })).resolves.toMatchObject({
      width: 400,
      height: 300,
    });
  });

  it('names bytes given without a path by the name it is told', async () => {
    const error = await failureOf(preprocessImage(Buffer.from('text'), PLAIN, { fileName: 'dropped.jpg' }));
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toContain('dropped.jpg');
  });

  it('prepares bytes already read, as the pipeline passes them', async () => {
    // the indexing pipeline hands over the bytes it has read and hashed
    const fixture = path.join(referenceFixturesDir(), 'preprocess', 'goexif_sample1_NikonD2H.jpg');
    const bytes = await readFile(fixture);
    await expect(prepareImage(bytes, PLAIN, { fileName: fixture })).resolves.toMatchObject({
      width: 500,
      height: 375,
    });
  });
});
