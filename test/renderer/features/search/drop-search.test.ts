import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageQuery } from '../../../../src-renderer/src/features/search/image-search.js';
import { fakeShoebox, hit, pagedLibrary, status, stubViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

let restoreViewport: () => void;
beforeEach(() => {
  restoreViewport = stubViewport(1000, 800);
});
afterEach(() => {
  restoreViewport();
});

function library() {
  return fakeShoebox({ status: () => Promise.resolve(status()), listPhotos: pagedLibrary(5) });
}

async function dropFile(file: File): Promise<void> {
  const dataTransfer = { files: [file], types: ['Files'], dropEffect: 'none' };
  await fireEvent.dragEnter(window, { dataTransfer });
  await fireEvent.dragOver(window, { dataTransfer });
  await fireEvent.drop(window, { dataTransfer });
}

describe('drag a photo onto the window', () => {
  it('reads the file as bytes and searches with it through the image-search hook', async () => {
    const imageSearch = vi.fn((query: ImageQuery) => Promise.resolve({ query: query.name, hits: [hit(3, 0.9)] }));
    await renderApp(library(), { imageSearch });

    await dropFile(new File([new Uint8Array([0xff, 0xd8, 0xff, 0x01])], 'beach.jpg', { type: 'image/jpeg' }));

    expect(await screen.findByRole('heading', { name: 'Photos like beach.jpg' })).toBeTruthy();
    const query = imageSearch.mock.calls[0]?.[0];
    expect(query && [query.name, query.type, Array.from(query.bytes)]).toEqual(['beach.jpg', 'image/jpeg', [0xff, 0xd8, 0xff, 0x01]]);
    expect(screen.getByAltText(/^IMG_0003\.jpg/)).toBeTruthy();
  });

  it('ignores a file that is not an image', async () => {
    const imageSearch = vi.fn();
    await renderApp(library(), { imageSearch });
    await dropFile(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(imageSearch).not.toHaveBeenCalled();
  });

  it('says so while the core cannot search by an image', async () => {
    await renderApp(library());
    await dropFile(new File([new Uint8Array([1])], 'beach.jpg', { type: 'image/jpeg' }));
    const toast = (await screen.findByText('Searching by a photo is not available yet')).closest('[role]');
    expect(toast?.getAttribute('role')).toBe('status');
    expect(screen.queryByRole('heading', { name: /Photos like/ })).toBeNull();
  });
});
