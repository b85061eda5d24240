import { describe, expect, it } from 'vitest';
import {
  KeywordIndex,
  queryKeywords,
  tokenize,
  wordMatches,
} from '../../../src-main/core/search/keyword-index.js';

describe('tokenize', () => {
  it('splits at punctuation, camelCase and letter/digit edges, lower-cased and accents folded', () => {
    expect(tokenize('IMG_20190701-BeachDay (2).JPG')).toEqual([
      'img',
      '20190701',
      'beach',
      'day',
      '2',
      'jpg',
    ]);
    expect(tokenize('Café Zürich/Été')).toEqual(['cafe', 'zurich', 'ete']);
    expect(tokenize('東京タワー 2020')).toEqual(['東京タワー', '2020']);
  });
});

describe('queryKeywords', () => {
  it('takes the words of pulled and pushed terms, without stop words or single letters', () => {
    expect(
      queryKeywords([
        { text: 'a photo of the beach in Spain', weight: 1 },
        { text: 'x people', weight: -0.5 },
      ]),
    ).toEqual({ wanted: ['beach', 'spain'], unwanted: ['people'] });
  });
});

describe('wordMatches', () => {
  it('matches whole words, longer tokens by prefix and short plurals back', () => {
    expect(wordMatches('beach', 'beach')).toBe(true);
    expect(wordMatches('beach', 'beaches')).toBe(true);
    expect(wordMatches('beaches', 'beach')).toBe(true);
    expect(wordMatches('be', 'beach')).toBe(false);
    expect(wordMatches('cat', 'ca')).toBe(false);
    expect(wordMatches('beach', 'bea')).toBe(false);
  });
});

describe('KeywordIndex', () => {
  const root = '/home/me/Holidays';
  const key = (id: string, rel: string) => ({ id, root, path: `${root}/${rel}` });

  it('scores the share of query words found in file, folder and tag names', () => {
    const index = new KeywordIndex();
    index.sync([
      key('a', 'Spain 2019/beach-day.jpg'),
      key('b', 'Spain 2019/hotel.jpg'),
      key('c', 'home/cat.jpg'),
    ]);
    const scores = index.match(queryKeywords([{ text: 'beach in spain', weight: 1 }]));
    expect(Object.fromEntries(scores)).toEqual({ a: 1, b: 0.5 });
    const tags: Record<string, string[]> = { c: ['Sandy Beach trip'] };
    const withTags = index.match(queryKeywords([{ text: 'beach', weight: 1 }]), (id) => tags[id] ?? []);
    expect(Object.fromEntries(withTags)).toEqual({ a: 1, c: 1 });
    expect(Object.fromEntries(index.match(queryKeywords([{ text: 'holiday', weight: 1 }])))).toEqual({
      a: 1,
      b: 1,
      c: 1,
    });
  });

  it('takes a pushed-away word off the score', () => {
    const index = new KeywordIndex();
    index.sync([key('a', 'beach/people.jpg'), key('b', 'beach/sea.jpg')]);
    const scores = index.match(
      queryKeywords([
        { text: 'beach', weight: 1 },
        { text: 'people', weight: -0.5 },
      ]),
    );
    expect(Object.fromEntries(scores)).toEqual({ a: 0, b: 1 });
  });

  it('follows moves and removals on the next sync', () => {
    const index = new KeywordIndex();
    index.sync([key('a', 'beach.jpg'), key('b', 'forest.jpg')]);
    index.sync([key('a', 'renamed/mountain.jpg')]);
    const query = (text: string) => [...index.match(queryKeywords([{ text, weight: 1 }])).keys()];
    expect(query('beach')).toEqual([]);
    expect(query('forest')).toEqual([]);
    expect(query('mountain')).toEqual(['a']);
    expect(query('renamed')).toEqual(['a']);
  });
});

describe('keywords in Chinese, Japanese and Korean (no spaces between words)', () => {
  const root = '/home/me/照片';
  const key = (id: string, rel: string) => ({ id, root, path: `${root}/${rel}` });

  it('splits CJK from Latin and digits, and cuts a CJK query into words with the segmenter, dropping 的 and 照片', () => {
    expect(tokenize('IMG海边2019')).toEqual(['img', '海边', '2019']);
    expect(queryKeywords([{ text: '海边的狗的照片', weight: 1 }])).toEqual({
      wanted: ['海边', '狗'],
      unwanted: [],
    });
    expect(
      queryKeywords([
        { text: '狗', weight: 1 },
        { text: '猫', weight: -0.5 },
      ]),
    ).toEqual({ wanted: ['狗'], unwanted: ['猫'] });
  });

  it('a word matches inside a name, never a different word that shares a character', () => {
    expect(wordMatches('狗', '小狗')).toBe(true);
    expect(wordMatches('海边', '2019海边度假')).toBe(true);
    expect(wordMatches('海边', '上海')).toBe(false);
  });

  it('finds photos by folder, file and tag names written in Chinese', () => {
    const index = new KeywordIndex();
    index.sync([
      key('a', '2019 海边度假/小狗.jpg'),
      key('b', '上海/外滩.jpg'),
      key('c', '家/猫.jpg'),
      key('d', '東京/カメラ.jpg'),
    ]);
    expect(Object.fromEntries(index.match(queryKeywords([{ text: '海边的狗', weight: 1 }])))).toEqual({
      a: 1,
    });
    expect(Object.fromEntries(index.match(queryKeywords([{ text: '上海', weight: 1 }])))).toEqual({ b: 1 });
    expect(Object.fromEntries(index.match(queryKeywords([{ text: 'カメラ', weight: 1 }])))).toEqual({ d: 1 });
    const tags: Record<string, string[]> = { c: ['北京旅行'] };
    expect(
      Object.fromEntries(index.match(queryKeywords([{ text: '北京', weight: 1 }]), (id) => tags[id] ?? [])),
    ).toEqual({ c: 1 });
    index.sync([key('b', '上海/外滩.jpg')]);
    expect(Object.fromEntries(index.match(queryKeywords([{ text: '海边', weight: 1 }])))).toEqual({});
  });
});

describe('KeywordIndex in the background (large libraries)', () => {
  it('syncs in slices without blocking, answers from the index as it stands meanwhile, and follows later changes', async () => {
    const places = new Map(Array.from({ length: 45_000 }, (_, i) => [`p${i}`, { id: `p${i}`, path: `/r/trip/IMG_${i}.jpg`, root: '/r' }]));
    const store = { version: 1, places: () => places.values() };
    const index = new KeywordIndex();
    index.syncSoon(store);
    expect(index.syncing).toBe(true);
    // nothing is read before the caller's turn ends; then one slice per turn of the event loop
    expect(index.match(queryKeywords([{ text: 'trip', weight: 1 }])).size).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(index.match(queryKeywords([{ text: 'trip', weight: 1 }])).size).toBe(20_000);
    await index.idle();
    expect(index.syncing).toBe(false);
    expect(index.match(queryKeywords([{ text: 'trip', weight: 1 }])).size).toBe(45_000);
    // unchanged version: nothing to do
    index.syncSoon(store);
    expect(index.syncing).toBe(false);
    places.delete('p7');
    places.set('p8', { id: 'p8', path: '/r/beach/sunset.jpg', root: '/r' });
    store.version = 2;
    index.syncSoon(store);
    await index.idle();
    expect([...index.match(queryKeywords([{ text: 'sunset', weight: 1 }])).keys()]).toEqual(['p8']);
    expect(index.match(queryKeywords([{ text: 'trip', weight: 1 }])).size).toBe(44_998);
  });

  it('a sync given `between` waits there before each slice, stops when it answers false, and the next goes on', async () => {
    const places = new Map(Array.from({ length: 5_000 }, (_, i) => [`p${i}`, { id: `p${i}`, path: `/r/trip/IMG_${i}.jpg`, root: '/r' }]));
    const store = { version: 1, places: () => places.values() };
    const trip = () => index.match(queryKeywords([{ text: 'trip', weight: 1 }])).size;
    const index = new KeywordIndex();
    let asked = 0;
    index.syncSoon(store, { slice: 2_000, between: () => Promise.resolve(++asked < 3) });
    await index.idle();
    // asked before the first slice, after it, and after the second, which answered false: two slices read
    expect(asked).toBe(3);
    expect(trip()).toBe(4_000);
    expect(index.syncing).toBe(false);
    // not marked synced: the next sync reads the rest
    index.syncSoon(store);
    await index.idle();
    expect(trip()).toBe(5_000);
  });
});
