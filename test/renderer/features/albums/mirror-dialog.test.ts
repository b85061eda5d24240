import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Album, MirrorReport } from '$contract/albums.js';
import { AlbumsManager } from '../../../../src-renderer/src/features/albums/albums-manager.svelte.js';
import MirrorDialog from '../../../../src-renderer/src/features/albums/MirrorDialog.svelte';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { album, fakeShoebox } from '../../factories.js';

function report(dryRun: boolean, mode: MirrorReport['mode'], count = 2): MirrorReport {
  const planned = Array.from({ length: count }, (_, i) => i + 1).map((n) => ({ photoId: `photo-${n}`, from: `/photos/IMG_${n}.jpg`, to: `/dogs/IMG_${n}.jpg` }));
  return { albumId: 'album-1', folder: '/dogs', mode, dryRun, planned, done: dryRun ? 0 : count, skipped: 0, failed: [], insideRoot: null, cancelled: false };
}

function renderDialog(current: Album = album(1), count = 2) {
  let mode: MirrorReport['mode'] = 'copy';
  const shoebox = fakeShoebox({
    setAlbumMirror: (input) => {
      if (input.mode !== 'none') mode = input.mode;
      const mirror = input.mode === 'none' ? null : { folder: input.folder ?? '', mode: input.mode };
      return Promise.resolve({ ...current, mirror });
    },
    applyAlbumMirror: (input) =>
      Promise.resolve({
        ...report(input.dryRun ?? false, input.mode ?? mode, count),
        ...(input.folder === '/photos/dogs' ? { insideRoot: '/photos' } : {}),
      }),
    undoMirror: () => Promise.resolve({ albumId: 'album-1', restored: 2, failed: [] }),
  });
  const onclose = vi.fn();
  render(MirrorDialog, {
    props: { albums: new AlbumsManager(shoebox.api, new ErrorHandler()), album: current, onclose },
    context: shoeboxContext(shoebox),
  });
  return { shoebox, onclose };
}

async function showPlan(folder: string, mode: string): Promise<void> {
  await fireEvent.input(screen.getByLabelText('Folder'), { target: { value: folder } });
  await fireEvent.click(screen.getByRole('radio', { name: new RegExp(`^${mode}`) }));
  await fireEvent.click(screen.getByRole('button', { name: 'Show what will happen' }));
}

describe('mirroring an album into a folder', () => {
  it('shows the plan first, copies only when confirmed, and can undo', async () => {
    const { shoebox } = renderDialog();
    await showPlan('/dogs', 'Copy');

    expect(await screen.findByText('/photos/IMG_1.jpg')).toBeTruthy();
    // the plan is made for the setting as typed; nothing is saved until the person applies it
    expect(shoebox.mock.applyAlbumMirror).toHaveBeenCalledWith({ albumId: 'album-1', dryRun: true, folder: '/dogs', mode: 'copy' });
    expect(shoebox.mock.setAlbumMirror).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy 2 photos' }));

    expect(shoebox.mock.setAlbumMirror).toHaveBeenCalledWith({ albumId: 'album-1', folder: '/dogs', mode: 'copy' });
    await vi.waitFor(() => { expect(shoebox.mock.applyAlbumMirror).toHaveBeenLastCalledWith({ albumId: 'album-1', dryRun: false }); });
    expect((await screen.findByRole('status')).textContent).toMatch(/^2 photos copied into \/dogs\./);
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Undone: 2 restored.')).toBeTruthy();
  });

  it('shows progress while the files are copied, and Cancel stops the run: the report says what stays', async () => {
    const { shoebox } = renderDialog();
    let finish: (report: MirrorReport) => void = () => undefined;
    await showPlan('/dogs', 'Copy');
    await screen.findByRole('button', { name: 'Copy 2 photos' });
    shoebox.mock.applyAlbumMirror.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    shoebox.mock.cancelAlbumMirror.mockImplementation(() => {
      finish({ ...report(false, 'copy'), done: 1, cancelled: true });
      return Promise.resolve({ cancelled: true });
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Copy 2 photos' }));
    await vi.waitFor(() => { expect(shoebox.mock.applyAlbumMirror).toHaveBeenLastCalledWith({ albumId: 'album-1', dryRun: false }); });
    shoebox.emit('albumMirrorProgress', { albumId: 'album-1', done: 1, total: 2 });

    expect(await screen.findByText('1 of 2 done')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(shoebox.mock.cancelAlbumMirror).toHaveBeenCalledWith({ albumId: 'album-1' });
    expect((await screen.findByRole('status')).textContent).toMatch(/^1 photo copied into \/dogs\..*Cancelled: the photos done so far stay and can be undone/s);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
  });

  it('moves only after the person confirms the originals will leave their folders', async () => {
    const { shoebox } = renderDialog();
    await showPlan('/dogs', 'Move');
    const move = await screen.findByRole('button', { name: 'Move 2 photos' });

    expect(move.hasAttribute('disabled')).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: /originals will leave their folders/ }));
    expect(move.hasAttribute('disabled')).toBe(false);
    await fireEvent.click(move);
    await vi.waitFor(() => { expect(shoebox.mock.applyAlbumMirror).toHaveBeenLastCalledWith({ albumId: 'album-1', dryRun: false }); });
  });

  it('saves nothing when the person backs out of the plan', async () => {
    const { shoebox, onclose } = renderDialog();
    await showPlan('/dogs', 'Copy');
    await screen.findByRole('button', { name: 'Copy 2 photos' });

    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));

    await vi.waitFor(() => { expect(onclose).toHaveBeenCalled(); });
    expect(shoebox.mock.setAlbumMirror).not.toHaveBeenCalled();
    expect(shoebox.mock.applyAlbumMirror).not.toHaveBeenCalledWith({ albumId: 'album-1', dryRun: false });
  });

  it('counts in "…and N more" only the planned photos it does not list (issue 10, item 8 e)', async () => {
    renderDialog(album(1), 12);
    await showPlan('/dogs', 'Copy');
    expect(await screen.findByText('/photos/IMG_5.jpg')).toBeTruthy();
    expect(screen.queryByText('/photos/IMG_6.jpg')).toBeNull();
    expect(screen.getByText(/…and 7 more\./)).toBeTruthy();
  });

  it('warns that a copy target inside a library folder will be indexed again', async () => {
    renderDialog();
    await showPlan('/photos/dogs', 'Copy');
    const note = await screen.findByRole('note');
    expect(note.textContent).toContain('inside the library folder /photos');
  });
});
