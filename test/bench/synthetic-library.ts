import * as lancedb from '@lancedb/lancedb';
import { createRequire } from 'node:module';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openCatalog } from '../../src-main/core/catalog/catalog.js';
import { photosSchema } from '../../src-main/core/catalog/schema.js';
import { libraryPaths } from '../../src-main/core/library/library-paths.js';
import { uniformSource } from '../fixtures/onnx/vit-b32-weights.js';
import { progress, secondsSince } from './bench-env.js';

// LanceDB must see the apache-arrow copy it requires itself: see [Note: one apache-arrow].
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/**
 * A library of N synthetic photos with clustered unit vectors, as CLIP embeddings of a real collection
 * are clustered (trips, pets, documents): K centres, each row a centre plus noise, normalised. Rows and
 * queries are generated from seeds, so the exact answers can be recomputed chunk by chunk without
 * keeping a million vectors in memory.
 */
export const DIMENSION = 512;
const CLUSTERS = 256;
const NOISE = 0.045;
const CHUNK = 50_000;
const SEED = 0x5eed;
/** taken_at spans 2015..2024; the date filter asks for 2020 (about a tenth of the library) */
export const YEARS = { from: Date.UTC(2015, 0, 1), to: Date.UTC(2025, 0, 1) };
export const FILTER_YEAR = { from: Date.UTC(2020, 0, 1), to: Date.UTC(2021, 0, 1) };

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

function normaliseInto(out: Float32Array, offset: number): void {
  let sum = 0;
  for (let d = 0; d < DIMENSION; d++) sum += (out[offset + d] ?? 0) ** 2;
  const scale = 1 / Math.sqrt(sum);
  for (let d = 0; d < DIMENSION; d++) out[offset + d] = (out[offset + d] ?? 0) * scale;
}

const CENTRES = ((): Float32Array => {
  const next = uniformSource(SEED);
  const out = new Float32Array(CLUSTERS * DIMENSION).map(() => gaussian(next));
  for (let c = 0; c < CLUSTERS; c++) normaliseInto(out, c * DIMENSION);
  return out;
})();

/** `count` unit vectors near random centres, from `seed`. */
function clusteredVectors(seed: number, count: number): Float32Array {
  const next = uniformSource(seed);
  const out = new Float32Array(count * DIMENSION);
  for (let r = 0; r < count; r++) {
    const centre = Math.floor(next() * CLUSTERS) * DIMENSION;
    for (let d = 0; d < DIMENSION; d++) out[r * DIMENSION + d] = (CENTRES[centre + d] ?? 0) + NOISE * gaussian(next);
    normaliseInto(out, r * DIMENSION);
  }
  return out;
}

export interface RowChunk {
  start: number;
  vectors: Float32Array;
  takenAt: Float64Array;
}

/** The library's rows, chunk by chunk, always the same for the same `rows`. */
export function* rowChunks(rows: number): Generator<RowChunk> {
  for (let start = 0; start < rows; start += CHUNK) {
    const count = Math.min(CHUNK, rows - start);
    const next = uniformSource(SEED + 1 + start);
    const takenAt = Float64Array.from({ length: count }, () => YEARS.from + next() * (YEARS.to - YEARS.from));
    yield { start, vectors: clusteredVectors(SEED + 2 + start, count), takenAt };
  }
}

/** Queries from the same distribution as the photos (a cached query vector stands in for the text tower). */
export function queryVectors(count: number): Float32Array[] {
  const all = clusteredVectors(SEED - 1, count);
  return Array.from({ length: count }, (_, i) => all.slice(i * DIMENSION, (i + 1) * DIMENSION));
}

/** Where the rows say their files are: the 100k/1M search libraries name a folder that does not exist. */
const NOWHERE = '/bench/photos';

function recordBatch(chunk: RowChunk, modelId: string, root: string): import('apache-arrow').RecordBatch {
  const schema = photosSchema(DIMENSION);
  const n = chunk.takenAt.length;
  const ids = Array.from({ length: n }, (_, i) => syntheticId(chunk.start + i));
  const takenAt = Array.from(chunk.takenAt);
  const columns: Record<string, unknown[]> = {
    id: ids,
    content_hash: ids,
    full_hash: ids,
    path: ids.map((id, i) => syntheticPhotoPath(root, id, chunk.takenAt[i] ?? 0)),
    root: ids.map(() => root),
    size: ids.map(() => 3_000_000),
    mtime: takenAt,
    width: ids.map(() => 4000),
    height: ids.map(() => 3000),
    taken_at: takenAt,
    taken_offset: ids.map(() => null),
    camera: ids.map(() => 'Bench Camera'),
    lat: ids.map(() => null),
    lon: ids.map(() => null),
    format: ids.map(() => 'jpeg'),
    model_id: ids.map(() => modelId),
    indexed_at: ids.map(() => Date.now()),
  };
  const children = schema.fields.map((field) => {
    if (field.name === 'vector') {
      const item = arrow.makeData({ type: new arrow.Float32(), length: chunk.vectors.length, data: chunk.vectors });
      return arrow.makeData({ type: field.type as import('apache-arrow').FixedSizeList, length: n, child: item });
    }
    const values = columns[field.name];
    if (values === undefined) throw new Error(`synthetic library: no values for column ${field.name}`);
    return arrow.vectorFromArray(values, field.type).data[0] as import('apache-arrow').Data;
  });
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: n, children }));
}

/** The id of the synthetic library's row `index`. */
export const syntheticId = (index: number): string => `bench${String(index).padStart(19, '0')}`;

/** The file a synthetic row names: one folder per year under the root. */
export const syntheticPhotoPath = (root: string, id: string, takenAt: number): string => `${root}/${new Date(takenAt).getUTCFullYear()}/${id}.jpg`;

/**
 * The library folder of `rows` synthetic photos, built once under the cache (a stamp marks it
 * complete) and reused. The catalogue is created by the app's own openCatalog, so schema and meta
 * are the real ones; the rows go in through LanceDB directly in large appends, then one compaction.
 * The rows name `modelId`, the id the core gives the benchmark model, so that model owns the table
 * (see [Note: one vector table per model]).
 */
export async function ensureSyntheticLibrary(libraryDir: string, rows: number, modelId: string, root = NOWHERE): Promise<string> {
  const stamp = path.join(libraryDir, 'bench-library.json');
  const built = await readFile(stamp, 'utf8').then((s) => JSON.parse(s) as { rows?: number; modelId?: string; root?: string }, () => null);
  if (built?.rows === rows && built.modelId === modelId && (built.root ?? NOWHERE) === root) return libraryDir;
  await rm(libraryDir, { recursive: true, force: true });
  progress(`building a library of ${rows.toLocaleString('en')} synthetic photos in ${libraryDir}`);
  const start = performance.now();
  const catalogDir = libraryPaths(libraryDir).catalog;
  await (await openCatalog(catalogDir, DIMENSION)).close();
  const db = await lancedb.connect(catalogDir);
  const table = await db.openTable('photos');
  for (const chunk of rowChunks(rows)) {
    await table.add(new arrow.Table([recordBatch(chunk, modelId, root)]));
    if ((chunk.start / CHUNK) % 4 === 3) progress(`  ${(chunk.start + chunk.takenAt.length).toLocaleString('en')} rows`);
  }
  await table.optimize({ cleanupOlderThan: new Date() });
  table.close();
  db.close();
  await writeFile(stamp, JSON.stringify({ rows, modelId, root, builtSeconds: secondsSince(start) }));
  progress(`library of ${rows.toLocaleString('en')} rows built in ${secondsSince(start).toFixed(1)} s`);
  return libraryDir;
}
