import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '$contract/errors.js';
import App from '../../../../src-renderer/src/app/App.svelte';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import Toasts from '../../../../src-renderer/src/lib/errors/Toasts.svelte';
import { Navigation } from '../../../../src-renderer/src/app/navigation.svelte.js';
import type { LibraryRoot } from '$contract/library.js';
import { appShoebox, pagedLibrary, root, searchResult, status } from '../../factories.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the error handler', () => {
  it('shows the readable headline of an AppError code with the message from the core', async () => {
    const errors = new ErrorHandler();
    render(Toasts, { props: { errors } });

    errors.report(new AppError('ROOT_NOT_FOUND', '/media/usb/photos does not exist. Plug in the drive or remove the folder.'));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That folder does not exist');
    expect(alert.textContent).toContain('/media/usb/photos does not exist. Plug in the drive or remove the folder.');
  });

  it('stays quiet for a cancellation and turns anything else into an internal error', async () => {
    const errors = new ErrorHandler();
    render(Toasts, { props: { errors } });

    errors.report(new AppError('CANCELLED', 'stopped by the user'));
    errors.report(new TypeError('x is undefined'));

    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.querySelector('strong')?.textContent)).toEqual(['Something went wrong']);
  });

  it('shows a failure from a call the app makes, once, and dismisses it', async () => {
    const message = '/home/me/.shoebox/catalog could not be opened: the disk is read-only. Check its permissions.';
    const shoebox = appShoebox({ status: () => Promise.reject(new AppError('CATALOG_ERROR', message)) });
    render(App, { props: { shoebox } });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The photo catalogue had a problem');
    expect(alert.textContent).toContain(message);

    expect(screen.getByRole('heading', { name: 'Shoebox could not load your library' })).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss: The photo catalogue had a problem' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reports a refused folder on the first-run screen', async () => {
    const shoebox = appShoebox({
      status: () => Promise.resolve(status({ roots: [] })),
      listRoots: () => Promise.resolve([]),
      addRoot: () => Promise.reject(new AppError('ROOT_OVERLAPS', '/photos/2021 is inside /photos, which is already a library folder.')),
    });
    render(App, { props: { shoebox } });

    const field = await screen.findByLabelText('Folder path');
    await fireEvent.input(field, { target: { value: '/photos/2021' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That folder overlaps a library folder');
    expect(shoebox.mock.addRoot).toHaveBeenCalledWith({ path: '/photos/2021' });
  });

  it('closes an error toast by itself after a while', async () => {
    vi.useFakeTimers();
    const errors = new ErrorHandler();
    render(Toasts, { props: { errors } });
    errors.report(new AppError('CATALOG_ERROR', 'the disk is read-only'));
    flushSync();
    expect(screen.getByRole('alert')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(20_000);
    flushSync();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('clears a toast once its cause is fixed: the same call succeeds, or its view is left', async () => {
    const errors = new ErrorHandler();
    render(Toasts, { props: { errors } });
    await errors.attempt(() => Promise.reject(new AppError('QUERY_INVALID', 'Unclosed quote')), 'search');
    await errors.attempt(() => Promise.reject(new AppError('CATALOG_ERROR', 'elsewhere')));
    flushSync();
    expect(screen.getAllByRole('alert')).toHaveLength(2);
    await errors.attempt(() => Promise.resolve(1), 'search');
    flushSync();
    expect(screen.getAllByRole('alert').map((a) => a.querySelector('p')?.textContent)).toEqual(['elsewhere']);

    const nav = new Navigation(() => { errors.clear(); });
    await errors.attempt(() => Promise.reject(new AppError('ROOT_NOT_FOUND', '/nope does not exist')), 'roots');
    flushSync();
    expect(screen.getAllByRole('alert')).toHaveLength(2);
    nav.go('library');
    nav.go('settings');
    flushSync();
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('no longer says the search was not understood once the query is fixed', async () => {
    const shoebox = appShoebox({
      status: () => Promise.resolve(status()),
      listPhotos: pagedLibrary(4),
      search: ({ text = '' }) =>
        text.includes('"') ? Promise.reject(new AppError('QUERY_INVALID', 'A quote is not closed.')) : Promise.resolve(searchResult(text, [])),
    });
    render(App, { props: { shoebox, searchOptions: { debounceMs: 0 } } });
    const box = await screen.findByRole('searchbox', { name: 'Search photos' });
    await fireEvent.input(box, { target: { value: '"red' } });
    expect((await screen.findByRole('alert')).textContent).toContain('A quote is not closed.');
    await fireEvent.input(box, { target: { value: 'red' } });
    await vi.waitFor(() => {
      expect(shoebox.mock.search).toHaveBeenCalledTimes(2);
      expect(screen.queryByRole('alert')).toBeNull();
    });
  });

  it('lets a person out of the first-run screen without the refusal following them', async () => {
    let roots: LibraryRoot[] = [];
    const shoebox = appShoebox({
      status: () => Promise.resolve(status({ roots })),
      listRoots: () => Promise.resolve([]),
      listPhotos: pagedLibrary(2),
      addRoot: ({ path }) => {
        if (path === '/nope') return Promise.reject(new AppError('ROOT_NOT_FOUND', '/nope does not exist.'));
        roots = [root(path, 0)];
        return Promise.resolve(root(path, 0));
      },
    });
    render(App, { props: { shoebox } });
    const field = await screen.findByLabelText('Folder path');
    await fireEvent.input(field, { target: { value: '/nope' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    expect((await screen.findByRole('alert')).textContent).toContain('/nope does not exist.');
    await fireEvent.input(field, { target: { value: '/photos' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    await vi.waitFor(() => {
      expect(screen.queryByRole('alert')).toBeNull();
    });
  });
});
