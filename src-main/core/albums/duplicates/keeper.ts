import type { PhotoKey } from '../../catalog/photo-store.js';

export interface PhotoSize {
  width: number;
  height: number;
  size: number;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * The photo of a group worth keeping: the most pixels (a re-encode or a thumbnail is smaller),
 * then the largest file (less compressed), then the earliest taken (the original, not an export),
 * then the shortest path (the one not in a "copies" folder). The reason names the deciding rule.
 */
export function chooseKeeper(keys: readonly PhotoKey[], sizes: ReadonlyMap<string, PhotoSize>): { keeper: PhotoKey; reason: string } {
  const size = (k: PhotoKey): PhotoSize => sizes.get(k.id) ?? { width: 0, height: 0, size: k.size };
  const pixels = (k: PhotoKey): number => size(k).width * size(k).height;
  const taken = (k: PhotoKey): number => k.takenAt ?? Number.POSITIVE_INFINITY;
  const sorted = [...keys].sort(
    (a, b) => pixels(b) - pixels(a) || b.size - a.size || taken(a) - taken(b) || a.path.length - b.path.length || a.path.localeCompare(b.path),
  );
  const [keeper, runnerUp] = sorted as [PhotoKey, PhotoKey];
  const s = size(keeper);
  let reason: string;
  if (pixels(keeper) !== pixels(runnerUp)) reason = `largest resolution (${s.width}×${s.height})`;
  else if (keeper.size !== runnerUp.size) reason = `same resolution; largest file (${megabytes(keeper.size)})`;
  else if (taken(keeper) !== taken(runnerUp)) reason = 'same resolution and size; taken first';
  else reason = 'identical; shortest path';
  return { keeper, reason };
}
