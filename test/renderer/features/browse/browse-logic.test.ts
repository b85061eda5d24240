import { describe, expect, it } from 'vitest';
import { buildFolderTree, folderOptions } from '../../../../src-renderer/src/features/browse/folder-tree.js';
import { monthAt, timelineMarks } from '../../../../src-renderer/src/features/browse/timeline-marks.js';

describe('the folder tree', () => {
  it('nests folders under their roots, totals each branch, and leaves out branches without photos', () => {
    const tree = buildFolderTree([
      { path: '/p', root: '/p', count: 1 },
      { path: '/p/Trips', root: '/p', count: 0 },
      { path: '/p/Trips/Rome', root: '/p', count: 2 },
      { path: '/p/Trips/Oslo', root: '/p', count: 3 },
      { path: '/p/Empty', root: '/p', count: 0 },
      { path: '/q', root: '/q', count: 0 },
      { path: 'C:\\Photos', root: 'C:\\Photos', count: 0 },
      { path: 'C:\\Photos\\2024', root: 'C:\\Photos', count: 4 },
    ]);
    const shape = (nodes: ReturnType<typeof buildFolderTree>): unknown[] =>
      nodes.map((n) => [n.name, n.count, n.total, ...(n.children.length > 0 ? [shape(n.children)] : [])]);
    expect(shape(tree)).toEqual([
      ['/p', 1, 6, [['Trips', 0, 5, [['Oslo', 3, 3], ['Rome', 2, 2]]]]],
      ['/q', 0, 0],
      ['C:\\Photos', 0, 4, [['2024', 4, 4]]],
    ]);
  });
});

describe('the folder filter\'s choices', () => {
  it('lists every folder with photos, indented under its root, not only the roots', () => {
    const options = folderOptions(buildFolderTree([
      { path: '/p', root: '/p', count: 1 },
      { path: '/p/Trips', root: '/p', count: 0 },
      { path: '/p/Trips/Rome', root: '/p', count: 2 },
    ]));
    expect(options.map((o) => [o.path, o.label, o.total])).toEqual([
      ['/p', '/p', 3],
      ['/p/Trips', '\u00a0\u00a0Trips', 2],
      ['/p/Trips/Rome', '\u00a0\u00a0\u00a0\u00a0Rome', 2],
    ]);
  });
});

describe('the timeline scrubber\'s marks', () => {
  const years = timelineMarks([
    { month: '2024-06', count: 3 },
    { month: '2024-01', count: 2 },
    { month: '2019-12', count: 5 },
    { month: null, count: 1 },
  ]);

  it('gives each month the offset of its first photo, grouped by year', () => {
    expect(years).toEqual([
      { year: '2024', count: 5, offset: 0, months: [{ month: '2024-06', count: 3, offset: 0 }, { month: '2024-01', count: 2, offset: 3 }] },
      { year: '2019', count: 5, offset: 5, months: [{ month: '2019-12', count: 5, offset: 5 }] },
      { year: null, count: 1, offset: 10, months: [{ month: null, count: 1, offset: 10 }] },
    ]);
  });

  it('finds the month a photo index lies in', () => {
    expect(monthAt(years, 0)?.month).toBe('2024-06');
    expect(monthAt(years, 3)?.month).toBe('2024-01');
    expect(monthAt(years, 9)?.month).toBe('2019-12');
    expect(monthAt(years, 10)?.month).toBeNull();
    expect(monthAt([], 4)).toBeNull();
  });
});
