import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { SearchFilters } from '../../contract/search.js';
import { sqlString } from '../catalog/schema.js';
import type { PhotoSetResolver } from './photo-sets.js';

/**
 * How a search's filters reach LanceDB: the photo columns become a SQL prefilter (`where`), so
 * the vector search ranks only admitted photos; album and tag membership (held outside the
 * photos table) joins the prefilter as `id IN (...)` while the set is small, and otherwise is
 * checked after the search, which then asks for more candidates (see `candidateLimit`).
 */
export interface FilterPlan {
  where: string | null;
  /** album/tag members, when too many for the prefilter; null when not filtering by them */
  postFilter: Set<string> | null;
  /** true when a filter admits no photo at all */
  empty: boolean;
}

/** Longest `id IN (...)` list sent to LanceDB; a bigger set is applied after the search. */
export const IN_LIST_MAX = 1000;

const FORMAT_ALIASES: Record<string, string> = { jpg: 'jpeg', tif: 'tiff', heif: 'heic' };

export async function planFilters(
  filters: SearchFilters,
  sets: PhotoSetResolver | undefined,
  excludeId: string | null,
): Promise<FilterPlan> {
  const clauses = columnClauses(filters);
  if (excludeId !== null) clauses.push(`id != ${sqlString(excludeId)}`);
  const members = await memberIds(filters, sets);
  let postFilter: Set<string> | null = null;
  if (members !== null && members.size <= IN_LIST_MAX && members.size > 0) {
    clauses.push(`id IN (${[...members].map(sqlString).join(', ')})`);
  } else if (members !== null) {
    postFilter = members;
  }
  return {
    where: clauses.length === 0 ? null : clauses.map((c) => `(${c})`).join(' AND '),
    postFilter,
    empty: members?.size === 0,
  };
}

/** How many nearest photos to ask for so that about `wanted` survive a post-filter of `members` among `rows`. */
export function candidateLimit(wanted: number, rows: number, postFilter: Set<string> | null): number {
  if (postFilter === null) return wanted;
  const share = Math.max(postFilter.size / Math.max(1, rows), 0.01);
  return Math.min(rows, Math.ceil((wanted / share) * 1.5));
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
  if (filters.album === undefined && filters.tag === undefined) return null;
  if (!sets) {
    throw new AppError(
      'QUERY_INVALID',
      'album filters need albums: this Shoebox core has no albums store to ask.',
    );
  }
  const album = filters.album === undefined ? null : await sets.album(filters.album);
  const tag = filters.tag === undefined ? null : await sets.tag(filters.tag);
  if (album && tag) return new Set([...album].filter((id) => tag.has(id)));
  return album ?? tag;
}
