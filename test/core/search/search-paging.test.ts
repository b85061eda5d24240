import { afterEach, describe, expect, it } from 'vitest';
import { openSearchLibrary, type PhotoSpec, type SearchLibrary } from './search-library.js';

const reds = (prefix: string, n: number): PhotoSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    file: `${prefix}-${i}.jpg`,
    shade: i % 2 === 0 ? 'bright-red' : 'dark-red',
  }));

describe('paging through search results', () => {
  let lib: SearchLibrary | null = null;
  afterEach(async () => {
    await lib?.close();
    lib = null;
  });

  it('cuts every page from one ranked list while photos arrive, then a new search sees them', async () => {
    lib = await openSearchLibrary([...reds('first', 6), { file: 'sky.jpg', shade: 'blue' }]);
    const { core } = lib;
    const page1 = await core.search({ text: 'red', limit: 3 });
    expect(page1.total).toBe(7);
    expect(page1.hits).toHaveLength(3);

    await lib.add(reds('later', 4));
    const page2 = await core.search({ text: 'red', limit: 3, offset: 3, resultId: page1.resultId });
    const page3 = await core.search({ text: 'red', limit: 3, offset: 6, resultId: page1.resultId });
    expect(page2.resultId).toBe(page1.resultId);
    expect(page2.total).toBe(7);
    const paged = [...page1.hits, ...page2.hits, ...page3.hits].map((h) => h.id);
    expect(paged).toHaveLength(7);
    expect(new Set(paged).size).toBe(7);

    // Without the id, a later page still comes from the latest list for the same query.
    const again = await core.search({ text: 'red', limit: 3, offset: 3 });
    expect(again.hits.map((h) => h.id)).toEqual(page2.hits.map((h) => h.id));

    const fresh = await core.search({ text: 'red', limit: 50 });
    expect(fresh.resultId).not.toBe(page1.resultId);
    expect(fresh.total).toBe(11);
    expect(fresh.bestCount).toBe(10);
  });

  it('ranks afresh when the id is unknown or belongs to another query, and pages past the end are empty', async () => {
    lib = await openSearchLibrary(reds('r', 3));
    const { core } = lib;
    const blue = await core.search({ text: 'blue', limit: 1 });
    const red = await core.search({ text: 'red', limit: 1, offset: 1, resultId: blue.resultId });
    expect(red.resultId).not.toBe(blue.resultId);
    expect(red.hits).toHaveLength(1);
    const past = await core.search({ text: 'red', limit: 5, offset: 10, resultId: red.resultId });
    expect(past).toMatchObject({ hits: [], total: 3, offset: 10 });
  });
});
