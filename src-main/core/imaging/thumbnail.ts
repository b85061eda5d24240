import { decodeOrExplain, pipelineFrom, type ImageSource } from './image-source.js';
import { writeImageFile } from './output-files.js';
import { fromShrunk, type ShrunkImage } from './shrunk-decode.js';

export const DEFAULT_THUMBNAIL_SIZE = 320;
const THUMBNAIL_QUALITY = 80;

/**
 * The upright image with its long side at `size` (never enlarged), as a JPEG. Colour-managed to sRGB, unlike
 * the model's input, because people look at it; transparency goes on black like the model sees it.
 * JPEG shrink-on-load runs in its fast mode here: a thumbnail only has to look right. `shrunk`: the model
 * input's decode, where the thumbnail may share it ([Note: one decode for both outputs]).
 */
export async function writeThumbnail(
  source: ImageSource,
  outPath: string,
  size = DEFAULT_THUMBNAIL_SIZE,
  shrunk?: ShrunkImage,
): Promise<void> {
  const upright = shrunk ? fromShrunk(shrunk) : pipelineFrom(source).flatten({ background: '#000000' });
  const jpeg = await decodeOrExplain(
    source,
    upright
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: THUMBNAIL_QUALITY })
      .toBuffer(),
  );
  await writeImageFile(outPath, jpeg);
}
