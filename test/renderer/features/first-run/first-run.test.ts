import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../../../src-renderer/src/app/App.svelte';
import { appShoebox, pagedLibrary, root, status } from '../../factories.js';

describe('first run', () => {
  it('asks for a folder when the library has none, then starts indexing and shows the library', async () => {
    let started = false;
    const shoebox = appShoebox({
      status: () => Promise.resolve(status({ roots: [] })),
      listRoots: () => Promise.resolve([]),
      addRoot: ({ path }) => Promise.resolve(root(path, 0)),
      rescan: () => {
        started = true;
        return new Promise(() => undefined);
      },
      listPhotos: pagedLibrary(0),
    });
    render(App, { props: { shoebox } });

    const start = await screen.findByRole('button', { name: 'Start indexing' });
    expect(start.hasAttribute('disabled')).toBe(true);
    await fireEvent.input(screen.getByLabelText('Folder path'), { target: { value: '  /home/me/Pictures ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));

    expect(await screen.findByText('/home/me/Pictures')).toBeTruthy();
    expect(shoebox.mock.addRoot).toHaveBeenCalledWith({ path: '/home/me/Pictures' });
    await fireEvent.click(start);

    expect(started).toBe(true);
    expect(await screen.findByRole('heading', { name: 'Library' })).toBeTruthy();
    expect(await screen.findByText(/No photos yet/)).toBeTruthy();
  });

  it('skips first run when the library has folders', async () => {
    render(App, { props: { shoebox: appShoebox({ status: () => Promise.resolve(status()), listPhotos: pagedLibrary(3) }) } });
    expect(await screen.findByRole('heading', { name: 'Library' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Welcome to Shoebox' })).toBeNull();
  });
});
