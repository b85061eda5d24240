import { decodeFailed, tooLarge } from './imaging-errors.js';

export interface RawRgba {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes the primary image of an HEVC-coded HEIF file to RGBA. sharp's prebuilt libvips has no HEVC
 * decoder, so this runs libheif compiled to WebAssembly: synchronous work on the calling thread, which is
 * why the module is loaded only when such a file turns up. libheif applies the file's rotation and mirror
 * boxes itself (they take precedence over any EXIF orientation in HEIF), so the pixels come out upright.
 */
export async function decodeHeic(bytes: Buffer, file: string, maxPixels: number): Promise<RawRgba> {
  const { default: heicDecode } = await import('heic-decode');
  let images;
  try {
    images = await heicDecode.all({ buffer: bytes });
  } catch (error) {
    throw decodeFailed(file, bytes, 'heic', error);
  }
  try {
    // the first top-level image: the primary one in camera files
    const primary = images[0];
    if (primary === undefined) throw decodeFailed(file, bytes, 'heic', new Error('no image in the file'));
    // the size is known from the container before any pixel is decoded
    if (primary.width * primary.height > maxPixels)
      throw tooLarge(file, primary.width, primary.height, maxPixels);
    const decoded = await primary.decode().catch((error: unknown) => {
      throw decodeFailed(file, bytes, 'heic', error);
    });
    const { buffer, byteOffset, byteLength } = decoded.data;
    return {
      data: Buffer.from(buffer, byteOffset, byteLength),
      width: decoded.width,
      height: decoded.height,
    };
  } finally {
    images.dispose();
  }
}
