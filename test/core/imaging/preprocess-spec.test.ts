import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { parsePreprocessorConfig } from '../../../src-main/core/imaging/preprocess-spec.js';
import { PREPROCESSOR_CONFIG } from '../../fixtures/tiny-clip.js';

/** openai/clip-vit-base-patch32 as first published: sizes as bare numbers. */
const OLDER_FORM = PREPROCESSOR_CONFIG;
const CLIP_MEAN = [...OLDER_FORM.image_mean];
const CLIP_STD = [...OLDER_FORM.image_std];

/** The same processor as newer Transformers writes it. */
const NEWER_FORM = {
  crop_size: { height: 224, width: 224 },
  do_center_crop: true,
  do_convert_rgb: true,
  do_normalize: true,
  do_rescale: true,
  do_resize: true,
  image_mean: CLIP_MEAN,
  image_processor_type: 'CLIPImageProcessor',
  image_std: CLIP_STD,
  resample: 3,
  rescale_factor: 0.00392156862745098,
  size: { shortest_edge: 224 },
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('parsePreprocessorConfig', () => {
  it('reads the older and the newer form of the CLIP config to the same spec', () => {
    const older = parsePreprocessorConfig(OLDER_FORM);
    expect(parsePreprocessorConfig(NEWER_FORM)).toEqual(older);
    expect(older).toEqual({
      resizeMode: 'shortest-edge',
      shortestEdge: 224,
      cropHeight: 224,
      cropWidth: 224,
      resample: 'bicubic',
      rescaleFactor: 1 / 255,
      mean: CLIP_MEAN,
      std: CLIP_STD,
    });
  });

  it('reads a height×width size without a crop as a stretch (SigLIP)', () => {
    const spec = parsePreprocessorConfig({
      size: { height: 224, width: 224 },
      resample: 3,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    });
    expect(spec).toMatchObject({
      resizeMode: 'stretch',
      cropHeight: 224,
      cropWidth: 224,
      mean: [0.5, 0.5, 0.5],
    });
  });

  it('reads bilinear resampling and no normalisation (MobileCLIP)', () => {
    const spec = parsePreprocessorConfig({
      size: { shortest_edge: 256 },
      crop_size: { height: 256, width: 256 },
      resample: 2,
      do_normalize: false,
    });
    expect(spec).toMatchObject({
      resizeMode: 'shortest-edge',
      shortestEdge: 256,
      resample: 'bilinear',
      mean: null,
      std: null,
    });
  });

  it('refuses what it cannot reproduce instead of preprocessing wrongly', () => {
    expect(codeOf(() => parsePreprocessorConfig({ ...NEWER_FORM, resample: 1 }))).toBe('MODEL_INVALID');
    expect(
      codeOf(() =>
        parsePreprocessorConfig({
          size: { height: 256, width: 256 },
          crop_size: { height: 224, width: 224 },
        }),
      ),
    ).toBe('MODEL_INVALID');
  });
});
