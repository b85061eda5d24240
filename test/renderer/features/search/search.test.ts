import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiInput } from '$contract/api.js';
import type { SearchResult } from '$contract/search.js';
import { appShoebox, hit, pagedLibrary, photo, searchResult, status, useViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

useViewport();
afterEach(() => {
  vi.useRealTimers();
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

function appWith(search: (input: ApiInput<'search'>) => Promise<SearchResult>) {
  return appShoebox({ status: () => Promise.resolve(status()), listPhotos: pagedLibrary(20), search });
}

describe('search as you type', () => {
  it('calls search once, after the pause in typing, and shows best matches before the rest', async () => {
    const shoebox = appWith(({ text = '' }) =>
      Promise.resolve(searchResult(text, [hit(2, 0.31), hit(4, 0.29), hit(3, 0.25, { tier: 'more' }), hit(1, 0.21, { tier: 'more' })])),
    );
    await renderApp(shoebox);
    vi.useFakeTimers();

    await typeEachLetter('red car');
    await vi.advanceTimersByTimeAsync(249);
    expect(shoebox.mock.search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    expect(shoebox.mock.search).toHaveBeenCalledTimes(1);
    expect(shoebox.mock.search).toHaveBeenCalledWith({ text: 'red car', filters: {}, sort: 'relevance', offset: 0, limit: 200 });
    expect(screen.getByRole('heading', { name: 'Results for “red car”' })).toBeTruthy();
    expect(resultNames()).toEqual(['IMG_0002.jpg', 'IMG_0004.jpg', 'IMG_0003.jpg', 'IMG_0001.jpg']);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Best matches', 'More']);
    expect(screen.getByText('2 best, 4 in all')).toBeTruthy();
    expect(screen.getByAltText(/^IMG_0002\.jpg/).getAttribute('title')).toContain('score 0.310 · best match');
  });

  it('says that nothing matched, and shows the nearest photos under their own header', async () => {
    await renderApp(appWith(({ text = '' }) => Promise.resolve(searchResult(text, [hit(1, 0.12, { tier: 'more' })]))), { debounceMs: 0 });

    await typeEachLetter('qwzx');

    expect((await screen.findByText(/^Nothing matched/)).textContent).toBe('Nothing matched “qwzx”.');
    // the header keeps the count: what is shown is still a number of photos
    expect(screen.getByText('no close match, 1 photo in all')).toBeTruthy();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Nearest photos']);
    expect(resultNames()).toEqual(['IMG_0001.jpg']);
  });

  it('echoes the parsed query so the syntax shows what it did', async () => {
    const terms = [{ text: 'dog', weight: 2 }, { text: 'beach', weight: 1 }, { text: 'people', weight: -1 }];
    await renderApp(appWith(({ text = '' }) => Promise.resolve(searchResult(text, [hit(1, 0.3)], { terms }))), { debounceMs: 0 });

    await typeEachLetter('2:dog + beach -people');

    expect(await screen.findByText('Searched for: dog ×2 · beach · not people')).toBeTruthy();
  });

  it('sends the filters with the query and shows each as a removable chip', async () => {
    const shoebox = appWith(({ text = '' }) => Promise.resolve(searchResult(text, [hit(1, 0.3)])));
    shoebox.mock.listTags.mockResolvedValue([{ tag: 'beach', count: 2 }]);
    await renderApp(shoebox, { debounceMs: 0 });
    await typeEachLetter('tree');
    await screen.findByRole('grid', { name: 'Search results' });

    await fireEvent.change(screen.getByLabelText('File type'), { target: { value: 'png' } });
    expect(shoebox.mock.search.mock.lastCall?.[0].filters).toEqual({ format: 'png' });
    await fireEvent.change(screen.getByLabelText('Taken from'), { target: { value: '2024-06-01' } });
    expect(shoebox.mock.search.mock.lastCall?.[0].filters).toEqual({ format: 'png', from: '2024-06-01' });
    expect(within(screen.getByRole('list', { name: 'Filters in use' })).getAllByRole('listitem').map((li) => li.textContent.replace('×', ''))).toEqual([
      'From Jun 1, 2024',
      'PNG',
    ]);

    await fireEvent.click(screen.getByRole('button', { name: 'Remove filter PNG' }));
    expect(shoebox.mock.search.mock.lastCall?.[0].filters).toEqual({ from: '2024-06-01' });
  });

  it('ignores an older answer that arrives after a newer one', async () => {
    const answers = new Map<string, (value: SearchResult) => void>();
    await renderApp(appWith(({ text = '' }) => new Promise((resolve) => answers.set(text, resolve))), { debounceMs: 0 });

    await typeEachLetter('cat');
    await vi.waitFor(() => { expect(answers.has('cat')).toBe(true); });
    await fireEvent.input(searchBox(), { target: { value: 'cats' } });
    await vi.waitFor(() => { expect(answers.has('cats')).toBe(true); });
    answers.get('cats')?.(searchResult('cats', [hit(7, 0.3)]));
    await screen.findByRole('grid', { name: 'Search results' });
    answers.get('cat')?.(searchResult('cat', [hit(8, 0.3)]));
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(resultNames()).toEqual(['IMG_0007.jpg']);
  });

  it('asks the core for the newest first and groups the result by month', async () => {
    const shoebox = appWith(({ text = '', sort }) =>
      Promise.resolve(
        searchResult(
          text,
          sort === 'newest'
            ? [hit(2, 0.2, { takenAt: '2022-06-01T00:00:00' }), hit(1, 0.3, { takenAt: '2019-01-01T00:00:00' })]
            : [hit(1, 0.3, { takenAt: '2019-01-01T00:00:00' }), hit(2, 0.2, { takenAt: '2022-06-01T00:00:00' })],
        ),
      ),
    );
    await renderApp(shoebox, { debounceMs: 0 });
    await typeEachLetter('sea');
    await screen.findByRole('grid', { name: 'Search results' });

    await fireEvent.click(screen.getByRole('radio', { name: 'Newest' }));

    expect(shoebox.mock.search.mock.lastCall?.[0].sort).toBe('newest');
    await vi.waitFor(() => { expect(resultNames()).toEqual(['IMG_0002.jpg', 'IMG_0001.jpg']); });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Best matches · June 2022', 'Best matches · January 2019']);
  });

  it('by date, labels the months of the best matches and of the rest, never running them together', async () => {
    const shoebox = appWith(({ text = '' }) =>
      Promise.resolve(
        searchResult(text, [
          hit(2, 0.3, { takenAt: '2022-06-01T00:00:00' }),
          hit(1, 0.31, { takenAt: '2019-01-01T00:00:00' }),
          hit(3, 0.2, { takenAt: '2022-06-05T00:00:00', tier: 'more' }),
          hit(4, 0.2, { takenAt: '2021-03-05T00:00:00', tier: 'more' }),
        ]),
      ),
    );
    await renderApp(shoebox, { debounceMs: 0 });
    await typeEachLetter('sea');
    await screen.findByRole('grid', { name: 'Search results' });
    await fireEvent.click(screen.getByRole('radio', { name: 'Newest' }));

    await vi.waitFor(() => {
      expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
        'Best matches · June 2022',
        'Best matches · January 2019',
        'More · June 2022',
        'More · March 2021',
      ]);
    });
  });

  it('pages through the same ranked list as the grid scrolls', async () => {
    const total = 450;
    const shoebox = appWith(({ text = '', offset = 0, limit = 50 }) => {
      const hits = Array.from({ length: Math.min(limit, total - offset) }, (_, i) => hit(offset + i, 0.3, { ...photo(offset + i) }));
      return Promise.resolve(searchResult(text, hits, { offset, total, bestCount: total, resultId: 'r-1' }));
    });
    await renderApp(shoebox, { debounceMs: 0 });
    await typeEachLetter('sky');
    const grid = await screen.findByRole('grid', { name: 'Search results' });

    await fireEvent.keyDown(grid, { key: 'End' });

    await vi.waitFor(() => { expect(shoebox.mock.search).toHaveBeenCalledWith(expect.objectContaining({ offset: 400, resultId: 'r-1' })); });
    expect(shoebox.mock.search.mock.calls.every(([input]) => input.text === 'sky')).toBe(true);
  });
});
