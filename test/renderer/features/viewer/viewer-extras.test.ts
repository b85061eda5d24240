import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { album, appShoebox, detail, hit, pagedLibrary, photo, searchResult, status, useViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

useViewport();

function viewerApp() {
  let tags = ['beach'];
  return appShoebox({
    status: () => Promise.resolve(status()),
    listPhotos: pagedLibrary(20),
    getPhoto: ({ id }) => Promise.resolve(detail(photo(Number(id.split('-')[1])))),
    listAlbums: () => Promise.resolve([album(1, { name: 'Dogs' }), album(2, { name: 'Sunsets' })]),
    getAlbum: ({ albumId }) => Promise.resolve(album(Number(albumId.split('-')[1]))),
    zeroShot: ({ photoId }) =>
      Promise.resolve({
        photoId,
        albums: [
          { albumId: 'album-1', name: 'Dogs', probability: 0.82, cosine: 0.31, member: false, label: null },
          { albumId: 'album-2', name: 'Sunsets', probability: 0.18, cosine: 0.22, member: false, label: null },
        ],
      }),
    listTags: () => Promise.resolve(tags.map((tag) => ({ tag, count: 1 }))),
    addTag: ({ photoId, tag }) => {
      tags = [...tags, tag.trim().toLowerCase()];
      return Promise.resolve({ photoId, tags });
    },
    removeTag: ({ photoId, tag }) => {
      tags = tags.filter((t) => t !== tag);
      return Promise.resolve({ photoId, tags });
    },
    setAlbumMembership: ({ albumId, photoId, include }) =>
      Promise.resolve({ albumId, changed: 1, added: include ? [photoId] : [], removed: include ? [] : [photoId], probe: null }),
    similarPhotos: () => Promise.resolve(searchResult('', [hit(5, 0.9), hit(6, 0.8)])),
    search: ({ text = '' }) => Promise.resolve(searchResult(text, [hit(5, 0.9)])),
  });
}

async function openFirstPhoto(): Promise<HTMLElement> {
  const grid = await screen.findByRole('grid', { name: 'All photos, newest first' });
  grid.focus();
  await fireEvent.keyDown(grid, { key: 'Enter' });
  return screen.findByRole('dialog', { name: 'Photo IMG_0000.jpg' });
}

describe('the viewer’s albums, scores, tags and similar photos', () => {
  it('charts how the photo fits each album, as the seed’s table', async () => {
    await renderApp(viewerApp());
    const dialog = await openFirstPhoto();

    const chart = await within(dialog).findByRole('table', { name: 'How well this photo fits each album' });
    const rows = within(chart).getAllByRole('row').slice(1).map((row) => row.textContent.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['Dogs 82%', 'Sunsets 18%']);
  });

  it('charts an album the person put the photo in as in it, not at the model’s 0 %', async () => {
    const shoebox = viewerApp();
    shoebox.mock.zeroShot.mockImplementation(({ photoId }) =>
      Promise.resolve({
        photoId,
        albums: [
          { albumId: 'album-1', name: 'Dogs', probability: 1, cosine: 0.31, member: true, label: null },
          { albumId: 'album-2', name: 'Sunsets', probability: 0, cosine: 0.02, member: true, label: 1 as const },
        ],
      }),
    );
    await renderApp(shoebox);
    const dialog = await openFirstPhoto();

    const chart = await within(dialog).findByRole('table', { name: 'How well this photo fits each album' });
    const rows = within(chart).getAllByRole('row').slice(1).map((row) => row.textContent.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['Dogs 100%', 'Sunsets added by you']);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Exclude from Dogs' }));
    await vi.waitFor(() => {
      expect(within(chart).getAllByRole('row')[1]?.textContent.replace(/\s+/g, ' ').trim()).toBe('Dogs left out by you');
    });
  });

  it('includes and excludes the photo, and a second press forgets the correction', async () => {
    const shoebox = viewerApp();
    await renderApp(shoebox);
    const dialog = await openFirstPhoto();
    const exclude = await within(dialog).findByRole('button', { name: 'Exclude from Dogs' });

    await fireEvent.click(exclude);
    await vi.waitFor(() => { expect(exclude.getAttribute('aria-pressed')).toBe('true'); });
    expect(shoebox.mock.setAlbumMembership).toHaveBeenLastCalledWith({ albumId: 'album-1', photoId: 'photo-0', include: false });
    expect(within(dialog).getAllByText('left out by you')).toHaveLength(2); // the membership list and the chart

    await fireEvent.click(exclude);
    await vi.waitFor(() => { expect(exclude.getAttribute('aria-pressed')).toBe('false'); });
    expect(shoebox.mock.setAlbumMembership).toHaveBeenLastCalledWith({ albumId: 'album-1', photoId: 'photo-0', include: null });
    expect(shoebox.mock.getAlbum).toHaveBeenCalledWith({ albumId: 'album-1' });
  });

  it('adds and removes tags', async () => {
    const shoebox = viewerApp();
    await renderApp(shoebox);
    const dialog = await openFirstPhoto();
    const tags = await within(dialog).findByRole('list', { name: 'Tags' });
    expect(within(tags).getByText('beach')).toBeTruthy();

    await fireEvent.input(within(dialog).getByLabelText('Add a tag'), { target: { value: ' Holiday ' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await vi.waitFor(() => { expect(within(tags).getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual(['beach', 'holiday']); });
    expect(shoebox.mock.addTag).toHaveBeenCalledWith({ photoId: 'photo-0', tag: 'Holiday' });

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Remove tag beach' }));
    await vi.waitFor(() => { expect(within(tags).queryByText('beach')).toBeNull(); });
  });

  it('shows similar photos, and searches for more like this one', async () => {
    const shoebox = viewerApp();
    await renderApp(shoebox);
    const dialog = await openFirstPhoto();
    expect(await within(dialog).findByRole('img', { name: 'IMG_0005.jpg' })).toBeTruthy();
    expect(shoebox.mock.similarPhotos).toHaveBeenCalledWith({ photoId: 'photo-0', limit: 12 });

    await fireEvent.click(within(dialog).getByRole('button', { name: 'More like this' }));

    expect(await screen.findByRole('heading', { name: 'Photos like IMG_0000.jpg' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(shoebox.mock.search.mock.lastCall?.[0].image).toEqual({ photoId: 'photo-0' });
  });
});
