import exifr from 'exifr';
import { ExifDateTime } from 'exiftool-vendored';
import { readTags, type Tags as ExifToolTags } from '../imaging/exiftool.js';
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
 * EXIF dates carry no zone; exifr reads them as local time. When the camera recorded an
 * offset, the wall-clock fields are re-read in that offset so taken_at is the true instant.
 */
function toInstant(value: unknown, offset: string | null): number | null {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return null;
  if (offset === null) return value.getTime();
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!match) return value.getTime();
  const sign = match[1] === '-' ? -1 : 1;
  const minutes = sign * (Number(match[2]) * 60 + Number(match[3]));
  const wallClockAsUtc = Date.UTC(
    value.getFullYear(), value.getMonth(), value.getDate(),
    value.getHours(), value.getMinutes(), value.getSeconds(), value.getMilliseconds(),
  );
  return wallClockAsUtc - minutes * 60_000;
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
    tags = ((await exifr.parse(bytes, { pick: PICK, gps: true, reviveValues: true })) as Tags | undefined) ?? {};
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

/** A date ExifTool read: the instant, and the offset where the file recorded (or ExifTool inferred) one. */
function fromExifDateTime(value: unknown): { takenAt: number; offset: string | null } | null {
  if (!(value instanceof ExifDateTime)) return null;
  if (value.hasZone && value.tzoffsetMinutes !== undefined) {
    const m = Math.abs(value.tzoffsetMinutes);
    const offset = `${value.tzoffsetMinutes < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return { takenAt: value.toMillis(), offset };
  }
  // no zone: the wall clock read as local time, as exifr reads the dates of other photos
  const { year, month, day, hour, minute, second } = value;
  return { takenAt: new Date(year, month - 1, day, hour, minute, second, value.millisecond ?? 0).getTime(), offset: null };
}

/** What the catalogue keeps, from the tags ExifTool read (RAW photos and videos: [Note: ExifTool]). */
export function exifFromTags(tags: ExifToolTags, fallbackMtime: number): PhotoExif {
  const date = fromExifDateTime(tags.DateTimeOriginal) ?? fromExifDateTime(tags.CreateDate);
  return {
    takenAt: date?.takenAt ?? fallbackMtime,
    offset: date?.offset ?? null,
    camera: cameraName(tags as Tags),
    lat: coordinate(tags.GPSLatitude),
    lon: coordinate(tags.GPSLongitude),
  };
}

/** The EXIF of a photo file: ExifTool for RAW files, which exifr does not cover (CR3, RAF, X3F …), exifr otherwise. */
export async function readPhotoExif(file: string, bytes: Uint8Array, fallbackMtime: number): Promise<PhotoExif> {
  if (!isRawFile(file)) return readExif(bytes, fallbackMtime);
  const tags = await readTags(file).catch(() => null);
  return tags ? exifFromTags(tags, fallbackMtime) : readExif(bytes, fallbackMtime);
}
