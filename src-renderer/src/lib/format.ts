/** Display formatting in the person's locale; kept pure so tests can assert the text shown. */

const numberFormat = new Intl.NumberFormat(undefined);
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

export function formatRate(photosPerSecond: number): string {
  const digits = photosPerSecond < 10 ? 1 : 0;
  return `${photosPerSecond.toFixed(digits)} photos/s`;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h left` : `about ${hours} h ${rest} min left`;
}

/**
 * `takenAt` is the camera's wall-clock time (EXIF often has no zone), so it is shown as written:
 * the date and time in the string are read as they are and formatted in UTC, never shifted into
 * the viewer's zone or by an offset the string may carry.
 */
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

function parseTakenAt(takenAt: string): Date | null {
  const parts = WALL_CLOCK.exec(takenAt);
  if (!parts) return null;
  const [year, month, day, hours, minutes, seconds] = parts.slice(1).map((part: string | undefined) => Number(part ?? 0));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hours, minutes, seconds));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `2021-05` for grouping; null when the photo has no usable date. Called for every loaded photo, so no Date. */
export function monthKey(takenAt: string | null): string | null {
  return takenAt !== null && WALL_CLOCK.test(takenAt) ? takenAt.slice(0, 7) : null;
}

const monthLabels = new Map<string, string>();

export function formatMonth(key: string | null): string {
  if (key === null) return 'Undated';
  let label = monthLabels.get(key);
  if (label === undefined) {
    label = monthFormat.format(new Date(`${key}-01T00:00:00Z`));
    monthLabels.set(key, label);
  }
  return label;
}

export function formatDate(takenAt: string | null): string {
  const date = takenAt === null ? null : parseTakenAt(takenAt);
  return date ? dateFormat.format(date) : 'no date';
}

export function formatDateTime(takenAt: string | null): string {
  const date = takenAt === null ? null : parseTakenAt(takenAt);
  return date ? dateTimeFormat.format(date) : 'Unknown';
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
}

export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatScore(score: number): string {
  return score.toFixed(3);
}
