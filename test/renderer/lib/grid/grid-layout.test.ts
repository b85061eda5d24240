import { describe, expect, it } from 'vitest';
import { computeLayout, moveIndex, rowOfItem, visibleRows, type GridGroup } from '../../../../src-renderer/src/lib/grid/grid-layout.js';

const metrics = { columns: 4, rowHeight: 100, headerHeight: 40 };
const groups: GridGroup[] = [
  { key: 'may', label: 'May 2021', count: 6 },
  { key: 'april', label: 'April 2021', count: 3 },
];

describe('computeLayout', () => {
  it('puts a header above each labelled group and wraps its items into rows', () => {
    const layout = computeLayout(groups, metrics);
    expect(layout.rows).toEqual([
      { kind: 'header', top: 0, key: 'may', label: 'May 2021' },
      { kind: 'items', top: 40, start: 0, end: 4 },
      { kind: 'items', top: 140, start: 4, end: 6 },
      { kind: 'header', top: 240, key: 'april', label: 'April 2021' },
      { kind: 'items', top: 280, start: 6, end: 9 },
    ]);
    expect(layout.height).toBe(380);
    expect(layout.count).toBe(9);
  });

  it('adds no header for a group without a label', () => {
    const layout = computeLayout([{ key: 'x', label: null, count: 5 }], metrics);
    expect(layout.rows.map((row) => row.kind)).toEqual(['items', 'items']);
  });
});

describe('visibleRows', () => {
  it('keeps the rows in view bounded at 100,000 items, wherever the scroll is', () => {
    const layout = computeLayout([{ key: 'all', label: null, count: 100_000 }], metrics);
    for (const scrollTop of [0, 1_234_567, layout.height - 800]) {
      const { first, last } = visibleRows(layout, scrollTop, 800, 2);
      expect(last - first + 1).toBeLessThanOrEqual(8 + 1 + 4);
      expect(layout.rows[first]?.top).toBeLessThanOrEqual(scrollTop);
    }
  });
});

describe('rowOfItem and moveIndex', () => {
  const layout = computeLayout(groups, metrics);

  it('finds the items row of an item, never a header', () => {
    expect(rowOfItem(layout, 0)).toBe(1);
    expect(rowOfItem(layout, 5)).toBe(2);
    expect(rowOfItem(layout, 6)).toBe(4);
    expect(rowOfItem(layout, 9)).toBe(-1);
  });

  it('moves down into a shorter row by clamping to its last item, and across group headers', () => {
    expect(moveIndex(layout, 3, 'down', 1)).toBe(5);
    expect(moveIndex(layout, 5, 'down', 1)).toBe(7);
    expect(moveIndex(layout, 7, 'up', 1)).toBe(5);
    expect(moveIndex(layout, 1, 'up', 1)).toBe(1);
  });

  it('moves left and right through the items and stops at the ends', () => {
    expect(moveIndex(layout, 0, 'left', 1)).toBe(0);
    expect(moveIndex(layout, 5, 'right', 1)).toBe(6);
    expect(moveIndex(layout, 8, 'right', 1)).toBe(8);
    expect(moveIndex(layout, 4, 'end', 1)).toBe(8);
    expect(moveIndex(layout, 4, 'pageDown', 5)).toBe(6);
  });
});
