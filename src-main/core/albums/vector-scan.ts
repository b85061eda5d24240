import type { PhotoStore } from '../catalog/photo-store.js';

/** A run of photos and their vectors, flat: row i is `values[i * dim .. (i + 1) * dim)`. */
export interface VectorBatch {
  ids: string[];
  values: Float32Array;
  dim: number;
}

interface ArrowChunk {
  offset: number;
  length: number;
  children: { offset: number; values: Float32Array }[];
}

interface ArrowColumn {
  data: ArrowChunk[];
  get(index: number): unknown;
}

interface ArrowBatch {
  numRows: number;
  getChild(name: string): ArrowColumn | null;
}

/** The batch's vectors as one flat array; a view, not a copy, when Arrow holds them in one run. */
function flatVectors(column: ArrowColumn, dim: number, rows: number): Float32Array {
  const [only] = column.data;
  if (column.data.length === 1 && only) {
    const child = only.children[0];
    if (!child) throw new Error('vector column has no values');
    const start = (child.offset + only.offset) * dim;
    return child.values.subarray(start, start + rows * dim);
  }
  const out = new Float32Array(rows * dim);
  let row = 0;
  for (const chunk of column.data) {
    const child = chunk.children[0];
    if (!child) throw new Error('vector column has no values');
    const start = (child.offset + chunk.offset) * dim;
    out.set(child.values.subarray(start, start + chunk.length * dim), row * dim);
    row += chunk.length;
  }
  return out;
}

/**
 * Streams every photo's vector from the catalogue in Arrow batches, without building a row
 * object per photo: 100k × 512 floats is read once per refresh and never held whole. Rows
 * embedded by another model (during a model switch) are skipped: their vectors live in
 * another space than this model's prompts.
 */
export async function scanVectors(
  photos: PhotoStore,
  modelId: string,
  onBatch: (batch: VectorBatch) => void,
): Promise<void> {
  const dim = photos.dimension;
  for await (const raw of photos.table.query().select(['id', 'model_id', 'vector'])) {
    const batch = raw as unknown as ArrowBatch;
    const idColumn = batch.getChild('id');
    const modelColumn = batch.getChild('model_id');
    const vectorColumn = batch.getChild('vector');
    if (!idColumn || !modelColumn || !vectorColumn) throw new Error('the photos table lacks id, model_id or vector');
    const all = flatVectors(vectorColumn, dim, batch.numRows);
    const ids: string[] = [];
    const keep: number[] = [];
    for (let i = 0; i < batch.numRows; i += 1) {
      if (modelColumn.get(i) !== modelId) continue;
      ids.push(String(idColumn.get(i)));
      keep.push(i);
    }
    if (keep.length === batch.numRows) onBatch({ ids, values: all, dim });
    else if (keep.length > 0) onBatch({ ids, values: pick(all, keep, dim), dim });
  }
}

function pick(values: Float32Array, rows: readonly number[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => out.set(values.subarray(row * dim, (row + 1) * dim), i * dim));
  return out;
}

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
