import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropGeometry, rgbToTensor } from '../../../src-main/core/imaging/model-tensor.js';
import type { PreprocessSpec } from '../../../src-main/core/imaging/preprocess-spec.js';
import { prepareImage, preprocessImage } from '../../../src-main/core/imaging/prepare-image.js';
import { referenceFixturesDir } from '../../fixtures/tiny-clip.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLIP_SPEC as CLIP, compareTensors, fromRgb, rgbPixels, texturedJpeg } from './images.js';

interface ReferenceIndex {
  cases: { image: string; tensor: string; shape: number[] }[];
}

describe('cropGeometry', () => {
  it('follows Hugging Face: short side to the edge, long side floored, crop at floor offsets', () => {
    expect(cropGeometry(4352, 2448, CLIP)).toEqual({ resizeWidth: 398, resizeHeight: 224, left: 87, top: 0 });
    expect(cropGeometry(2056, 3088, CLIP)).toEqual({ resizeWidth: 224, resizeHeight: 336, left: 0, top: 56 });
    expect(cropGeometry(500, 375, CLIP)).toEqual({ resizeWidth: 298, resizeHeight: 224, left: 37, top: 0 });
    expect(cropGeometry(300, 300, CLIP)).toEqual({ resizeWidth: 224, resizeHeight: 224, left: 0, top: 0 });
  });

  it('stretches straight to the crop size in stretch mode', () => {
    expect(cropGeometry(4000, 1000, { ...CLIP, resizeMode: 'stretch' })).toEqual({
      resizeWidth: 224,
      resizeHeight: 224,
      left: 0,
      top: 0,
    });
  });
});

describe('rgbToTensor', () => {
  it('writes planes in NCHW order, rescaled and normalised', () => {
    const spec: PreprocessSpec = { ...CLIP, mean: [0.5, 0.25, 0], std: [0.5, 0.25, 1] };
    const tensor = rgbToTensor(Uint8Array.from([255, 0, 51, 0, 255, 102]), spec);
    const expected = [1, -1, -1, 3, 0.2, 0.4];
    expected.forEach((v, i) => {
      expect(tensor[i]).toBeCloseTo(v, 5);
    });
  });

  it('only rescales when the model has no mean and std', () => {
    const tensor = rgbToTensor(Uint8Array.from([255, 0, 51]), { ...CLIP, mean: null, std: null });
    expect(Array.from(tensor)).toEqual([1, 0, 0.2].map((v) => Math.fround(v)));
  });
});

describe('model input against the reference (CLIPImageProcessor)', () => {
  const fixtures = path.join(referenceFixturesDir(), 'preprocess');
  let index: ReferenceIndex;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    index = JSON.parse(await readFile(path.join(fixtures, 'index.json'), 'utf8')) as ReferenceIndex;
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('matches every reference tensor within MAD 0.015 and cosine 0.9998', async () => {
    expect(index.cases.length).toBeGreaterThanOrEqual(4);
    for (const { image, tensor, shape } of index.cases) {
      expect(shape).toEqual([3, 224, 224]);
      const bytes = await readFile(path.join(fixtures, tensor));
      const expected = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const actual = await preprocessImage(path.join(fixtures, image), CLIP);
      const { mad, cosine } = compareTensors(actual, expected);
      console.log(`${image}: MAD ${mad.toFixed(5)}, cosine ${cosine.toFixed(6)}`);
      expect(actual).toHaveLength(3 * 224 * 224);
      expect(mad).toBeLessThanOrEqual(0.015);
      expect(cosine).toBeGreaterThanOrEqual(0.9998);
    }
  });

  it('gives the same tensor from prepareImage, with a thumbnail alongside', async () => {
    for (const { image } of index.cases) {
      const file = path.join(fixtures, image);
      const prepared = await prepareImage(file, CLIP, { thumbnailPath: path.join(temp.dir, `${image}.jpg`) });
      expect(prepared.tensor).toEqual(await preprocessImage(file, CLIP));
    }
  });
});

describe('model input from unusual pixels', () => {
  it('reads a 16-bit PNG like its 8-bit twin', async () => {
    const pixels = await sharp(await texturedJpeg(600, 400))
      .raw()
      .toBuffer();
    const png8 = await fromRgb(pixels, 600, 400).png().toBuffer();
    const png16 = await fromRgb(pixels, 600, 400).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    const a = await preprocessImage(png8, CLIP);
    const b = await preprocessImage(png16, CLIP);
    const { mad, cosine } = compareTensors(b, a);
    console.log(`16-bit against 8-bit PNG: MAD ${mad.toFixed(5)}, cosine ${cosine.toFixed(6)}`);
    expect(mad).toBeLessThan(0.01);
  });

  it('gives three channels for a greyscale image, each the grey value', async () => {
    const grey = await fromRgb(
      rgbPixels(64, 64, () => [128, 128, 128]),
      64,
      64,
    )
      .greyscale()
      .png()
      .toBuffer();
    const tensor = await preprocessImage(grey, { ...CLIP, mean: null, std: null });
    const plane = 224 * 224;
    for (const c of [0, 1, 2]) expect(tensor[c * plane + 1000]).toBeCloseTo(128 / 255, 2);
  });

  it('resamples bilinearly when the model asks for it, enlarging or reducing', async () => {
    // a step from dark to light grey: the cubic kernel overshoots beside it, the linear one cannot
    const plain = { ...CLIP, mean: null, std: null };
    const darkest = (t: Float32Array): number => t.reduce((m, v) => Math.min(m, v), Infinity) * 255;
    for (const size of [100, 1000]) {
      const step = await fromRgb(
        rgbPixels(size, size, (x) => (x < size / 2 ? [64, 64, 64] : [192, 192, 192])),
        size,
        size,
      )
        .png()
        .toBuffer();
      expect(darkest(await preprocessImage(step, plain))).toBeLessThan(63.5);
      expect(darkest(await preprocessImage(step, { ...plain, resample: 'bilinear' }))).toBeGreaterThan(63.5);
    }
  });
});
