import { lstat } from 'node:fs/promises';
import { exiftool } from '../imaging/exiftool.js';
import { sidecarsOf } from './xmp-keywords.js';

/** A star rating as XMP holds it: -1 (rejected) to 5; anything else is no rating. */
function ratingOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= -1 && n <= 5 ? n : null;
}

async function ratingIn(file: string): Promise<number | null> {
  const tags = (await exiftool()
    .read(file, { readArgs: ['-XMP-xmp:Rating', '-fast'] })
    .catch(() => null)) as { Rating?: unknown } | null;
  return ratingOf(tags?.Rating);
}

/**
 * The rating other tools gave a photo (xmp:Rating): its sidecar's, where it has one that says (a sidecar is
 * what Lightroom, darktable and digiKam write), else the photo's own embedded XMP. Only ordinary files are
 * asked: a FIFO at a sidecar's name is passed over ([Note: only regular files are read]).
 */
export async function readFileRating(photoPath: string): Promise<number | null> {
  for (const sidecar of sidecarsOf(photoPath)) {
    if (!(await lstat(sidecar).catch(() => null))?.isFile()) continue;
    const rating = await ratingIn(sidecar);
    if (rating !== null) return rating;
  }
  return ratingIn(photoPath);
}
