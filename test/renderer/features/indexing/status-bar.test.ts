import '@testing-library/svelte/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { IndexingManager } from '../../../../src-renderer/src/features/indexing/indexing-manager.svelte.js';
import StatusBar from '../../../../src-renderer/src/features/indexing/StatusBar.svelte';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { failure, fakeShoebox, progress, status, type FakeShoebox } from '../../factories.js';

async function renderStatusBar(shoebox: FakeShoebox) {
  const errors = new ErrorHandler();
  const indexing = new IndexingManager(shoebox.api, errors);
  indexing.listen(shoebox.events);
  await indexing.load();
  render(StatusBar, { props: { indexing }, context: shoeboxContext(shoebox) });
}

const running = progress({ state: 'running', done: 120, total: 500, queued: 380, rate: 12.3, etaSeconds: 304, failed: 2 });

describe('the indexing status bar', () => {
  it('shows done/total, the rate and the time left while indexing', async () => {
    await renderStatusBar(fakeShoebox({ status: () => Promise.resolve(status({ indexing: running })) }));

    expect(screen.getByRole('status').textContent).toBe('Indexing 120 / 500');
    expect(screen.getByText('12 photos/s')).toBeTruthy();
    expect(screen.getByText('about 5 min left')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Indexing progress, 24%' })).toBeTruthy();
  });

  it('follows the indexProgress events', async () => {
    const shoebox = fakeShoebox({ status: () => Promise.resolve(status({ indexing: running })) });
    await renderStatusBar(shoebox);

    shoebox.emit('indexProgress', { ...running, done: 450, rate: 3.25, etaSeconds: 15 });

    expect(await screen.findByText('Indexing 450 / 500')).toBeTruthy();
    expect(screen.getByText('3.3 photos/s')).toBeTruthy();
    expect(screen.getByText('less than a minute left')).toBeTruthy();
  });

  it('pauses and resumes through the API', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status({ indexing: running })),
      pauseIndexing: () => Promise.resolve({ ...running, state: 'paused' }),
      resumeIndexing: () => Promise.resolve(running),
    });
    await renderStatusBar(shoebox);

    await fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(await screen.findByText('Indexing paused at 120 / 500')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Resume' }));

    expect(await screen.findByText('Indexing 120 / 500')).toBeTruthy();
    expect(shoebox.mock.pauseIndexing).toHaveBeenCalledTimes(1);
    expect(shoebox.mock.resumeIndexing).toHaveBeenCalledTimes(1);
  });

  it('lists the failures with their path, code and message', async () => {
    const shoebox = fakeShoebox({
      status: () => Promise.resolve(status({ indexing: running })),
      listFailures: () => Promise.resolve([failure(1), failure(2, { code: 'FILE_TRUNCATED', message: 'ends early' })]),
    });
    await renderStatusBar(shoebox);

    await fireEvent.click(screen.getByRole('button', { name: '2 failed' }));

    const dialog = await screen.findByRole('dialog', { name: 'Photos that could not be indexed' });
    const rows = within(dialog).getAllByRole('row').slice(1).map((row) => row.textContent);
    expect(rows).toEqual([
      `/photos/broken-1.jpgDECODE_FAILED${failure(1).message}`,
      '/photos/broken-2.jpgFILE_TRUNCATEDends early',
    ]);
    expect(shoebox.mock.listFailures).toHaveBeenCalledWith({ limit: 500 });
  });

  it('keeps offering the failures between runs', async () => {
    await renderStatusBar(fakeShoebox({ status: () => Promise.resolve(status({ photos: { total: 20, indexed: 19, pending: 0, failed: 1 } })) }));
    expect(screen.getByRole('button', { name: '1 failed' })).toBeTruthy();
  });

  it('follows photos indexed and failed outside any run it saw, never showing a stale figure', async () => {
    let photos = { total: 120, indexed: 120, pending: 0, failed: 0 };
    const shoebox = fakeShoebox({ status: () => Promise.resolve(status({ photos })) });
    await renderStatusBar(shoebox);
    expect(screen.getByRole('status').textContent).toBe('120 photos indexed');

    // two photos copied in and three broken files: indexed between two progress samples
    photos = { total: 125, indexed: 122, pending: 0, failed: 3 };
    shoebox.emit('photoIndexed', { id: 'photo-121', path: '/photos/a.jpg' });
    shoebox.emit('photoIndexed', { id: 'photo-122', path: '/photos/b.jpg' });
    for (const n of [1, 2, 3]) shoebox.emit('photoFailed', { id: `/photos/broken-${String(n)}.jpg`, path: `/photos/broken-${String(n)}.jpg`, code: 'DECODE_FAILED', message: 'ends early' });

    await vi.waitFor(() => { expect(screen.getByRole('status').textContent).toBe('122 photos indexed'); }, { timeout: 3000 });
    expect(screen.getByRole('button', { name: '3 failed' })).toBeTruthy();
  });

  it('says how many photos are indexed when idle', async () => {
    await renderStatusBar(fakeShoebox({ status: () => Promise.resolve(status()) }));
    expect(screen.getByRole('status').textContent).toBe('20 photos indexed');
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
  });
});
