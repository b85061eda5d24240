import { rm } from 'node:fs/promises';
import { DEFAULT_MAX_PIXELS, openImage, openImageFile, type ImageSource } from './image-source.js';
import type { ImageFormat } from './image-format.js';
import { cropGeometry, modelTensor } from './model-tensor.js';
import type { PreprocessSpec } from './preprocess-spec.js';
import { decodeShrunk, decodeShrink, thumbnailCanShare } from './shrunk-decode.js';
import { oneLargeDecodeAtATime } from './size-limits.js';
import { DEFAULT_THUMBNAIL_SIZE, writeThumbnail } from './thumbnail.js';

export interface PrepareOptions {
  /** where to write the JPEG thumbnail; none is written without it */
  thumbnailPath?: string;
  /** the thumbnail's long side in pixels (320) */
  thumbnailSize?: number;
  /** refuse images with more pixels than this (a gigapixel; lower for some formats: [Note: very large photos]) */
  maxPixels?: number;
  /** names the image in error messages when bytes are given (the path, for the pipeline) */
  fileName?: string;
}

export interface PreparedImage {
  /** 3 × cropHeight × cropWidth, NCHW, normalised for the model */
  tensor: Float32Array;
  /** upright size of the original, EXIF orientation applied */
  width: number;
  height: number;
  format: ImageFormat;
}

/**
 * Both outputs from one read of the file and one header parse. A large JPEG is decoded once at a reduced
 * scale and both are resized from it ([Note: one decode for both outputs]). Otherwise they are two sharp
 * pipelines over the same bytes, run side by side: each decodes with JPEG shrink-on-load at its own scale,
 * which costs less than one full-size decode shared by both, and where the file has a colour profile other
 * than sRGB the model's input must skip it while the thumbnail must not. HEIC, which sharp cannot decode,
 * is decoded once by heic-decode and both pipelines read its pixels.
 */
async function tensorAndThumbnail(
  source: ImageSource,
  spec: PreprocessSpec,
  options: PrepareOptions,
): Promise<Float32Array> {
  const { thumbnailPath } = options;
  if (thumbnailPath === undefined) return modelTensor(source, spec);
  const size = options.thumbnailSize ?? DEFAULT_THUMBNAIL_SIZE;
  const shrink = decodeShrink(source, cropGeometry(source.width, source.height, spec));
  if (thumbnailCanShare(source, shrink, size)) {
    const shrunk = await decodeShrunk(source, shrink);
    const tensor = await modelTensor(source, spec, shrunk);
    // written last, so a photo that failed leaves no thumbnail behind
    await writeThumbnail(source, thumbnailPath, size, shrunk);
    return tensor;
  }
  const [tensor, thumbnail] = await Promise.allSettled([
    modelTensor(source, spec),
    writeThumbnail(source, thumbnailPath, size),
  ]);
  if (tensor.status === 'rejected') {
    // a photo that failed must not leave a thumbnail behind that suggests otherwise
    if (thumbnail.status === 'fulfilled') await rm(thumbnailPath, { force: true });
    throw tensor.reason;
  }
  if (thumbnail.status === 'rejected') throw thumbnail.reason;
  return tensor.value;
}

/** A large image waits for any other large one: see [Note: very large photos]. */
function decodeInTurn<T>(source: ImageSource, work: () => Promise<T>): Promise<T> {
  return source.large ? oneLargeDecodeAtATime(work) : work();
}

/** The file's bytes and the name its errors give: the pipeline passes bytes it has already read and hashed. */
/** A path is opened by the file's own rules (a RAW reads only its preview); bytes are opened as they are. */
function openInput(input: string | Buffer, options: Pick<PrepareOptions, 'maxPixels' | 'fileName'>): Promise<ImageSource> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  return typeof input === 'string' ? openImageFile(input, maxPixels) : openImage(input, options.fileName ?? 'the image', maxPixels);
}

/** The model's input for a photo (a path, or its bytes), and its thumbnail when asked, from one read. */
export async function prepareImage(
  input: string | Buffer,
  spec: PreprocessSpec,
  options: PrepareOptions = {},
): Promise<PreparedImage> {
  const source = await openInput(input, options);
  const tensor = await decodeInTurn(source, () => tensorAndThumbnail(source, spec, options));
  const { width, height } = source.photoSize ?? source;
  return { tensor, width, height, format: source.format };
}

/** The model's input alone (search by image, `debug preprocess`). */
export async function preprocessImage(
  input: string | Buffer,
  spec: PreprocessSpec,
  options: Pick<PrepareOptions, 'maxPixels' | 'fileName'> = {},
): Promise<Float32Array> {
  const source = await openInput(input, options);
  return decodeInTurn(source, () => modelTensor(source, spec));
}

export async function makeThumbnail(
  file: string,
  outPath: string,
  size = DEFAULT_THUMBNAIL_SIZE,
): Promise<void> {
  const source = await openImageFile(file);
  await decodeInTurn(source, () => writeThumbnail(source, outPath, size));
}

/** Upright 8-bit RGB pixels already decoded elsewhere (a video frame). */
export interface RgbPixels {
  data: Buffer;
  width: number;
  height: number;
}

function pixelSource(pixels: RgbPixels, name: string): ImageSource {
  const { data, width, height } = pixels;
  const options = { raw: { width, height, channels: 3 as const } };
  return { file: name, bytes: data, input: data, options, width, height, format: 'video', colourProfile: 'none', large: false };
}

/** The model's input for decoded pixels (each sampled frame of a video: [Note: video moments]). */
export function tensorOfPixels(pixels: RgbPixels, spec: PreprocessSpec, name: string): Promise<Float32Array> {
  return modelTensor(pixelSource(pixels, name), spec);
}

/** The thumbnail of decoded pixels (a video's most typical frame). */
export function thumbnailOfPixels(pixels: RgbPixels, outPath: string, name: string, size = DEFAULT_THUMBNAIL_SIZE): Promise<void> {
  return writeThumbnail(pixelSource(pixels, name), outPath, size);
}
