import { stat } from 'node:fs/promises';
import type { ExifFacts } from '../../contract/library.js';
import { readTags, type Tags } from '../imaging/exiftool.js';

/**
 * [Note: full EXIF on demand]
 * The catalogue keeps what search and sorting need (date, camera, place); the rest a viewer shows (lens,
 * aperture, shutter, ISO, focal length) is read from the file when a photo is opened, by ExifTool for every
 * format ([Note: ExifTool]: one warm process, a time limit per request, RAW maker notes included). Reading
 * it at index time would widen every catalogue row for facts looked at one photo at a time. A file that
 * is gone, not a regular file, or unreadable gives no facts, never an error: the viewer still shows the photo.
 */
export async function readExifFacts(file: string): Promise<ExifFacts | null> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  const tags = await readTags(file).catch(() => null);
  return tags ? exifFacts(tags) : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' && value.trim() !== 'Unknown' ? value.replace(/\0/g, '').trim() : null;
}

/** "50.0 mm", "50", 50 → 50; anything else → null. */
function millimetres(value: unknown): number | null {
  const number = typeof value === 'number' ? value : Number.parseFloat(typeof value === 'string' ? value : '');
  return Number.isFinite(number) && number > 0 ? Math.round(number * 10) / 10 : null;
}

function positive(value: unknown): number | null {
  const number = typeof value === 'number' ? value : Number(typeof value === 'string' ? value : Number.NaN);
  return Number.isFinite(number) && number > 0 ? number : null;
}

/** ExifTool writes a shutter time as "1/250", "0.5" or 2; kept as seconds. */
export function exposureSeconds(value: unknown): number | null {
  if (typeof value === 'number') return positive(value);
  if (typeof value !== 'string') return null;
  const fraction = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  if (fraction) return positive(Number(fraction[1]) / Number(fraction[2]));
  return positive(Number(value));
}

/** The facts a viewer shows, from the tags ExifTool read; a missing tag is null. */
export function exifFacts(tags: Tags): ExifFacts {
  const record = tags as Record<string, unknown>;
  return {
    make: text(record['Make']),
    model: text(record['Model']),
    lens: text(record['LensModel']) ?? text(record['LensID']) ?? text(record['Lens']),
    aperture: positive(record['FNumber']) ?? positive(record['ApertureValue']),
    exposure: exposureSeconds(record['ExposureTime']) ?? exposureSeconds(record['ShutterSpeed']),
    iso: positive(record['ISO']),
    focalLength: millimetres(record['FocalLength']),
    focalLength35: millimetres(record['FocalLengthIn35mmFormat']),
  };
}
