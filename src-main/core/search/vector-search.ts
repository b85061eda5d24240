import type { PhotoSummary } from '../../contract/library.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import { nearestIds } from '../catalog/photo-vectors.js';
import { summaryOfKey } from '../library/photo-view.js';

/**
 * Top-k photos by cosine similarity to a unit query vector, best first (benchmarks, tools): ids and
 * distances from the index, every other field from the in-memory keys.
 */
export async function searchByVector(
  photos: PhotoStore,
  vector: Float32Array,
  limit: number,
  where?: string,
): Promise<(PhotoSummary & { score: number })[]> {
  const nearest = await nearestIds(photos, vector, limit, where ?? null);
  return nearest
    .flatMap(({ id, distance }) => {
      const key = photos.fields(id);
      return key ? [{ ...summaryOfKey(key), score: 1 - distance }] : [];
    })
    .sort((a, b) => b.score - a.score);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
