import type { KernelEnum, Sharp } from 'sharp';
import { AppError } from '../../contract/errors.js';
import { decodeOrExplain, pipelineFrom, type ImageSource } from './image-source.js';
import { PIL_FILTERS, pilResizeCrop } from './pil-resample.js';
import type { PreprocessSpec } from './preprocess-spec.js';
import { decodeShrunk, fromShrunk, decodeShrink, type ShrunkImage } from './shrunk-decode.js';

/** Where the model's crop comes from: the size to resize to, then the crop's top-left corner. */
export interface CropGeometry {
  resizeWidth: number;
  resizeHeight: number;
  left: number;
  top: number;
}

/**
 * Hugging Face's geometry, which sharp's `fit: 'cover'` does not reproduce (it rounds the long side and
 * centres the crop its own way): the short side becomes `shortestEdge`, the long side
 * int(shortestEdge * long / short), and the crop starts at floor((resized - crop) / 2).
 */
export function cropGeometry(width: number, height: number, spec: PreprocessSpec): CropGeometry {
  if (spec.resizeMode === 'stretch') {
    return { resizeWidth: spec.cropWidth, resizeHeight: spec.cropHeight, left: 0, top: 0 };
  }
  if (spec.cropWidth > spec.shortestEdge || spec.cropHeight > spec.shortestEdge) {
    throw new AppError(
      'MODEL_INVALID',
      `The model's crop (${spec.cropWidth}×${spec.cropHeight}) is larger than its resize (${spec.shortestEdge}): check its preprocessor_config.json.`,
    );
  }
  const edge = spec.shortestEdge;
  const long = Math.floor((edge * Math.max(width, height)) / Math.min(width, height));
  const [resizeWidth, resizeHeight] = width <= height ? [edge, long] : [long, edge];
  return {
    resizeWidth,
    resizeHeight,
    left: Math.floor((resizeWidth - spec.cropWidth) / 2),
    top: Math.floor((resizeHeight - spec.cropHeight) / 2),
  };
}

/**
 * Interleaved 8-bit RGB to planar (NCHW) float32: x * rescale, then (x - mean) / std per channel.
 * One pass per channel over the bytes, no allocation but the output.
 */
export function rgbToTensor(rgb: Uint8Array, spec: PreprocessSpec): Float32Array {
  const pixels = rgb.length / 3;
  const out = new Float32Array(rgb.length);
  for (let c = 0; c < 3; c++) {
    const std = spec.std?.[c] ?? 1;
    const scale = spec.rescaleFactor / std;
    const offset = -(spec.mean?.[c] ?? 0) / std;
    const base = c * pixels;
    for (let i = 0, j = c; i < pixels; i++, j += 3) {
      out[base + i] = (rgb[j] ?? 0) * scale + offset;
    }
  }
  return out;
}

const KERNELS: Record<NonNullable<PreprocessSpec['resample']>, keyof KernelEnum> = {
  bicubic: 'cubic',
  bilinear: 'linear',
};

/**
 * Reducing: sharp's resize with the same kernel, within the reference tolerance on photos (about 0.003
 * to 0.0045 mean abs. difference; synthetic fine-grain noise strays further, up to 0.016). The Pillow port
 * would be exact but costs eight times the CPU on a 12 MP photo (a full-size decode, then 150 ms). JPEG shrink-on-load stays in its careful
 * mode (fastShrinkOnLoad: false), which still decodes a camera photo at 1/2 to 1/4 of its size but leaves
 * at least a factor of two to the kernel. The fast mode (1/8) breaks the tolerance on a 2056×3088 photo
 * (0.0141 and cosine 0.99957, against 0.0045 and 0.99995) and saves only about 10% of the CPU time:
 * entropy decoding, not the IDCT, dominates.
 */
async function reducedPixels(source: ImageSource, spec: PreprocessSpec, g: CropGeometry): Promise<Buffer> {
  const { data } = await decodeOrExplain(
    source,
    upright(source)
      .resize(g.resizeWidth, g.resizeHeight, {
        fit: 'fill',
        kernel: KERNELS[spec.resample ?? 'bicubic'],
        fastShrinkOnLoad: false,
      })
      .extract({ left: g.left, top: g.top, width: spec.cropWidth, height: spec.cropHeight })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  return data;
}

/** Reducing a large JPEG from its shrink-on-load decode: see [Note: one decode for both outputs]. */
async function pixelsFromShrunk(source: ImageSource, image: ShrunkImage, spec: PreprocessSpec, g: CropGeometry): Promise<Buffer> {
  return decodeOrExplain(
    source,
    fromShrunk(image)
      .resize(g.resizeWidth, g.resizeHeight, { fit: 'fill', kernel: KERNELS[spec.resample ?? 'bicubic'] })
      .extract({ left: g.left, top: g.top, width: spec.cropWidth, height: spec.cropHeight })
      .raw()
      .toBuffer(),
  );
}

/*
 * [Note: enlarging]
 * When either side grows, libvips ignores the kernel, interpolates bicubically and lands about half an
 * output pixel off Pillow: mean abs. difference 0.05 to 0.09 on small photos, six times the tolerance.
 * Such images are small, so they are decoded whole and resized by the Pillow port, which costs little.
 */
async function enlargedPixels(
  source: ImageSource,
  spec: PreprocessSpec,
  g: CropGeometry,
): Promise<Uint8Array> {
  const { data, info } = await decodeOrExplain(
    source,
    upright(source).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }),
  );
  const crop = { ...g, cropWidth: spec.cropWidth, cropHeight: spec.cropHeight };
  return pilResizeCrop(data, info.width, info.height, crop, PIL_FILTERS[spec.resample ?? 'bicubic']);
}

/**
 * Decoded as the reference sees it: oriented, the embedded colour profile ignored (as PIL does), alpha
 * composited on black before any resize; greyscale and 16-bit images come out as 8-bit sRGB like PIL's
 * convert('RGB').
 */
function upright(source: ImageSource): Sharp {
  return pipelineFrom(source, { ignoreIcc: true }).flatten({ background: '#000000' });
}

async function croppedPixels(source: ImageSource, spec: PreprocessSpec, g: CropGeometry, shrunk: ShrunkImage | undefined): Promise<Uint8Array> {
  if (g.resizeWidth > source.width || g.resizeHeight > source.height) return enlargedPixels(source, spec, g);
  const shrink = decodeShrink(source, g);
  if (shrink === 1) return reducedPixels(source, spec, g);
  return pixelsFromShrunk(source, shrunk ?? (await decodeShrunk(source, shrink)), spec, g);
}

/**
 * The model's input for one image: 3 × cropHeight × cropWidth floats. `shrunk`: the photo's JPEG
 * shrink-on-load decode when the caller has made it already (for the thumbnail too).
 */
export async function modelTensor(source: ImageSource, spec: PreprocessSpec, shrunk?: ShrunkImage): Promise<Float32Array> {
  const g = cropGeometry(source.width, source.height, spec);
  const pixels = await croppedPixels(source, spec, g, shrunk);
  if (pixels.length !== spec.cropWidth * spec.cropHeight * 3) {
    throw new AppError(
      'INTERNAL',
      `${source.file}: expected ${spec.cropWidth}×${spec.cropHeight} RGB pixels, got ${pixels.length} bytes.`,
    );
  }
  return rgbToTensor(pixels, spec);
}
