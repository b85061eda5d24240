import type {
  DuplicateGroup,
  DuplicatePhoto,
  DuplicateReport,
  KeeperRule,
} from '../../../contract/albums.js';
import type { PhotoKey, PhotoStore } from '../../catalog/photo-store.js';
import { confirmedFullHash, FULL_HASH_LATER } from '../../library/full-hash-later.js';
import { dotRow, scanVectors } from '../vector-scan.js';
import type { NearPairsResult } from '../vector-work/vector-job.js';
import type { RunOptions, RunOutcome, VectorWork } from '../vector-work/vector-worker.js';

interface PhotoSize {
  width: number;
  height: number;
  size: number;
}

/** A file size in the units the UI shows beside each photo (1024-based), so header and tile agree. */
export function fileSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
}

/**
 * The photo of a group worth keeping: the most pixels (a re-encode or a thumbnail is smaller),
 * then the largest file (less compressed), then the earliest taken (the original, not an export),
 * then the shortest path (the one not in a "copies" folder). The reason names the deciding rule.
 */
function chooseKeeper(
  keys: readonly PhotoKey[],
  sizes: ReadonlyMap<string, PhotoSize>,
): { keeper: PhotoKey; reason: string; rule: KeeperRule } {
  const size = (k: PhotoKey): PhotoSize => sizes.get(k.id) ?? { width: 0, height: 0, size: k.size };
  const pixels = (k: PhotoKey): number => size(k).width * size(k).height;
  const taken = (k: PhotoKey): number => k.takenAt ?? Number.POSITIVE_INFINITY;
  const sorted = [...keys].sort(
    (a, b) =>
      pixels(b) - pixels(a) ||
      b.size - a.size ||
      taken(a) - taken(b) ||
      a.path.length - b.path.length ||
      a.path.localeCompare(b.path),
  );
  const [keeper, runnerUp] = sorted as [PhotoKey, PhotoKey];
  const s = size(keeper);
  if (pixels(keeper) !== pixels(runnerUp))
    return { keeper, rule: 'largest-resolution', reason: `largest resolution (${s.width}×${s.height})` };
  if (keeper.size !== runnerUp.size)
    return {
      keeper,
      rule: 'largest-file',
      reason: `same resolution; largest file (${fileSize(keeper.size)})`,
    };
  if (taken(keeper) !== taken(runnerUp))
    return { keeper, rule: 'taken-first', reason: 'same resolution and size; taken first' };
  return { keeper, rule: 'shortest-path', reason: 'identical; shortest path' };
}

function toPhoto(key: PhotoKey, similarity: number, size: PhotoSize): DuplicatePhoto {
  return {
    id: key.id,
    path: key.path,
    width: size.width,
    height: size.height,
    size: size.size,
    takenAt: key.takenAt === null ? null : new Date(key.takenAt).toISOString(),
    similarity,
  };
}

/** Sizes of many photos, read in a few queries rather than one per group. */
async function sizesOf(photos: PhotoStore, ids: readonly string[]): Promise<Map<string, PhotoSize>> {
  const sizes = new Map<string, PhotoSize>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of await photos.get(ids.slice(i, i + 500)))
      sizes.set(row.id, { width: row.width, height: row.height, size: row.size });
  }
  return sizes;
}

function describe(
  photos: PhotoStore,
  members: string[],
  sizes: ReadonlyMap<string, PhotoSize>,
  vectors: ReadonlyMap<string, Float32Array>,
): DuplicateGroup | null {
  const keys = members.map((id) => photos.key(id)).filter((k): k is PhotoKey => k !== undefined);
  if (keys.length < 2) return null;
  const { keeper, reason, rule } = chooseKeeper(keys, sizes);
  // (a full hash left for later is no one's: those photos' bytes were found to differ, [Note: full hash later])
  const sameBytes = (k: PhotoKey): boolean => k.fullHash !== FULL_HASH_LATER && k.fullHash === keeper.fullHash;
  const exact = keys.every(sameBytes);
  const keeperVector = vectors.get(keeper.id);
  const similarity = (k: PhotoKey): number => {
    if (sameBytes(k)) return 1;
    const v = vectors.get(k.id);
    return v && keeperVector ? dotRow(v, 0, keeperVector) : 0;
  };
  const ordered = [keeper, ...keys.filter((k) => k !== keeper).sort((a, b) => similarity(b) - similarity(a))];
  return {
    kind: exact ? 'exact' : 'near',
    keeper: keeper.id,
    reason,
    rule,
    photos: ordered.map((k) =>
      toPhoto(k, similarity(k), sizes.get(k.id) ?? { width: 0, height: 0, size: k.size }),
    ),
  };
}

/** The near-copy groups among distinct contents, found in the vector work's thread ([Note: vector work off the main thread]). */
function nearGroups(
  photos: PhotoStore,
  modelId: string,
  threshold: number,
  reps: Map<string, string>,
  work: VectorWork,
  options: RunOptions,
): Promise<RunOutcome<NearPairsResult>> {
  const spec = { kind: 'near-pairs' as const, threshold, total: photos.count, dim: photos.dimension, reps: [...reps] };
  return work.run<NearPairsResult>(spec, photos.count, (send) => scanVectors(photos, modelId, send), options);
}

/**
 * Exact copies (same full SHA-256) and near copies (vector cosine >= nearThreshold), grouped
 * transitively, each group with the photo to keep and why. Reads only: nothing is deleted.
 * `threadId`: where the vectors were compared (0: this thread).
 */
export async function findDuplicates(
  photos: PhotoStore,
  modelId: string,
  nearThreshold: number,
  work: VectorWork,
  options: RunOptions = {},
): Promise<DuplicateReport & { threadId: number }> {
  // Byte-identical files are exact copies, in a group of their own; near copies are found among
  // distinct contents only, each exact group standing in by its keeper, so identical twins are
  // never listed as "99 % alike" inside a group of other pictures.
  const byHash = new Map<string, string[]>();
  const add = (hash: string, id: string): void => {
    const same = byHash.get(hash);
    if (same) same.push(id);
    else byHash.set(hash, [id]);
  };
  const later: PhotoKey[] = [];
  for (const key of photos.keys()) {
    if (key.fullHash === FULL_HASH_LATER) later.push(key);
    else add(key.fullHash, key.id);
  }
  // A full hash left for later is computed where another photo shares the sampled hash: only then can the bytes be the same.
  for (const key of later) {
    const hash = photos.keysByContent(key.contentHash).length > 1 ? await confirmedFullHash(photos, key) : null;
    if (hash !== null) add(hash, key.id);
  }
  const exactMembers = [...byHash.values()].filter((ids) => ids.length > 1);
  const exactSizes = await sizesOf(photos, exactMembers.flat());
  const exact = exactMembers.map((m) => describe(photos, m, exactSizes, new Map())).filter((g): g is DuplicateGroup => g !== null);
  // every member of an exact group stands in by its keeper
  const reps = new Map<string, string>();
  for (const group of exact) for (const p of group.photos) if (p.id !== group.keeper) reps.set(p.id, group.keeper);
  const { result, threadId } = await nearGroups(photos, modelId, nearThreshold, reps, work, options);
  const vectors = new Map(result.ids.map((id, i) => [id, result.values.subarray(i * photos.dimension, (i + 1) * photos.dimension)]));
  const sizes = await sizesOf(photos, result.groups.flat());
  const near = result.groups.map((m) => describe(photos, m, sizes, vectors)).filter((g): g is DuplicateGroup => g !== null);
  const found = [...exact, ...near];
  found.sort((a, b) => (a.kind === b.kind ? b.photos.length - a.photos.length : a.kind === 'exact' ? -1 : 1));
  return { nearThreshold, photos: photos.count, groups: found, threadId };
}
