/** Formats as reported to the catalog. 'heic' covers every HEVC-coded HEIF file. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heic' | 'jxl' | 'raw' | 'video';

export const SUPPORTED_FORMATS_TEXT = 'JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC/HEIF, JPEG XL and camera RAW';

/** ISO-BMFF brands of HEVC-coded HEIF (still images and sequences). */
const HEVC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
/** Generic HEIF brands: the compatible brands then tell AV1 from HEVC. */
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1']);
const AV1_BRANDS = new Set(['avif', 'avis']);

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/** The `ftyp` box of an ISO-BMFF file: AVIF stays with sharp, HEVC-coded HEIF goes to heic-decode. */
function sniffHeif(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length < 12 || ascii(bytes, 4, 8) !== 'ftyp') return null;
  const major = ascii(bytes, 8, 12);
  if (AV1_BRANDS.has(major)) return 'avif';
  if (HEVC_BRANDS.has(major)) return 'heic';
  if (!GENERIC_HEIF_BRANDS.has(major)) return null;
  const boxSize = Math.min(bytes.length, new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0));
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (AV1_BRANDS.has(ascii(bytes, offset, offset + 4))) return 'avif';
  }
  return 'heic';
}

/** A bare JPEG XL codestream, or one in its ISO-BMFF container. */
const JXL_CONTAINER = [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a] as const;

/**
 * The format by its magic bytes, or null for anything else. Only these reach a decoder: a file's name
 * says nothing, and libvips would otherwise also open SVG, PDF and other formats Shoebox does not index.
 */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, JXL_CONTAINER)) return 'jxl';
  return sniffHeif(bytes);
}

function hasJpegEnd(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 2; i >= Math.max(0, bytes.length - JPEG_TRAILER_BYTES); i -= 1) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

const JPEG_TRAILER_BYTES = 4096;

/**
 * Whether a file is shorter than its own structure says (asked only once decoding has failed). libpng says
 * only "read error" and libwebp "unable to parse", and libjpeg's "premature end" does not always reach us
 * (the same half-copied JPEG was reported as DECODE_FAILED in some test runs), so the end marker or the
 * declared length tells a short copy from damaged data. A JPEG's end marker may be
 * followed by a short trailer some cameras append; one with a long trailer is called damaged, not cut.
 */
export function looksCutShort(bytes: Uint8Array, format: ImageFormat): boolean {
  const n = bytes.length;
  switch (format) {
    case 'png':
      // the IEND chunk type, followed by its 4-byte CRC
      return n < 12 || ascii(bytes, n - 8, n - 4) !== 'IEND';
    case 'gif':
      return bytes[n - 1] !== 0x3b;
    case 'webp':
      // the RIFF header holds the length of everything after its first 8 bytes
      return n < 12 || new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true) + 8 > n;
    case 'jpeg':
      // the end-of-image marker FF D9, allowing for a short trailer some cameras append after it
      return !hasJpegEnd(bytes);
    default:
      return false;
  }
}
