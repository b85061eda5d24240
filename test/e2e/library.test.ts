import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, openApp } from './harness/browser.js';
import { useSession } from './harness/session.js';
import { namesIn } from './harness/queries.js';

describe('library, viewer and failures in the browser', () => {
  const session = useSession({ indexed: true });

  it('opens a photo with Enter and steps through the library with the arrow keys, Esc closes', async () => {
    const page = await openApp(session.browser, session.app);
    const grid = page.getByRole('grid', { name: 'All photos, newest first' });
    await expect.poll(() => grid.getByRole('img').count()).toBeGreaterThan(3);
    const names = await namesIn(page, 'All photos, newest first');
    // Newest first: the red photos were taken last, the latest of them first.
    expect(names.slice(0, 3)).toEqual(['red-2.jpg', 'red-1.jpg', 'red-0.jpg']);

    await grid.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: `Photo ${names[1] ?? ''}` });
    await viewer.waitFor();
    // The large image: its alt says when it was taken (the similar photos' thumbnails are named only).
    await viewer.getByRole('img', { name: /^red-1\.jpg, taken / }).waitFor();

    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog', { name: `Photo ${names[2] ?? ''}` }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('dialog', { name: `Photo ${names[0] ?? ''}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Previous photo' }).isDisabled()).toBe(true);

    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(errorsOf(page)).toEqual([]);
  });

  it('lists the broken file with its reason behind the status bar’s failure count', async () => {
    const page = await openApp(session.browser, session.app);
    await page.getByRole('button', { name: '1 failed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Photos that could not be indexed' });
    const row = dialog.getByRole('row').filter({ hasText: path.basename(session.app.photos.broken) });
    await row.waitFor();
    const [file, code, details] = await row.getByRole('cell').allTextContents();
    expect(file).toBe(session.app.photos.broken);
    // Half a JPEG is refused either by the truncation check or by the decoder; both are readable reasons.
    expect(code).toMatch(/^(FILE_TRUNCATED|DECODE_FAILED)$/);
    expect(details).toContain(session.app.photos.broken);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(errorsOf(page)).toEqual([]);
  });
});
