import type { PhotoMarks } from '$contract/marks.js';

export type MarkChange = { favourite: boolean } | { rating: number } | { rotateBy: 90 };

/** The viewer's marking keys: F toggles favourite, 0–5 set the stars, R turns a quarter clockwise. */
export function markKey(key: string, current: PhotoMarks | undefined): MarkChange | null {
  if (key === 'f' || key === 'F') return { favourite: !(current?.favourite ?? false) };
  if (key === 'r' || key === 'R') return { rotateBy: 90 };
  if (/^[0-5]$/.test(key)) return { rating: Number(key) };
  return null;
}
