import type { Table as ArrowTable } from 'apache-arrow';
import type { Table, VectorQuery } from '@lancedb/lancedb';
import type { PhotoStore } from './photo-store.js';
import { sqlString } from './schema.js';
import { INDEX_NAME } from './vector-index.js';

/**
 * The photos table's vectors as search and the albums read them: nearest-neighbour queries,
 * filtered reads by id and whole-table scans, all through one Arrow reader. Nothing outside
 * catalog/ builds a query on a table.
 */

/**
 * A photo id and its stored (unit) vector: what ranking and calibration work on. The rest of a
 * photo's row is read only for the page that is shown (moving every column of 2,000 candidates
 * through Arrow cost more than the vector search itself).
 */
export interface Candidate {
  id: string;
  vector: Float32Array;
}

/** A run of photos and their vectors, flat: row i is `values[i * dim .. (i + 1) * dim)`. */
export interface VectorBatch {
  ids: string[];
  values: Float32Array;
  dim: number;
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
function vectorQuery(photos: PhotoStore, vector: Float32Array, limit: number, where: string | null): VectorQuery {
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
  return readCandidates(await query.toArrow(), photos.dimension);
}

/** A photo id and its cosine distance to the query (exact: the refine step re-scores with the stored vector). */
export interface NearestId {
  id: string;
  distance: number;
}

/**
 * The `limit` photos nearest to a unit vector (among those `where` admits), as ids and distances only:
 * no vector or other column is read back, so the answer costs little more than the index lookup
 * (the page's other fields come from the in-memory keys, see [Note: columnar keys]).
 */
export async function nearestIds(photos: PhotoStore, vector: Float32Array, limit: number, where: string | null): Promise<NearestId[]> {
  if (photos.count === 0 || limit <= 0) return [];
  const table = await vectorQuery(photos, vector, limit, where).select(['id', '_distance']).toArrow();
  const out: NearestId[] = [];
  for (const raw of table.batches) {
    const batch = raw as unknown as ArrowBatch;
    const ids = batch.getChild('id');
    const distances = batch.getChild('_distance');
    if (!ids || !distances) throw new Error('the id or _distance column is missing from a search result');
    for (let row = 0; row < batch.numRows; row += 1) out.push({ id: ids.get(row) as string, distance: distances.get(row) as number });
  }
  return out;
}

/*
 * [Note: the index read at open]
 * At a million photos a new process's first answer was the catalogue's open (every key into memory: 1.4 s) and
 * then the first search, which waited 1.5 s of its 2.2 s for LanceDB's first read of the ANN index (the text tower
 * loads meanwhile). The two do not depend on each other: a process that will search soon
 * (`CoreOptions.searchSoon`: the app, `npm run serve`, `shoebox search`) starts that read on the table as soon as
 * it is open, before the keys load, and its first search awaits the same read. Only where the table has an ANN
 * index: without one the first query is an exact scan, which reading ahead would only do twice. A process that
 * indexes or lists (`shoebox index`, a library left open by the bench) reads nothing ahead and holds no index.
 * `warmTableIndex` is that read: one nearest-neighbour query for its side effect (LanceDB reads the ANN index on a
 * table's first vector query); it never fails, a failure being the real query's to report. While it runs, other
 * LanceDB work of the process waits on the same threads: a commit at open (the serving record written again,
 * unchanged) waited 0.3–1.4 s for it, so the open writes nothing it has not changed (`VectorTables.setServing`).
 */
export async function warmTableIndex(table: Table, dimension: number): Promise<void> {
  try {
    const stats = await table.indexStats(INDEX_NAME);
    if (!stats) return;
    const probe = new Array<number>(dimension).fill(0);
    probe[0] = 1;
    const rows = stats.numIndexedRows + stats.numUnindexedRows;
    await table.vectorSearch(probe).distanceType('cosine').ef(searchBreadth(rows, 1)).refineFactor(REFINE_FACTOR).limit(1).select(['id', '_distance']).toArrow();
  } catch {
    // the real query reports what is wrong
  }
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
    out.push(...readCandidates(await query.toArrow(), photos.dimension));
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
  onBatch: (batch: VectorBatch) => void | Promise<void>,
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
    // awaited: a consumer in another thread holds the scan back rather than queue the whole table
    if (keep.length === batch.numRows) await onBatch({ ids, values: all, dim });
    else if (keep.length > 0) await onBatch({ ids, values: pick(all, keep, dim), dim });
  }
}

function pick(values: Float32Array, rows: readonly number[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => out.set(values.subarray(row * dim, (row + 1) * dim), i * dim));
  return out;
}

// The one Arrow reader: a batch's id and vector columns, the vectors as views of its float buffer.

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

/** Ids and vectors of a query's Arrow result. */
function readCandidates(table: ArrowTable, dimension: number): Candidate[] {
  const out: Candidate[] = [];
  for (const raw of table.batches) {
    const batch = raw as unknown as ArrowBatch;
    const ids = batch.getChild('id');
    const vectors = batch.getChild('vector');
    if (!ids || !vectors) throw new Error('the id or vector column is missing from a search result');
    const flat = flatVectors(vectors, dimension, batch.numRows);
    for (let row = 0; row < batch.numRows; row += 1) {
      out.push({ id: ids.get(row) as string, vector: flat.slice(row * dimension, (row + 1) * dimension) });
    }
  }
  return out;
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
