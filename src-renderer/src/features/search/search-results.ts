import type { SearchHit } from '../../../../src-main/contract/search.js';
import type { GridGroup } from '../../lib/grid/grid-layout.js';
import { fileName, formatMonth, monthKey } from '../../lib/format.js';

export type SearchSort = 'relevance' | 'date';
export type Tier = 'best' | 'more';

export interface FilterChip {
  kind: 'folder' | 'type';
  value: string;
  label: string;
}

export interface ResultView {
  hits: SearchHit[];
  groups: GridGroup[];
}

/**
 * The calibrated cut-off of the search issue marks each hit `tier: 'best' | 'more'`; until the
 * contract carries it, hits have no tier and show as one list.
 */
export function tierOf(hit: SearchHit): Tier | null {
  const tier = (hit as SearchHit & { tier?: unknown }).tier;
  return tier === 'best' || tier === 'more' ? tier : null;
}

/** False only when the core ranked the hits and none made the cut-off: the query matched nothing well. */
export function hasBestMatch(hits: readonly SearchHit[]): boolean {
  return hits.length === 0 || hits.some((hit) => tierOf(hit) !== 'more');
}

/** Hits in display order with their section headers: best matches then more, or months by date. */
export function arrangeHits(hits: readonly SearchHit[], sort: SearchSort): ResultView {
  if (sort === 'date') return byMonth([...hits].sort(newestFirst));
  const byScore = [...hits].sort((a, b) => b.score - a.score);
  const best = byScore.filter((hit) => tierOf(hit) === 'best');
  if (byScore.every((hit) => tierOf(hit) === null)) {
    return { hits: byScore, groups: [{ key: 'results', label: null, count: byScore.length }] };
  }
  const more = byScore.filter((hit) => tierOf(hit) !== 'best');
  const groups: GridGroup[] = [
    { key: 'best', label: 'Best matches', count: best.length },
    { key: 'more', label: 'More', count: more.length },
  ];
  return { hits: [...best, ...more], groups: groups.filter((group) => group.count > 0) };
}

function newestFirst(a: SearchHit, b: SearchHit): number {
  return (b.takenAt ?? '').localeCompare(a.takenAt ?? '');
}

function byMonth(hits: SearchHit[]): ResultView {
  const groups: GridGroup[] = [];
  for (const hit of hits) {
    const key = monthKey(hit.takenAt);
    const last = groups.at(-1);
    if (last?.key === (key ?? 'undated')) last.count += 1;
    else groups.push({ key: key ?? 'undated', label: formatMonth(key), count: 1 });
  }
  return { hits, groups };
}

/** The chips offered for a result: every folder and file type among its hits, when there is a choice. */
export function chipsFor(hits: readonly SearchHit[]): FilterChip[] {
  const folders = new Set(hits.map((hit) => hit.root));
  const types = new Set(hits.map((hit) => hit.format.toLowerCase()));
  const chips: FilterChip[] = [];
  if (folders.size > 1) for (const root of folders) chips.push({ kind: 'folder', value: root, label: `in ${fileName(root)}` });
  if (types.size > 1) for (const type of types) chips.push({ kind: 'type', value: type, label: type.toUpperCase() });
  return chips;
}

/** Chips of one kind are alternatives (OR); different kinds narrow each other (AND). */
export function applyChips(hits: readonly SearchHit[], selected: readonly FilterChip[]): SearchHit[] {
  const folders = selected.filter((chip) => chip.kind === 'folder').map((chip) => chip.value);
  const types = selected.filter((chip) => chip.kind === 'type').map((chip) => chip.value);
  return hits.filter(
    (hit) =>
      (folders.length === 0 || folders.includes(hit.root)) &&
      (types.length === 0 || types.includes(hit.format.toLowerCase())),
  );
}

export function sameChip(a: FilterChip, b: FilterChip): boolean {
  return a.kind === b.kind && a.value === b.value;
}
