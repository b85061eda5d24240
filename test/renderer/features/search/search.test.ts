import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeShoebox, hit, pagedLibrary, status, stubViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

let restoreViewport: () => void;
beforeEach(() => {
  restoreViewport = stubViewport(1000, 800);
});
afterEach(() => {
  vi.useRealTimers();
  restoreViewport();
});

function searchBox(): HTMLInputElement {
  return screen.getByRole('searchbox', { name: 'Search photos' });
}

async function typeEachLetter(text: string): Promise<void> {
  for (let i = 1; i <= text.length; i += 1) await fireEvent.input(searchBox(), { target: { value: text.slice(0, i) } });
}

function resultNames(): string[] {
  const grid = screen.getByRole('grid', { name: 'Search results' });
  return within(grid).getAllByRole('img').map((img) => img.getAttribute('alt')?.split(',')[0] ?? '');
}

describe('search as you type', () => {
  it('calls search once, after the pause in typing, and shows best matches before the rest', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(20),
      search: ({ text }) =>
        Promise.resolve({
          query: text,
          hits: [hit(1, 0.21, { tier: 'more' }), hit(2, 0.31, { tier: 'best' }), hit(3, 0.25, { tier: 'more' }), hit(4, 0.29, { tier: 'best' })],
        }),
    });
    await renderApp(shoebox);
    vi.useFakeTimers();

    await typeEachLetter('red car');
    await vi.advanceTimersByTimeAsync(249);
    expect(shoebox.mock.search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    expect(shoebox.mock.search).toHaveBeenCalledTimes(1);
    expect(shoebox.mock.search).toHaveBeenCalledWith({ text: 'red car', limit: 200 });
    expect(screen.getByRole('heading', { name: 'Results for “red car”' })).toBeTruthy();
    expect(resultNames()).toEqual(['IMG_0002.jpg', 'IMG_0004.jpg', 'IMG_0003.jpg', 'IMG_0001.jpg']);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Best matches', 'More']);
    expect(screen.getByAltText(/^IMG_0002\.jpg/).getAttribute('title')).toContain('score 0.310');
  });

  it('shows every hit as one list, best score first, while the core gives no tiers', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(20),
      search: ({ text }) => Promise.resolve({ query: text, hits: [hit(1, 0.2), hit(2, 0.3)] }),
    });
    await renderApp(shoebox, { debounceMs: 0 });

    await typeEachLetter('dog');
    await screen.findByRole('grid', { name: 'Search results' });

    expect(resultNames()).toEqual(['IMG_0002.jpg', 'IMG_0001.jpg']);
    expect(screen.queryAllByRole('columnheader')).toEqual([]);
  });

  it('says that nothing matched when the search has no hits', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(20),
      search: ({ text }) => Promise.resolve({ query: text, hits: [] }),
    });
    await renderApp(shoebox, { debounceMs: 0 });

    await typeEachLetter('zebra');

    expect(await screen.findByText('Nothing matched “zebra”.')).toBeTruthy();
    expect(screen.queryByRole('grid', { name: 'Search results' })).toBeNull();
  });

  it('says when no hit made the cut-off, and still shows the nearest', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(20),
      search: ({ text }) => Promise.resolve({ query: text, hits: [hit(1, 0.12, { tier: 'more' })] }),
    });
    await renderApp(shoebox, { debounceMs: 0 });

    await typeEachLetter('qwzx');

    expect(await screen.findByText('No close match for “qwzx”. These are the nearest photos.')).toBeTruthy();
    expect(resultNames()).toEqual(['IMG_0001.jpg']);
  });

  it('narrows the result with folder and type chips', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(20),
      search: ({ text }) =>
        Promise.resolve({
          query: text,
          hits: [hit(1, 0.3), hit(2, 0.29, { root: '/camera' }), hit(3, 0.28, { root: '/camera', format: 'heic' })],
        }),
    });
    await renderApp(shoebox, { debounceMs: 0 });
    await typeEachLetter('tree');
    await screen.findByRole('grid', { name: 'Search results' });

    await fireEvent.click(screen.getByRole('button', { name: 'in camera' }));
    expect(resultNames()).toEqual(['IMG_0002.jpg', 'IMG_0003.jpg']);
    await fireEvent.click(screen.getByRole('button', { name: 'HEIC' }));
    expect(resultNames()).toEqual(['IMG_0003.jpg']);
    expect(screen.getByRole('button', { name: 'HEIC' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('ignores an older answer that arrives after a newer one', async () => {
    const answers = new Map<string, (value: { query: string; hits: ReturnType<typeof hit>[] }) => void>();
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(20),
      search: ({ text }) => new Promise((resolve) => answers.set(text, resolve)),
    });
    await renderApp(shoebox, { debounceMs: 0 });

    await typeEachLetter('cat');
    await vi.waitFor(() => { expect(answers.has('cat')).toBe(true); });
    await fireEvent.input(searchBox(), { target: { value: 'cats' } });
    await vi.waitFor(() => { expect(answers.has('cats')).toBe(true); });
    answers.get('cats')?.({ query: 'cats', hits: [hit(7, 0.3)] });
    await screen.findByRole('grid', { name: 'Search results' });
    answers.get('cat')?.({ query: 'cat', hits: [hit(8, 0.3)] });
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(resultNames()).toEqual(['IMG_0007.jpg']);
  });

  it('sorts by date when asked, newest first', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(20),
      search: ({ text }) =>
        Promise.resolve({
          query: text,
          hits: [hit(1, 0.3, { takenAt: '2019-01-01T00:00:00' }), hit(2, 0.2, { takenAt: '2022-06-01T00:00:00' })],
        }),
    });
    await renderApp(shoebox, { debounceMs: 0 });
    await typeEachLetter('sea');
    await screen.findByRole('grid', { name: 'Search results' });

    await fireEvent.click(screen.getByRole('radio', { name: 'Date' }));

    expect(resultNames()).toEqual(['IMG_0002.jpg', 'IMG_0001.jpg']);
  });
});
