import type { ImageFormat } from './image-format.js';
import { bombLike, tooLarge } from './imaging-errors.js';

/*
 * [Note: very large photos]
 * A 102 MP medium-format frame or a 200 MP stitched panorama is a photo, not a bomb, so the pixel count
 * alone no longer decides. What a decode costs in memory does:
 * - Streaming decoders (baseline JPEG, non-interlaced PNG, TIFF) read line by line, and the first decode
 *   reduces as it reads (JPEG shrink-on-load at 1/8, libvips' streaming reduction for the others:
 *   [Note: one decode for both outputs]), so memory follows the reduced output, not the photo: indexing a
 *   200 MP JPEG adds tens of MB. These go up to a gigapixel (`maxPixels`).
 * - Decoders that hold the whole image (progressive JPEG and interlaced PNG keep every coefficient or
 *   pass, WebP about 3 bytes a pixel) go up to 250 MP, about 750 MB at most.
 * - HEIC (decoded to RGBA in WebAssembly), AVIF and GIF stay at 100 MP, as before.
 * Above 100 MP two more guards hold: the file must carry at least one byte per 100 pixels (a real photo
 * carries 5 to 50 times that; a 30000×30000 PNG of one colour is 110 kB, 8,000 pixels a byte), and only one
 * such decode runs at a time in the process, so the pipeline's parallel decodes never stack their buffers.
 */

/** Any supported image up to this size is decoded the ordinary way, in any format. */
export const FULL_DECODE_PIXELS = 100_000_000;
/** The ceiling for streaming decoders: a gigapixel panorama. */
export const DEFAULT_MAX_PIXELS = 1_000_000_000;
/** The ceiling for decoders that hold the whole image. */
const WHOLE_IMAGE_PIXELS = 250_000_000;
/** Above FULL_DECODE_PIXELS, a file must hold at least one byte per this many pixels. */
const MAX_PIXELS_PER_BYTE = 100;

/** What the header says about how the file decodes. */
export interface SizeFacts {
  width: number;
  height: number;
  format: ImageFormat;
  /** progressive JPEG or interlaced PNG */
  progressive: boolean;
  /** the file's length in bytes */
  bytes: number;
}

function ceilingFor(facts: SizeFacts, maxPixels: number): number {
  switch (facts.format) {
    case 'jpeg':
    case 'png':
      return facts.progressive ? Math.min(maxPixels, WHOLE_IMAGE_PIXELS) : maxPixels;
    case 'tiff':
      return maxPixels;
    case 'webp':
      return Math.min(maxPixels, WHOLE_IMAGE_PIXELS);
    default:
      return Math.min(maxPixels, FULL_DECODE_PIXELS);
  }
}

/** Throws IMAGE_TOO_LARGE, naming the file, when the image may not be decoded; true when it is a large one. */
export function checkImageSize(file: string, facts: SizeFacts, maxPixels: number): boolean {
  const pixels = facts.width * facts.height;
  const ceiling = ceilingFor(facts, maxPixels);
  if (pixels > ceiling) throw tooLarge(file, facts.width, facts.height, ceiling);
  if (pixels <= FULL_DECODE_PIXELS) return false;
  if (pixels > facts.bytes * MAX_PIXELS_PER_BYTE) throw bombLike(file, facts.width, facts.height, facts.bytes);
  return true;
}

let largeDecode: Promise<unknown> = Promise.resolve();

/** Runs `work` when no other decode of a large image is running in this process. */
export function oneLargeDecodeAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = largeDecode.then(work, work);
  largeDecode = run.catch(() => undefined);
  return run;
}
