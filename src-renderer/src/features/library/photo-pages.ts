import type { PhotoSummary } from '$contract/library.js';
import type { GridGroup } from '../../lib/grid/grid-layout.js';
import { formatMonth, monthKey } from '../../lib/format.js';
import { t } from '../../lib/i18n/i18n.svelte.js';

export const PAGE_SIZE = 200;

/** The pages of `listPhotos` that cover items [start, end). */
export function pagesFor(start: number, end: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(start / PAGE_SIZE); page * PAGE_SIZE < end; page += 1) pages.push(page);
  return pages;
}

/**
 * Month groups over what is loaded so far (listPhotos returns the newest first). A span whose
 * pages have not arrived is one group without a header; when they arrive it splits into months
 * and the grid keeps the photo at the top of the viewport where it was (see [Note: virtual grid]).
 */
export function monthGroups(
  pages: ReadonlyMap<number, readonly PhotoSummary[]>,
  total: number,
  sectionOf: (index: number) => Section | null = () => null,
): GridGroup[] {
  const groups: GridGroup[] = [];
  const pageCount = Math.ceil(total / PAGE_SIZE);
  for (let page = 0; page < pageCount; page += 1) {
    const photos = pages.get(page);
    if (photos) {
      photos.forEach((photo, i) => {
        addToGroups(groups, { loaded: true, month: monthKey(photo.takenAt), section: sectionOf(page * PAGE_SIZE + i) }, 1);
      });
    } else {
      addToGroups(groups, { loaded: false, month: null, section: null }, Math.min(PAGE_SIZE, total - page * PAGE_SIZE));
    }
  }
  return groups;
}

/** A part of a list with months inside it (a date-sorted search: best matches, then the rest). */
export interface Section {
  key: string;
  label: string;
}

interface Span {
  loaded: boolean;
  month: string | null;
  section: Section | null;
}

/** Extends the last group when the span continues it, else opens a new group. */
function addToGroups(groups: GridGroup[], { loaded, month, section }: Span, count: number): void {
  const groupKey = loaded ? `${section ? `${section.key}:` : ''}m:${month ?? 'undated'}` : 'unloaded';
  const last = groups.at(-1);
  if (last?.key === groupKey) {
    last.count += count;
    return;
  }
  const label = loaded ? (section ? t('search.groupMonth', { group: section.label, month: formatMonth(month) }) : formatMonth(month)) : null;
  groups.push({ key: groupKey, label, count });
}
