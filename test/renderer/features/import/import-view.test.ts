import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ImportPlan, ImportRecord } from '$contract/imports.js';
import { ImportManager } from '../../../../src-renderer/src/features/import/import-manager.svelte.js';
import ImportView from '../../../../src-renderer/src/features/import/ImportView.svelte';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { appShoebox } from '../../factories.js';

const card = '/media/me/EOS_DIGITAL';
const files = ['IMG_0001.JPG', 'IMG_0002.JPG', 'IMG_0003.JPG'].map((name) => `${card}/DCIM/100CANON/${name}`);

function plan(): ImportPlan {
  return {
    sources: [card], destination: '/home/me/Pictures/Shoebox', pattern: '{yyyy}/{yyyy}-{mm}-{dd}',
    candidates: files.map((path) => ({ path, size: 3_000_000, kind: 'photo' as const, takenAt: 0, target: `2026/2026-07-14/${path.split('/').at(-1) ?? ''}` })),
    photos: 3, videos: 0, bytes: 9_000_000, alreadyInLibrary: 12, duplicatesInSource: 0, skipped: [],
  };
}

function record(only: readonly string[]): ImportRecord {
  return {
    id: 'imp-1', state: 'done', sources: [card], destination: '/home/me/Pictures/Shoebox', pattern: '{yyyy}/{yyyy}-{mm}-{dd}',
    startedAt: '2026-07-20T10:00:00.000Z', finishedAt: '2026-07-20T10:00:05.000Z', copied: only.length, alreadyInLibrary: 12, failed: [],
    bytes: only.length * 3_000_000, indexed: only.length, erasedFromSource: 0,
    filing: [
      { albumId: 'a1', albumName: 'Beach 2026', folder: '/home/me/Beach', mode: 'copy', count: 1 },
      { albumId: null, albumName: null, folder: '2026/2026-07-14', mode: null, count: only.length },
    ],
    files: only.map((from) => ({ from, to: from.replace(card, '/home/me/Pictures/Shoebox') })), createdFolders: [], filedActionIds: [], message: null,
  };
}

describe('the import screen', () => {
  it('shows the new photos with their thumbnails, imports only the selected ones, says where they went and undoes', async () => {
    const shoebox = appShoebox({
      getImportSettings: () => Promise.resolve({ folder: '/home/me/Pictures/Shoebox', pattern: '{yyyy}/{yyyy}-{mm}-{dd}' }),
      planImport: () => Promise.resolve(plan()),
      importThumbnail: ({ path }) => Promise.resolve({ path, dataUrl: 'data:image/jpeg;base64,AAAA' }),
      startImport: ({ only }) => Promise.resolve(record(only ?? [])),
      undoImport: ({ importId }) => Promise.resolve({ importId: importId ?? '', removed: 2, movedBack: 0, kept: [] }),
    });
    const imports = new ImportManager(shoebox.api, new ErrorHandler());
    render(ImportView, { props: { imports }, context: shoeboxContext(shoebox) });
    await fireEvent.input(screen.getByLabelText('From (a card, a phone or any folder)'), { target: { value: card } });
    await fireEvent.click(screen.getByRole('button', { name: 'Look for new photos' }));
    expect(await screen.findByText('3 new photos (12 already in your library)')).toBeTruthy();
    expect(await screen.findByRole('img', { name: 'IMG_0003.JPG' })).toBeTruthy();

    await fireEvent.click(screen.getAllByRole('checkbox')[1] as HTMLElement);
    expect(screen.getByText('2 of 3 selected')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Import 2 files' }));
    expect(shoebox.mock.startImport).toHaveBeenCalledWith({ sources: [card], to: '/home/me/Pictures/Shoebox', pattern: '{yyyy}/{yyyy}-{mm}-{dd}', only: [files[0], files[2]], eraseSource: false });
    expect(await screen.findByText('1 → Beach 2026')).toBeTruthy();
    expect(screen.getByText('2 stayed in 2026/2026-07-14')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Undo this import' }));
    expect(await screen.findByText(/^Undone: 2 removed, 0 moved back/)).toBeTruthy();
    expect(shoebox.mock.undoImport).toHaveBeenCalledWith({ importId: 'imp-1' });
  });

  it('offers Cancel while the import still reads the card, and says it was cancelled', async () => {
    let finish: (r: ImportRecord) => void = () => undefined;
    const shoebox = appShoebox({
      getImportSettings: () => Promise.resolve({ folder: '/home/me/Pictures/Shoebox', pattern: '{yyyy}/{yyyy}-{mm}-{dd}' }),
      planImport: () => Promise.resolve(plan()),
      importThumbnail: ({ path }) => Promise.resolve({ path, dataUrl: 'data:image/jpeg;base64,AAAA' }),
      startImport: () => new Promise<ImportRecord>((resolve) => (finish = resolve)),
      cancelImport: () => {
        finish({ ...record([]), state: 'cancelled' });
        return Promise.resolve(null);
      },
    });
    const imports = new ImportManager(shoebox.api, new ErrorHandler());
    render(ImportView, { props: { imports }, context: shoeboxContext(shoebox) });
    await fireEvent.input(screen.getByLabelText('From (a card, a phone or any folder)'), { target: { value: card } });
    await fireEvent.click(screen.getByRole('button', { name: 'Look for new photos' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Import 3 files' }));
    const progress = await screen.findByRole('status', { name: 'Import progress' });
    expect(progress.textContent).toMatch(/Getting ready/);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(shoebox.mock.cancelImport).toHaveBeenCalledWith({});
    expect(await screen.findByText('Cancelled: what was copied before stays, and can be undone.')).toBeTruthy();
  });
});
