import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openCatalog } from '../../src-main/core/catalog/catalog.js';
import type { PhotoStore } from '../../src-main/core/catalog/photo-store.js';
import { libraryPaths } from '../../src-main/core/library/library-paths.js';
import { VectorIndex } from '../../src-main/core/catalog/vector-index.js';
import { searchByVector } from '../../src-main/core/search/vector-search.js';
import { nearestIds } from '../../src-main/core/catalog/photo-vectors.js';
import { median, percentile, progress, secondsSince } from './bench-env.js';
import { exactTopK, recallAt } from './exact-search.js';
import { DIMENSION, ensureSyntheticLibrary, FILTER_YEAR, queryVectors } from './synthetic-library.js';

export interface SearchFigures {
  rows: number;
  p50Ms: number;
  p95Ms: number;
  recall20: number;
  p50MsFiltered: number;
  p95MsFiltered: number;
  recall20Filtered: number;
  /** the ANN lookup alone (ids and distances, no field of any row), same queries, same run: what the search costs on top */
  lookupP50Ms: number;
  lookupP95Ms: number;
  lookupP95MsFiltered: number;
  /** opening the catalogue: every photo's keys into memory (see [Note: columnar keys]) */
  openSeconds: number;
  indexBuildSeconds: number | null;
  /** true when the index was built by an earlier run and reused (--quick): the build time is that run's */
  indexReused: boolean;
  /** searches run while the index was rebuilt: how many answered, how many failed, their p95 */
  duringRebuild: { searches: number; failed: number; p95Ms: number; maxMs: number } | null;
}

const LIMIT = 50;
const DATE_FILTER = `taken_at >= ${FILTER_YEAR.from} AND taken_at < ${FILTER_YEAR.to}`;
const inYear = (t: number): boolean => t >= FILTER_YEAR.from && t < FILTER_YEAR.to;

/**
 * Builds (or rebuilds) the ANN index the way the core does, through its VectorIndex, told that a build is due now:
 * in a child process on the catalogue folder (see [Note: index build in a child]).
 */
async function buildVectorIndex(photos: PhotoStore, catalogDir: string): Promise<void> {
  const index = new VectorIndex(photos, { minRows: 0, growth: 0, catalogDir });
  index.maybeBuild();
  await index.idle();
  if ((await index.coveredRows()) !== photos.count) throw new Error('the vector index was not built (see the warning above)');
}

interface Timed {
  ms: number[];
  recall: number[];
}

/** The index lookup alone, as the search makes it (ids and distances only): the floor the search is compared with. */
async function timeLookups(photos: PhotoStore, queries: readonly Float32Array[], where: string | undefined, rounds: number): Promise<number[]> {
  const ms: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const start = performance.now();
      await nearestIds(photos, q, LIMIT, where ?? null);
      ms.push(performance.now() - start);
    }
  }
  return ms;
}

async function timeSearches(photos: PhotoStore, queries: readonly Float32Array[], truth: number[][], where: string | undefined, rounds: number): Promise<Timed> {
  const out: Timed = { ms: [], recall: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [i, q] of queries.entries()) {
      const start = performance.now();
      const hits = await searchByVector(photos, q, LIMIT, where);
      out.ms.push(performance.now() - start);
      if (round === 0) out.recall.push(recallAt(20, truth[i] ?? [], hits.map((h) => h.id)));
    }
  }
  return out;
}

/** Searches in a loop until `work` ends: proof that the library answers while its index is rebuilt. */
async function searchWhile(photos: PhotoStore, queries: readonly Float32Array[], work: Promise<void>): Promise<NonNullable<SearchFigures['duringRebuild']>> {
  const state = { done: false };
  const finished = work.finally(() => (state.done = true));
  const ms: number[] = [];
  let failed = 0;
  for (let i = 0; !state.done; i++) {
    const start = performance.now();
    try {
      await searchByVector(photos, queries[i % queries.length] as Float32Array, LIMIT);
      ms.push(performance.now() - start);
    } catch {
      failed += 1;
    }
  }
  await finished;
  return { searches: ms.length, failed, p95Ms: percentile(ms, 95), maxMs: Math.max(...ms) };
}

async function indexBuild(dir: string, photos: PhotoStore, queries: readonly Float32Array[], rebuild: boolean): Promise<Pick<SearchFigures, 'indexBuildSeconds' | 'indexReused' | 'duringRebuild'>> {
  const stampFile = path.join(dir, 'bench-index.json');
  const stamp = await readFile(stampFile, 'utf8').then((s) => JSON.parse(s) as { seconds: number }, () => null);
  if (stamp !== null && !rebuild) return { indexBuildSeconds: stamp.seconds, indexReused: true, duringRebuild: null };
  const start = performance.now();
  const building = buildVectorIndex(photos, path.join(dir, 'catalog'));
  // A first build is timed alone; a rebuild runs with searches going on against the old index.
  let duringRebuild: SearchFigures['duringRebuild'] = null;
  if (stamp === null) await building;
  else duringRebuild = await searchWhile(photos, queries, building);
  const seconds = secondsSince(start);
  progress(`vector index ${stamp === null ? 'built' : 'rebuilt'} in ${seconds.toFixed(1)} s`);
  await writeFile(stampFile, JSON.stringify({ seconds }));
  return { indexBuildSeconds: seconds, indexReused: false, duringRebuild };
}

/** Latency and recall of the real search call on a library of `rows` synthetic photos. */
export async function measureSearch(libraryDir: string, rows: number, options: { queries: number; rebuild: boolean; modelId: string }): Promise<SearchFigures> {
  await ensureSyntheticLibrary(libraryDir, rows, options.modelId);
  const queries = queryVectors(options.queries);
  let start = performance.now();
  const truth = exactTopK(rows, queries, 20, inYear);
  progress(`exact top-20 of ${queries.length} queries over ${rows.toLocaleString('en')} rows in ${secondsSince(start).toFixed(1)} s`);

  start = performance.now();
  const catalog = await openCatalog(libraryPaths(libraryDir).catalog, DIMENSION);
  const openSeconds = secondsSince(start);
  progress(`catalogue of ${rows.toLocaleString('en')} rows opened in ${openSeconds.toFixed(2)} s`);
  try {
    const built = await indexBuild(libraryDir, catalog.photos, queries, options.rebuild);
    await timeSearches(catalog.photos, queries.slice(0, 5), truth.all, undefined, 1);
    // search and lookup alternate round by round, so both see the same load
    const plain: Timed = { ms: [], recall: [] };
    const filtered: Timed = { ms: [], recall: [] };
    const lookups: number[] = [];
    const lookupsFiltered: number[] = [];
    for (let round = 0; round < 3; round++) {
      const p = await timeSearches(catalog.photos, queries, truth.all, undefined, 1);
      lookups.push(...(await timeLookups(catalog.photos, queries, undefined, 1)));
      const f = await timeSearches(catalog.photos, queries, truth.filtered, DATE_FILTER, 1);
      lookupsFiltered.push(...(await timeLookups(catalog.photos, queries, DATE_FILTER, 1)));
      plain.ms.push(...p.ms);
      filtered.ms.push(...f.ms);
      if (round === 0) {
        plain.recall.push(...p.recall);
        filtered.recall.push(...f.recall);
      }
    }
    const figures: SearchFigures = {
      rows,
      p50Ms: median(plain.ms),
      p95Ms: percentile(plain.ms, 95),
      recall20: average(plain.recall),
      p50MsFiltered: median(filtered.ms),
      p95MsFiltered: percentile(filtered.ms, 95),
      recall20Filtered: average(filtered.recall),
      lookupP50Ms: median(lookups),
      lookupP95Ms: percentile(lookups, 95),
      lookupP95MsFiltered: percentile(lookupsFiltered, 95),
      openSeconds,
      ...built,
    };
    progress(
      `search ${rows.toLocaleString('en')}: p50 ${figures.p50Ms.toFixed(1)} ms, p95 ${figures.p95Ms.toFixed(1)} ms, recall@20 ${figures.recall20.toFixed(3)}; ` +
        `with a date filter p95 ${figures.p95MsFiltered.toFixed(1)} ms, recall@20 ${figures.recall20Filtered.toFixed(3)}; ` +
        `the lookup alone p95 ${figures.lookupP95Ms.toFixed(1)} / ${figures.lookupP95MsFiltered.toFixed(1)} ms`,
    );
    return figures;
  } finally {
    await catalog.close();
  }
}

const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
