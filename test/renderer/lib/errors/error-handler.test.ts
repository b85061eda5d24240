import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-main/contract/errors.js';
import App from '../../../../src-renderer/src/app/App.svelte';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import Toasts from '../../../../src-renderer/src/lib/errors/Toasts.svelte';
import { appShoebox, status } from '../../factories.js';

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
});
