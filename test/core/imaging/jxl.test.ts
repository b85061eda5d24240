import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { jxlSize } from '../../../src-main/core/imaging/jxl.js';
import { prepareImage } from '../../../src-main/core/imaging/prepare-image.js';
import { isPhotoFile } from '../../../src-main/core/library/supported-files.js';
import { encodeJxl } from '../../helpers/jxl-encode.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { rgbPixels, PLAIN_SPEC as PLAIN } from './images.js';


/** Red on the left half, blue on the right. */
const halves = (width: number, height: number): Buffer =>
  rgbPixels(width, height, (x) => (x < width / 2 ? [230, 20, 20] : [20, 20, 230]));

/** The same codestream in JPEG XL's ISO-BMFF container: signature box, ftyp, jxlc. */
function inContainer(codestream: Buffer): Buffer {
  const box = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  return Buffer.concat([
    box('JXL ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a])),
    box('ftyp', Buffer.from('jxl \0\0\0\0jxl ', 'latin1')),
    box('jxlc', codestream),
  ]);
}

describe('JPEG XL', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let photo: Buffer;
  beforeAll(async () => {
    temp = await makeTempDir();
    photo = await encodeJxl(halves(640, 480), 640, 480);
  });
  afterAll(() => temp.cleanup());

  it('is picked up by its extension, in any case', () => {
    expect(isPhotoFile('/photos/IMG_0001.JXL')).toBe(true);
    expect(isPhotoFile('/photos/scan.jxl')).toBe(true);
  });

  it('reads the size from the codestream header, before decoding', async () => {
    for (const [width, height] of [[640, 480], [300, 200], [123, 77], [64, 64], [2000, 9]] as const) {
      const bytes = await encodeJxl(halves(width, height), width, height);
      expect(jxlSize(bytes)).toEqual({ width, height });
      expect(jxlSize(inContainer(bytes))).toEqual({ width, height });
    }
  });

  it('indexes a JPEG XL photo: the model sees its colours, and it gets a thumbnail', async () => {
    for (const [name, bytes] of [['bare.jxl', photo], ['boxed.jxl', inContainer(photo)]] as const) {
      const file = path.join(temp.dir, name);
      await writeFile(file, bytes);
      const thumbnailPath = path.join(temp.dir, `${name}.thumb.jpg`);
      const prepared = await prepareImage(file, PLAIN, { thumbnailPath });
      expect(prepared).toMatchObject({ width: 640, height: 480, format: 'jxl' });
      // the 16×16 crop of the 21×16 resize: red at the left, blue at the right
      const at = (x: number, c: number): number => Math.round((prepared.tensor[c * 256 + 8 * 16 + x] ?? 0) * 255);
      expect(at(1, 0)).toBeGreaterThan(200);
      expect(at(14, 2)).toBeGreaterThan(200);
      expect(await sharp(thumbnailPath).metadata()).toMatchObject({ width: 320, height: 240 });
    }
  });

  it('names a JPEG XL file cut short or damaged, and never hangs', async () => {
    const cut = path.join(temp.dir, 'cut.jxl');
    await writeFile(cut, photo.subarray(0, Math.floor(photo.length / 2)));
    const error = await prepareImage(cut, PLAIN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toMatch(/DECODE_FAILED|FILE_TRUNCATED/);
    expect((error as AppError).message).toContain(cut);
    const headerOnly = path.join(temp.dir, 'header.jxl');
    await writeFile(headerOnly, photo.subarray(0, 3));
    expect(((await prepareImage(headerOnly, PLAIN).catch((e: unknown) => e)) as AppError).code).toBe('DECODE_FAILED');
  });

  it('refuses a JPEG XL over 100 MP from its header: it decodes whole', async () => {
    // a hand-made SizeHeader: not small, height 12000 (selector 2: 18 bits), ratio 7 (2:1) → 24000×12000
    const bits: number[] = [0, 0, 1];
    for (let i = 0; i < 18; i++) bits.push(((12000 - 1) >> i) & 1);
    bits.push(1, 1, 1);
    const header = Buffer.alloc(8);
    bits.forEach((bit, i) => (header[i >> 3] = (header[i >> 3] ?? 0) | (bit << (i & 7))));
    const bytes = Buffer.concat([Buffer.from([0xff, 0x0a]), header]);
    expect(jxlSize(bytes)).toEqual({ width: 24000, height: 12000 });
    const file = path.join(temp.dir, 'huge.jxl');
    await writeFile(file, bytes);
    const error = (await prepareImage(file, PLAIN).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('IMAGE_TOO_LARGE');
    expect(error.message).toContain('288 MP');
  });
});
