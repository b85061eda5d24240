import exifr from 'exifr';
import { readFacts, type Facts } from '../imaging/exiftool.js';
import { isRawFile } from '../imaging/raw.js';

export interface PhotoExif {
  /** epoch milliseconds, UTC */
  takenAt: number | null;
  /** the offset the camera recorded ("+02:00"), null when unknown */
  offset: string | null;
  camera: string | null;
  lat: number | null;
  lon: number | null;
}

const PICK = [
  'DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'OffsetTime', 'Make', 'Model',
  'GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef', 'latitude', 'longitude',
];

type Tags = Record<string, unknown>;

/**
 * [Note: plausible dates]
 * Cameras with an unset clock write "0000:00:00 00:00:00", which a lenient date parser (new Date(0, -1, 0)) turns into 30 Nov 1899; others write a year far ahead. So EXIF
 * dates are read strictly, field by field, and no photograph is older than 1826 (Niépce) or taken
 * more than a day ahead of the machine's clock: a date outside that is no date, and the photo
 * falls back to its file's time. The renderer shows such dates already in a catalogue as undated
 * (src-renderer/src/lib/format.ts).
 */
export const FIRST_PHOTOGRAPH_YEAR = 1826;
const EARLIEST = Date.UTC(FIRST_PHOTOGRAPH_YEAR, 0, 1);
const AHEAD = 24 * 3600_000;

export function plausibleInstant(ms: number | null): number | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return ms >= EARLIEST && ms <= Date.now() + AHEAD ? ms : null;
}

const EXIF_DATE = /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * The wall-clock fields of an EXIF date string, read strictly: "0000:00:00 00:00:00" or a 31st of
 * February is no date at all (a lenient Date would roll it into 30 Nov 1899 or into March).
 */
function wallClock(value: unknown): number[] | null {
  if (typeof value !== 'string') return null;
  const parts = EXIF_DATE.exec(value.trim());
  if (!parts) return null;
  const fields = parts.slice(1).map(Number).map((n) => (Number.isNaN(n) ? 0 : n)); // a missing time reads as midnight
  return validFields(fields) ? fields : null;
}

function validFields([year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0]: number[]): boolean {
  if (year < FIRST_PHOTOGRAPH_YEAR) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

/**
 * EXIF dates carry no zone: read as local time, as a camera's clock is. When the camera recorded
 * an offset, the wall-clock fields are read in that offset so taken_at is the true instant.
 */
function toInstant(value: unknown, offset: string | null): number | null {
  const fields = wallClock(value);
  if (fields === null) return null;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = fields;
  const match = offset === null ? null : /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!match) return plausibleInstant(new Date(year, month - 1, day, hour, minute, second).getTime());
  const sign = match[1] === '-' ? -1 : 1;
  const minutes = sign * (Number(match[2]) * 60 + Number(match[3]));
  return plausibleInstant(Date.UTC(year, month - 1, day, hour, minute, second) - minutes * 60_000);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\0/g, '') : null;
}

function cameraName(tags: Tags): string | null {
  const make = text(tags['Make']);
  const model = text(tags['Model']);
  if (make && model) return model.toLowerCase().startsWith(make.toLowerCase().split(' ')[0] ?? '') ? model : `${make} ${model}`;
  return model ?? make;
}

function coordinate(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads what the catalogue keeps from EXIF; a file without EXIF (or with broken EXIF) gets nulls. */
export async function readExif(bytes: Uint8Array, fallbackMtime: number): Promise<PhotoExif> {
  let tags: Tags = {};
  try {
    tags = ((await exifr.parse(bytes, { pick: PICK, gps: true, reviveValues: false })) as Tags | undefined) ?? {};
  } catch {
    tags = {};
  }
  const offset = text(tags['OffsetTimeOriginal']) ?? text(tags['OffsetTime']);
  const takenAt = toInstant(tags['DateTimeOriginal'], offset) ?? toInstant(tags['CreateDate'], offset);
  return {
    takenAt: takenAt ?? fallbackMtime,
    offset: takenAt === null ? null : offset,
    camera: cameraName(tags),
    lat: coordinate(tags['latitude']),
    lon: coordinate(tags['longitude']),
  };
}

/** The offset at the end of a date ExifTool reconciled (MWG's DateTimeOriginal carries OffsetTimeOriginal). */
function trailingOffset(value: unknown): string | null {
  return typeof value === 'string' ? (/([+-]\d{2}:\d{2})$/.exec(value.trim())?.[1] ?? null) : null;
}

/**
 * What the catalogue keeps, from the few tags indexing asked ExifTool for ([Note: one ExifTool request per
 * RAW]): the dates read by the same strict rules as every other photo's, in the offset the file records.
 */
export function exifFromFacts(facts: Facts, fallbackMtime: number): PhotoExif {
  const original = facts['DateTimeOriginal'];
  const created = facts['CreateDate'];
  const recorded = text(facts['OffsetTimeOriginal']) ?? text(facts['OffsetTime']);
  const originalOffset = recorded ?? trailingOffset(original);
  const createdOffset = recorded ?? trailingOffset(created);
  const fromOriginal = toInstant(original, originalOffset);
  const takenAt = fromOriginal ?? toInstant(created, createdOffset);
  return {
    takenAt: takenAt ?? fallbackMtime,
    offset: takenAt === null ? null : fromOriginal !== null ? originalOffset : createdOffset,
    camera: cameraName(facts),
    lat: coordinate(facts['GPSLatitude']),
    lon: coordinate(facts['GPSLongitude']),
  };
}

/** The EXIF of a photo file: ExifTool for RAW files, which exifr does not cover (CR3, RAF, X3F …), exifr otherwise. */
export async function readPhotoExif(file: string, bytes: Uint8Array, fallbackMtime: number): Promise<PhotoExif> {
  if (!isRawFile(file)) return readExif(bytes, fallbackMtime);
  const facts = await readFacts(file).catch(() => null);
  return facts ? exifFromFacts(facts, fallbackMtime) : readExif(bytes, fallbackMtime);
}
