import '@testing-library/svelte/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import LibraryView from '../../../../src-renderer/src/features/library/LibraryView.svelte';
import { LibraryManager } from '../../../../src-renderer/src/features/library/library-manager.svelte.js';
import { BrowseManager } from '../../../../src-renderer/src/features/browse/browse-manager.svelte.js';
import { SearchManager } from '../../../../src-renderer/src/features/search/search-manager.svelte.js';
import { ViewerManager } from '../../../../src-renderer/src/features/viewer/viewer-manager.svelte.js';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { fakeShoebox, pagedLibrary, useViewport } from '../../factories.js';

useViewport();

async function renderLibrary(total: number) {
  const shoebox = fakeShoebox({ listPhotos: pagedLibrary(total) });
  const errors = new ErrorHandler();
  const library = new LibraryManager(shoebox.api, errors);
  const viewer = new ViewerManager(shoebox.api, errors);
  await library.refresh();
  const browse = new BrowseManager(shoebox.api, errors);
  const search = new SearchManager(shoebox.api, errors);
  render(LibraryView, { props: { library, viewer, browse, search, albums: [] }, context: shoeboxContext(shoebox) });
  return { shoebox, library, grid: screen.getByRole('grid', { name: 'All photos, newest first' }) };
}

function shownIndexes(grid: HTMLElement): number[] {
  return within(grid)
    .getAllByRole('gridcell')
    .map((cell) => Number(cell.dataset['index']));
}

function rowTop(grid: HTMLElement, index: number): number {
  const row = grid.querySelector(`[data-index="${index}"]`)?.parentElement;
  const match = /translateY\(([\d.]+)px\)/.exec(row?.style.transform ?? '');
  if (!match?.[1]) throw new Error(`item ${index} is not rendered`);
  return Number.parseFloat(match[1]);
}

describe('the library grid', () => {
  it('keeps a bounded number of cells in the DOM with 100,000 photos, wherever it is scrolled', async () => {
    const { shoebox, grid } = await renderLibrary(100_000);

    // 1000 px wide: 5 columns; 800 px high: about 4 rows in view plus 3 rows of overscan each side.
    const atTop = shownIndexes(grid);
    expect(atTop[0]).toBe(0);
    expect(atTop.length).toBeGreaterThanOrEqual(20);
    expect(atTop.length).toBeLessThanOrEqual(60);
    expect(screen.getByText(`${new Intl.NumberFormat().format(100_000)} photos`)).toBeTruthy();

    const spacer = grid.firstElementChild as HTMLElement;
    const height = Number.parseFloat(spacer.style.height);
    grid.scrollTop = height / 2;
    await fireEvent.scroll(grid);

    const middle = shownIndexes(grid);
    expect(middle.length).toBeLessThanOrEqual(60);
    expect(Math.min(...middle)).toBeGreaterThan(40_000);
    expect(Math.max(...middle)).toBeLessThan(60_000);
    expect(grid.querySelectorAll('img, [aria-label="Loading photo"]').length).toBe(middle.length);

    // When the page arrives its month header is inserted above; the photo in view must not jump.
    const probe = middle[Math.floor(middle.length / 2)] ?? -1;
    const offsetBefore = rowTop(grid, probe) - grid.scrollTop;
    const rowsBefore = Number(grid.getAttribute('aria-rowcount'));
    await vi.waitFor(() => {
      expect(within(grid).queryAllByLabelText('Loading photo')).toEqual([]);
    });
    expect(Number(grid.getAttribute('aria-rowcount'))).toBeGreaterThan(rowsBefore);
    expect(rowTop(grid, probe) - grid.scrollTop).toBeCloseTo(offsetBefore, 0);
    expect(within(grid).getAllByRole('gridcell').length).toBeLessThanOrEqual(60);

    // Only the pages under the viewport are fetched, not the 500 pages of the library.
    expect(shoebox.mock.listPhotos.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('shows month headers over loaded photos', async () => {
    const { grid } = await renderLibrary(30);
    // Formatted in the test's locale, as the person would see it in theirs.
    const may2021 = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2021, 4));
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([may2021]);
  });

  it('moves the active cell with the arrow keys, keeping the column, and opens it with Enter', async () => {
    const { grid, library } = await renderLibrary(30);
    const active = (): string | undefined => grid.getAttribute('aria-activedescendant')?.split('-cell-')[1];
    grid.focus();

    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(active()).toBe('1');
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(active()).toBe('6');
    await fireEvent.keyDown(grid, { key: 'End' });
    expect(active()).toBe('29');
    await fireEvent.keyDown(grid, { key: 'ArrowUp' });
    expect(active()).toBe('24');
    expect(document.getElementById(grid.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-selected')).toBe('true');

    const open = vi.spyOn(ViewerManager.prototype, 'open');
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(open).toHaveBeenCalledWith(library, 24);
    open.mockRestore();
  });
});
