import type { ServerResponse } from 'node:http';
import type { Core, ServedFile } from '../core/core.js';
import { sendRefusal, sendThrown } from './responses.js';
import { sendFile } from './send-file.js';
import { isPhotoId } from '../contract/envelope.js';

/** original: the photo as the viewer shows it; full: the same at every pixel, for 1:1 zoom. */
export type PhotoKind = 'thumb' | 'original' | 'full';

/** A photo's bytes never change under its id (the id is its content hash), so the browser may keep them. */
const PHOTO_CACHE = 'private, max-age=86400';

/**
 * `GET /thumb/<id>`, `GET /original/<id>` and `GET /full/<id>`. The segment after the prefix is used only if it is an id as a
 * whole: `../x`, `%2e%2e%2f`, a nested path or an empty id never reach the core, which alone turns ids into paths.
 */
export async function handlePhotoFile(
  res: ServerResponse,
  core: Core,
  kind: PhotoKind,
  rawId: string,
  headOnly: boolean,
  range?: string,
): Promise<void> {
  if (!isPhotoId(rawId)) {
    sendRefusal(
      res,
      400,
      'INVALID_INPUT',
      `"${rawId.slice(0, 200)}" is not a photo id; photos are fetched by id only.`,
    );
    return;
  }
  try {
    const file: ServedFile =
      kind === 'thumb' ? await core.thumbnailFile(rawId) : await core.originalFile(rawId, kind === 'full' ? 'full' : 'screen');
    await sendFile(res, { path: file.path, contentType: file.mime, cacheControl: PHOTO_CACHE, headOnly, range });
  } catch (error) {
    sendThrown(res, error);
  }
}
