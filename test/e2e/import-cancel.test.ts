import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp, type E2eApp } from './harness/app.js';
import { errorsOf, launchBrowser, openApp } from './harness/browser.js';
import { saveScreenshot } from './harness/screenshots.js';
import { makeFakeCard, filesUnder, type FakeCard } from '../core/import/fake-card.js';

/**
 * Cancelling an import from the import screen: the Cancel button of the progress stops it between
 * files; the summary says it was cancelled; the copies already verified stay (and Undo removes
 * them); no temp copy is left behind.
 */
describe('cancelling an import in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  let card: FakeCard;
  let pictures: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    // Test-only: each file action pauses between its steps, so the import runs long enough to cancel.
    const timings = { volumePollMs: 200, importSettleMs: 60_000, fileActionPauseMs: () => 1000 };
    [app, browser] = await Promise.all([startApp({ indexed: true, timings }), launchBrowser()]);
    const media = path.join(app.dir, 'media');
    await mkdir(media);
    process.env['SHOEBOX_MOUNT_ROOTS'] = media;
    pictures = path.join(app.dir, 'Pictures');
    await app.core.setImportSettings({ folder: pictures });
    card = await makeFakeCard(path.join(media, 'EOS_DIGITAL'), []);
  });
  afterAll(async () => {
    process.env = { ...saved };
    await browser.close();
    await app.close();
  });

  it('stops at Cancel, keeps what was copied, says so, and Undo removes it', async () => {
    const page = await openApp(browser, app, { colorScheme: 'light' });
    const banner = page.getByRole('region', { name: 'Camera card' });
    await banner.getByRole('button', { name: 'Import…' }).click({ timeout: 20_000 });
    await page.getByRole('list', { name: 'New photos' }).getByRole('img').nth(card.expected.size - 1).waitFor();
    await page.getByRole('button', { name: `Import ${card.expected.size} files` }).click();
    const progress = page.getByRole('status', { name: 'Import progress' });
    await progress.getByRole('button', { name: 'Cancel' }).click({ timeout: 20_000 });
    const summary = page.getByRole('status', { name: 'Import summary' });
    await summary.getByText('Cancelled: what was copied before stays, and can be undone.').waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'import-cancelled-light');
    const copied = (await filesUnder(pictures)).size;
    expect(copied).toBeLessThan(card.expected.size);
    const [record] = await app.core.listImports({ limit: 1 });
    expect(record).toMatchObject({ state: 'cancelled', copied });
    const left = await readdir(pictures, { recursive: true });
    expect(left.filter((f) => path.basename(f).startsWith('.shoebox-'))).toEqual([]);
    if (copied > 0) {
      await summary.getByRole('button', { name: 'Undo this import' }).click();
      await page.getByText(new RegExp(`^Undone: ${copied} removed`)).waitFor();
      expect((await filesUnder(pictures)).size).toBe(0);
    }
    expect(errorsOf(page)).toEqual([]);
  });
});
