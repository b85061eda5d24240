import path from 'node:path';
import type { UnreadableFiles } from '../../contract/library.js';
import { isPhotoFile } from './supported-files.js';
import { walkPhotos } from './walk.js';

/**
 * [Note: files Shoebox cannot read yet]
 * A picture or a film in a format Shoebox does not index (a Photoshop file, a BMP, a JPEG 2000, an old
 * Windows video) was left out of every count, so a person could not tell a missing photo from one Shoebox
 * skips. They are listed on request by a walk of the roots like the indexer's (no link followed, the same
 * folders ignored), by extension only: nothing of them is read.
 */
export const UNREAD_MEDIA_EXTENSIONS = new Set([
  '.bmp', '.dib', '.psd', '.psb', '.xcf', '.kra', '.svg', '.ico', '.icns', '.tga', '.pcx', '.pict', '.pct',
  '.jp2', '.j2k', '.jpf', '.jpx', '.jxr', '.wdp', '.hdp', '.exr', '.hdr', '.emf', '.wmf', '.cur', '.qoi',
  '.wmv', '.asf', '.flv', '.f4v', '.mpg', '.mpeg', '.m2v', '.vob', '.ogv', '.rm', '.rmvb', '.divx', '.dv',
]);

export function isUnreadMedia(file: string): boolean {
  return UNREAD_MEDIA_EXTENSIONS.has(path.extname(file).toLowerCase()) && !isPhotoFile(file);
}

/** The files of the roots that look like pictures or films Shoebox does not read yet: how many, and the first `limit`. */
export async function unreadableFiles(roots: readonly string[], exclude: readonly string[], limit: number): Promise<UnreadableFiles> {
  const files: UnreadableFiles['files'] = [];
  let total = 0;
  for (const root of roots) {
    for await (const found of walkPhotos(root, { exclude, accept: isUnreadMedia })) {
      total += 1;
      if (files.length < limit) files.push({ path: found.path, size: found.size });
    }
  }
  return { total, files: files.sort((a, b) => a.path.localeCompare(b.path)) };
}
