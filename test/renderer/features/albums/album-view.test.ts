import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { AlbumPage } from '$contract/albums.js';
import { AppError } from '$contract/errors.js';
import { album, albumPhoto, albumPreview, appShoebox, pagedLibrary, status, useViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

useViewport();

function albumApp(page: () => AlbumPage) {
  return appShoebox({
    status: () => Promise.resolve(status()),
    listPhotos: pagedLibrary(20),
    listAlbums: () => Promise.resolve([album(1, { name: 'Beach dogs', memberCount: 2 })]),
    getAlbum: () => Promise.resolve(album(1, { name: 'Beach dogs', memberCount: 3 })),
    albumPhotos: () => Promise.resolve(page()),
    setAlbumMembership: ({ albumId, photoId }) => Promise.resolve({ albumId, changed: 1, added: [photoId], removed: [], probe: null }),
    deleteAlbum: () => Promise.resolve(),
    undoLastCorrection: ({ albumId = null }) =>
      Promise.resolve({
        albumId,
        changed: 2,
        added: [],
        removed: ['photo-1', 'photo-4'],
        probe: null,
        undone: { photoId: 'photo-1', kind: 'album' as const, target: 'album-1', restored: null },
      }),
    previewAlbum: () => Promise.resolve(albumPreview()),
    updateAlbum: ({ albumId, name = 'Beach dogs', prompts = [], threshold = 0.25 }) =>
      Promise.resolve(album(1, { id: albumId, name, prompts, threshold })),
  });
}

const twoMembers = (): AlbumPage => ({
  album: album(1, { name: 'Beach dogs', memberCount: 2 }),
  total: 2,
  photos: [albumPhoto(1, { label: 1, by: 'label' }), albumPhoto(2)],
  suggestions: [albumPhoto(9, { score: 0.2, probability: 0.4 })],
  undoable: true,
});

async function openAlbum(): Promise<HTMLElement> {
  const nav = screen.getByRole('navigation', { name: 'Main' });
  await fireEvent.click(await within(nav).findByRole('button', { name: /^Beach dogs/ }));
  return screen.findByRole('grid', { name: 'Photos in Beach dogs' });
}

describe('an album', () => {
  it('shows its members, marks the ones the person added, and teaches it from a suggestion', async () => {
    const shoebox = albumApp(twoMembers);
    await renderApp(shoebox);
    const grid = await openAlbum();

    expect(within(grid).getAllByRole('img').map((img) => img.getAttribute('title'))).toEqual([
      'IMG_0001.jpg, May 2, 2021 · score 0.300 · added by you',
      'IMG_0002.jpg, May 3, 2021 · score 0.300 · matches the description',
    ]);
    expect(within(grid).getByTitle('Added by you')).toBeTruthy();
    expect(screen.getByText(/^Photos of “dog on a beach”, scoring 0\.250 or more\.$/)).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Add IMG_0009.jpg to the album' }));

    expect(shoebox.mock.setAlbumMembership).toHaveBeenCalledWith({ albumId: 'album-1', photoId: 'photo-9', include: true });
    expect(await screen.findByText('Saved. 1 photo moved in or out.')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(await within(nav).findByRole('button', { name: 'Beach dogs 3 photos' })).toBeTruthy();
  });

  it('reloads its members when the core says photos entered or left it', async () => {
    let members = twoMembers();
    const shoebox = albumApp(() => members);
    await renderApp(shoebox);
    const grid = await openAlbum();
    await vi.waitFor(() => { expect(within(grid).getAllByRole('img')).toHaveLength(2); });

    members = { ...members, total: 3, photos: [...members.photos, albumPhoto(3)] };
    shoebox.emit('albumUpdated', { albumId: 'album-1', added: ['photo-3'], removed: [] });

    await vi.waitFor(() => { expect(within(grid).getAllByRole('img')).toHaveLength(3); }, { timeout: 3000 });
  });

  it('is deleted only after a second, confirming click', async () => {
    const shoebox = albumApp(twoMembers);
    await renderApp(shoebox);
    await openAlbum();

    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(shoebox.mock.deleteAlbum).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Yes, delete the album' }));

    expect(shoebox.mock.deleteAlbum).toHaveBeenCalledWith({ albumId: 'album-1' });
    expect(await screen.findByRole('heading', { name: 'Library', level: 1 })).toBeTruthy();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('button', { name: /^Beach dogs/ })).toBeNull();
  });

  it('is deleted without a "Not found" toast when the core announces its members leaving', async () => {
    const shoebox = albumApp(twoMembers);
    const gone = () => Promise.reject(new AppError('NOT_FOUND', 'No album with id album-1. List albums with: shoebox album list'));
    shoebox.mock.deleteAlbum.mockImplementation(() => {
      shoebox.mock.getAlbum.mockImplementation(gone);
      shoebox.mock.albumPhotos.mockImplementation(gone);
      // the core's order: the members-left event, then the answer
      shoebox.emit('albumUpdated', { albumId: 'album-1', added: [], removed: ['photo-1', 'photo-2'] });
      return Promise.resolve();
    });
    await renderApp(shoebox);
    await openAlbum();

    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Yes, delete the album' }));
    expect(await screen.findByRole('heading', { name: 'Library', level: 1 })).toBeTruthy();
    shoebox.emit('albumUpdated', { albumId: 'album-1', added: [], removed: ['photo-1'] });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('undoes the last correction and says how many photos moved', async () => {
    const shoebox = albumApp(twoMembers);
    await renderApp(shoebox);
    await openAlbum();

    await fireEvent.click(screen.getByRole('button', { name: 'Undo last correction' }));

    expect(shoebox.mock.undoLastCorrection).toHaveBeenCalledWith({ albumId: 'album-1' });
    expect(await screen.findByText('Last correction undone. 2 photos moved in or out.')).toBeTruthy();
  });

  it('offers no undo while the album has no correction to take back', async () => {
    const shoebox = albumApp(() => ({ ...twoMembers(), undoable: false }));
    await renderApp(shoebox);
    await openAlbum();

    const undo = screen.getByRole('button', { name: 'Undo last correction' });
    await vi.waitFor(() => { expect(shoebox.mock.albumPhotos).toHaveBeenCalled(); });
    expect((undo as HTMLButtonElement).disabled).toBe(true);
    expect(undo.getAttribute('title')).toBe('No correction of yours to undo in this album');
  });

  it('is edited in the same editor, starting from its description', async () => {
    const shoebox = albumApp(twoMembers);
    await renderApp(shoebox);
    await openAlbum();
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await screen.findByRole('heading', { name: 'Edit “Beach dogs”' });
    const prompts = screen.getByLabelText(/What belongs in it/);
    expect((prompts as HTMLTextAreaElement).value).toBe('dog on a beach');

    await fireEvent.input(prompts, { target: { value: 'dog on a beach\ndog in the waves' } });
    await screen.findByRole('slider', { name: 'Threshold' });
    await fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(shoebox.mock.updateAlbum).toHaveBeenCalledWith({
      albumId: 'album-1',
      name: 'Beach dogs',
      prompts: ['dog on a beach', 'dog in the waves'],
      negativePrompts: [],
      threshold: 0.25,
    });
    expect(await screen.findByRole('grid', { name: 'Photos in Beach dogs' })).toBeTruthy();
  });
});
