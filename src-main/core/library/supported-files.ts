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

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
