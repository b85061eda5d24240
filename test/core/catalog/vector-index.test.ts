import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCatalog, type Catalog } from '../../../src-main/core/catalog/catalog.js';
import { VectorIndex } from '../../../src-main/core/catalog/vector-index.js';
import { nearestPhotos, warmTableIndex } from '../../../src-main/core/catalog/photo-vectors.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { syntheticRow } from '../search/search-library.js';

const D = 32;

/** Deterministic unit vectors around a few centres, like photos of a few kinds of thing. */
function vectors(count: number, seed: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => {
    const centre = (i % 12) + 1;
    const jitter = i * 7919 + seed * 104729;
    const v = Float32Array.from(
      { length: D },
      (_, d) => Math.cos(centre * (d + 1) * 0.37) + 0.3 * Math.sin(jitter * (d + 3) * 0.113),
    );
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

async function addRows(catalog: Catalog, prefix: string, vs: Float32Array[]): Promise<void> {
  for (let i = 0; i < vs.length; i += 500) {
    await catalog.photos.upsert(vs.slice(i, i + 500).map((v, j) => syntheticRow(`${prefix}${i + j}`, v)));
  }
}

/** Searches for known rows until `work` settles; every answer must hold the row searched for. */
async function searchWhile(
  catalog: Catalog,
  probes: [string, Float32Array][],
  work: Promise<void>,
): Promise<{ answered: number; missed: string[] }> {
  const progress = { done: false };
  const settled = work.finally(() => (progress.done = true));
  let answered = 0;
  const missed: string[] = [];
  for (let i = 0; !progress.done; i += 1) {
    const [id, vector] = probes[i % probes.length] ?? ['', new Float32Array(D)];
    const hits = await nearestPhotos(catalog.photos, vector, 10, null);
    answered += 1;
    if (!hits.some((h) => h.id === id)) missed.push(id);
  }
  await settled;
  return { answered, missed };
}

describe('the ANN vector index', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let catalog: Catalog;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    catalog = await openCatalog(path.join(dir, 'catalog'), D);
  });
  afterEach(async () => {
    await catalog.close();
    await cleanup();
  });

  it.each([
    ['in this process', false],
    ['in a child process on the same folder', true],
  ])('is built %s in the background while searches keep answering, and new rows are found before they are indexed', async (_where, inChild) => {
    const base = vectors(3000, 1);
    await addRows(catalog, 'p', base);
    const options = inChild ? { catalogDir: path.join(dir, 'catalog') } : {};
    const index = new VectorIndex(catalog.photos, { minRows: 1000, growth: 0.2, ...options });
    expect(await index.coveredRows()).toBeNull();
    const probes = [0, 777, 1500, 2999].map((i): [string, Float32Array] => [
      `p${i}`,
      base[i] ?? new Float32Array(D),
    ]);

    index.maybeBuild();
    const first = await searchWhile(catalog, probes, index.idle());
    expect(first.answered).toBeGreaterThan(0);
    expect(first.missed).toEqual([]);
    expect(await index.coveredRows()).toBe(3000);

    const fresh = vectors(100, 2);
    await addRows(catalog, 'n', fresh);
    index.maybeBuild();
    await index.idle();
    expect(await index.coveredRows()).toBe(3000);
    const newest = await nearestPhotos(catalog.photos, fresh[42] ?? new Float32Array(D), 5, null);
    expect(newest[0]?.id).toBe('n42');

    // +20% since the build: rebuilt (retrained) beside the old index while searches go on.
    await addRows(catalog, 'm', vectors(600, 3));
    index.maybeBuild();
    const second = await searchWhile(
      catalog,
      [...probes, ['n42', fresh[42] ?? new Float32Array(D)]],
      index.idle(),
    );
    expect(second.answered).toBeGreaterThan(0);
    expect(second.missed).toEqual([]);
    expect(await index.coveredRows()).toBe(3700);
  });

  it('is not built for a small library', async () => {
    await addRows(catalog, 'p', vectors(200, 4));
    const index = new VectorIndex(catalog.photos, { minRows: 1000 });
    index.maybeBuild();
    await index.idle();
    expect(await index.coveredRows()).toBeNull();
  });

  it('is read at open by a process that will search soon, and only where there is one', async () => {
    const base = vectors(1200, 5);
    await addRows(catalog, 'p', base);
    // a table that notes each vector query it is asked (the real table does the work)
    const queries: string[] = [];
    const noted = new Proxy(catalog.photos.table, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (name === 'vectorSearch') queries.push('vectorSearch');
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    // no index yet: the first query would be an exact scan, so nothing is read ahead
    await warmTableIndex(noted, D);
    expect(queries).toEqual([]);
    const index = new VectorIndex(catalog.photos, { minRows: 1000 });
    index.maybeBuild();
    await index.idle();
    expect(await index.coveredRows()).toBe(1200);
    await warmTableIndex(noted, D);
    expect(queries).toEqual(['vectorSearch']);
    await catalog.close();

    // opened for indexing: nothing read ahead; opened to search soon: the read starts at open and searches answer
    catalog = await openCatalog(path.join(dir, 'catalog'), D);
    expect(catalog.indexRead).toBeNull();
    await catalog.close();
    catalog = await openCatalog(path.join(dir, 'catalog'), D, 'photos', { warmIndex: true });
    expect(catalog.indexRead).not.toBeNull();
    await catalog.indexRead;
    const hits = await nearestPhotos(catalog.photos, base[77] ?? new Float32Array(D), 5, null);
    expect(hits[0]?.id).toBe('p77');
  });
});
