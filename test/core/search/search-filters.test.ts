import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { AppError } from '../../../src-main/contract/errors.js';
import type { SearchFilters } from '../../../src-main/contract/search.js';
import { openCatalog, type Catalog } from '../../../src-main/core/catalog/catalog.js';
import { KeywordIndex } from '../../../src-main/core/search/keyword-index.js';
import type { PhotoSetResolver } from '../../../src-main/core/catalog/photo-sets.js';
import { combineParts } from '../../../src-main/core/search/query-vector.js';
import { rankPhotos } from '../../../src-main/core/search/ranker.js';
import { DEFAULT_CALIBRATION, RelevanceJudge } from '../../../src-main/core/search/relevance.js';
import { IN_LIST_MAX, planFilters, SPLIT_MAX } from '../../../src-main/core/catalog/search-filters.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { names, openSearchLibrary, syntheticRow, type SearchLibrary } from './search-library.js';

describe('search filters combined with a text query', () => {
  let lib: SearchLibrary;
  beforeAll(async () => {
    lib = await openSearchLibrary([
      { file: 'trip-2019/a.jpg', shade: 'bright-red', mtime: '2019-07-01T12:00:00' },
      { file: 'trip-2019/b.jpg', shade: 'bright-red', mtime: '2019-07-03T12:00:00' },
      { file: 'trip-2019/c.jpg', shade: 'blue', mtime: '2019-07-02T12:00:00' },
      { file: 'home/d.jpg', shade: 'dark-red', mtime: '2021-03-01T12:00:00' },
      { file: 'home/e.png', shade: 'bright-red', mtime: '2019-07-02T08:00:00', format: 'png' },
      {
        file: 'home/f.jpg',
        shade: 'bright-red',
        exif: { camera: ['Canon', 'Canon EOS 5D'], taken: '2018:05:04 10:00:00', gps: true },
      },
    ]);
  });
  afterAll(async () => lib.close());

  const red = async (
    filters: Record<string, unknown>,
    sort: 'relevance' | 'newest' | 'oldest' = 'relevance',
  ) => {
    const result = await lib.core.search({ text: 'red', filters, sort, limit: 50 });
    return { result, names: names(result.hits) };
  };

  it('keeps a taken-date range, whole days inclusive', async () => {
    const { names: found } = await red({ from: '2019-07-01', to: '2019-07-02' });
    expect(found.sort()).toEqual(['a.jpg', 'c.jpg', 'e.png']);
  });

  it('reads the EXIF date, not the file time, where there is one', async () => {
    expect((await red({ from: '2018-05-04', to: '2018-05-04' })).names).toEqual(['f.jpg']);
  });

  it('keeps a folder, and combines it with a date range and the query', async () => {
    expect((await red({ folder: lib.file('trip-2019') })).names.sort()).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    const both = await red({
      folder: lib.file('trip-2019') + path.sep,
      from: '2019-07-02',
      to: '2019-07-31',
    });
    expect(both.names).toEqual(['b.jpg', 'c.jpg']);
    expect(both.result.hits.map((h) => h.tier)).toEqual(['best', 'more']);
    expect((await red({ folder: lib.photos })).result.total).toBe(6);
    expect((await red({ folder: lib.file('trip') })).result.total).toBe(0);
  });

  it('keeps a file type, a camera and photos with GPS', async () => {
    expect((await red({ format: 'PNG' })).names).toEqual(['e.png']);
    expect((await red({ format: 'jpg' })).result.total).toBe(5);
    expect((await red({ camera: 'eos 5' })).names).toEqual(['f.jpg']);
    expect((await red({ camera: '5D%' })).result.total).toBe(0);
    expect((await red({ hasGps: true })).names).toEqual(['f.jpg']);
    expect((await red({ hasGps: false })).result.total).toBe(5);
  });

  it('sorts by date within the best matches, then the rest', async () => {
    const newest = await red({ folder: lib.file('trip-2019') }, 'newest');
    expect(newest.names).toEqual(['b.jpg', 'a.jpg', 'c.jpg']);
    expect(newest.result.bestCount).toBe(2);
    expect((await red({ folder: lib.file('trip-2019') }, 'oldest')).names).toEqual([
      'a.jpg',
      'b.jpg',
      'c.jpg',
    ]);
  });

  it('refuses a range that ends before it starts, and album filters without albums', async () => {
    await expect(red({ from: '2020-01-02', to: '2020-01-01' })).rejects.toMatchObject({
      code: 'QUERY_INVALID',
    });
    const error = await planFilters({ album: 'x' }, undefined, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'QUERY_INVALID',
      message: expect.stringContaining('album filters need albums') as unknown,
    });
  });

  it('refuses dates that are not ISO dates at the boundary', async () => {
    await expect(
      (async () => lib.core.search({ text: 'red', filters: { from: '07/01/2019' } }))(),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('album and tag membership in a real catalogue', () => {
  const D = 16;
  let dir: string;
  let cleanup: () => Promise<void>;
  let catalog: Catalog;
  const ids = Array.from({ length: 2500 }, (_, i) => `p${i}`);
  const vectorOf = (i: number): Float32Array => {
    const v = Float32Array.from({ length: D }, (_, d) => Math.cos((i + 1) * (d + 1) * 0.61));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    catalog = await openCatalog(path.join(dir, 'catalog'), D);
    for (let i = 0; i < ids.length; i += 500) {
      await catalog.photos.upsert(ids.slice(i, i + 500).map((id, j) => syntheticRow(id, vectorOf(i + j))));
    }
  });
  afterAll(async () => {
    await catalog.close();
    await cleanup();
  });

  const sets = (album: readonly string[], tag: readonly string[]): PhotoSetResolver => ({
    album: () => Promise.resolve(new Set(album)),
    tag: () => Promise.resolve(new Set(tag)),
    tagsOf: () => [],
  });

  async function rank(filters: SearchFilters, resolver: PhotoSetResolver): Promise<string[]> {
    const query = combineParts([{ kind: 'image', vector: vectorOf(7), weight: 1 }], 'p7');
    const judge = new RelevanceJudge(query, [vectorOf(9999)], DEFAULT_CALIBRATION);
    const ranked = await rankPhotos(
      { photos: catalog.photos, keywords: new KeywordIndex(), sets: resolver },
      { terms: [], query, judge, filters, sort: 'relevance', excludeId: null },
    );
    return ranked.hits.map((h) => h.id);
  }

  it('ranks only the photos of an album and a tag, both', async () => {
    const found = await rank({ album: 'a', tag: 't' }, sets(['p1', 'p7', 'p8', "o'k"], ['p7', 'p8', 'p9']));
    expect(found).toEqual(['p7', 'p8']);
  });

  it('splits a set larger than one IN-list into several searches and keeps every member', async () => {
    const members = ids.filter((_, i) => i % 5 !== 0);
    expect(members.length).toBeGreaterThan(IN_LIST_MAX);
    const found = await rank({ tag: 't' }, sets([], members));
    expect(found).toHaveLength(members.length);
    expect(found[0]).toBe('p7');
    expect(found.every((id) => Number(id.slice(1)) % 5 !== 0)).toBe(true);
  });

  it('finds nothing for an empty album', async () => {
    expect(await rank({ album: 'a' }, sets([], []))).toEqual([]);
  });

  it('checks a set beyond SPLIT_MAX after one wider search', async () => {
    const huge = new Set(Array.from({ length: SPLIT_MAX + 1 }, (_, i) => `x${i}`));
    const plan = await planFilters({ tag: 't' }, sets([], [...huge]), null);
    expect(plan.searches).toEqual([null]);
    expect(plan.members?.size).toBe(SPLIT_MAX + 1);
    expect(plan.limit(2000, 100_000)).toBe(15_000);
    expect(plan.limit(2000, 30_000)).toBe(4_500);
  });
});
