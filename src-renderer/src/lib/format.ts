import { i18n, t, type Locale } from './i18n/i18n.svelte.js';

/**
 * Display formatting in the language the UI is shown in (see [Note: UI messages]): numbers, dates and
 * sizes through Intl with that locale, words through the message catalogue. Pure apart from the locale.
 */

/** Intl formatters are costly to build; one per locale and kind. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: (locale: Locale) => T): T {
  const locale = i18n.locale;
  let found = formatters.get(`${locale}:${key}`) as T | undefined;
  if (!found) {
    found = make(locale);
    formatters.set(`${locale}:${key}`, found);
  }
  return found;
}
const numberFormat = (): Intl.NumberFormat => cached('number', (l) => new Intl.NumberFormat(l));
const decimalFormat = (digits: number): Intl.NumberFormat =>
  cached(`decimal${digits}`, (l) => new Intl.NumberFormat(l, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const monthFormat = (): Intl.DateTimeFormat =>
  cached('month', (l) => new Intl.DateTimeFormat(l, { month: 'long', year: 'numeric', timeZone: 'UTC' }));
const dateFormat = (): Intl.DateTimeFormat => cached('date', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeZone: 'UTC' }));
const dateTimeFormat = (): Intl.DateTimeFormat =>
  cached('datetime', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }));

/** A moment the app itself recorded (an ISO instant, e.g. when an import started), in the viewer's own time zone. */
const instantFormat = (): Intl.DateTimeFormat => cached('instant', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }));
export function formatInstant(iso: string): string {
  return instantFormat().format(new Date(iso));
}

export function formatCount(value: number): string {
  return numberFormat().format(value);
}

/** A number with a fixed count of decimals, in the locale's digits and separators. */
export function formatDecimal(value: number, digits: number): string {
  return decimalFormat(digits).format(value);
}

export function formatRate(photosPerSecond: number): string {
  return t('status.rate', { rate: formatDecimal(photosPerSecond, photosPerSecond < 10 ? 1 : 0) });
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return t('eta.estimating');
  if (seconds < 60) return t('eta.underMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('eta.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t('eta.hours', { hours }) : t('eta.hoursMinutes', { hours, minutes: rest });
}

/**
 * `takenAt` is the camera's wall-clock time (EXIF often has no zone), so it is shown as written:
 * the date and time in the string are read as they are and formatted in UTC, never shifted into
 * the viewer's zone or by an offset the string may carry.
 */
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;
/**
 * No photograph is older than 1826; and 30 Nov 1899 at midnight is what a lenient parser made of
 * an unset camera clock ("0000:00:00") before the engine read dates strictly. Both are shown as
 * no date, for catalogues indexed before that ([Note: plausible dates]).
 */
const FIRST_PHOTOGRAPH_YEAR = 1826;
const ZERO_EXIF_DATE = /^1899-11-30[T ]00:00(?::00)?/;

function plausible(takenAt: string): boolean {
  return WALL_CLOCK.test(takenAt) && Number(takenAt.slice(0, 4)) >= FIRST_PHOTOGRAPH_YEAR && !ZERO_EXIF_DATE.test(takenAt);
}

function parseTakenAt(takenAt: string): Date | null {
  const parts = WALL_CLOCK.exec(takenAt);
  if (!parts || !plausible(takenAt)) return null;
  const [year, month, day, hours, minutes, seconds] = parts.slice(1).map((part: string | undefined) => Number(part ?? 0));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hours, minutes, seconds));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `2021-05` for grouping; null when the photo has no usable date. Called for every loaded photo, so no Date. */
export function monthKey(takenAt: string | null): string | null {
  return takenAt !== null && plausible(takenAt) ? takenAt.slice(0, 7) : null;
}

const monthLabels = new Map<string, string>();

export function formatMonth(key: string | null): string {
  if (key === null) return t('library.undated');
  const cacheKey = `${i18n.locale}:${key}`;
  let label = monthLabels.get(cacheKey);
  if (label === undefined) {
    label = monthFormat().format(new Date(`${key}-01T00:00:00Z`));
    monthLabels.set(cacheKey, label);
  }
  return label;
}

export function formatDate(takenAt: string | null): string {
  const date = takenAt === null ? null : parseTakenAt(takenAt);
  return date ? dateFormat().format(date) : t('photo.noDate');
}

export function formatDateTime(takenAt: string | null): string {
  const date = takenAt === null ? null : parseTakenAt(takenAt);
  return date ? dateTimeFormat().format(date) : t('common.unknown');
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
  return `${formatDecimal(value, unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
}

export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatPercent(fraction: number, digits = 0): string {
  // also a CSS width, so always written with a dot: "12.5%"
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatScore(score: number): string {
  return score.toFixed(3);
}
