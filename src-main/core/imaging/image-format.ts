/** File extensions the library hands to imaging; the content, not the name, decides how a file is decoded. */
export const SUPPORTED_IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif', 'heic', 'heif'] as const;

/** Formats as reported to the catalog. 'heic' covers every HEVC-coded HEIF file. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heic';

export const SUPPORTED_FORMATS_TEXT = 'JPEG, PNG, WebP, GIF, TIFF, AVIF and HEIC/HEIF';

/** ISO-BMFF brands of HEVC-coded HEIF (still images and sequences). */
const HEVC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
/** Generic HEIF brands: HEIC when the compatible brands do not name AV1. */
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1']);
const AV1_BRANDS = new Set(['avif', 'avis']);

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/**
 * True for an HEVC-coded HEIF file, told by its `ftyp` box. sharp's prebuilt libvips reads these headers
 * but has no HEVC decoder, so such files go to heic-decode; AVIF (AV1 in the same container) stays with sharp.
 */
export function isHevcHeif(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const major = ascii(bytes, 8, 12);
  if (HEVC_BRANDS.has(major)) return true;
  if (!GENERIC_HEIF_BRANDS.has(major)) return false;
  const boxSize = Math.min(bytes.length, new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0));
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (AV1_BRANDS.has(ascii(bytes, offset, offset + 4))) return false;
  }
  return true;
}

/** Maps sharp's decoder name to ours; null for formats Shoebox does not index (SVG, PDF, raw, ...). */
export function toImageFormat(sharpFormat: string, compression: string | undefined): ImageFormat | null {
  switch (sharpFormat) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
      return sharpFormat;
    case 'heif':
      return compression === 'av1' ? 'avif' : 'heic';
    default:
      return null;
  }
}

/**
 * Whether a file stops before its format's end marker. libjpeg says "premature end" for a truncated JPEG,
 * but libpng only says "read error", so the trailer is what tells a short copy from damaged data.
 */
export function lacksTrailer(bytes: Uint8Array, format: ImageFormat): boolean {
  const n = bytes.length;
  switch (format) {
    case 'jpeg':
      // EOI marker, FF D9
      return !(bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9);
    case 'png':
      // the IEND chunk type, followed by its 4-byte CRC
      return n < 8 || ascii(bytes, n - 8, n - 4) !== 'IEND';
    case 'gif':
      // trailer byte 0x3B
      return bytes[n - 1] !== 0x3b;
    default:
      return false;
  }
}
