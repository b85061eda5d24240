import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { sniffFormat } from '../../../src-main/core/imaging/image-format.js';
import type { PreprocessSpec } from '../../../src-main/core/imaging/preprocess-spec.js';
import { prepareImage } from '../../../src-main/core/imaging/prepare-image.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/*
 * No HEIC sample ships here and nothing on this machine can encode HEVC (sharp's prebuilt libheif has the
 * AV1 codec only), so these tests cover the routing by magic bytes, not a successful HEVC decode.
 */

const PLAIN: PreprocessSpec = {
  resizeMode: 'stretch',
  shortestEdge: 8,
  cropHeight: 8,
  cropWidth: 8,
  rescaleFactor: 1 / 255,
  mean: null,
  std: null,
};

/** An ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
function ftyp(major: string, compatible: string[]): Buffer {
  const body = Buffer.from(['ftyp', major, '\0\0\0\0', ...compatible].join(''), 'latin1');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length + 4);
  return Buffer.concat([size, body, Buffer.alloc(16)]);
}

describe('HEIF routing by magic bytes', () => {
  it('sends HEVC brands to heic-decode and AV1 brands to sharp', () => {
    for (const brand of ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'])
      expect(sniffFormat(ftyp(brand, ['mif1', brand]))).toBe('heic');
    expect(sniffFormat(ftyp('mif1', ['mif1', 'heic', 'miaf']))).toBe('heic');
    expect(sniffFormat(ftyp('msf1', ['msf1', 'hevc']))).toBe('heic');
    expect(sniffFormat(ftyp('avif', ['mif1', 'avif', 'miaf']))).toBe('avif');
    expect(sniffFormat(ftyp('mif1', ['mif1', 'avif', 'miaf']))).toBe('avif');
    expect(sniffFormat(ftyp('isom', ['isom', 'mp41']))).toBeNull();
  });

  describe('with a file branded HEIC', () => {
    let temp: Awaited<ReturnType<typeof makeTempDir>>;
    beforeAll(async () => {
      temp = await makeTempDir();
    });
    afterAll(() => temp.cleanup());

    it('decodes it with heic-decode, not sharp', async () => {
      // An AVIF relabelled as HEIC: sharp decodes AV1 whatever the brand, the WebAssembly libheif of
      // heic-decode has no AV1 codec. So a failure here shows the file went to heic-decode.
      const avif = Buffer.from(
        await sharp({ create: { width: 20, height: 10, channels: 3, background: '#f00' } })
          .avif()
          .toBuffer(),
      );
      avif.write('heic', 8, 'latin1');
      avif.write('heic', avif.indexOf('avif', 16, 'latin1'), 'latin1');
      expect(sniffFormat(avif)).toBe('heic');
      expect((await sharp(avif).raw().toBuffer({ resolveWithObject: true })).info.width).toBe(20);

      const file = path.join(temp.dir, 'relabelled.heic');
      await writeFile(file, avif);
      const error = await prepareImage(file, PLAIN).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'DECODE_FAILED', details: { format: 'heic' } });
      expect((error as AppError).message).toContain(file);
    });
  });
});
