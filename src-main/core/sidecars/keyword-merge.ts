import { SHOEBOX_BRANCH } from '../library/xmp-keywords.js';

/*
 * [Note: keywords written to sidecars]
 * `shoebox tag export` (and, when the `keywordExport.auto` setting is on, every tag or album change) writes a
 * photo's Shoebox tags and album names as keywords other tools read: each one flat in dc:subject ("Beach 2026")
 * and under Shoebox's own branch in lr:hierarchicalSubject ("Shoebox|Albums|Beach 2026", "Shoebox|Tags|dog").
 * Only XMP sidecars are written, never the photo ([Note: atomic writes], "originals are sacred"). The sidecar is
 * the one the photo already has (IMG_0001.CR3.xmp from darktable or digiKam, IMG_0001.xmp from Lightroom or
 * Capture One, in the order [Note: keywords from other tools] reads them); a photo without one gets
 * `<file>.xmp`, the name darktable and digiKam use, because IMG_0001.xmp would be shared by IMG_0001.CR3 and
 * IMG_0001.JPG of a RAW+JPEG pair and would not say whose it is.
 *
 * What the sidecar already holds stays: ExifTool edits a copy of it, so other tools' fields are untouched, and
 * the keyword lists are merged. Shoebox owns exactly the hierarchical keywords under "Shoebox|"; the flat
 * keywords it wrote are the leaves of those. A later export replaces its own branch, and takes a flat keyword
 * away only when Shoebox had written it, no longer has it, and no other tool's hierarchical keyword ends in it.
 * Flat keywords compare without case, so Lightroom's "Beach" and Shoebox's tag "beach" are one keyword.
 */

export { SHOEBOX_BRANCH };

export interface SidecarKeywords {
  /** dc:subject */
  subject: string[];
  /** lr:hierarchicalSubject */
  hierarchical: string[];
}

export interface ShoeboxKeywords {
  tags: string[];
  albums: string[];
}

/** A name as one level of a hierarchical keyword: '|' separates levels, so it cannot stand inside one. */
const level = (name: string): string => name.replaceAll('|', '/').trim();
const leafOf = (keyword: string): string => keyword.split('|').at(-1)?.trim() ?? keyword;
const ours = (keyword: string): boolean => keyword.startsWith(`${SHOEBOX_BRANCH}|`);
const fold = (keyword: string): string => keyword.toLowerCase();

/** Shoebox's keywords for one photo, as the two XMP lists would hold them on their own. */
export function shoeboxKeywords({ tags, albums }: ShoeboxKeywords): SidecarKeywords {
  const tagLevels = [...new Set(tags.map(level).filter((t) => t !== ''))].sort();
  const albumLevels = [...new Set(albums.map(level).filter((a) => a !== ''))].sort();
  return {
    subject: [...new Map([...tagLevels, ...albumLevels].map((k) => [fold(k), k])).values()],
    hierarchical: [
      ...tagLevels.map((t) => `${SHOEBOX_BRANCH}|Tags|${t}`),
      ...albumLevels.map((a) => `${SHOEBOX_BRANCH}|Albums|${a}`),
    ],
  };
}

/** What the sidecar should hold after an export: see [Note: keywords written to sidecars]. */
export function mergeKeywords(existing: SidecarKeywords, wanted: ShoeboxKeywords): SidecarKeywords {
  const mine = shoeboxKeywords(wanted);
  const others = existing.hierarchical.filter((k) => !ours(k));
  const keep = new Set([...mine.subject, ...others.map(leafOf)].map(fold));
  const written = new Set(existing.hierarchical.filter(ours).map((k) => fold(leafOf(k))));
  const subject = existing.subject.filter((s) => !written.has(fold(s)) || keep.has(fold(s)));
  const present = new Set(subject.map(fold));
  for (const s of mine.subject) if (!present.has(fold(s))) subject.push(s);
  return { subject, hierarchical: [...others, ...mine.hierarchical] };
}

/** Whether two keyword sets are the same (order aside): an export that would change nothing writes nothing. */
export function sameKeywords(a: SidecarKeywords, b: SidecarKeywords): boolean {
  const same = (x: string[], y: string[]): boolean => x.length === y.length && [...x].sort().join('\n') === [...y].sort().join('\n');
  return same(a.subject, b.subject) && same(a.hierarchical, b.hierarchical);
}
