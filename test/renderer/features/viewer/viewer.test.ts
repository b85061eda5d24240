import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { detail, appShoebox, pagedLibrary, photo, status, useViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

useViewport();

function libraryShoebox() {
  return appShoebox({
    status: () => Promise.resolve(status()),
    listPhotos: pagedLibrary(20),
    getPhoto: ({ id }) => Promise.resolve(detail(photo(Number(id.split('-')[1])))),
  });
}

async function viewerShows(name: string): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog', { name: `Photo ${name}` });
  return dialog;
}

describe('keyboard navigation from the grid into the viewer', () => {
  it('opens the active photo with Enter, steps with the arrows, and closes with Esc back to the grid', async () => {
    const shoebox = libraryShoebox();
    await renderApp(shoebox);
    const grid = await screen.findByRole('grid', { name: 'All photos, newest first' });
    grid.focus();

    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'Enter' });

    let dialog = await viewerShows('IMG_0006.jpg');
    expect(within(dialog).getByRole('img', { name: /^IMG_0006\.jpg, taken/ }).getAttribute('src')).toBe('/original/photo-6');
    expect(within(dialog).getByText('7 of 20')).toBeTruthy();
    expect(await within(dialog).findByText('Fujifilm X100V')).toBeTruthy();
    expect(within(dialog).getByText('48.85840° N, 2.29450° E')).toBeTruthy();

    await fireEvent.keyDown(dialog, { key: 'ArrowRight' });
    dialog = await viewerShows('IMG_0007.jpg');
    await fireEvent.keyDown(dialog, { key: 'ArrowLeft' });
    await fireEvent.keyDown(dialog, { key: 'ArrowLeft' });
    dialog = await viewerShows('IMG_0005.jpg');
    expect(shoebox.mock.getPhoto).toHaveBeenLastCalledWith({ id: 'photo-5' });

    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(grid);
    // back on the last photo seen, not the one first opened (IMG_0006)
    const active = document.getElementById(grid.getAttribute('aria-activedescendant') ?? '');
    expect(active?.getAttribute('aria-selected')).toBe('true');
    expect(within(active ?? grid).getByRole('img').getAttribute('alt')).toMatch(/^IMG_0005\.jpg/);
  });

  it('stops at the first and last photo', async () => {
    await renderApp(libraryShoebox());
    const grid = await screen.findByRole('grid', { name: 'All photos, newest first' });
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'Enter' });
    const dialog = await viewerShows('IMG_0000.jpg');

    await fireEvent.keyDown(dialog, { key: 'ArrowLeft' });

    expect(await viewerShows('IMG_0000.jpg')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Previous photo' }).hasAttribute('disabled')).toBe(true);
  });

  it('focuses the search box with / unless the person is typing', async () => {
    await renderApp(libraryShoebox());
    const search = screen.getByRole('searchbox', { name: 'Search photos' });

    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(search);

    search.blur();
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    await fireEvent.keyDown(field, { key: '/' });
    expect(document.activeElement).toBe(field);
    field.remove();
  });
});
