import exifr from 'exifr';

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
