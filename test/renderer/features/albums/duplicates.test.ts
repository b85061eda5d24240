import '@testing-library/svelte/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { DuplicateReport } from '$contract/albums.js';
import { DuplicatesManager } from '../../../../src-renderer/src/features/albums/duplicates-manager.svelte.js';
import DuplicatesView from '../../../../src-renderer/src/features/albums/DuplicatesView.svelte';
import { ViewerManager } from '../../../../src-renderer/src/features/viewer/viewer-manager.svelte.js';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { AppError } from '$contract/errors.js';
import { detail, fakeShoebox, photo } from '../../factories.js';

const report: DuplicateReport = {
  nearThreshold: 0.95,
  photos: 120,
  groups: [
    {
      kind: 'exact',
      keeper: 'photo-1',
      reason: 'same resolution and size; taken first',
      rule: 'taken-first',
      photos: [
        { id: 'photo-1', path: '/photos/IMG_0001.jpg', width: 4032, height: 3024, size: 2_400_000, takenAt: '2021-05-02T10:00:00', similarity: 1 },
        { id: 'photo-2', path: '/backup/IMG_0001.jpg', width: 4032, height: 3024, size: 2_400_000, takenAt: '2021-05-02T10:00:00', similarity: 1 },
      ],
    },
  ],
};

function renderDuplicates() {
  const shoebox = fakeShoebox({
    findDuplicates: () => Promise.resolve(report),
    getPhoto: ({ id }) => Promise.resolve(detail(photo(Number(id.split('-')[1])))),
  });
  const errors = new ErrorHandler();
  render(DuplicatesView, {
    props: { duplicates: new DuplicatesManager(shoebox.api, errors), viewer: new ViewerManager(shoebox.api, errors) },
    context: shoeboxContext(shoebox),
  });
  return shoebox;
}

describe('duplicates', () => {
  it("shows a running scan's phase, count, rate and time left, and Cancel stops it quietly", async () => {
    let reject: (error: unknown) => void = () => undefined;
    const shoebox = fakeShoebox({
      findDuplicates: () => new Promise((_, no) => (reject = no)),
      cancelWork: () => {
        reject(new AppError('CANCELLED', 'The work was cancelled.'));
        return Promise.resolve({ cancelled: true });
      },
    });
    const errors = new ErrorHandler();
    render(DuplicatesView, {
      props: { duplicates: new DuplicatesManager(shoebox.api, errors), viewer: new ViewerManager(shoebox.api, errors) },
      context: shoeboxContext(shoebox),
    });
    await screen.findByText('Comparing every photo…');
    shoebox.emit('backgroundWork', { job: 'duplicates', phase: 'reading', done: 40_000, total: 100_000, rate: 12_000, etaSeconds: 5, state: 'running' });
    // shown once the scan has run for a moment (a small library's ends before anything would flicker)
    const status = await screen.findByText('Reading photos', {}, { timeout: 3000 });
    const line = status.closest('[role="status"]') as HTMLElement;
    expect(line.textContent.replace(/\s+/g, ' ')).toMatch(/40,000 of 100,000 · 12,000 photos\/s · less than a minute left/);
    // an album scoring's progress is not this view's
    shoebox.emit('backgroundWork', { job: 'albums', phase: 'scoring', done: 1, total: 2, rate: 1, etaSeconds: 1, state: 'running' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(screen.queryByText('Scoring albums')).toBeNull();

    await fireEvent.click(within(line).getByRole('button', { name: 'Cancel' }));
    expect(shoebox.mock.cancelWork).toHaveBeenCalledWith({ job: 'duplicates' });
    await screen.findByRole('button', { name: 'Look again' });
    expect(errors.toasts).toEqual([]);
  });

  it('shows no progress for a scan that ends at once (a small library): nothing flickers', async () => {
    const shoebox = fakeShoebox({ findDuplicates: () => new Promise(() => undefined) });
    const errors = new ErrorHandler();
    render(DuplicatesView, {
      props: { duplicates: new DuplicatesManager(shoebox.api, errors), viewer: new ViewerManager(shoebox.api, errors) },
      context: shoeboxContext(shoebox),
    });
    await screen.findByText('Comparing every photo…');
    const running = { job: 'duplicates', phase: 'reading', done: 10, total: 120, rate: 1000, etaSeconds: 0.1 } as const;
    shoebox.emit('backgroundWork', { ...running, state: 'running' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByText('Reading photos')).toBeNull();
    shoebox.emit('backgroundWork', { ...running, done: 120, state: 'finished' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(screen.queryByText('Reading photos')).toBeNull();
  });

  it('groups the copies with the suggested keeper first and deletes nothing', async () => {
    const shoebox = renderDuplicates();

    expect((await screen.findByText(/^\s*Among 120 photos/)).textContent.trim()).toBe('Among 120 photos: 1 group of exact copies, 0 of near copies.');
    const group = screen.getByRole('heading', { name: /^Exact copies/ }).closest('li') as HTMLElement;
    expect(within(group).getAllByRole('img').map((img) => img.getAttribute('alt'))).toEqual(['IMG_0001.jpg, suggested keeper', 'IMG_0001.jpg']);
    expect(within(group).getByText('Suggested keeper')).toBeTruthy();
    expect(shoebox.mock.findDuplicates).toHaveBeenCalledWith({ nearThreshold: 0.95 });
  });

  it('looks again by itself when photos are indexed while it is open', async () => {
    const shoebox = renderDuplicates();
    await screen.findByText(/^\s*Among 120 photos/);
    expect(shoebox.mock.findDuplicates).toHaveBeenCalledTimes(1);

    shoebox.mock.findDuplicates.mockImplementation(() => Promise.resolve({ ...report, photos: 121 }));
    shoebox.emit('photoIndexed', { id: 'photo-121', path: '/photos/IMG_0001 copy.jpg' });

    expect(await screen.findByText(/^\s*Among 121 photos/, {}, { timeout: 5000 })).toBeTruthy();
  });

  it('looks again with another similarity for near copies', async () => {
    const shoebox = renderDuplicates();
    await screen.findByText(/^\s*Among 120 photos/);

    await fireEvent.input(screen.getByLabelText('Near copies from similarity'), { target: { value: '0.9' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Look again' }));

    expect(shoebox.mock.findDuplicates).toHaveBeenLastCalledWith({ nearThreshold: 0.9 });
  });
});
