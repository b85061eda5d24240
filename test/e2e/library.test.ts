import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp, type E2eApp } from './harness/app.js';
import { errorsOf, launchBrowser, openApp } from './harness/browser.js';
import { namesIn } from './harness/queries.js';

describe('library, viewer and failures in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ indexed: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  it('opens a photo with Enter and steps through the library with the arrow keys, Esc closes', async () => {
    const page = await openApp(browser, app);
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
    await expect.poll(() => viewer.getByRole('img').getAttribute('alt')).toMatch(/^red-1\.jpg/);

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
    const page = await openApp(browser, app);
    await page.getByRole('button', { name: '1 failed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Photos that could not be indexed' });
    const row = dialog.getByRole('row').filter({ hasText: path.basename(app.photos.broken) });
    await row.waitFor();
    const [file, code, details] = await row.getByRole('cell').allTextContents();
    expect(file).toBe(app.photos.broken);
    // Half a JPEG is refused either by the truncation check or by the decoder; both are readable reasons.
    expect(code).toMatch(/^(FILE_TRUNCATED|DECODE_FAILED)$/);
    expect(details).toContain(app.photos.broken);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(errorsOf(page)).toEqual([]);
  });
});
