import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { exiftool } from '../imaging/exiftool.js';
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
 *
 * [Note: Live Photos]
 * An iPhone's Live Photo is IMG_0001.HEIC (or .JPG) and IMG_0001.MOV: the same rule makes the MOV the still's
 * motion companion, not a video of its own. Apple writes one ContentIdentifier into both files; where both
 * carry one and they differ, the two are not a pair (an edited copy, a renamed file) and the MOV stands alone.
 * The viewer plays the motion through the photo transports as the original of `<photo id>` + MOTION_SUFFIX.
 */

const DEVELOPED = new Set(['.jpg', '.jpeg', '.heic', '.heif', '.jxl', '.tif', '.tiff']);
const LIVE_STILLS = new Set(['.jpg', '.jpeg', '.heic', '.heif']);
const isMotion = (name: string): boolean => path.extname(name).toLowerCase() === '.mov';
export const COMPANION_MARK = '+raw';
/** A real id is a 24-character hash, maybe with "-2" after it: this suffix can never end one. */
export const MOTION_SUFFIX = '__motion';

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

/** A sibling of `file` with its base name whose extension passes `wanted`. */
async function siblings(file: string, wanted: (name: string) => boolean): Promise<string[]> {
  const base = stem(file);
  return (await namesIn(path.dirname(file)))
    .filter((name) => wanted(name) && stem(name) === base && name !== path.basename(file))
    .sort()
    .map((name) => path.join(path.dirname(file), name));
}

const extIn = (set: ReadonlySet<string>) => (name: string) => set.has(path.extname(name).toLowerCase());

/** Apple's ContentIdentifier of a Live Photo's still or motion, where the file has one. */
async function contentIdentifier(file: string): Promise<string | null> {
  const tags = (await exiftool()
    .read(file, { readArgs: ['-ContentIdentifier', '-fast'] })
    .catch(() => null)) as { ContentIdentifier?: unknown } | null;
  return typeof tags?.ContentIdentifier === 'string' ? tags.ContentIdentifier : null;
}

/** Whether a still and a MOV are one Live Photo: no identifiers to contradict the names, or the same one. */
async function sameLivePhoto(still: string, motion: string): Promise<boolean> {
  const [a, b] = await Promise.all([contentIdentifier(still), contentIdentifier(motion)]);
  return a === null || b === null || a === b;
}

/** The photo a file belongs with (a RAW's developed file, a Live Photo motion's still), or null. */
export async function ownerOf(file: string): Promise<string | null> {
  if (isRawFile(file)) return (await siblings(file, extIn(DEVELOPED)))[0] ?? null;
  if (!isMotion(file)) return null;
  for (const still of await siblings(file, extIn(LIVE_STILLS))) if (await sameLivePhoto(still, file)) return still;
  return null;
}

/** The RAW files beside a developed photo with its base name. */
export async function rawCompanions(photoPath: string): Promise<string[]> {
  if (!DEVELOPED.has(path.extname(photoPath).toLowerCase())) return [];
  return siblings(photoPath, isRawFile);
}

/** A Live Photo's motion: the MOV beside the still, or null. */
export async function motionOf(photoPath: string): Promise<string | null> {
  if (!LIVE_STILLS.has(path.extname(photoPath).toLowerCase())) return null;
  for (const motion of await siblings(photoPath, isMotion)) if (await sameLivePhoto(photoPath, motion)) return motion;
  return null;
}

/** Everything filed with a photo: its RAW files and its motion. */
export async function companionsOf(photoPath: string): Promise<string[]> {
  const motion = await motionOf(photoPath);
  return [...(await rawCompanions(photoPath)), ...(motion === null ? [] : [motion])];
}
