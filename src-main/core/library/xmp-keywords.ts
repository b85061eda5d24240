import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { readFacts } from '../imaging/exiftool.js';
import { isJpegName, jpegKeywordFields } from './jpeg-keywords.js';

/** The root of the keywords Shoebox writes into sidecars ("Shoebox|Albums|…"); read back, they are not tags. */
export const SHOEBOX_BRANCH = 'Shoebox';

/*
 * [Note: keywords from other tools]
 * Lightroom, digiKam, darktable and the cameras themselves keep keywords in XMP (dc:subject, and
 * lr:hierarchicalSubject as "Places|France|Paris") and IPTC (Keywords), inside the photo or in a sidecar
 * beside it: IMG_0001.CR3.xmp (darktable, digiKam) or IMG_0001.xmp (Lightroom, Capture One). When a photo is
 * indexed, each keyword becomes a Shoebox tag, searchable like any other, recorded with source 'xmp'. Who reads
 * what: a JPEG's own XMP and IPTC are read in process from its header ([Note: JPEG keywords read in process]),
 * as asking ExifTool for them cost every JPEG ~2.8 ms of CPU (Perl and Node) and ~4.7 ms of waiting, for keywords
 * most photos do not have; a RAW's come with the one request indexing already makes ([Note: one ExifTool request
 * per RAW]); other formats (PNG, TIFF, WebP, HEIC, AVIF, GIF: XMP in chunks and boxes of their own, IPTC in
 * TIFF tags and PNG text) and every sidecar are read by ExifTool ([Note: ExifTool]). Sidecars are rare: looking
 * for them costs an lstat per name. A tag the person has ever set or removed on that photo is
 * left as they made it: an import never undoes their choice.
 */

/** The sidecars a photo may have, the darktable/digiKam name first. */
export function sidecarsOf(photoPath: string): string[] {
  const stem = path.join(path.dirname(photoPath), path.basename(photoPath, path.extname(photoPath)));
  return [`${photoPath}.xmp`, `${stem}.xmp`, `${photoPath}.XMP`, `${stem}.XMP`];
}

/** Only an ordinary file is handed to ExifTool: a FIFO at a sidecar's name would hold its one process until the time limit. */
const isSidecarFile = async (file: string): Promise<boolean> => (await lstat(file).catch(() => null))?.isFile() ?? false;

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  return [];
}

/** The keywords in one file's keyword tags (ExifTool's names and shape), hierarchical ones by their last level. */
export function keywordsFrom(tags: Record<string, unknown>): string[] {
  // Album names Shoebox exported ([Note: keywords written to sidecars]) are albums here, not tags.
  const albumBranch = `${SHOEBOX_BRANCH}|Albums|`;
  const all = strings(tags['HierarchicalSubject']);
  const albumNames = new Set(all.filter((k) => k.startsWith(albumBranch)).map((k) => k.slice(albumBranch.length).toLowerCase()));
  const hierarchical = all.filter((k) => !k.startsWith(albumBranch)).map((k) => k.split('|').at(-1) ?? k);
  const leaves = new Set(hierarchical.map((k) => k.toLowerCase()));
  // (ExifTool's MWG Keywords repeats dc:subject)
  const flat = [...strings(tags['Subject']), ...strings(tags['Keywords'])];
  return [...flat.filter((k) => !albumNames.has(k.toLowerCase()) || leaves.has(k.toLowerCase())), ...hierarchical];
}

/** The keywords of one file (a photo or a sidecar). */
async function keywordsIn(file: string): Promise<string[]> {
  // A JPEG's own are read in process ([Note: JPEG keywords read in process]); a RAW's come with the request
  // indexing made for the photo, already answered ([Note: one ExifTool request per RAW]).
  // A JPEG that cannot be opened (gone, no permission, no longer a regular file) is not handed to ExifTool either.
  const own = isJpegName(file) ? await jpegKeywordFields(file).catch(() => undefined) : null;
  if (own === undefined) return [];
  const tags = own ?? (await readFacts(file).catch(() => null));
  return tags ? keywordsFrom(tags) : [];
}

/** Every keyword of a photo: its own XMP and IPTC, and its sidecars'. Duplicates removed, case kept. */
export async function readKeywords(photoPath: string): Promise<string[]> {
  const files = [photoPath];
  for (const sidecar of sidecarsOf(photoPath)) if (!files.includes(sidecar) && (await isSidecarFile(sidecar))) files.push(sidecar);
  const all = (await Promise.all(files.map(keywordsIn))).flat().map((k) => k.trim()).filter((k) => k !== '');
  return [...new Map(all.map((k) => [k.toLowerCase(), k])).values()];
}
