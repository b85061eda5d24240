import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropGeometry, rgbToTensor } from '../../../src-main/core/imaging/model-tensor.js';
import { PIL_FILTERS, pilResizeCrop } from '../../../src-main/core/imaging/pil-resample.js';
import type { PreprocessSpec } from '../../../src-main/core/imaging/preprocess-spec.js';
import { preprocessImage } from '../../../src-main/core/imaging/prepare-image.js';
import { referenceFixturesDir } from '../../fixtures/tiny-clip.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { compareTensors, texturedJpeg } from './images.js';

/*
 * The reference tensors are all bicubic reductions. The Pillow port must reproduce them exactly; it then
 * stands in for Pillow where no reference exists: bilinear models (MobileCLIP) and other shapes.
 */

const CLIP: PreprocessSpec = {
  resizeMode: 'shortest-edge',
  shortestEdge: 224,
  cropHeight: 224,
  cropWidth: 224,
  resample: 'bicubic',
  rescaleFactor: 1 / 255,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};

interface ReferenceIndex {
  cases: { image: string; tensor: string }[];
}

/** What Hugging Face does: the whole image decoded, Pillow's resize, the crop, the normalisation. */
async function pillowPreprocess(file: string, spec: PreprocessSpec): Promise<Float32Array> {
  const { data, info } = await sharp(file, { autoOrient: true, ignoreIcc: true })
    .flatten({ background: '#000000' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const g = cropGeometry(info.width, info.height, spec);
  const crop = { ...g, cropWidth: spec.cropWidth, cropHeight: spec.cropHeight };
  return rgbToTensor(
    pilResizeCrop(data, info.width, info.height, crop, PIL_FILTERS[spec.resample ?? 'bicubic']),
    spec,
  );
}

describe('the Pillow port', () => {
  const fixtures = path.join(referenceFixturesDir(), 'preprocess');
  let index: ReferenceIndex;
  beforeAll(async () => {
    index = JSON.parse(await readFile(path.join(fixtures, 'index.json'), 'utf8')) as ReferenceIndex;
  });

  it('reproduces the bicubic reference tensors to float rounding', async () => {
    for (const { image, tensor } of index.cases) {
      const bytes = await readFile(path.join(fixtures, tensor));
      const expected = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const { mad, cosine } = compareTensors(
        await pillowPreprocess(path.join(fixtures, image), CLIP),
        expected,
      );
      console.log(`Pillow port, bicubic, ${image}: MAD ${mad.toExponential(2)}, cosine ${cosine.toFixed(6)}`);
      expect(mad).toBeLessThan(1e-6);
    }
  });

  it('resizes a crop of an enlargement like the whole enlargement cropped', () => {
    const rgb = Uint8Array.from({ length: 7 * 5 * 3 }, (_, i) => (i * 37) % 256);
    const whole = { resizeWidth: 16, resizeHeight: 11, left: 0, top: 0, cropWidth: 16, cropHeight: 11 };
    const full = pilResizeCrop(rgb, 7, 5, whole, PIL_FILTERS.bicubic);
    const part = pilResizeCrop(
      rgb,
      7,
      5,
      { ...whole, left: 3, top: 2, cropWidth: 9, cropHeight: 6 },
      PIL_FILTERS.bicubic,
    );
    for (let y = 0; y < 6; y++) {
      expect(Array.from(part.subarray(y * 27, y * 27 + 27))).toEqual(
        Array.from(full.subarray(((y + 2) * 16 + 3) * 3, ((y + 2) * 16 + 12) * 3)),
      );
    }
  });
});

describe('model input against Pillow where no reference exists', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('reduces bilinearly within the reference tolerance (MobileCLIP)', async () => {
    const fixtures = path.join(referenceFixturesDir(), 'preprocess');
    const bilinear: PreprocessSpec = { ...CLIP, resample: 'bilinear' };
    for (const image of [
      'goexif_sample1_NikonD2H.jpg',
      'lomiri_friends_by_Aitzol_Berasategi.jpg',
      'skimage_coins.png',
    ]) {
      const file = path.join(fixtures, image);
      const { mad, cosine } = compareTensors(
        await preprocessImage(file, bilinear),
        await pillowPreprocess(file, bilinear),
      );
      console.log(
        `sharp linear against Pillow bilinear, ${image}: MAD ${mad.toFixed(5)}, cosine ${cosine.toFixed(6)}`,
      );
      expect(mad).toBeLessThanOrEqual(0.015);
      expect(cosine).toBeGreaterThanOrEqual(0.9998);
    }
  });

  it('stays within tolerance on other shapes, enlarged ones included', async () => {
    const shapes = [
      [150, 100],
      [90, 300],
      [224, 200],
      [240, 230],
      [2400, 500],
      [501, 1333],
      [225, 224],
    ] as const;
    for (const [width, height] of shapes) {
      const file = path.join(temp.dir, `${width}x${height}.jpg`);
      await writeFile(file, await texturedJpeg(width, height, width));
      for (const resample of ['bicubic', 'bilinear'] as const) {
        const spec = { ...CLIP, resample };
        const { mad, cosine } = compareTensors(
          await preprocessImage(file, spec),
          await pillowPreprocess(file, spec),
        );
        console.log(`${width}×${height} ${resample}: MAD ${mad.toFixed(5)}, cosine ${cosine.toFixed(6)}`);
        expect(mad).toBeLessThanOrEqual(0.015);
        expect(cosine).toBeGreaterThanOrEqual(0.9998);
      }
    }
  });
});
