import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { AppError } from '../../../src-main/contract/errors.js';
import type { PhotoSetResolver } from '../../../src-main/core/search/photo-sets.js';
import { IN_LIST_MAX, planFilters } from '../../../src-main/core/search/search-filters.js';
import { names, openSearchLibrary, type SearchLibrary } from './search-library.js';

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

describe('planFilters with album and tag sets', () => {
  const sets = (album: string[], tag: string[]): PhotoSetResolver => ({
    album: () => Promise.resolve(new Set(album)),
    tag: () => Promise.resolve(new Set(tag)),
    tagsOf: () => [],
  });

  it('joins a small set to the prefilter and intersects album with tag', async () => {
    const plan = await planFilters(
      { album: 'a', tag: 't' },
      sets(['p1', 'p2', "o'k"], ['p2', "o'k", 'p9']),
      'p1',
    );
    expect(plan.where).toBe("(id != 'p1') AND (id IN ('p2', 'o''k'))");
    expect(plan.postFilter).toBeNull();
    expect(plan.empty).toBe(false);
  });

  it('checks a large set after the search, and knows an empty one admits nothing', async () => {
    const many = Array.from({ length: IN_LIST_MAX + 1 }, (_, i) => `p${i}`);
    const large = await planFilters({ tag: 't' }, sets([], many), null);
    expect(large.where).toBeNull();
    expect(large.postFilter?.size).toBe(IN_LIST_MAX + 1);
    expect((await planFilters({ album: 'a' }, sets([], []), null)).empty).toBe(true);
  });
});
