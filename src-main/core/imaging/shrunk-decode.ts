import sharp, { type ResizeOptions, type Sharp } from 'sharp';
import { decodeOrExplain, isJpegInput, pipelineFrom, type ImageSource } from './image-source.js';

/*
 * [Note: one decode for both outputs]
 * Entropy decoding dominates the cost of a camera JPEG, and libjpeg pays it in full at every
 * shrink-on-load scale. So a large JPEG is decoded once, at 1/2, 1/4 or 1/8 of its size, and both the
 * model input and the thumbnail are resized from those pixels: on a 12 MP photo that is 45 ms of CPU
 * instead of 38 + 29 ms for two pipelines that each decode the file. The scale is the largest that still
 * leaves a factor of two to the resampling kernel (what sharp's careful shrink-on-load aims at); resizing
 * from it lands closer to the reference than sharp's single pipeline did (MAD 0.0028 to 0.0030 against
 * 0.0034 to 0.0045 on the reference photos). The model input ignores the colour profile, so the
 * thumbnail shares the decode only where colour management would change nothing: no profile, or sRGB.
 *
 * Other formats have no shrink-on-load worth the name, so a large one is reduced by libvips to three times
 * the model's resize, streaming: memory stays bounded by that output, which is what lets a 200 MP PNG or
 * TIFF be indexed ([Note: very large photos]). The factor of three is measured, not guessed: libvips
 * reduces by an integer box shrink first whenever the factor left is 4 or more, and on fine-grained
 * texture that box lands far from Pillow's antialiased cubic (a 17 MP WebP: MAD 0.023 in one pass, 0.019
 * leaving 2, 0.022 leaving 4, 0.008 leaving 3; a 40 MP one 0.010), while a factor under 4 is a pure cubic
 * reduction. libwebp's own scaled decode (fastShrinkOnLoad) strays further (0.011 to 0.026), so it is off.
 */

/** Upright 8-bit RGB pixels of a photo decoded at a reduced scale. */
export interface ShrunkImage {
  data: Buffer;
  width: number;
  height: number;
}

/** The size the model's resize starts from, as far as the shrink is concerned. */
export interface ResizeTarget {
  resizeWidth: number;
  resizeHeight: number;
}

/** What a non-JPEG decode leaves to the model's cubic resize (see the note). */
const REDUCED_ROOM = 3;

/**
 * How much the first decode reduces the image for this target (1: decode at full size). A JPEG shrinks on
 * load by 2, 4 or 8, leaving a factor of two to the kernel; other formats are reduced to leave exactly
 * three, where at least four are there to spare.
 */
export function decodeShrink(source: ImageSource, target: ResizeTarget): number {
  const room = Math.min(source.width / target.resizeWidth, source.height / target.resizeHeight);
  if (!isJpegInput(source)) return room >= 4 ? room / REDUCED_ROOM : 1;
  return room >= 16 ? 8 : room >= 8 ? 4 : room >= 4 ? 2 : 1;
}

/** Whether the thumbnail may be made from the model input's decode. */
export function thumbnailCanShare(source: ImageSource, shrink: number, thumbnailSize: number): boolean {
  const longSide = Math.max(source.width, source.height) / shrink;
  return shrink > 1 && source.colourProfile !== 'other' && longSide >= thumbnailSize;
}

/**
 * A JPEG: shrink-on-load and nothing else, the size libjpeg gives taken as it is. Any other format: a
 * streaming cubic reduction by `shrink`. Transparency goes on black, as the model and the thumbnail see it.
 */
export async function decodeShrunk(source: ImageSource, shrink: number): Promise<ShrunkImage> {
  const width = Math.ceil(source.width / shrink);
  const height = Math.ceil(source.height / shrink);
  const resize: ResizeOptions =
    isJpegInput(source)
      ? { fit: 'fill', fastShrinkOnLoad: true }
      : { fit: 'fill', kernel: 'cubic', fastShrinkOnLoad: false };
  const { data, info } = await decodeOrExplain(
    source,
    pipelineFrom(source, { ignoreIcc: true })
      .flatten({ background: '#000000' })
      .resize(width, height, resize)
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  return { data, width: info.width, height: info.height };
}

/** A sharp pipeline over the shrunk pixels. */
export function fromShrunk(image: ShrunkImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}
