import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { SearchFilters } from '../../contract/search.js';
import { sqlString } from './schema.js';
import type { PhotoSetResolver } from './photo-sets.js';

/**
 * How a search's filters reach LanceDB: the photo columns become a SQL prefilter, so the vector
 * search ranks only admitted photos. Album and tag membership (held outside the photos table)
 * joins the prefilter as `id IN (...)`: one search for a small set, one per IN_LIST_MAX ids for a
 * larger one (each cheap: it ranks only its ids), and past SPLIT_MAX members, where a set is a
 * good share of the library anyway, one search asking for more candidates, members kept after.
 */
export interface FilterPlan {
  /** one vector search per prefilter; empty when a filter admits no photo at all */
  searches: (string | null)[];
  /** the column filters alone, for photos fetched by id (keyword hits) */
  columns: string | null;
  /** album/tag members: every hit must be one; null when not filtering by them */
  members: Set<string> | null;
  /** nearest photos each search asks for, so that about `wanted` remain */
  limit: (wanted: number, rows: number) => number;
}

/** Longest `id IN (...)` list sent to LanceDB. */
export const IN_LIST_MAX = 1000;
/** Members beyond which the set is checked after one wider search instead of split into IN-lists. */
export const SPLIT_MAX = 20_000;
/** The widest search a post-filtered set may ask for. */
const WIDEST_SEARCH = 20_000;

const FORMAT_ALIASES: Record<string, string> = { jpg: 'jpeg', tif: 'tiff', heif: 'heic' };

export async function planFilters(
  filters: SearchFilters,
  sets: PhotoSetResolver | undefined,
  excludeId: string | null,
): Promise<FilterPlan> {
  const clauses = columnClauses(filters);
  if (excludeId !== null) clauses.push(`id != ${sqlString(excludeId)}`);
  const columns = joined(clauses);
  const members = await memberIds(filters, sets);
  const exact = (wanted: number): number => wanted;
  if (members === null) return { searches: [columns], columns, members, limit: exact };
  if (members.size > SPLIT_MAX) {
    const wider = (wanted: number, rows: number): number =>
      Math.min(rows, WIDEST_SEARCH, Math.ceil((wanted * rows * 1.5) / members.size));
    return { searches: [columns], columns, members, limit: wider };
  }
  const ids = [...members];
  const searches: string[] = [];
  for (let i = 0; i < ids.length; i += IN_LIST_MAX) {
    const chunk = ids.slice(i, i + IN_LIST_MAX).map(sqlString);
    searches.push(joined([...clauses, `id IN (${chunk.join(', ')})`]) ?? '');
  }
  return { searches, columns, members, limit: exact };
}

function joined(clauses: readonly string[]): string | null {
  return clauses.length === 0 ? null : clauses.map((c) => `(${c})`).join(' AND ');
}

function columnClauses(filters: SearchFilters): string[] {
  const clauses: string[] = [];
  const from = filters.from === undefined ? null : instant(filters.from, 'start');
  const to = filters.to === undefined ? null : instant(filters.to, 'end');
  if (from !== null && to !== null && to.value <= from.value) {
    throw new AppError(
      'QUERY_INVALID',
      `The date range ends (${filters.to ?? ''}) before it starts (${filters.from ?? ''}).`,
    );
  }
  if (from !== null) clauses.push(`taken_at >= ${from.value}`);
  if (to !== null) clauses.push(`taken_at ${to.inclusive ? '<=' : '<'} ${to.value}`);
  if (filters.folder !== undefined) {
    const folder = path.resolve(filters.folder).replace(/[\\/]+$/, '');
    clauses.push(`starts_with(path, ${sqlString(folder + path.sep)})`);
  }
  if (filters.camera !== undefined)
    clauses.push(`lower(camera) LIKE ${sqlString(`%${likeEscape(filters.camera.toLowerCase())}%`)}`);
  if (filters.format !== undefined) {
    const format = filters.format.toLowerCase().replace(/^\./, '');
    clauses.push(`format = ${sqlString(FORMAT_ALIASES[format] ?? format)}`);
  }
  if (filters.hasGps !== undefined) clauses.push(filters.hasGps ? 'lat IS NOT NULL' : 'lat IS NULL');
  return clauses;
}

/**
 * A date alone is a whole local day ("to 2019-07-01" includes that day); a date with a time
 * is that instant. Photos without EXIF dates carry their file time (see library/exif.ts).
 */
function instant(value: string, edge: 'start' | 'end'): { value: number; inclusive: boolean } {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!day) return { value: Date.parse(value), inclusive: true };
  const [, y, m, d] = day.map(Number) as [number, number, number, number];
  return { value: new Date(y, m - 1, edge === 'start' ? d : d + 1).getTime(), inclusive: false };
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

async function memberIds(
  filters: SearchFilters,
  sets: PhotoSetResolver | undefined,
): Promise<Set<string> | null> {
  const marked = filters.favourite !== undefined || filters.minRating !== undefined;
  if (filters.album === undefined && filters.tag === undefined && !marked) return null;
  if (!sets) {
    throw new AppError(
      'QUERY_INVALID',
      'album filters need albums: this Shoebox core has no albums store to ask.',
    );
  }
  const album = filters.album === undefined ? null : await sets.album(filters.album);
  const tag = filters.tag === undefined ? null : await sets.tag(filters.tag);
  const filter = { ...(filters.favourite && { favourite: true as const }), ...(filters.minRating !== undefined && { minRating: filters.minRating }) };
  const marks = marked ? (sets.marked?.(filter) ?? new Set<string>()) : null;
  return [album, tag, marks].reduce<Set<string> | null>((all, set) => (set === null ? all : all === null ? set : new Set([...all].filter((id) => set.has(id)))), null);
}
