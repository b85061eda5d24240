import exifr from 'exifr';
import { isJpegStart, jpegStep } from '../library/jpeg-segments.js';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';

export const DEFAULT_PATTERN = '{yyyy}/{yyyy}-{mm}-{dd}';

/** The calendar date and time a photo was taken, as the camera's clock showed it (no zone). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const TOKENS = ['yyyy', 'mm', 'dd', 'hh'] as const;

/**
 * A destination pattern: folders under the import folder, named from the taken date. Only the
 * known tokens are allowed and no part may climb out (`..`) or be absolute, so a pattern can
 * never put a copy outside the destination.
 */
export function checkPattern(pattern: string): string {
  const trimmed = pattern.trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  const unknown = [...trimmed.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '').filter((t) => !(TOKENS as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw new AppError('INVALID_INPUT', `The pattern "${pattern}" uses {${unknown.join('}, {')}}; the known parts are {yyyy}, {mm}, {dd} and {hh}.`);
  }
  const parts = trimmed.split('/');
  if (trimmed === '' || parts.some((p) => p === '' || p === '.' || p === '..') || /[<>:"|?*\0]/.test(trimmed)) {
    throw new AppError('INVALID_INPUT', `The pattern "${pattern}" is not a relative folder path (like ${DEFAULT_PATTERN}).`);
  }
  return trimmed;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The folder (relative to the destination) a photo taken at `when` goes to. */
export function expandPattern(pattern: string, when: WallClock): string {
  const values: Record<(typeof TOKENS)[number], string> = {
    yyyy: String(when.year).padStart(4, '0'),
    mm: two(when.month),
    dd: two(when.day),
    hh: two(when.hour),
  };
  return pattern
    .replace(/\{(yyyy|mm|dd|hh)\}/g, (_, token: (typeof TOKENS)[number]) => values[token])
    .split('/')
    .join(path.sep);
}

function fromLocal(date: Date): WallClock {
  return {
    year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(),
    hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds(),
  };
}

/** "2026:07:14 10:03:00" (EXIF's own form): the date on the camera's clock, which names the day folder. */
function parseExifDate(value: unknown): WallClock | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day, hour, minute, second };
}

/**
 * True when a JPEG's EXIF block (its first APP1 "Exif" segment) lies wholly inside `head`, the
 * file's first bytes, or when the JPEG has none before its image data: then reading the date from
 * `head` gives what reading the file would.
 */
export function jpegExifWithin(head: Buffer): boolean {
  if (!isJpegStart(head)) return false;
  for (let at = 2; ; ) {
    const step = jpegStep(head, at);
    // the image data starts: no EXIF block came before it
    if (step.kind === 'image') return true;
    if (step.kind === 'skip') {
      at = step.next;
      continue;
    }
    if (step.kind !== 'segment') return false;
    if (step.marker === 0xe1 && head.toString('latin1', step.start, step.start + 6) === 'Exif\0\0') return step.end <= head.length;
    at = step.end;
  }
}

const DATE_TAGS = { pick: ['DateTimeOriginal', 'CreateDate'], reviveValues: false };

/**
 * When a file was taken, read from its EXIF (only the first blocks of the file are read), else
 * its modification time in local time. The day folder uses the camera's wall clock, not UTC, so
 * a photo taken at 23:30 goes to that evening's folder wherever the computer is. `head`, the
 * file's first bytes when the caller read them already (the plan's quick hash): a JPEG whose EXIF
 * lies in them is read from them, with no second open of the file.
 */
export async function takenWallClock(file: string, mtimeMs: number, head?: Buffer): Promise<{ when: WallClock; takenAt: number }> {
  let tags: Record<string, unknown> | undefined;
  try {
    const source = head !== undefined && jpegExifWithin(head) ? head : file;
    tags = (await exifr.parse(source, DATE_TAGS)) as Record<string, unknown> | undefined;
  } catch {
    tags = undefined;
  }
  const when = parseExifDate(tags?.['DateTimeOriginal']) ?? parseExifDate(tags?.['CreateDate']);
  if (!when) return { when: fromLocal(new Date(mtimeMs)), takenAt: mtimeMs };
  return { when, takenAt: new Date(when.year, when.month - 1, when.day, when.hour, when.minute, when.second).getTime() };
}
