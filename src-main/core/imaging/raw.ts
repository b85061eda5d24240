import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../contract/errors.js';
import { exiftool, readFacts, type Facts } from './exiftool.js';
import { looksCutShort } from './image-format.js';
import { tooLarge } from './imaging-errors.js';
import { readRegularFile } from '../util/regular-file.js';

/*
 * [Note: RAW photos]
 * A RAW file is shown and embedded from its largest embedded JPEG (JpgFromRaw, PreviewImage or OtherImage, as
 * ExifTool names them: [Note: ExifTool]), which is what Lightroom and digiKam show first and costs one JPEG
 * decode. The camera's orientation is the RAW's, not the preview's (previews are stored as the sensor saw
 * them). Where no preview is usable (none, a thumbnail smaller than USABLE_PREVIEW, or one that does not
 * decode), the sensor data is demosaiced by LibRaw in WebAssembly (libraw-wasm) at half size, which is ample
 * for the model and the thumbnail and four times cheaper. libraw-wasm's own wrapper runs LibRaw in a browser
 * Worker, which Node lacks; its Emscripten module runs in Node once handed the wasm binary, on the calling
 * thread like the HEIC and JPEG XL decoders. A RAW opened by its path is not read whole: ExifTool says where the
 * preview lies, and only those bytes are read (a 24 MP RAW is 25 to 60 MB, its preview a few); the whole file
 * is read only when the sensor must be decoded.
 */

export const RAW_EXTENSIONS = new Set([
  '.cr2',
  '.cr3',
  '.crw',
  '.nef',
  '.nrw',
  '.arw',
  '.srf',
  '.sr2',
  '.raf',
  '.orf',
  '.rw2',
  '.pef',
  '.srw',
  '.dng',
  '.3fr',
  '.iiq',
  '.x3f',
]);

export function isRawFile(filePath: string): boolean {
  return RAW_EXTENSIONS.has(path.extname(filePath).toLowerCase());
}

/** A preview whose long side is at least this (or the whole sensor's) is used as the photo. */
const USABLE_PREVIEW = 1024;
const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'OtherImage'] as const;

/** A RAW photo's pixels: its embedded JPEG (to be turned by `orientation`), or upright RGB from the sensor. */
export interface RawPixels {
  /** the preview's JPEG bytes, or RGB pixels */
  data: Buffer;
  /** upright size of those pixels */
  width: number;
  height: number;
  /** the sensor's upright size, which the catalogue reports */
  photoWidth: number;
  photoHeight: number;
  from: 'preview' | 'sensor';
  /** the RAW's EXIF orientation, for the preview (the sensor data comes out upright) */
  orientation: number;
}

function rawError(code: 'DECODE_FAILED' | 'FILE_TRUNCATED', file: string, detail: string): AppError {
  return new AppError(
    code,
    code === 'FILE_TRUNCATED'
      ? `${file} is cut short: the RAW data ends early, so it was probably not copied completely. Copy it again from the camera card.`
      : `${file} could not be read as a RAW photo (${detail}). It may be damaged, or from a camera this version does not know: try opening it in the camera maker's software.`,
    { file, format: 'raw', detail },
  );
}

/** A binary tag's length as ExifTool prints it without -b: "(Binary data 6854698 bytes, use -b option to extract)". */
function binaryLength(value: unknown): number {
  const match = typeof value === 'string' ? /^\(Binary data (\d+) bytes/.exec(value) : null;
  return match ? Number(match[1]) : 0;
}

type PreviewTag = (typeof PREVIEW_TAGS)[number];

const largestFirst = (length: (tag: PreviewTag) => number): PreviewTag[] =>
  PREVIEW_TAGS.filter((tag) => length(tag) > 0).sort((a, b) => length(b) - length(a));

/** The embedded JPEGs whose place in the file ExifTool gave (…Start and …Length: TIFF-based RAWs), largest first. */
function locatedPreviews(tags: Facts): PreviewTag[] {
  return largestFirst((tag) => {
    const [start, length] = [tags[`${tag}Start`], tags[`${tag}Length`]];
    return typeof start === 'number' && typeof length === 'number' ? length : 0;
  });
}

/**
 * Every embedded JPEG by its size, largest first, from a second request: for the RAWs whose previews ExifTool
 * does not place (CR3, RAF and others), or none of whose placed ones is usable. Binary tags are left out of the
 * first request ([Note: one ExifTool request per RAW]): listing them costs ExifTool a third more there.
 */
async function listedPreviews(file: string): Promise<PreviewTag[]> {
  const listed = await exiftool()
    .readRaw<Facts>(file, { readArgs: ['-fast', ...PREVIEW_TAGS.map((tag) => `-${tag}`)] })
    .catch((): Facts => ({}));
  return largestFirst((tag) => binaryLength(listed[tag]));
}

/**
 * An embedded JPEG's bytes. Where ExifTool reports where it lies in the file (…Start and …Length: TIFF-based
 * RAWs), they are cut from the bytes already read; else ExifTool extracts them, which costs a second
 * pass over the file (over a second for a 10 MB preview).
 */
async function previewBytes(
  file: string,
  fileBytes: Buffer,
  tags: Facts,
  tag: string,
): Promise<Buffer | null> {
  const start = tags[`${tag}Start`];
  const length = tags[`${tag}Length`];
  if (typeof start === 'number' && typeof length === 'number' && length > 0) {
    if (start + length <= fileBytes.length) return fileBytes.subarray(start, start + length);
    if (fileBytes.length === 0) {
      const handle = await open(file, 'r');
      try {
        const out = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(out, 0, length, start);
        return out.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    }
    return null; // the file is shorter than its own index says
  }
  return exiftool()
    .extractBinaryTagToBuffer(tag as (typeof PREVIEW_TAGS)[number], file)
    .catch(() => null);
}

/**
 * The largest embedded JPEG that is whole (its header parses, its end marker is there) and large enough to be
 * the photo (`usableLong` on its long side), or null. It is not decoded here: the pipeline decodes it once,
 * shrinking on load like any JPEG.
 */
async function bestPreview(
  file: string,
  fileBytes: Buffer,
  tags: Facts,
  orientation: number,
  limits: { maxPixels: number; usableLong: number },
): Promise<Omit<RawPixels, 'photoWidth' | 'photoHeight'> | null> {
  const tried = new Set<PreviewTag>();
  const attempt = async (tag: PreviewTag): Promise<Omit<RawPixels, 'photoWidth' | 'photoHeight'> | null> => {
    tried.add(tag);
    const bytes = await previewBytes(file, fileBytes, tags, tag);
    if (bytes?.[0] !== 0xff || bytes[1] !== 0xd8 || looksCutShort(bytes, 'jpeg')) return null;
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => null);
    const [w, h] = [meta?.width ?? 0, meta?.height ?? 0];
    if (w * h === 0 || w * h > limits.maxPixels || Math.max(w, h) < limits.usableLong) return null;
    const [width, height] = orientation >= 5 ? [h, w] : [w, h];
    return { data: bytes, width, height, from: 'preview', orientation };
  };
  for (const tag of locatedPreviews(tags)) {
    const preview = await attempt(tag);
    if (preview) return preview;
  }
  for (const tag of await listedPreviews(file)) {
    const preview = tried.has(tag) ? null : await attempt(tag);
    if (preview) return preview;
  }
  return null;
}

interface LibRawImage {
  width: number;
  height: number;
  colors: number;
  bits: number;
  data: Uint8Array;
}
interface LibRawInstance {
  open(bytes: Uint8Array, settings: Record<string, unknown>): void;
  metadata(full: boolean): { width: number; height: number } | undefined;
  imageData(): LibRawImage | undefined;
  delete?: () => void;
}
interface LibRawModule {
  LibRaw: new () => LibRawInstance;
}

let libraw: Promise<LibRawModule> | undefined;

function loadLibRaw(): Promise<LibRawModule> {
  libraw ??= (async () => {
    const dir = path.dirname(createRequire(import.meta.url).resolve('libraw-wasm/package.json'));
    const { default: factory } = await import('libraw-wasm/dist/libraw.js');
    const wasmBinary = await readFile(path.join(dir, 'dist/libraw.wasm'));
    // LibRaw prints its complaints too; they come back as the errors it throws
    const quiet = (): void => undefined;
    return (await factory({ wasmBinary, print: quiet, printErr: quiet })) as LibRawModule;
  })();
  return libraw;
}

/** Demosaics the sensor data at half size; LibRaw applies the orientation itself. */
async function sensorPixels(bytes: Buffer, file: string, maxPixels: number): Promise<RawPixels> {
  const { LibRaw } = await loadLibRaw();
  const decoder = new LibRaw();
  try {
    try {
      decoder.open(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        halfSize: true,
        outputBps: 8,
      });
    } catch (error) {
      throw rawError('DECODE_FAILED', file, error instanceof Error ? error.message : String(error));
    }
    const meta = decoder.metadata(false);
    if (!meta || meta.width === 0) throw rawError('DECODE_FAILED', file, 'LibRaw found no image in it');
    if (meta.width * meta.height > maxPixels) throw tooLarge(file, meta.width, meta.height, maxPixels);
    let image: LibRawImage | undefined;
    try {
      image = decoder.imageData();
    } catch (error) {
      throw rawError('DECODE_FAILED', file, error instanceof Error ? error.message : String(error));
    }
    if (image?.colors !== 3 || image.bits !== 8)
      throw rawError('DECODE_FAILED', file, 'LibRaw gave no RGB image');
    const data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    if (data.length < image.width * image.height * 3)
      throw rawError('FILE_TRUNCATED', file, 'short sensor data');
    return {
      data,
      width: image.width,
      height: image.height,
      photoWidth: meta.width,
      photoHeight: meta.height,
      from: 'sensor',
      orientation: 1,
    };
  } finally {
    decoder.delete?.();
  }
}

/** Reads a RAW photo from its file: see [Note: RAW photos]. `bytes` are the file's, for the sensor decode. */
export async function decodeRaw(bytes: Buffer, file: string, maxPixels: number): Promise<RawPixels> {
  const tags = await readFacts(file).catch((error: unknown) => {
    throw rawError('DECODE_FAILED', file, error instanceof Error ? error.message : String(error));
  });
  const orientation = typeof tags['Orientation'] === 'number' ? tags['Orientation'] : 1;
  // the composite ImageSize is the sensor's (ImageWidth may be IFD0's thumbnail)
  const size = tags['ImageSize'];
  const [width = 0, height = 0] = (typeof size === 'string' ? size : '').split(/[x ]/).map(Number);
  const [photoWidth, photoHeight] = orientation >= 5 ? [height, width] : [width, height];
  const sensorLong = Math.max(photoWidth, photoHeight);
  const usableLong = Math.min(USABLE_PREVIEW, sensorLong || USABLE_PREVIEW);
  const preview = await bestPreview(file, bytes, tags, orientation, { maxPixels, usableLong });
  if (preview) return { ...preview, photoWidth: photoWidth || preview.width, photoHeight: photoHeight || preview.height };
  // opened by path, only the preview was read: the sensor needs the whole file
  return sensorPixels(bytes.length > 0 ? bytes : await readRegularFile(file), file, maxPixels);
}
