import { describe, expect, it } from 'vitest';
import { Selection, type SelectableItems } from '../../../../src-renderer/src/lib/grid/selection.svelte.js';
import { pickFor, selectKeyFor } from '../../../../src-renderer/src/lib/grid/grid-select.js';
import { markKey } from '../../../../src-renderer/src/features/selection/mark-keys.js';
import { inChunks } from '../../../../src-renderer/src/lib/marks.svelte.js';
import { BULK_MAX } from '$contract/marks.js';

/** 2,500 items, only the first page of 200 loaded; `ensure` loads the rest as the library's pages do. */
function paged(count = 2500): SelectableItems & { loads: number } {
  const loaded = new Set<number>([0]);
  const items = {
    count,
    loads: 0,
    get: (i: number) => (loaded.has(Math.floor(i / 200)) && i < count ? { id: `p${i}` } : undefined),
    ensure: (i: number) => {
      const page = Math.floor(i / 200);
      if (!loaded.has(page)) {
        loaded.add(page);
        items.loads += 1;
      }
      return Promise.resolve(i < count ? { id: `p${i}` } : undefined);
    },
  };
  return items;
}

const click = (init: MouseEventInit, target?: Element): MouseEvent => {
  const event = new MouseEvent('click', init);
  if (target) Object.defineProperty(event, 'target', { value: target });
  return event;
};

describe('picking photos in a grid', () => {
  it('toggles one, ranges from the last one picked in either direction, selects all over pages not loaded, lets go', async () => {
    const selection = new Selection();
    const items = paged();
    selection.toggle(5, 'p5');
    await selection.range(2, items);
    expect([...selection.ids].sort()).toEqual(['p2', 'p3', 'p4', 'p5']);
    selection.toggle(3, 'p3');
    expect(selection.has('p3')).toBe(false);
    await selection.range(450, items);
    expect(selection.size).toBe(449); // p2, then p3 (the anchor) to p450
    await selection.all(items);
    expect(selection.size).toBe(2500);
    selection.forget(['p0', 'p1']);
    expect(selection.size).toBe(2498);
    selection.clear();
    expect(selection.size).toBe(0);
    expect(selection.anchor).toBeNull();
  });

  it('a plain click opens, ctrl/cmd or the checkbox toggles, shift ranges; while some are picked a click adds', () => {
    const checkbox = document.createElement('input');
    checkbox.dataset['select'] = '';
    expect(pickFor(click({}), 0)).toBe('open');
    expect(pickFor(click({ ctrlKey: true }), 0)).toBe('toggle');
    expect(pickFor(click({ metaKey: true }), 0)).toBe('toggle');
    expect(pickFor(click({}, checkbox), 0)).toBe('toggle');
    expect(pickFor(click({ shiftKey: true }), 0)).toBe('range');
    expect(pickFor(click({}), 2)).toBe('toggle');
  });

  it('Ctrl/Cmd+A selects all, Esc lets go only when something is picked, x toggles', () => {
    expect(selectKeyFor(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true }), 0)).toBe('all');
    expect(selectKeyFor(new KeyboardEvent('keydown', { key: 'A', metaKey: true }), 0)).toBe('all');
    expect(selectKeyFor(new KeyboardEvent('keydown', { key: 'Escape' }), 0)).toBeNull();
    expect(selectKeyFor(new KeyboardEvent('keydown', { key: 'Escape' }), 3)).toBe('clear');
    expect(selectKeyFor(new KeyboardEvent('keydown', { key: 'x' }), 0)).toBe('toggle');
    expect(selectKeyFor(new KeyboardEvent('keydown', { key: 'a' }), 0)).toBeNull();
  });

  it('the viewer keys: F toggles favourite, 0–5 set stars, R turns', () => {
    const marks = { id: 'p', favourite: true, rating: 2, rotation: 0 };
    expect(markKey('.', marks)).toEqual({ favourite: false });
    expect(markKey('.', undefined)).toEqual({ favourite: true });
    expect(markKey('f', marks)).toBeNull();
    expect(markKey('0', marks)).toEqual({ rating: 0 });
    expect(markKey('5', marks)).toEqual({ rating: 5 });
    expect(markKey('6', marks)).toBeNull();
    expect(markKey('r', marks)).toEqual({ rotateBy: 90 });
    expect(markKey('ArrowLeft', marks)).toBeNull();
  });

  it('sends a selection over the bulk limit as a few requests, in order', async () => {
    const ids = Array.from({ length: 2 * BULK_MAX + 5 }, (_, i) => `p${i}`);
    const sizes = await inChunks(ids, (chunk) => Promise.resolve(chunk.length));
    expect(sizes).toEqual([BULK_MAX, BULK_MAX, 5]);
    expect(await inChunks(ids.slice(0, 1000), (chunk) => Promise.resolve(chunk.length))).toEqual([1000]);
  });
});
