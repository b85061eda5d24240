import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { appShoebox, hit, pagedLibrary, searchResult, status, useViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

useViewport();

function library() {
  return appShoebox({
    status: () => Promise.resolve(status()),
    listPhotos: pagedLibrary(5),
    search: ({ text = '' }) => Promise.resolve(searchResult(text, [hit(3, 0.9)])),
  });
}

async function dropFile(file: File): Promise<void> {
  const dataTransfer = { files: [file], types: ['Files'], dropEffect: 'none' };
  await fireEvent.dragEnter(window, { dataTransfer });
  await fireEvent.dragOver(window, { dataTransfer });
  await fireEvent.drop(window, { dataTransfer });
}

describe('drag a photo onto the window', () => {
  it('sends the file’s bytes as the image of the query and shows what it found', async () => {
    const shoebox = library();
    await renderApp(shoebox);

    await dropFile(new File([new Uint8Array([0xff, 0xd8, 0xff, 0x01])], 'beach.jpg', { type: 'image/jpeg' }));

    expect(await screen.findByRole('heading', { name: 'Photos like beach.jpg' })).toBeTruthy();
    const input = shoebox.mock.search.mock.calls[0]?.[0];
    expect(input?.image).toEqual({ bytesBase64: '/9j/AQ==', name: 'beach.jpg' });
    expect(input?.text).toBe('');
    expect(await screen.findByAltText(/^IMG_0003\.jpg/)).toBeTruthy();
  });

  it('keeps the photo while words are added, and drops it with its chip', async () => {
    const shoebox = library();
    await renderApp(shoebox, { debounceMs: 0 });
    await dropFile(new File([new Uint8Array([1, 2, 3])], 'dog.png', { type: 'image/png' }));
    await screen.findByRole('heading', { name: 'Photos like dog.png' });

    await fireEvent.input(screen.getByRole('searchbox', { name: 'Search photos' }), { target: { value: 'snow' } });
    expect(await screen.findByRole('heading', { name: 'Photos like dog.png and “snow”' })).toBeTruthy();
    expect(shoebox.mock.search.mock.lastCall?.[0]).toMatchObject({ text: 'snow', image: { name: 'dog.png' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Stop searching with dog.png' }));
    expect(await screen.findByRole('heading', { name: 'Results for “snow”' })).toBeTruthy();
    expect(shoebox.mock.search.mock.lastCall?.[0].image).toBeUndefined();
  });

  it('ignores a file that is not an image', async () => {
    const shoebox = library();
    await renderApp(shoebox);
    await dropFile(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(shoebox.mock.search).not.toHaveBeenCalled();
  });
});
