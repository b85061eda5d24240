import type { PhotoMarks } from '$contract/marks.js';

/** The favourite key, named once for the handler and the button's label. */
export const FAVOURITE_KEY = '.';

export type MarkChange = { favourite: boolean } | { rating: number } | { rotateBy: 90 };

/** The viewer's marking keys: "." toggles favourite (as in Apple Photos), 0–5 set the stars (as in Lightroom), R turns a quarter clockwise. F is full screen. */
export function markKey(key: string, current: PhotoMarks | undefined): MarkChange | null {
  if (key === FAVOURITE_KEY) return { favourite: !(current?.favourite ?? false) };
  if (key === 'r' || key === 'R') return { rotateBy: 90 };
  if (/^[0-5]$/.test(key)) return { rating: Number(key) };
  return null;
}
