import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-main/contract/errors.js';
import { writePhoto } from '../../helpers/photos.js';
import { names, openSearchLibrary, SHADES, type SearchLibrary } from './search-library.js';

describe('search: meaning, arithmetic, keywords, images', () => {
  let lib: SearchLibrary;
  beforeAll(async () => {
    lib = await openSearchLibrary([
      { file: 'shots/br-0.jpg', shade: 'bright-red' },
      { file: 'shots/br-1.jpg', shade: 'bright-red' },
      { file: 'shots/dr-0.jpg', shade: 'dark-red' },
      { file: 'shots/dr-1.jpg', shade: 'dark-red' },
      { file: 'shots/bl-0.jpg', shade: 'blue' },
      { file: 'shots/bl-1.jpg', shade: 'blue' },
      { file: 'shots/ye-0.jpg', shade: 'yellow' },
      { file: 'shots/gr-0.jpg', shade: 'green' },
      { file: 'shots/deep-0.jpg', shade: 'deep-red' },
      { file: 'shots/nv-0.jpg', shade: 'navy' },
      { file: 'holidays/beach-2019.jpg', shade: 'gray' },
    ]);
    // File names stay clear of colour words, so these tests see meaning alone; keywords have their own.
  });
  afterAll(async () => lib.close());

  const search = (text: string, more: Record<string, unknown> = {}) =>
    lib.core.search({ text, limit: 50, ...more });

  it('puts the red photos first for "red", as best matches with their scores', async () => {
    const result = await search('red');
    expect(names(result.hits.slice(0, 4)).sort()).toEqual(['br-0.jpg', 'br-1.jpg', 'dr-0.jpg', 'dr-1.jpg']);
    expect(names(result.hits.slice(4, 5))).toEqual(['deep-0.jpg']);
    expect(result.bestCount).toBe(5);
    expect(result.hits.map((h) => h.tier)).toEqual([
      ...Array<string>(5).fill('best'),
      ...Array<string>(6).fill('more'),
    ]);
    expect(result).toMatchObject({
      query: 'red',
      terms: [{ text: 'red', weight: 1 }],
      total: 11,
      nothingMatched: false,
      offset: 0,
    });
    for (const hit of result.hits) expect(hit.score).toBeCloseTo(hit.similarity, 6);
    expect(result.hits[0]?.similarity).toBeGreaterThan(0.5);
  });

  it('a pushed-away term turns the ranking: "dark" against "dark -red"', async () => {
    const plain = await search('dark');
    const pushed = await search('dark -red');
    expect(pushed.terms).toEqual([
      { text: 'dark', weight: 1 },
      { text: 'red', weight: -0.5 },
    ]);
    const rank = (r: typeof plain, name: string) => names(r.hits).indexOf(name);
    expect(rank(plain, 'deep-0.jpg')).toBeLessThan(rank(plain, 'nv-0.jpg'));
    expect(names(pushed.hits.slice(0, 1))).toEqual(['nv-0.jpg']);
    expect(rank(pushed, 'deep-0.jpg')).toBeGreaterThan(rank(pushed, 'nv-0.jpg'));
  });

  it('"red -dark" puts the bright reds first and widens their lead over the dark ones', async () => {
    const plain = await search('red');
    const pushed = await search('red -dark');
    expect(names(pushed.hits.slice(0, 2)).sort()).toEqual(['br-0.jpg', 'br-1.jpg']);
    const gap = (r: typeof plain) => {
      const score = (name: string) => r.hits.find((h) => path.basename(h.path) === name)?.score ?? Number.NaN;
      return score('br-0.jpg') - score('dr-0.jpg');
    };
    expect(gap(pushed)).toBeGreaterThan(gap(plain) + 0.05);
  });

  it('weights decide which colour leads: "2:red + blue" against "red + 2:blue"', async () => {
    const redFirst = await search('2:red + blue');
    const blueFirst = await search('red + 2:blue');
    expect(names(redFirst.hits.slice(0, 4)).sort()).toEqual(['br-0.jpg', 'br-1.jpg', 'dr-0.jpg', 'dr-1.jpg']);
    expect(names(blueFirst.hits.slice(0, 2)).sort()).toEqual(['bl-0.jpg', 'bl-1.jpg']);
    expect(redFirst.terms).toEqual([
      { text: 'red', weight: 2 },
      { text: 'blue', weight: 1 },
    ]);
  });

  it('finds a photo by a word of its file name, however far its vector is', async () => {
    const result = await search('beach');
    expect(names(result.hits.slice(0, 1))).toEqual(['beach-2019.jpg']);
    expect(result.hits[0]).toMatchObject({ keywordMatch: true, tier: 'best' });
    expect(result.hits.slice(1).every((h) => !h.keywordMatch && h.tier === 'more')).toBe(true);
    expect(result.bestCount).toBe(1);
    const byFolder = await search('holiday');
    expect(names(byFolder.hits.slice(0, 1))).toEqual(['beach-2019.jpg']);
  });

  it('says nothing matched a word the model does not know, and still lists the nearest photos', async () => {
    const result = await search('sunset');
    expect(result.bestCount).toBe(0);
    expect(result.nothingMatched).toBe(true);
    expect(result.hits).toHaveLength(11);
    expect(result.hits.every((h) => h.tier === 'more')).toBe(true);
  });

  it('searches with a file from outside the library without adding it', async () => {
    const outside = await writePhoto(
      path.join(lib.dir, 'outside', 'query-blue.jpg'),
      SHADES['blue'] ?? [0, 0, 255],
      { seed: 999 },
    );
    const before = await lib.core.listPhotos({});
    const byPath = await lib.core.search({ image: { path: outside }, limit: 11 });
    expect(names(byPath.hits.slice(0, 2)).sort()).toEqual(['bl-0.jpg', 'bl-1.jpg']);
    expect(byPath.image).toEqual({ kind: 'file', name: 'query-blue.jpg' });
    // navy is a dark blue: the tiny model's image tower calls it blue too
    expect(names(byPath.hits.slice(0, byPath.bestCount)).sort()).toEqual([
      'bl-0.jpg',
      'bl-1.jpg',
      'nv-0.jpg',
    ]);
    const bytesBase64 = (await readFile(outside)).toString('base64');
    const byBytes = await lib.core.search({ image: { bytesBase64, name: 'dropped.jpg' }, limit: 11 });
    expect(names(byBytes.hits.slice(0, 2)).sort()).toEqual(['bl-0.jpg', 'bl-1.jpg']);
    const after = await lib.core.listPhotos({});
    expect(after.total).toBe(before.total);
    expect(after.photos.some((p) => p.path.includes('outside'))).toBe(false);
  });

  it('finds more like a library photo, without the photo itself', async () => {
    const listed = await lib.core.listPhotos({});
    const blue = listed.photos.find((p) => path.basename(p.path) === 'bl-0.jpg');
    if (!blue) throw new Error('blue-0.jpg was not indexed');
    const similar = await lib.core.similarPhotos({ photoId: blue.id, limit: 3 });
    expect(names(similar.hits)[0]).toBe('bl-1.jpg');
    expect(similar.hits.some((h) => h.id === blue.id)).toBe(false);
    expect(similar.image).toEqual({ kind: 'photo', photoId: blue.id });
    const combined = await lib.core.search({ text: 'yellow', image: { photoId: blue.id }, limit: 11 });
    expect(names(combined.hits.slice(0, 2)).sort()).toEqual(['bl-1.jpg', 'ye-0.jpg']);
  });

  it('finds a photo by its tag, and filters by tag (albums store wired in)', async () => {
    const listed = await lib.core.listPhotos({});
    const green = listed.photos.find((p) => path.basename(p.path) === 'gr-0.jpg');
    if (!green) throw new Error('gr-0.jpg was not indexed');
    await lib.core.addTag({ photoId: green.id, tag: 'Summer picnic' });
    const byWord = await search('picnic');
    expect(byWord.hits[0]).toMatchObject({ id: green.id, keywordMatch: true, tier: 'best' });
    expect(byWord.bestCount).toBe(1);
    const filtered = await search('red', { filters: { tag: 'summer picnic' } });
    expect(filtered.hits.map((h) => h.id)).toEqual([green.id]);
  });

  it.each([
    ['"unclosed', 'never closed'],
    ['-red', 'only says what to push away'],
    ['red - 1:red', 'cancel each other out'],
  ])('answers QUERY_INVALID for %j', async (text, message) => {
    const error = await search(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'QUERY_INVALID' });
    expect((error as AppError).message).toContain(message);
  });

  it('answers NOT_FOUND for more like an unknown photo, and INVALID_INPUT for no query at all', async () => {
    await expect((async () => lib.core.similarPhotos({ photoId: 'nope' }))()).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect((async () => lib.core.search({ text: '  ' }))()).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
