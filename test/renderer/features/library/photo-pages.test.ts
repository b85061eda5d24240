import { describe, expect, it } from 'vitest';
import { monthGroups, pagesFor, PAGE_SIZE } from '../../../../src-renderer/src/features/library/photo-pages.js';
import { photo } from '../../factories.js';

describe('monthGroups', () => {
  it('groups loaded photos by month and leaves pages not loaded as one span without a header', () => {
    const total = PAGE_SIZE * 3;
    const first = Array.from({ length: PAGE_SIZE }, (_, i) =>
      photo(i, { takenAt: i < 150 ? '2023-07-04T12:00:00' : '2023-06-30T08:00:00' }),
    );
    const groups = monthGroups(new Map([[0, first]]), total);
    expect(groups.map((g) => [g.key, g.count, g.label === null])).toEqual([
      ['m:2023-07', 150, false],
      ['m:2023-06', 50, false],
      ['unloaded', 400, true],
    ]);
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(total);
  });

  it('labels photos without a date as undated', () => {
    const groups = monthGroups(new Map([[0, [photo(1, { takenAt: null })]]]), 1);
    expect(groups).toEqual([{ key: 'm:undated', label: 'Undated', count: 1 }]);
  });

  it('lists the pages that cover a range of items', () => {
    expect(pagesFor(0, 1)).toEqual([0]);
    expect(pagesFor(PAGE_SIZE - 1, PAGE_SIZE + 1)).toEqual([0, 1]);
    expect(pagesFor(PAGE_SIZE * 2, PAGE_SIZE * 3)).toEqual([2]);
  });
});
