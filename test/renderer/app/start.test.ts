import '@testing-library/svelte/vitest';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { AppError } from '$contract/errors.js';
import type { LibraryStatus } from '$contract/library.js';
import App from '../../../src-renderer/src/app/App.svelte';
import { appShoebox, pagedLibrary, status, useViewport } from '../factories.js';

useViewport();

const never = <T,>(): Promise<T> => new Promise<T>(() => undefined);

describe('the app opening', () => {
  it('asks for the grid\'s first page with the status, and shows it without waiting for the tree, timeline or albums', async () => {
    let answerStatus: (s: LibraryStatus) => void = () => undefined;
    const shoebox = appShoebox({
      status: () => new Promise((resolve) => (answerStatus = resolve)),
      listPhotos: pagedLibrary(500),
      listFolders: never,
      timeline: never,
      listUnreadable: never,
      listAlbums: never,
    });
    render(App, { props: { shoebox } });
    // asked together: the first page does not wait for the status's answer
    expect(shoebox.mock.status).toHaveBeenCalledTimes(1);
    expect(shoebox.mock.listPhotos).toHaveBeenCalledTimes(1);
    // what is beside the grid is asked after its first page, so the first thumbnails do not wait for it
    expect(shoebox.mock.listFolders).not.toHaveBeenCalled();
    expect(shoebox.mock.timeline).not.toHaveBeenCalled();
    expect(shoebox.mock.listUnreadable).not.toHaveBeenCalled();
    answerStatus(status());
    const grid = await screen.findByRole('grid', { name: 'All photos, newest first' });
    expect(grid.querySelectorAll('[role="gridcell"]').length).toBeGreaterThan(0);
    // none of these has answered, yet the grid is there; they were asked once it was
    expect(shoebox.mock.listFolders).toHaveBeenCalledTimes(1);
    expect(shoebox.mock.timeline).toHaveBeenCalledTimes(1);
    expect(shoebox.mock.listUnreadable).toHaveBeenCalledTimes(1);
  });

  it('a first run says nothing of the page it asked ahead and could not have', async () => {
    const shoebox = appShoebox({
      status: () => Promise.resolve(status({ roots: [], model: null })),
      listRoots: () => Promise.resolve([]),
      listPhotos: () => Promise.reject(new AppError('MODEL_NOT_READY', 'No model is installed yet.')),
    });
    render(App, { props: { shoebox } });
    expect(await screen.findByRole('heading', { name: 'Welcome to Shoebox' })).toBeTruthy();
    expect(shoebox.mock.listPhotos).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a first page that failed in a library with folders is asked again, and its error shown', async () => {
    let calls = 0;
    const shoebox = appShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: () => {
        calls += 1;
        return Promise.reject(new AppError('INTERNAL', `The catalogue could not be read (${calls}).`));
      },
    });
    render(App, { props: { shoebox } });
    expect((await screen.findByRole('alert')).textContent).toContain('The catalogue could not be read (2).');
  });
});
