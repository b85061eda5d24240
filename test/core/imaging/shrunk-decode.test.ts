import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourProfileOf } from '../../../src-main/core/imaging/icc-profile.js';
import { openImage } from '../../../src-main/core/imaging/image-source.js';
import { prepareImage, preprocessImage } from '../../../src-main/core/imaging/prepare-image.js';
import { decodeShrink, thumbnailCanShare } from '../../../src-main/core/imaging/shrunk-decode.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { fromRgb, rgbPixels, texturedJpeg, PLAIN_SPEC as PLAIN } from './images.js';


/** A flat-colour JPEG with an embedded profile ('srgb', 'p3', 'cmyk' are sharp's built-in ones). */
async function jpegWithProfile(profile: string | null, width = 640, height = 480): Promise<Buffer> {
  const image = fromRgb(
    rgbPixels(width, height, () => [200, 120, 60]),
    width,
    height,
  );
  return (profile === null ? image : image.withIccProfile(profile)).jpeg({ quality: 95 }).toBuffer();
}

describe('colour profiles', () => {
  it('tells no profile, sRGB and any other profile apart', async () => {
    const iccOf = async (profile: string | null): Promise<Buffer | undefined> =>
      (await sharp(await jpegWithProfile(profile, 32, 32)).metadata()).icc;
    expect(colourProfileOf(await iccOf(null))).toBe('none');
    expect(colourProfileOf(await iccOf('srgb'))).toBe('srgb');
    expect(colourProfileOf(await iccOf('p3'))).toBe('other');
    expect(colourProfileOf(Buffer.from('not a profile at all'))).toBe('other');
  });
});

describe('one decode for the model input and the thumbnail', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('shrinks a large JPEG on load leaving a factor of two, and reduces other formats leaving three', async () => {
    const jpeg = await openImage(await texturedJpeg(640, 480), 'big.jpg');
    // 480 / 16 = 30: room for 8 (leaving 3.75); 40 / 16 = 2.5: no room for 2 (1.25 left)
    expect(decodeShrink(jpeg, { resizeWidth: 21, resizeHeight: 16 })).toBe(8);
    expect(decodeShrink(jpeg, { resizeWidth: 85, resizeHeight: 64 })).toBe(2);
    expect(decodeShrink(await openImage(await texturedJpeg(53, 40), 'small.jpg'), { resizeWidth: 21, resizeHeight: 16 })).toBe(1);
    const png = await openImage(await sharp(await texturedJpeg(640, 480)).png().toBuffer(), 'big.png');
    // 480 / 16 = 30: reduced by 10, leaving 3; 480 / 160 = 3: under 4, decoded whole
    expect(decodeShrink(png, { resizeWidth: 21, resizeHeight: 16 })).toBe(10);
    expect(decodeShrink(png, { resizeWidth: 213, resizeHeight: 160 })).toBe(1);
    expect(thumbnailCanShare(jpeg, 8, 80)).toBe(true);
    expect(thumbnailCanShare(jpeg, 8, 320)).toBe(false);
  });

  it('makes an upright thumbnail from the shared decode, with the tensor of the model input alone', async () => {
    const file = path.join(temp.dir, 'portrait.jpg');
    const stored = rgbPixels(1200, 800, (x) => (x < 600 ? [255, 0, 0] : [0, 0, 255]));
    await fromRgb(stored, 1200, 800).withMetadata({ orientation: 6 }).jpeg().toFile(file);
    const thumb = path.join(temp.dir, 'portrait-thumb.jpg');
    const prepared = await prepareImage(file, PLAIN, { thumbnailPath: thumb, thumbnailSize: 96 });
    expect(prepared.tensor).toEqual(await preprocessImage(file, PLAIN));
    const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
    expect({ width: info.width, height: info.height }).toEqual({ width: 64, height: 96 });
    expect(data[(5 * info.width + 30) * 3]).toBeGreaterThan(200); // red on top
    expect(data[(90 * info.width + 30) * 3 + 2]).toBeGreaterThan(200); // blue at the bottom
  });

  it('still colour-manages the thumbnail of a photo with a wide-gamut profile', async () => {
    const file = path.join(temp.dir, 'p3.jpg');
    await writeFile(file, await jpegWithProfile('p3'));
    const thumb = path.join(temp.dir, 'p3-thumb.jpg');
    await prepareImage(file, PLAIN, { thumbnailPath: thumb, thumbnailSize: 64 });
    const pixel = async (image: Sharp): Promise<number[]> => [...(await image.resize(8, 6).raw().toBuffer()).subarray(0, 3)];
    const managed = await pixel(sharp(file));
    const ignored = await pixel(sharp(file, { ignoreIcc: true }));
    const got = await pixel(sharp(thumb));
    // P3 (200, 120, 60) is a more saturated orange in sRGB: the thumbnail must show that, not the raw numbers
    expect(Math.abs((got[0] ?? 0) - (managed[0] ?? 0))).toBeLessThanOrEqual(3);
    expect(Math.abs((managed[0] ?? 0) - (ignored[0] ?? 0))).toBeGreaterThan(5);
  });
});
