import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { cropGeometry, rgbToTensor } from '../../../src-main/core/imaging/model-tensor.js';
import { PIL_FILTERS, pilResizeCrop } from '../../../src-main/core/imaging/pil-resample.js';
import { prepareImage, preprocessImage } from '../../../src-main/core/imaging/prepare-image.js';
import { checkImageSize } from '../../../src-main/core/imaging/size-limits.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLIP_SPEC as CLIP, compareTensors, texturedJpeg } from './images.js';


interface ChildReport {
  width: number;
  height: number;
  tensorLength: number;
  fileMb: number;
  beforeMb: number;
  peakMb: number;
  ms: number;
}

/** Prepares a photo in a fresh process: its peak RSS is what that photo cost. */
async function prepareInChild(file: string, thumbnail: string): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'prepare-child.ts'), file, thumbnail],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as ChildReport;
}

/**
 * A camera-like photo of `width`×`height` (multiples of 4) made without ever holding it: fine-grained texture
 * at a quarter of the size, enlarged by pixel repetition, which libvips streams. A red square marks the
 * stored top-left corner. JPEG without optimised coding, which would buffer the whole image.
 */
async function bigPhoto(width: number, height: number): Promise<Sharp> {
  const small = await texturedJpeg(width / 4, height / 4);
  const mark = await sharp({ create: { width: Math.floor(width / 16), height: Math.floor(height / 16), channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  const marked = await sharp(small).composite([{ input: mark, left: 0, top: 0 }]).png().toBuffer();
  return sharp(marked).resize(width, height, { kernel: 'nearest' });
}

describe('very large photos', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const inTemp = (name: string): string => path.join(temp.dir, name);

  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('indexes a 200 MP JPEG with memory bounded by the reduced decode, not the photo', async () => {
    const file = inTemp('panorama-200mp.jpg');
    await (await bigPhoto(16332, 12248)).jpeg({ quality: 85, optimiseCoding: false }).toFile(file);
    const report = await prepareInChild(file, inTemp('panorama-thumb.jpg'));
    console.log(
      `200 MP JPEG (${report.fileMb.toFixed(0)} MB): ${report.ms.toFixed(0)} ms, RSS ${report.beforeMb.toFixed(0)} MB with the file read, peak ${report.peakMb.toFixed(0)} MB`,
    );
    expect(report).toMatchObject({ width: 16332, height: 12248, tensorLength: 3 * 224 * 224 });
    // a full decode alone would be 600 MB of pixels
    expect(report.peakMb - report.beforeMb).toBeLessThan(150);
    const thumb = await sharp(inTemp('panorama-thumb.jpg')).metadata();
    expect([thumb.width, thumb.height]).toEqual([320, 240]);
  }, 120_000);

  it('indexes a 104 MP TIFF upright, reducing it as it streams', async () => {
    const file = inTemp('scan-104mp.tif');
    // stored 11776×8832, orientation 6: upright it is 8832×11776, the red corner at the top right
    await (await bigPhoto(11776, 8832)).withMetadata({ orientation: 6 }).tiff({ compression: 'lzw' }).toFile(file);
    const report = await prepareInChild(file, inTemp('scan-thumb.jpg'));
    console.log(
      `104 MP TIFF (${report.fileMb.toFixed(0)} MB): ${report.ms.toFixed(0)} ms, RSS ${report.beforeMb.toFixed(0)} MB with the file read, peak ${report.peakMb.toFixed(0)} MB`,
    );
    expect(report).toMatchObject({ width: 8832, height: 11776 });
    expect(report.peakMb - report.beforeMb).toBeLessThan(250);
    const { data, info } = await sharp(inTemp('scan-thumb.jpg')).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([240, 320]);
    const red = (x: number, y: number): boolean => {
      const i = (y * info.width + x) * 3;
      return (data[i] ?? 0) > 200 && (data[i + 1] ?? 255) < 60;
    };
    expect(red(info.width - 5, 5)).toBe(true);
    expect(red(5, 5)).toBe(false);
  }, 120_000);

  it('keeps refusing what only a bomb would be, by the bytes it has for its pixels and its decoder', () => {
    const refusal = (facts: Parameters<typeof checkImageSize>[1]): string | undefined => {
      try {
        checkImageSize('x', facts, 1e9);
        return undefined;
      } catch (error) {
        return error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
      }
    };
    const photo = { width: 16000, height: 12500, format: 'jpeg' as const, progressive: false, bytes: 40e6 };
    expect(refusal(photo)).toBeUndefined();
    expect(refusal({ ...photo, bytes: 1e6 })).toMatch(/IMAGE_TOO_LARGE: .*decompression bomb/);
    // decoders that hold the whole image stop at 250 MP; HEIC, AVIF and GIF at 100 MP
    expect(refusal({ ...photo, progressive: true })).toBeUndefined();
    expect(refusal({ ...photo, width: 24000, progressive: true })).toMatch(/IMAGE_TOO_LARGE: .*300 MP.*250 MP/);
    expect(refusal({ ...photo, width: 24000, format: 'tiff' })).toBeUndefined();
    expect(refusal({ ...photo, format: 'heic' })).toMatch(/200 MP.*100 MP/);
    expect(refusal({ ...photo, format: 'avif' })).toMatch(/IMAGE_TOO_LARGE/);
    expect(refusal({ ...photo, width: 100_000, height: 20_000, bytes: 1e9 })).toMatch(/2000 MP.*1000 MP/);
  });

  it('keeps the model input of a 17 MP WebP and PNG within the reference tolerance', async () => {
    // fine-grained texture is the hard case: libvips' box pre-shrink put a 17 MP WebP at MAD 0.023
    const raw = sharp(await texturedJpeg(5300, 3286, 3));
    for (const [name, bytes] of [
      ['webp', await raw.clone().webp({ quality: 90 }).toBuffer()],
      ['png', await raw.clone().png({ compressionLevel: 1 }).toBuffer()],
    ] as const) {
      // the reference: Pillow's resize (ported exactly) over the whole decoded image
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const g = cropGeometry(info.width, info.height, CLIP);
      const crop = { ...g, cropWidth: 224, cropHeight: 224 };
      const reference = rgbToTensor(pilResizeCrop(data, info.width, info.height, crop, PIL_FILTERS.bicubic), CLIP);
      await writeFile(inTemp(`17mp.${name}`), bytes);
      const { mad, cosine } = compareTensors(await preprocessImage(bytes, CLIP), reference);
      console.log(`17 MP ${name}: MAD ${mad.toFixed(5)}, cosine ${cosine.toFixed(6)}`);
      expect(mad).toBeLessThanOrEqual(0.015);
      expect(cosine).toBeGreaterThanOrEqual(0.9995);
      const prepared = await prepareImage(inTemp(`17mp.${name}`), CLIP, { thumbnailPath: inTemp(`17mp-${name}.jpg`) });
      expect(prepared.tensor).toEqual(await preprocessImage(bytes, CLIP));
    }
  }, 120_000);
});
