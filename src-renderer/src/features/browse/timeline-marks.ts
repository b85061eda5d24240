import type { TimelineMonth } from '$contract/library.js';

export interface MonthMark {
  /** "2024-05", or null for the undated photos */
  month: string | null;
  count: number;
  /** the index of the month's first photo in the library's order */
  offset: number;
}

export interface YearMarks {
  /** "2024", or null for the undated photos */
  year: string | null;
  count: number;
  offset: number;
  months: MonthMark[];
}

/**
 * The timeline scrubber's marks: the core's months (newest first, in listPhotos' order) with the offset of
 * each month's first photo, grouped by year ([Note: browsing the way the files are]).
 */
export function timelineMarks(months: readonly TimelineMonth[]): YearMarks[] {
  const years: YearMarks[] = [];
  let offset = 0;
  for (const { month, count } of months) {
    const year = month === null ? null : month.slice(0, 4);
    let last = years.at(-1);
    if (!last || last.year !== year) {
      last = { year, count: 0, offset, months: [] };
      years.push(last);
    }
    last.months.push({ month, count, offset });
    last.count += count;
    offset += count;
  }
  return years;
}

/** The month holding the photo at `index`: the last mark whose offset is at or before it. */
export function monthAt(years: readonly YearMarks[], index: number): MonthMark | null {
  let found: MonthMark | null = null;
  for (const year of years) {
    for (const mark of year.months) {
      if (mark.offset > index) return found;
      found = mark;
    }
  }
  return found;
}
