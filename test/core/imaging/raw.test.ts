import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { exiftool } from '../../../src-main/core/imaging/exiftool.js';
import { prepareImage } from '../../../src-main/core/imaging/prepare-image.js';
import { decodeRaw } from '../../../src-main/core/imaging/raw.js';
import { readPhotoExif } from '../../../src-main/core/library/exif.js';
import { readKeywords } from '../../../src-main/core/library/xmp-keywords.js';
import { isPhotoFile } from '../../../src-main/core/library/supported-files.js';
import { writeDng, type DngOptions } from '../../helpers/dng.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { PLAIN_SPEC as PLAIN, rgbPixels } from './images.js';

const W = 600;
const H = 400;
/** Red on the left, blue on the right. */
const scene = rgbPixels(W, H, (x) => (x < W / 2 ? [230, 20, 20] : [20, 20, 230]));

/** The colour of a PLAIN tensor at (x, y), 0..255. */
const colourAt = (tensor: Float32Array, x: number, y: number): number[] =>
  [0, 1, 2].map((c) => Math.round((tensor[c * 256 + y * 16 + x] ?? 0) * 255));
const isRed = ([r = 0, g = 0, b = 0]: number[]): boolean => r > 150 && g < 90 && b < 90;
const isBlue = ([r = 0, g = 0, b = 0]: number[]): boolean => b > 150 && r < 90 && g < 90;

describe('RAW photos', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const dng = async (name: string, options: Partial<DngOptions> = {}): Promise<string> => {
    const file = path.join(temp.dir, name);
    await writeFile(file, await writeDng({ rgb: scene, width: W, height: H, ...options }));
    return file;
  };

  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('knows every RAW extension, in any case', () => {
    for (const ext of ['cr2', 'CR3', 'crw', 'NEF', 'nrw', 'arw', 'srf', 'sr2', 'RAF', 'orf', 'rw2', 'pef', 'srw', 'dng', '3fr', 'iiq', 'x3f']) {
      expect(isPhotoFile(`/card/DCIM/IMG_0001.${ext}`)).toBe(true);
    }
  });

  it('writes DNGs that ExifTool reads as DNG, with the preview and the tags', async () => {
    const file = await dng('check.dng');
    const tags = await exiftool().read(file);
    expect(tags).toMatchObject({ FileType: 'DNG', Make: 'Shoebox', Model: 'Test DNG', ImageSize: '600x400' });
    const preview = await exiftool().extractBinaryTagToBuffer('PreviewImage', file);
    expect(await sharp(preview).metadata()).toMatchObject({ format: 'jpeg', width: 600, height: 400 });
  });

  it('shows a RAW from its embedded preview, turned by the RAW orientation', async () => {
    const file = await dng('turned.dng', { orientation: 6, previewSize: 600 });
    const raw = await decodeRaw(Buffer.alloc(0), file, 1e8);
    expect(raw).toMatchObject({ from: 'preview', width: 400, height: 600, photoWidth: 400, photoHeight: 600 });
    const prepared = await prepareImage(file, PLAIN, { thumbnailPath: path.join(temp.dir, 'turned.jpg') });
    expect(prepared).toMatchObject({ format: 'raw', width: 400, height: 600 });
    // orientation 6 turns the stored red-left/blue-right a quarter clockwise: red on top, blue at the bottom
    expect(isRed(colourAt(prepared.tensor, 8, 1))).toBe(true);
    expect(isBlue(colourAt(prepared.tensor, 8, 14))).toBe(true);
  });

  it('decodes the sensor data with LibRaw where no usable preview is in the file', async () => {
    const file = await dng('sensor-only.dng', { previewSize: 0 });
    const { readFile } = await import('node:fs/promises');
    const raw = await decodeRaw(await readFile(file), file, 1e8);
    expect(raw).toMatchObject({ from: 'sensor', photoWidth: 600, photoHeight: 400 });
    // half-size demosaicing: 300×200
    expect([raw.width, raw.height]).toEqual([300, 200]);
    const prepared = await prepareImage(file, PLAIN);
    expect(isRed(colourAt(prepared.tensor, 1, 8))).toBe(true);
    expect(isBlue(colourAt(prepared.tensor, 14, 8))).toBe(true);
  });

  it('falls back to the sensor data when the preview is damaged', async () => {
    const file = await dng('damaged-preview.dng', { damagePreview: true });
    const { readFile } = await import('node:fs/promises');
    expect(await decodeRaw(await readFile(file), file, 1e8)).toMatchObject({ from: 'sensor' });
  });

  it('names a RAW that neither preview nor sensor data can be read from, and never hangs', async () => {
    const file = path.join(temp.dir, 'IMG_0001.NEF');
    await writeFile(file, Buffer.concat([Buffer.from('II*\0\x08\0\0\0', 'latin1'), Buffer.alloc(5000, 0x33)]));
    const error = (await prepareImage(file, PLAIN).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.message).toContain(file);
    const cut = path.join(temp.dir, 'cut.dng');
    const whole = await writeDng({ rgb: scene, width: W, height: H, previewSize: 0 });
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const cutError = (await prepareImage(cut, PLAIN).catch((e: unknown) => e)) as AppError;
    expect(cutError).toBeInstanceOf(AppError);
    expect(['DECODE_FAILED', 'FILE_TRUNCATED']).toContain(cutError.code);
  });

  it('opened by its path (only its preview is read then), refuses a FIFO or an empty RAW at once, naming it', async () => {
    const fifo = path.join(temp.dir, 'pipe.cr3');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const fifoError = (await prepareImage(fifo, PLAIN).catch((e: unknown) => e)) as AppError;
    expect(fifoError.code).toBe('FILE_UNREADABLE');
    expect(fifoError.message).toContain(fifo);
    expect(Date.now() - started).toBeLessThan(5000);
    const empty = path.join(temp.dir, 'empty.nef');
    await writeFile(empty, Buffer.alloc(0));
    expect(((await prepareImage(empty, PLAIN).catch((e: unknown) => e)) as AppError).code).toBe('FILE_EMPTY');
  });

  it('takes the date and camera from the RAW itself', async () => {
    const file = await dng('dated.dng', { make: 'Nikon', model: 'Z 6', taken: '2023:07:14 18:30:05' });
    const exif = await readPhotoExif(file, Buffer.alloc(0), 0);
    expect(exif.camera).toBe('Nikon Z 6');
    expect(exif.takenAt).toBe(new Date(2023, 6, 14, 18, 30, 5).getTime());
  });

  it('takes the offset and the position the RAW records, south and west signed', async () => {
    const file = await dng('placed.dng', { taken: '2023:07:14 18:30:05' });
    await exiftool().write(file, { OffsetTimeOriginal: '+10:00', GPSLatitude: -33.85, GPSLongitude: -70.5 }, { writeArgs: ['-overwrite_original'] });
    const exif = await readPhotoExif(file, Buffer.alloc(0), 0);
    expect(exif).toMatchObject({ takenAt: Date.UTC(2023, 6, 14, 8, 30, 5), offset: '+10:00', lat: -33.85, lon: -70.5 });
  });

  it('asks ExifTool once per RAW for its preview, EXIF and keywords, and again only when the file changed', async () => {
    const file = await dng('once.dng', { make: 'Nikon', model: 'Z 6', taken: '2023:07:14 18:30:05' });
    await exiftool().write(file, { Subject: ['Lighthouse'] }, { writeArgs: ['-overwrite_original'] });
    const readRaw = vi.spyOn(exiftool(), 'readRaw');
    const read = vi.spyOn(exiftool(), 'read');
    try {
      // as the pipeline does: the preview and the EXIF at the same time, the keywords once the photo is written
      const [prepared, exif] = await Promise.all([prepareImage(file, PLAIN), readPhotoExif(file, Buffer.alloc(0), 0)]);
      expect(prepared).toMatchObject({ format: 'raw', width: W, height: H });
      expect(exif.camera).toBe('Nikon Z 6');
      expect(await readKeywords(file)).toEqual(['Lighthouse']);
      expect(readRaw.mock.calls.filter(([f]) => f === file)).toHaveLength(1);
      expect(read).not.toHaveBeenCalled();
      await exiftool().write(file, { Subject: ['Harbour'] }, { writeArgs: ['-overwrite_original'] });
      expect(await readKeywords(file)).toEqual(['Harbour']);
      expect(readRaw.mock.calls.filter(([f]) => f === file)).toHaveLength(2);
    } finally {
      readRaw.mockRestore();
      read.mockRestore();
    }
  });
});
