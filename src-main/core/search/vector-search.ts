import type { VectorQuery } from '@lancedb/lancedb';
import type { PhotoSummary } from '../../contract/library.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import { sqlString } from '../catalog/schema.js';
import { toSummary } from '../library/photo-view.js';

/**
 * A photo id and its stored (unit) vector: what ranking and calibration work on. The rest of a
 * photo's row is read only for the page that is shown (moving every column of 2,000 candidates
 * through Arrow cost more than the vector search itself).
 */
export interface Candidate {
  id: string;
  vector: Float32Array;
}

/**
 * HNSW search breadth. ef must be at least the number of results asked for; 100 gave recall@20
 * of 0.95 to 0.96 on 10k to 100k clustered 512-d vectors (see vector-index.ts), and the refine
 * step re-scores the index's quantised candidates with the stored vectors (without it the index
 * reports squared L2 distances, twice the cosine distance the unindexed rows report).
 */
export const SEARCH_EF = 100;
export const REFINE_FACTOR = 1;

/** At a million rows ef 100 gives recall@20 of about 0.92; ef 400 gives 0.995 in ~3.4 ms (BENCHMARKS.md). */
function searchBreadth(rows: number, limit: number): number {
  const base = rows >= 500_000 ? 400 : SEARCH_EF;
  return Math.max(base, limit * REFINE_FACTOR);
}

/** A cosine vector query with the index settings; harmless on a table that has no index yet. */
export function vectorQuery(
  photos: PhotoStore,
  vector: Float32Array,
  limit: number,
  where: string | null,
): VectorQuery {
  let query = photos.table
    .vectorSearch(Array.from(vector))
    .distanceType('cosine')
    .ef(searchBreadth(photos.count, limit))
    .refineFactor(REFINE_FACTOR)
    .limit(limit);
  if (where !== null) query = query.where(where);
  return query;
}

/** The `limit` photos nearest to a unit vector (among those `where` admits), with their vectors. */
export async function nearestPhotos(
  photos: PhotoStore,
  vector: Float32Array,
  limit: number,
  where: string | null,
): Promise<Candidate[]> {
  if (photos.count === 0 || limit <= 0) return [];
  // `_distance` is selected only to keep LanceDB from warning that it will stop adding it.
  const query = vectorQuery(photos, vector, limit, where).select(['id', 'vector', '_distance']);
  return readCandidates(query, photos.dimension);
}

/** Photos by id (those `where` admits), with their vectors. */
export async function photosWithVectors(
  photos: PhotoStore,
  ids: readonly string[],
  where: string | null,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const byId = `id IN (${chunk.map(sqlString).join(', ')})`;
    const query = photos.table
      .query()
      .where(where === null ? byId : `(${byId}) AND (${where})`)
      .select(['id', 'vector'])
      .limit(chunk.length);
    out.push(...(await readCandidates(query, photos.dimension)));
  }
  return out;
}

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

interface ArrowColumn {
  get(index: number): unknown;
  data: { offset: number; children: { offset: number; values: unknown }[] }[];
}

/** Ids and vectors from Arrow batches: the vectors are read as views of the batch's float buffer. */
async function readCandidates(
  query: { toArrow(): Promise<import('apache-arrow').Table> },
  dimension: number,
): Promise<Candidate[]> {
  const table = await query.toArrow();
  const out: Candidate[] = [];
  for (const batch of table.batches) {
    const ids = batch.getChild('id') as ArrowColumn | null;
    const vectors = batch.getChild('vector') as ArrowColumn | null;
    if (!ids || !vectors) throw new Error('the id or vector column is missing from a search result');
    const flat = flatVectors(vectors, batch.numRows, dimension);
    for (let row = 0; row < batch.numRows; row += 1) {
      out.push({ id: ids.get(row) as string, vector: flat.slice(row * dimension, (row + 1) * dimension) });
    }
  }
  return out;
}

function flatVectors(column: ArrowColumn, rows: number, dimension: number): Float32Array {
  const data = column.data.length === 1 ? column.data[0] : undefined;
  const child = data?.children[0];
  if (data && child && child.values instanceof Float32Array) {
    const start = child.offset + data.offset * dimension;
    return child.values.subarray(start, start + rows * dimension);
  }
  const out = new Float32Array(rows * dimension);
  for (let row = 0; row < rows; row += 1)
    out.set(Array.from(column.get(row) as Iterable<number>), row * dimension);
  return out;
}
