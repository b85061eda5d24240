import type { FilingLine, ImportPlan } from '../../../../src-main/contract/imports.js';
import { formatCount } from '../../lib/format.js';

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "412 new photos and 9 videos (1,311 already in your library)": the banner's and the import screen's line. */
export function describeNew(plan: ImportPlan): string {
  const videos = plan.videos > 0 ? ` and ${plural(plan.videos, 'video', 'videos')}` : '';
  const known = plan.alreadyInLibrary > 0 ? ` (${formatCount(plan.alreadyInLibrary)} already in your library)` : '';
  return `${plural(plan.photos, 'new photo', 'new photos')}${videos}${known}`;
}

/** "31 → Beach 2026" or "377 stayed in 2026/2026-07-14". */
export function describeFiling(line: FilingLine): string {
  return line.albumName === null ? `${formatCount(line.count)} stayed in ${line.folder ?? '.'}` : `${formatCount(line.count)} → ${line.albumName}`;
}
