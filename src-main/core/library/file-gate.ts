import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppError } from '../../contract/errors.js';
import { notRegular } from '../util/regular-file.js';
import type { FoundFile } from './walk.js';

/**
 * [Note: links in roots]
 * Decided once: Shoebox indexes the files that are really in the person's folders, at their real place,
 * and follows no symbolic link below a root, neither to a file nor to a folder, wherever it points.
 * - A link out of a root would index (and then have to serve) a file from outside the folders the person
 *   chose; to include that folder, add it as a folder of the library.
 * - A link within a root only reaches a file the walk already finds at its real path: following it made
 *   the same photo into several rows, and `dir/parent -> ..` into endless ones.
 * The root itself may be a link (`~/Pictures` on another disk): paths below it are compared with its real
 * path. The walk (walk.ts) and the watcher (watch-folders.ts) do not descend into linked folders; this
 * gate, which every file passes before it is read (indexer.ts), refuses anything reached through a link,
 * even one made while watching, and anything that is not a regular file.
 */
export type Gate =
  | { kind: 'file'; found: FoundFile }
  /** deleted meanwhile, or a link whose target is missing */
  | { kind: 'gone' }
  /** reached through a symbolic link: not indexed, see [Note: links in roots] */
  | { kind: 'link' }
  /** a FIFO, device or socket with a photo's name: recorded as a failure, never read */
  | { kind: 'special'; error: AppError };

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export async function gateFile(found: FoundFile, root: string): Promise<Gate> {
  let real: string;
  try {
    real = await realpath(found.path);
  } catch (error) {
    if (errno(error) === 'ENOENT' || errno(error) === 'ELOOP') return { kind: 'gone' };
    throw error;
  }
  const realRoot = await realpath(root).catch(() => root);
  if (real !== path.join(realRoot, path.relative(root, found.path))) return { kind: 'link' };
  const info = await stat(real).catch((error: unknown) => {
    if (errno(error) === 'ENOENT') return null;
    throw error;
  });
  if (info === null) return { kind: 'gone' };
  if (!info.isFile()) return { kind: 'special', error: notRegular(found.path, info) };
  return { kind: 'file', found: { path: found.path, size: info.size, mtime: info.mtimeMs } };
}
