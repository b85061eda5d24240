import { AppError } from '../../contract/errors.js';

/**
 * How a model wants its pixels: the geometry and the normalisation of Hugging Face's image
 * processors, read from a model's `preprocessor_config.json` (or the catalogue entry).
 */
export interface PreprocessSpec {
  /** 'shortest-edge': scale the short side to `shortestEdge`, then centre-crop. 'stretch': resize straight to the crop size. */
  resizeMode: 'shortest-edge' | 'stretch';
  shortestEdge: number;
  cropHeight: number;
  cropWidth: number;
  /**
   * The resampling filter of the reference (PIL's BICUBIC or BILINEAR). Optional so that a spec written
   * by hand stays valid; absent means 'bicubic', the CLIP default.
   */
  resample?: 'bicubic' | 'bilinear';
  /** multiply 0..255 values by this (1/255 for CLIP) */
  rescaleFactor: number;
  /** null: no mean/std normalisation (MobileCLIP) */
  mean: [number, number, number] | null;
  std: [number, number, number] | null;
}

type Json = Record<string, unknown>;

function readSize(value: unknown, keys: string[]): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null) {
    for (const key of keys) {
      const v = (value as Json)[key];
      if (typeof v === 'number') return v;
    }
  }
  return null;
}

function readTriple(value: unknown, field: string): [number, number, number] {
  if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number')) {
    return [value[0] as number, value[1] as number, value[2] as number];
  }
  if (typeof value === 'number') return [value, value, value];
  throw new AppError('MODEL_INVALID', `preprocessor_config.json: "${field}" must be three numbers`);
}

/** PIL's numbering of resampling filters, as Hugging Face writes it in `resample`. */
const PIL_RESAMPLE: Record<number, 'bicubic' | 'bilinear'> = { 2: 'bilinear', 3: 'bicubic' };

function readResample(value: unknown): 'bicubic' | 'bilinear' {
  if (value === undefined) return 'bicubic';
  const filter = typeof value === 'number' ? PIL_RESAMPLE[value] : undefined;
  if (filter === undefined) {
    throw new AppError('MODEL_INVALID', `preprocessor_config.json: "resample" ${JSON.stringify(value)} is not supported (2 = bilinear and 3 = bicubic are).`);
  }
  return filter;
}

/** Reads both the older (`"size": 224`) and the newer (`{"shortest_edge": 224}`) forms of the file. */
export function parsePreprocessorConfig(json: Json): PreprocessSpec {
  const size = json['size'];
  const cropSize = json['crop_size'];
  const doCrop = json['do_center_crop'] !== false;
  const sizeHeight = readSize(size, ['height']);
  const sizeWidth = readSize(size, ['width']);
  const shortest = readSize(size, ['shortest_edge']);
  const stretch = shortest === null && typeof size === 'object' && sizeHeight !== null && sizeWidth !== null;
  const edge = shortest ?? sizeHeight ?? 224;
  const cropHeight = doCrop ? (readSize(cropSize, ['height']) ?? edge) : (sizeHeight ?? edge);
  const cropWidth = doCrop ? (readSize(cropSize, ['width']) ?? edge) : (sizeWidth ?? edge);
  if (stretch && doCrop && (cropHeight !== sizeHeight || cropWidth !== sizeWidth)) {
    // A resize to height×width followed by a smaller centre crop has no PreprocessSpec form: refuse rather than stretch wrongly.
    throw new AppError('MODEL_INVALID', 'preprocessor_config.json: a "size" of height×width followed by a different "crop_size" is not supported.');
  }
  const doRescale = json['do_rescale'] !== false;
  const rescale = typeof json['rescale_factor'] === 'number' ? json['rescale_factor'] : 1 / 255;
  const doNormalize = json['do_normalize'] !== false && json['image_mean'] !== undefined;
  return {
    resizeMode: stretch || !doCrop ? 'stretch' : 'shortest-edge',
    shortestEdge: edge,
    cropHeight,
    cropWidth,
    resample: readResample(json['resample']),
    rescaleFactor: doRescale ? rescale : 1,
    mean: doNormalize ? readTriple(json['image_mean'], 'image_mean') : null,
    std: doNormalize ? readTriple(json['image_std'], 'image_std') : null,
  };
}
