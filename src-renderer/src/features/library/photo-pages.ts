import type { PhotoSummary } from '../../../../src-main/contract/library.js';
import type { GridGroup } from '../../lib/grid/grid-layout.js';
import { formatMonth, monthKey } from '../../lib/format.js';

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
export function monthGroups(pages: ReadonlyMap<number, readonly PhotoSummary[]>, total: number): GridGroup[] {
  const groups: GridGroup[] = [];
  const pageCount = Math.ceil(total / PAGE_SIZE);
  for (let page = 0; page < pageCount; page += 1) {
    const photos = pages.get(page);
    if (photos) {
      for (const photo of photos) addToGroups(groups, { loaded: true, month: monthKey(photo.takenAt) }, 1);
    } else {
      addToGroups(groups, { loaded: false, month: null }, Math.min(PAGE_SIZE, total - page * PAGE_SIZE));
    }
  }
  return groups;
}

interface Span {
  loaded: boolean;
  month: string | null;
}

/** Extends the last group when the span continues it, else opens a new group. */
function addToGroups(groups: GridGroup[], { loaded, month }: Span, count: number): void {
  const groupKey = loaded ? `m:${month ?? 'undated'}` : 'unloaded';
  const last = groups.at(-1);
  if (last?.key === groupKey) {
    last.count += count;
    return;
  }
  groups.push({ key: groupKey, label: loaded ? formatMonth(month) : null, count });
}
