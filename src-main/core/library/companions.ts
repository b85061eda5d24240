import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isRawFile } from '../imaging/raw.js';

/*
 * [Note: RAW+JPEG pairs]
 * A camera set to RAW+JPEG (or RAW+HEIF) writes IMG_0001.CR3 and IMG_0001.JPG side by side: one picture.
 * Shoebox keeps it as one photo, the developed file's: its pixels are what the camera meant, and it is
 * cheap to decode. The RAW is its companion: not indexed on its own (so the grid, search and albums hold
 * the picture once), shown beside the photo in the viewer, and filed with it (an album's move or copy
 * carries it under the same new base name). The pair is told by the folder, not stored: a RAW whose folder
 * holds a developed file of the same base name (any case) is a companion. When the developed file goes,
 * the next look at the RAW indexes it as a photo of its own; when one arrives, the RAW's own row goes.
 * A companion's file action carries the photo's id with COMPANION_MARK appended, so nothing takes it
 * for the photo's own file: the row stays with the developed file.
 */

const DEVELOPED = new Set(['.jpg', '.jpeg', '.heic', '.heif', '.jxl', '.tif', '.tiff']);
export const COMPANION_MARK = '+raw';

const stem = (name: string): string => path.basename(name, path.extname(name)).toLowerCase();

/** A folder's entries, read once per short while: a card of 2,000 RAWs is one listing, not 2,000. */
const listings = new Map<string, { at: number; names: Promise<string[]> }>();
const LISTING_TTL_MS = 2000;

function namesIn(dir: string): Promise<string[]> {
  const cached = listings.get(dir);
  if (cached && Date.now() - cached.at < LISTING_TTL_MS) return cached.names;
  const names = readdir(dir).catch(() => [] as string[]);
  listings.set(dir, { at: Date.now(), names });
  if (listings.size > 256) listings.delete(listings.keys().next().value as string);
  return names;
}

/** Forgets every listing: a scan starts from what is on disk now. */
export function forgetListings(): void {
  listings.clear();
}

/** Forgets a folder's listing: a file in it came or went. */
export function folderChanged(filePath: string): void {
  listings.delete(path.dirname(filePath));
}

/** The developed photo a RAW file belongs with, or null when it stands alone. */
export async function developedSibling(rawPath: string): Promise<string | null> {
  if (!isRawFile(rawPath)) return null;
  const base = stem(rawPath);
  const match = (await namesIn(path.dirname(rawPath))).find(
    (name) => DEVELOPED.has(path.extname(name).toLowerCase()) && stem(name) === base,
  );
  return match === undefined ? null : path.join(path.dirname(rawPath), match);
}

/** The RAW files beside a developed photo with its base name. */
export async function rawCompanions(photoPath: string): Promise<string[]> {
  if (!DEVELOPED.has(path.extname(photoPath).toLowerCase())) return [];
  const base = stem(photoPath);
  return (await namesIn(path.dirname(photoPath)))
    .filter((name) => isRawFile(name) && stem(name) === base)
    .sort()
    .map((name) => path.join(path.dirname(photoPath), name));
}
