import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { AppError } from '../../contract/errors.js';
import { decodeHeic } from './heic.js';
import { colourProfileOf, type ColourProfile } from './icc-profile.js';
import { sniffFormat, type ImageFormat } from './image-format.js';
import { readRegularFile } from '../util/regular-file.js';
import { decodeFailed, emptyFile, readFailed, tooLarge, unsupportedFormat } from './imaging-errors.js';

/*
 * [Note: sharp threads and cache]
 * The indexing pipeline keeps several images decoding at once (libuv runs up to UV_THREADPOOL_SIZE sharp
 * tasks, 4 by default), so parallelism comes from images in flight, not from libvips threads inside one
 * image: one thread per image keeps libvips from contending for the cores with onnxruntime's inference
 * threads and gives the same behaviour on every platform (sharp's own default is 1 on glibc, the core count
 * elsewhere). Measured on 2 cores: 37.7 images/s with 1 thread and 2 in flight, 36.2 with 2 threads.
 * The operation cache is off: each photo is decoded once and never again, so cached operations only hold
 * memory; the two pipelines of one photo gain nothing from it either (measured equal).
 */
sharp.concurrency(1);
sharp.cache(false);

/** Above this many pixels an image is refused unread: a 100 MP limit admits any camera of today. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/** An image opened and checked, ready for any number of sharp pipelines. */
export interface ImageSource {
  /** for messages */
  file: string;
  /** the file as read, kept to explain a decoding failure */
  bytes: Buffer;
  /** what sharp decodes: the file itself, or RGBA pixels where heic-decode did the decoding */
  input: Buffer;
  options: SharpOptions;
  /** the upright size, EXIF orientation applied */
  width: number;
  height: number;
  format: ImageFormat;
  /** the embedded ICC profile, as far as the thumbnail cares */
  colourProfile: ColourProfile;
}

/** Any image read by path: a regular file only, within budgets ([Note: only regular files are read]). */
export async function readImageFile(file: string): Promise<Buffer> {
  try {
    return await readRegularFile(file);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw readFailed(file, error);
  }
}

/** Reads only the header: the size is checked against the limit before any pixel is decoded. */
async function openWithSharp(
  bytes: Buffer,
  file: string,
  format: ImageFormat,
  maxPixels: number,
): Promise<ImageSource> {
  const options: SharpOptions = { autoOrient: true, failOn: 'truncated', limitInputPixels: maxPixels };
  const metadata = await sharp(bytes, { ...options, limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw decodeFailed(file, bytes, format, error);
    });
  const { width, height } = metadata.autoOrient;
  if (width * height > maxPixels) throw tooLarge(file, width, height, maxPixels);
  return { file, bytes, input: bytes, options, width, height, format, colourProfile: colourProfileOf(metadata.icc) };
}

async function openHeic(bytes: Buffer, file: string, maxPixels: number): Promise<ImageSource> {
  const { data, width, height } = await decodeHeic(bytes, file, maxPixels);
  const options: SharpOptions = { raw: { width, height, channels: 4 }, limitInputPixels: maxPixels };
  // heic-decode hands over plain RGBA with no profile attached
  return { file, bytes, input: data, options, width, height, format: 'heic', colourProfile: 'none' };
}

/** Checks a file's bytes and size; throws an imaging AppError naming the file when it cannot be used. */
export async function openImage(
  bytes: Buffer,
  file: string,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<ImageSource> {
  if (bytes.length === 0) throw emptyFile(file);
  const format = sniffFormat(bytes);
  if (format === null) throw unsupportedFormat(file);
  return format === 'heic' ? openHeic(bytes, file, maxPixels) : openWithSharp(bytes, file, format, maxPixels);
}

/** A fresh sharp pipeline over the source; `extra` adds input options such as ignoring the ICC profile. */
export function pipelineFrom(source: ImageSource, extra: SharpOptions = {}): Sharp {
  return sharp(source.input, { ...source.options, ...extra });
}

/** Runs a sharp pipeline and turns its failure into an imaging error about the file. */
export async function decodeOrExplain<T>(source: ImageSource, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw decodeFailed(source.file, source.bytes, source.format, error);
  }
}
