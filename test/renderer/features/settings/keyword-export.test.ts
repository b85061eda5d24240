import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import KeywordExportSettings from '../../../../src-renderer/src/features/settings/KeywordExportSettings.svelte';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { appShoebox } from '../../factories.js';

describe('keyword export settings', () => {
  it('switches the automatic export, writes the sidecars now, reports failures and undoes', async () => {
    let auto = false;
    const shoebox = appShoebox({
      getKeywordExport: () => Promise.resolve({ auto }),
      setKeywordExport: (input) => Promise.resolve({ auto: (auto = input.auto) }),
      exportKeywords: () =>
        Promise.resolve({
          exportId: 'x', photos: 4, written: 2, created: 1, unchanged: 0,
          failed: [{ photoId: 'p', path: '/photos/a.jpg.xmp', code: 'FILE_OPERATION_FAILED', message: 'is a folder' }],
        }),
      undoKeywordExport: () => Promise.resolve({ exportId: null, restored: 0, removed: 0, kept: [] }),
    });
    render(KeywordExportSettings, { context: shoeboxContext(shoebox) });

    const box = await screen.findByRole('checkbox', { name: /whenever they change/ });
    await expect.poll(() => (box as HTMLInputElement).disabled).toBe(false);
    expect((box as HTMLInputElement).checked).toBe(false);
    await fireEvent.click(box);
    expect(shoebox.mock.setKeywordExport).toHaveBeenCalledWith({ auto: true });
    await expect.poll(() => (box as HTMLInputElement).checked).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: 'Write them for every photo now' }));
    expect(await screen.findByText('Sidecars: 2 updated, 1 created, 0 already up to date.')).toBeTruthy();
    expect(screen.getByText('1 sidecar could not be written: /photos/a.jpg.xmp: is a folder')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Undo the last write' }));
    expect(await screen.findByText('There is no write to undo.')).toBeTruthy();
  });

  it('shows the count, rate and ETA of a running write, and stops it', async () => {
    let finish: (cancelled: boolean) => void = () => undefined;
    const shoebox = appShoebox({
      exportKeywords: () =>
        new Promise((resolve) => {
          finish = (cancelled) => resolve({ exportId: 'x', photos: 5000, written: 0, created: 1200, unchanged: 0, failed: [], cancelled });
        }),
      cancelKeywordExport: () => Promise.resolve({ cancelled: true }),
    });
    render(KeywordExportSettings, { context: shoeboxContext(shoebox) });
    await fireEvent.click(await screen.findByRole('button', { name: 'Write them for every photo now' }));
    expect(await screen.findByText('Writing…')).toBeTruthy();
    shoebox.emit('keywordExportProgress', { done: 1200, total: 5000, failed: 0, rate: 40, etaSeconds: 95, finished: false });
    expect(await screen.findByText('Writing: 1,200 of 5,000 photos')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Keywords written for 24% of the photos' })).toBeTruthy();
    expect(screen.getByText('40 photos/s')).toBeTruthy();
    expect(screen.getByText('about 2 min left')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(shoebox.mock.cancelKeywordExport).toHaveBeenCalledWith({});
    shoebox.emit('keywordExportProgress', { done: 1201, total: 5000, failed: 0, rate: 40, etaSeconds: 0, finished: true });
    finish(true);
    expect(await screen.findByText('Stopped before the end; what was written stays and can be undone.')).toBeTruthy();
    expect(screen.getByText('Sidecars: 0 updated, 1,200 created, 0 already up to date.')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });
});
