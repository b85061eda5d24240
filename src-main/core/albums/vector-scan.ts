import type { PhotoStore } from '../catalog/photo-store.js';
import type { VectorBatch } from '../catalog/photo-vectors.js';

export { scanVectors, type VectorBatch } from '../catalog/photo-vectors.js';

/** The vectors of a few photos (new arrivals, labelled photos) as one batch, in the order asked. */
export async function vectorsOf(photos: PhotoStore, modelId: string, ids: readonly string[]): Promise<VectorBatch> {
  const dim = photos.dimension;
  const found = await photos.vectors(ids);
  const kept = ids.filter((id) => found.has(id) && photos.key(id)?.modelId === modelId);
  const values = new Float32Array(kept.length * dim);
  kept.forEach((id, i) => values.set(found.get(id) ?? new Float32Array(dim), i * dim));
  return { ids: kept, values, dim };
}

/** Dot product of row `row` of a flat batch with a vector of the same length. */
export function dotRow(values: Float32Array, row: number, vector: Float32Array): number {
  const dim = vector.length;
  const base = row * dim;
  let sum = 0;
  for (let j = 0; j < dim; j += 1) sum += (values[base + j] as number) * (vector[j] as number);
  return sum;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
