import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { album, albumPhoto, albumPreview, appShoebox, pagedLibrary, status, useViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

useViewport();
afterEach(() => {
  vi.useRealTimers();
});

function albumsApp() {
  return appShoebox({
    status: () => Promise.resolve(status()),
    listPhotos: pagedLibrary(20),
    previewAlbum: () => Promise.resolve(albumPreview(8, 5)),
    createAlbum: ({ name, prompts }) => Promise.resolve(album(1, { name, prompts })),
    albumPhotos: ({ albumId }) => Promise.resolve({ album: album(1, { id: albumId }), total: 1, photos: [albumPhoto(1)], suggestions: [], undoable: false }),
  });
}

async function openEditor(): Promise<void> {
  await fireEvent.click(screen.getByRole('button', { name: '+ New album' }));
  await screen.findByRole('heading', { name: 'New album' });
}

describe('writing a new album', () => {
  it('previews the prompts after a pause, with the score histogram, the count at the threshold and the best matches', async () => {
    const shoebox = albumsApp();
    await renderApp(shoebox);
    await openEditor();
    vi.useFakeTimers();

    await fireEvent.input(screen.getByLabelText(/What belongs in it/), { target: { value: 'dog on a beach\n\n  dog in the sea ' } });
    await fireEvent.input(screen.getByLabelText(/What to leave out/), { target: { value: 'people' } });
    await vi.advanceTimersByTimeAsync(299);
    expect(shoebox.mock.previewAlbum).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();

    expect(shoebox.mock.previewAlbum).toHaveBeenCalledTimes(1);
    expect(shoebox.mock.previewAlbum).toHaveBeenCalledWith({ prompts: ['dog on a beach', 'dog in the sea'], negativePrompts: ['people'], bins: 40 });
    expect(await screen.findByRole('img', { name: 'Scores of 40 photos, from 0.000 to 0.400' })).toBeTruthy();
    // The suggested threshold 0.2 is the start of the fifth of eight bins: four bins of five photos are above it.
    expect(screen.getByText(/photos score/).textContent).toMatch(/^20 of 40 photos score 0\.200 or more\.$/);
    const matches = within(screen.getByRole('complementary', { name: 'Best matches' })).getAllByRole('img');
    expect(matches.map((img) => img.getAttribute('alt'))).toEqual(['Match 1, score 0.390', 'Match 2, score 0.350', 'Match 3, score 0.310', 'Match 4, score 0.270', 'Match 5, score 0.230']);
  });

  it('counts again as the slider moves, and creates the album with the chosen threshold', async () => {
    const shoebox = albumsApp();
    await renderApp(shoebox);
    await openEditor();
    await fireEvent.input(screen.getByLabelText(/What belongs in it/), { target: { value: 'dog on a beach' } });
    const slider = await screen.findByRole('slider', { name: 'Threshold' });

    await fireEvent.input(slider, { target: { value: '0.3' } });

    expect(slider.getAttribute('aria-valuetext')).toBe('0.300, 10 photos');
    expect(within(screen.getByRole('complementary', { name: 'Best matches' })).getAllByRole('img')).toHaveLength(3);
    await fireEvent.click(screen.getByRole('button', { name: 'Create album' }));

    expect(shoebox.mock.createAlbum).toHaveBeenCalledWith({ name: 'dog on a beach', prompts: ['dog on a beach'], negativePrompts: [], threshold: 0.3 });
    expect(await screen.findByRole('heading', { name: 'dog on a beach', level: 1 })).toBeTruthy();
    expect(await screen.findByRole('grid', { name: 'Photos in dog on a beach' })).toBeTruthy();
  });
});
