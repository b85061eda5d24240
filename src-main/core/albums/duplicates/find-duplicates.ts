import type {
  DuplicateGroup,
  DuplicatePhoto,
  DuplicateReport,
  KeeperRule,
} from '../../../contract/albums.js';
import type { PhotoKey, PhotoStore } from '../../catalog/photo-store.js';
import { dotRow, scanVectors, type VectorBatch } from '../vector-scan.js';
import { LshIndex, lshParams, SKETCH_MARGIN } from './lsh-blocking.js';

/** Disjoint sets over string keys, with path halving: groups pairs into connected groups. */
class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let node = x;
    for (;;) {
      const up = this.parent.get(node) ?? node;
      if (up === node) return node;
      const grand = this.parent.get(up) ?? up;
      this.parent.set(node, grand);
      node = grand;
    }
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }

  /** Every group of two or more, as lists of members. */
  groups(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const root = this.find(x);
      const members = byRoot.get(root) ?? [root];
      if (x !== root) members.push(x);
      byRoot.set(root, members);
    }
    return [...byRoot.values()].filter((g) => g.length > 1);
  }
}

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

/** Pairs that share a bucket and whose sketches are close enough to be worth an exact check. */
function candidatePairs(index: LshIndex, threshold: number): [string, string][] {
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  for (const bucket of index.crowded()) {
    for (let i = 0; i < bucket.length; i += 1) {
      for (let j = i + 1; j < bucket.length; j += 1) {
        const [a, b] = [bucket[i] as string, bucket[j] as string];
        const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (index.sketchCosine(a, b) >= threshold - SKETCH_MARGIN) pairs.push([a, b]);
      }
    }
  }
  return pairs;
}

/**
 * Joins photos whose vectors have cosine >= threshold, found through [Note: near-duplicate
 * blocking]; returns the vectors it read (those of photos in a candidate pair).
 */
async function joinNearPairs(
  photos: PhotoStore,
  modelId: string,
  threshold: number,
  groups: UnionFind,
  rep: (id: string) => string,
): Promise<Map<string, Float32Array>> {
  const built: { index: LshIndex | null } = { index: null };
  await scanVectors(photos, modelId, (batch) => {
    built.index ??= indexFor(batch, photos.count, threshold);
    built.index.add(batch);
  });
  const vectors = new Map<string, Float32Array>();
  if (built.index === null) return vectors;
  const pairs = candidatePairs(built.index, threshold);
  const wanted = new Set(pairs.flat());
  await scanVectors(photos, modelId, ({ ids, values, dim }) => {
    ids.forEach((id, row) => {
      if (wanted.has(id)) vectors.set(id, values.slice(row * dim, (row + 1) * dim));
    });
  });
  for (const [a, b] of pairs) {
    const [x, y] = [vectors.get(a), vectors.get(b)];
    const [ra, rb] = [rep(a), rep(b)];
    if (!x || !y || ra === rb || groups.find(ra) === groups.find(rb) || dotRow(x, 0, y) < threshold) continue;
    groups.union(ra, rb);
    // a copy's vector stands for its group's representative (same bytes, same vector)
    if (!vectors.has(ra)) vectors.set(ra, x);
    if (!vectors.has(rb)) vectors.set(rb, y);
  }
  return vectors;
}

/** Sizes the tables from the first batch's mean (see [Note: near-duplicate blocking]). */
function indexFor(batch: VectorBatch, photos: number, threshold: number): LshIndex {
  const { dim, values, ids } = batch;
  const mean = new Float32Array(dim);
  for (let i = 0; i < values.length; i += 1)
    mean[i % dim] = (mean[i % dim] as number) + (values[i] as number) / ids.length;
  const m = mean.reduce((s, x) => s + x * x, 0);
  const centred = m < 0.999 ? (threshold - m) / (1 - m) : threshold;
  return new LshIndex(lshParams(photos, centred), dim, mean);
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
  const exact = keys.every((k) => k.fullHash === keeper.fullHash);
  const keeperVector = vectors.get(keeper.id);
  const similarity = (k: PhotoKey): number => {
    if (k.fullHash === keeper.fullHash) return 1;
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

/**
 * Exact copies (same full SHA-256) and near copies (vector cosine >= nearThreshold), grouped
 * transitively, each group with the photo to keep and why. Reads only: nothing is deleted.
 */
export async function findDuplicates(photos: PhotoStore, modelId: string, nearThreshold: number): Promise<DuplicateReport> {
  // Byte-identical files are exact copies, in a group of their own; near copies are found among
  // distinct contents only, each exact group standing in by its keeper, so identical twins are
  // never listed as "99 % alike" inside a group of other pictures.
  const byHash = new Map<string, string[]>();
  for (const key of photos.keys()) byHash.set(key.fullHash, [...(byHash.get(key.fullHash) ?? []), key.id]);
  const exactMembers = [...byHash.values()].filter((ids) => ids.length > 1);
  const exactSizes = await sizesOf(photos, exactMembers.flat());
  const exact = exactMembers.map((m) => describe(photos, m, exactSizes, new Map())).filter((g): g is DuplicateGroup => g !== null);
  const repOfHash = new Map<string, string>();
  for (const group of exact) {
    const hash = photos.key(group.keeper)?.fullHash;
    if (hash !== undefined) repOfHash.set(hash, group.keeper);
  }
  const rep = (id: string): string => {
    const hash = photos.key(id)?.fullHash;
    return (hash === undefined ? undefined : repOfHash.get(hash)) ?? id;
  };
  const groups = new UnionFind();
  const vectors = await joinNearPairs(photos, modelId, nearThreshold, groups, rep);
  const members = groups.groups();
  const sizes = await sizesOf(photos, members.flat());
  const found = [...exact, ...members.map((m) => describe(photos, m, sizes, vectors)).filter((g): g is DuplicateGroup => g !== null)];
  found.sort((a, b) => (a.kind === b.kind ? b.photos.length - a.photos.length : a.kind === 'exact' ? -1 : 1));
  return { nearThreshold, photos: photos.count, groups: found };
}
