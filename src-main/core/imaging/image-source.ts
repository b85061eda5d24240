import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { AppError } from '../../contract/errors.js';
import { decodeHeic } from './heic.js';
import { decodeJxl } from './jxl.js';
import { decodeRaw, isRawFile } from './raw.js';
import { colourProfileOf, type ColourProfile } from './icc-profile.js';
import { sniffFormat, type ImageFormat } from './image-format.js';
import { openRegularFile, readRegularFile } from '../util/regular-file.js';
import { decodeFailed, emptyFile, readFailed, unsupportedFormat } from './imaging-errors.js';
import { checkImageSize, DEFAULT_MAX_PIXELS, FULL_DECODE_PIXELS } from './size-limits.js';

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

/** libvips threads inside one decode, as the thread plan chooses them ([Note: thread plan]). */
export function setDecodeThreads(threads: number): void {
  sharp.concurrency(Math.max(1, Math.floor(threads)));
}

export { DEFAULT_MAX_PIXELS } from './size-limits.js';

/** An image opened and checked, ready for any number of sharp pipelines. */
export interface ImageSource {
  /** for messages */
  file: string;
  /** the file as read, kept to explain a decoding failure */
  bytes: Buffer;
  /** what sharp decodes: the file itself, or RGBA pixels where a WebAssembly decoder did the decoding */
  input: Buffer;
  options: SharpOptions;
  /** the upright size, EXIF orientation applied */
  width: number;
  height: number;
  format: ImageFormat;
  /** the embedded ICC profile, as far as the thumbnail cares */
  colourProfile: ColourProfile;
  /** over 100 MP: decoded one at a time, reduced as it is read ([Note: very large photos]) */
  large: boolean;
  /** the photo's own upright size where the pixels are a preview of it (RAW) */
  photoSize?: { width: number; height: number };
  /** a RAW's embedded JPEG: decoded as a JPEG (shrink-on-load), turned by the RAW's orientation */
  previewOrientation?: number;
}

/** sharp's turn and mirror for an EXIF orientation (1..8). */
export function orient(image: Sharp, orientation: number): Sharp {
  const turns: Record<number, [number, boolean]> = { 2: [0, true], 3: [180, false], 4: [180, true], 5: [90, true], 6: [90, false], 7: [270, true], 8: [270, false] };
  const [angle, mirror] = turns[orientation] ?? [0, false];
  const turned = angle === 0 ? image : image.rotate(angle);
  return mirror ? turned.flop() : turned;
}

/** Whether the source's bytes are a JPEG to shrink on load (a JPEG, or a RAW's embedded preview). */
export function isJpegInput(source: ImageSource): boolean {
  return source.format === 'jpeg' || source.previewOrientation !== undefined;
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

/** Reads only the header: the size is checked against the limits before any pixel is decoded. */
async function openWithSharp(
  bytes: Buffer,
  file: string,
  format: ImageFormat,
  maxPixels: number,
): Promise<ImageSource> {
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw decodeFailed(file, bytes, format, error);
    });
  const { width, height } = metadata.autoOrient;
  const progressive = metadata.isProgressive;
  const large = checkImageSize(file, { width, height, format, progressive, bytes: bytes.length }, maxPixels);
  // the checked size is the limit libvips enforces, so a file cannot claim one size and decode another
  const options: SharpOptions = { autoOrient: true, failOn: 'truncated', limitInputPixels: width * height };
  const colourProfile = colourProfileOf(metadata.icc);
  return { file, bytes, input: bytes, options, width, height, format, colourProfile, large };
}

/** Formats sharp cannot decode: a WebAssembly decoder gives plain RGBA, upright, with no profile attached. */
const RGBA_DECODERS = {
  heic: decodeHeic,
  jxl: decodeJxl,
} as const;

async function openAsRgba(
  bytes: Buffer,
  file: string,
  format: keyof typeof RGBA_DECODERS,
  maxPixels: number,
): Promise<ImageSource> {
  // these decode whole, in WebAssembly: the ordinary limit holds ([Note: very large photos])
  const limit = Math.min(maxPixels, FULL_DECODE_PIXELS);
  const { data, width, height } = await RGBA_DECODERS[format](bytes, file, limit);
  const options: SharpOptions = { raw: { width, height, channels: 4 }, limitInputPixels: limit };
  return { file, bytes, input: data, options, width, height, format, colourProfile: 'none', large: false };
}

/**
 * A RAW photo: its embedded preview or its sensor data ([Note: RAW photos]). Without the file's bytes (null),
 * only the preview's own bytes are read from the file, and the whole file only if the sensor must be decoded.
 */
async function openRaw(bytes: Buffer | null, file: string, maxPixels: number): Promise<ImageSource> {
  const limit = Math.min(maxPixels, FULL_DECODE_PIXELS);
  const raw = await decodeRaw(bytes ?? Buffer.alloc(0), file, limit);
  const photoSize = { width: raw.photoWidth, height: raw.photoHeight };
  const base = { file, bytes: bytes ?? raw.data, format: 'raw' as const, colourProfile: 'none' as const, large: false, photoSize };
  if (raw.from === 'preview') {
    const options: SharpOptions = { autoOrient: false, failOn: 'truncated', limitInputPixels: limit };
    return { ...base, input: raw.data, options, width: raw.width, height: raw.height, previewOrientation: raw.orientation };
  }
  const { width, height } = raw;
  return { ...base, input: raw.data, options: { raw: { width, height, channels: 3 }, limitInputPixels: limit }, width, height };
}

/** Checks a file's bytes and size; throws an imaging AppError naming the file when it cannot be used. */
export async function openImage(
  bytes: Buffer,
  file: string,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<ImageSource> {
  if (bytes.length === 0) throw emptyFile(file);
  // RAW containers are TIFF, ISO-BMFF or their own: the name tells them, ExifTool and LibRaw check them
  if (isRawFile(file)) return openRaw(bytes, file, maxPixels);
  const format = sniffFormat(bytes);
  if (format === null) throw unsupportedFormat(file);
  return format === 'heic' || format === 'jxl'
    ? openAsRgba(bytes, file, format, maxPixels)
    : openWithSharp(bytes, file, format, maxPixels);
}

/**
 * An image named by its path. A RAW file is not read whole: a 24 MP camera's RAW is 25 to 60 MB, of which the
 * embedded JPEG the photo is shown from is a few MB ([Note: RAW photos]); the file is only checked to be an
 * ordinary, non-empty file first ([Note: only regular files are read]).
 */
export async function openImageFile(file: string, maxPixels = DEFAULT_MAX_PIXELS): Promise<ImageSource> {
  if (!isRawFile(file)) return openImage(await readImageFile(file), file, maxPixels);
  const { handle, info } = await openRegularFile(file).catch((error: unknown) => {
    throw error instanceof AppError ? error : readFailed(file, error);
  });
  await handle.close();
  if (info.size === 0) throw emptyFile(file);
  return openRaw(null, file, maxPixels);
}

/** A fresh sharp pipeline over the source; `extra` adds input options such as ignoring the ICC profile. */
export function pipelineFrom(source: ImageSource, extra: SharpOptions = {}): Sharp {
  const image = sharp(source.input, { ...source.options, ...extra });
  return source.previewOrientation === undefined ? image : orient(image, source.previewOrientation);
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
