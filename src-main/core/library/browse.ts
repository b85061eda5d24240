import path from 'node:path';
import type { CameraCount, FolderCount, TimelineMonth } from '../../contract/library.js';
import { plausibleInstant } from './exif.js';
import type { SearchFilters } from '../../contract/search.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import { planFilters } from '../catalog/search-filters.js';
import type { PhotoSetResolver } from '../catalog/photo-sets.js';
import { isInside } from './supported-files.js';

interface Keyed {
  path: string;
  root: string;
  takenAt: number | null;
}

/**
 * [Note: browsing the way the files are]
 * The folder tree and the timeline are counts over the catalogue's in-memory keys, made when asked (no
 * table to keep in step): every folder that holds a photo, and every folder between it and its root,
 * with the photos directly inside; and the months of the library, newest first, in the order listPhotos
 * pages them, so the renderer turns a month into the offset of its first photo by adding up the months
 * before it. Months are the UTC month of taken_at, as the grid's month headers are (format.ts monthKey),
 * and a date outside what photography allows is undated ([Note: plausible dates]), last.
 */
export function folderCounts(keys: Iterable<Keyed>, roots: readonly string[]): FolderCount[] {
  const counts = new Map<string, { root: string; count: number }>();
  for (const key of keys) {
    const root = roots.find((r) => isInside(key.path, r)) ?? key.root;
    let folder = path.dirname(key.path);
    const direct = counts.get(folder);
    if (direct) {
      direct.count += 1;
      continue;
    }
    counts.set(folder, { root, count: 1 });
    // the folders between it and its root, so the tree has no gap
    while (folder !== root && isInside(folder, root)) {
      folder = path.dirname(folder);
      if (counts.has(folder)) break;
      counts.set(folder, { root, count: 0 });
    }
  }
  for (const root of roots) if (!counts.has(root)) counts.set(root, { root, count: 0 });
  return [...counts].map(([folder, { root, count }]) => ({ path: folder, root, count })).sort((a, b) => a.path.localeCompare(b.path));
}

/** The month of a photo as the grid groups it: "2024-05", or null when undated. */
export function monthOf(takenAt: number | null): string | null {
  const instant = plausibleInstant(takenAt);
  return instant === null ? null : new Date(instant).toISOString().slice(0, 7);
}

/**
 * A value computed from the catalogue's keys (listPhotos' order, the folder tree, the roots' counts, the timeline),
 * computed again only when the keys change: at 100k photos each took 50–500 ms on a busy machine, and the grid asks
 * for a page, the status and the tree over and over. The catalogue's `version` changes whenever a key is added,
 * changed or removed ([Note: columnar keys]: its key objects are made afresh at each read, so they cannot be compared
 * by identity); the same version and the same ids in the same order (a filtered list also changes when an album's
 * members do) are the same photos with the same dates and paths. Kept per `extra` (the filters, the roots), the last few.
 */
export class KeysMemo<K extends { readonly id: string }, V> {
  private readonly cache = new Map<string, { version: number; input: readonly K[] | null; value: V }>();

  constructor(
    private readonly compute: (keys: readonly K[]) => V,
    private readonly keep = 4,
  ) {}

  /**
   * `keys` is a filtered list (its ids are compared too), or a function that reads every key: the version alone
   * then says whether the value holds, and the keys are not read at all when it does (at 100k photos reading them
   * costs 60–80 ms, more than the page the grid asked for).
   */
  get(keys: readonly K[] | (() => readonly K[]), extra: string, version: number): V {
    const hit = this.cache.get(extra);
    const listed = typeof keys === 'function' ? null : keys;
    if (hit && hit.version === version) {
      if (listed === null && hit.input === null) return hit.value;
      if (listed !== null && hit.input !== null && hit.input.length === listed.length && hit.input.every((k, i) => k.id === listed[i]?.id)) return hit.value;
    }
    const value = this.compute(listed ?? (keys as () => readonly K[])());
    this.cache.delete(extra);
    this.cache.set(extra, { version, input: listed, value });
    for (const old of this.cache.keys()) if (this.cache.size > this.keep) this.cache.delete(old);
    return value;
  }
}

/** The library's order: newest first, ties by path (listPhotos pages it so). */
export function byNewest(a: Keyed, b: Keyed): number {
  return (b.takenAt ?? 0) - (a.takenAt ?? 0) || a.path.localeCompare(b.path);
}

/**
 * The photos that pass a search's filters, for the library grid and its timeline (defect 13 of issue 14:
 * filters worked only once a query was typed): the same plan a search makes (search-filters.ts), its
 * column clause run over the photos table's ids, album and tag members kept.
 */
export async function passing<K extends Keyed & { id: string }>(
  keys: Iterable<K>,
  filters: SearchFilters | undefined,
  photos: Pick<PhotoStore, 'table'>,
  sets: PhotoSetResolver | undefined,
): Promise<K[]> {
  const all = [...keys];
  if (isUnfiltered(filters)) return all;
  const plan = await planFilters(filters, sets, null);
  let admitted: Set<string> | null = null;
  if (plan.columns !== null) {
    const rows = (await photos.table.query().where(plan.columns).select(['id']).toArray()) as { id: string }[];
    admitted = new Set(rows.map((row) => row.id));
  }
  return all.filter((k) => (admitted === null || admitted.has(k.id)) && (plan.members === null || plan.members.has(k.id)));
}

/** No filter set: every photo passes. */
export function isUnfiltered(filters: SearchFilters | undefined): filters is undefined | Record<string, never> {
  return filters === undefined || Object.keys(filters).length === 0;
}

/** Months newest first with their counts, undated last, of keys already in listPhotos' order (byNewest). */
export function monthsInOrder(sorted: readonly Keyed[]): TimelineMonth[] {
  const months: TimelineMonth[] = [];
  for (const key of sorted) {
    const month = monthOf(key.takenAt);
    const last = months.at(-1);
    if (last?.month === month) last.count += 1;
    else months.push({ month, count: 1 });
  }
  return months;
}

/** The cameras named in the catalogue's rows, most photos first, then by name; a photo without one is left out. */
export function cameraCounts(rows: Iterable<{ camera?: string | null }>): CameraCount[] {
  const counts = new Map<string, number>();
  for (const { camera } of rows) if (camera) counts.set(camera, (counts.get(camera) ?? 0) + 1);
  return [...counts].map(([camera, count]) => ({ camera, count })).sort((a, b) => b.count - a.count || a.camera.localeCompare(b.camera));
}
