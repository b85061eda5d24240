import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byNewest, cameraCounts, folderCounts, KeysMemo, monthOf, monthsInOrder } from '../../../src-main/core/library/browse.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { corePerTest } from '../../helpers/core-per-test.js';

describe('browsing the way the files are', () => {
  it('counts the photos of each folder and fills in the folders between a photo and its root', () => {
    const keys = [
      { path: '/p/a/b/c/1.jpg', root: '/p', takenAt: null },
      { path: '/p/a/b/c/2.jpg', root: '/p', takenAt: null },
      { path: '/p/a/3.jpg', root: '/p', takenAt: null },
      { path: '/q/4.jpg', root: '/q', takenAt: null },
    ];
    expect(folderCounts(keys, ['/p', '/q', '/empty'])).toEqual([
      { path: '/empty', root: '/empty', count: 0 },
      { path: '/p', root: '/p', count: 0 },
      { path: '/p/a', root: '/p', count: 1 },
      { path: '/p/a/b', root: '/p', count: 0 },
      { path: '/p/a/b/c', root: '/p', count: 2 },
      { path: '/q', root: '/q', count: 1 },
    ]);
  });

  it('buckets the months newest first, undated and impossible dates last', () => {
    const at = (iso: string): number => Date.parse(iso);
    const keys = [
      { path: '/p/1.jpg', root: '/p', takenAt: at('2024-05-31T23:59:00Z') },
      { path: '/p/2.jpg', root: '/p', takenAt: at('2024-06-01T00:00:00Z') },
      { path: '/p/3.jpg', root: '/p', takenAt: at('2024-05-02T10:00:00Z') },
      { path: '/p/4.jpg', root: '/p', takenAt: at('2019-12-25T10:00:00Z') },
      { path: '/p/5.jpg', root: '/p', takenAt: null },
      // before photography: undated ([Note: plausible dates])
      { path: '/p/6.jpg', root: '/p', takenAt: Date.UTC(1700, 0, 1) },
    ];
    expect(monthsInOrder([...keys].sort(byNewest))).toEqual([
      { month: '2024-06', count: 1 },
      { month: '2024-05', count: 2 },
      { month: '2019-12', count: 1 },
      { month: null, count: 2 },
    ]);
    expect(monthOf(null)).toBeNull();
  });

  it('keeps listPhotos\' order while the catalogue\'s version and the ids are the same, and sorts again when either changes', () => {
    // fresh objects at every read, as the columnar store makes them
    const key = (name: string, takenAt: number | null) => ({ id: name, path: `/r/${name}.jpg`, root: '/r', takenAt });
    const read = () => [key('a', 1), key('b', 3), key('c', 2), key('d', 3)];
    let sorts = 0;
    const order = new KeysMemo((input: readonly ReturnType<typeof key>[]) => {
      sorts += 1;
      return [...input].sort(byNewest);
    });
    const first = order.get(read(), '{}', 1);
    expect(first.map((k) => k.path)).toEqual(['/r/b.jpg', '/r/d.jpg', '/r/c.jpg', '/r/a.jpg']);
    // other objects with the same ids at the same version: the same sorted array, not sorted again
    expect(order.get(read(), '{}', 1)).toBe(first);
    expect(sorts).toBe(1);
    // a photo's date changed (the version moves, the ids do not): a new order
    const moved = read().map((k) => (k.id === 'c' ? key('c', 9) : k));
    expect(order.get(moved, '{}', 2).map((k) => k.path)).toEqual(['/r/c.jpg', '/r/b.jpg', '/r/d.jpg', '/r/a.jpg']);
    expect(sorts).toBe(2);
    // the same version but other ids (an album's members changed under a filter): sorted again
    expect(order.get(moved.slice(1), '{}', 2).map((k) => k.path)).toEqual(['/r/c.jpg', '/r/b.jpg', '/r/d.jpg']);
    const swapped = [...moved.slice(1), key('e', 5)];
    expect(order.get(swapped, '{}', 2).map((k) => k.id)).toEqual(['c', 'e', 'b', 'd']);
    const renamed = swapped.map((k) => (k.id === 'e' ? key('f', 5) : k));
    expect(order.get(renamed, '{}', 2).map((k) => k.id)).toEqual(['c', 'f', 'b', 'd']);
    // another filter set keeps its own order beside it
    expect(order.get([key('a', 1)], '{"camera":"x"}', 2).map((k) => k.path)).toEqual(['/r/a.jpg']);
    const before = sorts;
    expect(order.get([...renamed], '{}', 2)).toBe(order.get(renamed.map((k) => ({ ...k })), '{}', 2));
    expect(sorts).toBe(before);
    // every key, given as a reader: not read at all while the version holds, read again when it moves
    let reads = 0;
    const every = () => {
      reads += 1;
      return read();
    };
    const all = order.get(every, 'all', 3);
    expect(all.map((k) => k.id)).toEqual(['b', 'd', 'c', 'a']);
    expect(order.get(every, 'all', 3)).toBe(all);
    expect(reads).toBe(1);
    expect(order.get(() => [key('z', 1)], 'all', 4).map((k) => k.id)).toEqual(['z']);
    // a filtered list under the same extra is judged by its ids, never taken for the unfiltered value
    expect(order.get([key('q', 1)], 'all', 4).map((k) => k.id)).toEqual(['q']);
  });

  describe('through the core', () => {
    const t = corePerTest();

    it('lists the folders, pages the photos of one folder, and gives a timeline in listPhotos\' order', async () => {
      const photos = path.join(t.dir, 'photos');
      await writePhoto(path.join(photos, 'Trips', 'Rome', 'r1.jpg'), COLOURS['red'] ?? [0, 0, 0], { takenAt: '2023:07:14 10:00:00' });
      await writePhoto(path.join(photos, 'Trips', 'Rome', 'r2.jpg'), COLOURS['red'] ?? [0, 0, 0], { seed: 2, takenAt: '2023:07:15 10:00:00' });
      await writePhoto(path.join(photos, 'Trips', 't.jpg'), COLOURS['blue'] ?? [0, 0, 0], { takenAt: '2021:01:10 10:00:00' });
      await writePhoto(path.join(photos, 'home.jpg'), COLOURS['green'] ?? [0, 0, 0], { takenAt: '2024:03:03 10:00:00' });
      await t.core.addRoot({ path: photos });
      await t.core.rescan({});
      const root = (await t.core.listRoots({}))[0]?.path ?? '';

      const folders = await t.core.listFolders({});
      expect(folders.map((f) => [path.relative(root, f.path), f.count])).toEqual([['', 1], ['Trips', 1], ['Trips/Rome', 2]]);

      const rome = await t.core.listPhotos({ filters: { folder: path.join(root, 'Trips') } });
      expect(rome.total).toBe(3);
      expect(rome.photos.map((p) => path.basename(p.path))).toEqual(['r2.jpg', 'r1.jpg', 't.jpg']);
      expect(await t.core.timeline({ filters: { folder: path.join(root, 'Trips') } })).toEqual([{ month: '2023-07', count: 2 }, { month: '2021-01', count: 1 }]);

      // every photo was written with Canon's EXIF: one camera, four photos
      expect(await t.core.listCameras({})).toEqual([{ camera: 'Canon EOS R6', count: 4 }]);
      expect(cameraCounts([{ camera: 'B' }, { camera: null }, { camera: 'A' }, { camera: 'B' }, {}])).toEqual([{ camera: 'B', count: 2 }, { camera: 'A', count: 1 }]);

      // the library grid takes a search's filters without a query: dates, camera, and none passing
      const summer = await t.core.listPhotos({ filters: { from: '2023-07-01', to: '2023-07-31' } });
      expect(summer.photos.map((p) => path.basename(p.path))).toEqual(['r2.jpg', 'r1.jpg']);
      expect((await t.core.listPhotos({ filters: { camera: 'nikon' } })).total).toBe(0);
      expect((await t.core.listPhotos({ filters: { camera: 'canon' } })).total).toBe(4);
      expect(await t.core.timeline({ filters: { from: '2024-01-01' } })).toEqual([{ month: '2024-03', count: 1 }]);

      const all = await t.core.timeline({});
      expect(all.map((m) => m.month)).toEqual(['2024-03', '2023-07', '2021-01']);
      // the month's offset is the sum of the months before it, in listPhotos' order
      const page = await t.core.listPhotos({ offset: 1, limit: 1 });
      expect(page.photos[0]?.takenAt?.slice(0, 7)).toBe('2023-07');

      // a photo taken again under the same name with another date: the remembered order and timeline are made anew
      await writePhoto(path.join(photos, 'home.jpg'), COLOURS['green'] ?? [0, 0, 0], { seed: 5, takenAt: '2019:05:05 10:00:00' });
      await t.core.rescan({});
      expect((await t.core.listPhotos({})).photos.map((p) => path.basename(p.path))).toEqual(['r2.jpg', 'r1.jpg', 't.jpg', 'home.jpg']);
      expect((await t.core.timeline({})).map((m) => m.month)).toEqual(['2023-07', '2021-01', '2019-05']);
      expect((await t.core.listRoots({}))[0]?.photoCount).toBe(4);
      // one gone: the folders and the roots' counts follow
      await rm(path.join(photos, 'Trips', 't.jpg'));
      await t.core.rescan({});
      expect((await t.core.listFolders({})).map((f) => [path.relative(root, f.path), f.count])).toEqual([['', 1], ['Trips', 0], ['Trips/Rome', 2]]);
      expect((await t.core.listRoots({}))[0]?.photoCount).toBe(3);
    });
  });
});
