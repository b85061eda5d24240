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
});
