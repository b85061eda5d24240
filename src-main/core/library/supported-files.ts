import path from 'node:path';
import { RAW_EXTENSIONS } from '../imaging/raw.js';

export { isRawFile } from '../imaging/raw.js';

export const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.m4v', '.3gp', '.mkv', '.webm', '.avi', '.mts', '.m2ts']);

/** Everything the library indexes: photos (RAW included) and videos, each one item of the grid. */
export const PHOTO_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.heic', '.heif', '.jxl',
  ...RAW_EXTENSIONS,
  ...VIDEO_EXTENSIONS,
]);

export function isVideoFile(filePath: string): boolean {
  return VIDEO_EXTENSIONS.has(path.extname(filePath).toLowerCase());
}

/** Folders and files that are never photos of the user's: OS litter, NAS and tool caches. */
const IGNORED_NAMES = new Set([
  '.ds_store', 'thumbs.db', 'desktop.ini', '@eadir', '.thumbnails', '$recycle.bin',
  'system volume information', '.trash', '.trashes', '.spotlight-v100', '.fseventsd', 'node_modules',
]);

export function isPhotoFile(filePath: string): boolean {
  return PHOTO_EXTENSIONS.has(path.extname(filePath).toLowerCase());
}

/** Hidden (dot) entries, system folders, and AppleDouble `._x.jpg` companions. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || IGNORED_NAMES.has(name.toLowerCase());
}

/** True when any segment of `filePath` below `root` is ignored, or the path is inside `excluded`. */
export function isIgnoredPath(filePath: string, root: string, excluded: readonly string[]): boolean {
  if (excluded.some((dir) => isInside(filePath, dir))) return true;
  const relative = path.relative(root, filePath);
  return relative.split(path.sep).some((segment) => segment !== '' && isIgnoredName(segment));
}

const isSeparator = (c: string | undefined): boolean => c === '/' || (path.sep === '\\' && c === '\\');
/** a segment that starts with a dot: ".", "..", ".hidden" (left to path.relative, which resolves the first two) */
const DOT_SEGMENT = path.sep === '\\' ? /[\\/]\./ : /\/\./;

/**
 * Whether `child` is `parent` or lies below it. The common case, a path that begins with the parent and a separator
 * and has no segment starting with a dot after it, is answered by comparing strings: at 100k photos the browse
 * counts ask this of every photo, and path.relative made the folder tree, the roots' counts and the status
 * 0.1–0.5 s each. Everything else goes through path.relative, so the answer is the same either way.
 */
export function isInside(child: string, parent: string): boolean {
  if (parent !== '' && child.startsWith(parent)) {
    const rest = child.slice(parent.length);
    if (rest === '') return true;
    if ((isSeparator(rest[0]) || isSeparator(parent.at(-1))) && !DOT_SEGMENT.test(isSeparator(rest[0]) ? rest : `/${rest}`)) return true;
  }
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
