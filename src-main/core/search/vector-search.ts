import type { PhotoSummary } from '../../contract/library.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import { nearestPhotos } from '../catalog/photo-vectors.js';
import { toSummary } from '../library/photo-view.js';

/** Top-k photos by cosine similarity to a unit query vector, best first (benchmarks, tools). */
export async function searchByVector(
  photos: PhotoStore,
  vector: Float32Array,
  limit: number,
  where?: string,
): Promise<(PhotoSummary & { score: number })[]> {
  const candidates = await nearestPhotos(photos, vector, limit, where ?? null);
  const scores = new Map(candidates.map((c) => [c.id, dot(vector, c.vector)]));
  const rows = await photos.get(candidates.map((c) => c.id));
  return rows
    .map((row) => ({ ...toSummary(row), score: scores.get(row.id) ?? 0 }))
    .sort((a, b) => b.score - a.score);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
