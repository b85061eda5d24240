import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApp, type E2eApp } from './harness/app.js';
import { errorsOf, launchBrowser, openApp, type OpenOptions } from './harness/browser.js';
import { saveScreenshot } from './harness/screenshots.js';
import { makeFakeCard, filesUnder, type FakeCard } from '../core/import/fake-card.js';
import { COLOURS } from '../helpers/photos.js';

const ZOOM_200: OpenOptions = { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 };
const LOOKS: [string, OpenOptions][] = [
  ['light', { colorScheme: 'light' }],
  ['dark', { colorScheme: 'dark' }],
  ['zoom200', ZOOM_200],
];

/**
 * The import flow a person follows: a card appears (a folder with DCIM under the mount root the
 * poller watches), the banner offers its new photos, the import screen shows them as they are
 * read, one is left out, the import runs, the summary says where each went (an album's filing
 * rule took the red ones), and Undo takes it all back. Light, dark and 200 %, with screenshots.
 */
describe('importing a camera card in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  let card: FakeCard;
  let pictures: string;
  let filed: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    const timings = { volumePollMs: 200, importSettleMs: 60_000 };
    [app, browser] = await Promise.all([startApp({ indexed: true, timings }), launchBrowser()]);
    const media = path.join(app.dir, 'media');
    await mkdir(media);
    process.env['SHOEBOX_MOUNT_ROOTS'] = media;
    pictures = path.join(app.dir, 'Pictures');
    filed = path.join(app.dir, 'Albums', 'Red things');
    await app.core.setImportSettings({ folder: pictures });
    const album = await app.core.createAlbum({ name: 'Red things', prompts: ['red'], threshold: 0.5 });
    await app.core.setAlbumMirror({ albumId: album.id, folder: filed, mode: 'copy', fileImports: true });
    const red = COLOURS['red'] ?? [255, 0, 0];
    const blue = COLOURS['blue'] ?? [0, 0, 255];
    card = await makeFakeCard(path.join(media, 'EOS_DIGITAL'), [app.photos.byColour['red']?.[0] ?? ''], { colours: (n) => (n % 3 === 0 ? red : blue) });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await browser.close();
    await app.close();
  });

  async function importFromBanner(page: Page, look: string): Promise<void> {
    const banner = page.getByRole('region', { name: 'Camera card' });
    await banner.getByText(`${card.expected.size} new photos (1 already in your library)`).waitFor({ timeout: 20_000 });
    await saveScreenshot(page, `import-banner-${look}`);
    await banner.getByRole('button', { name: 'Import…' }).click();
    await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor();
    const tiles = page.getByRole('list', { name: 'New photos' });
    await tiles.getByRole('img', { name: 'IMG_0009.JPG' }).waitFor();
    await tiles.getByRole('img').nth(card.expected.size - 1).waitFor();
    await page.getByText(/^Select all$/).evaluate((button: { scrollIntoView(): void }) => {
      button.scrollIntoView();
    });
    await saveScreenshot(page, `import-plan-${look}`);
    await tiles.getByRole('checkbox').first().uncheck();
    await page.getByRole('button', { name: `Import ${card.expected.size - 1} files` }).click();
    const summary = page.getByRole('status', { name: 'Import summary' });
    await summary.waitFor({ timeout: 30_000 });
    await summary.getByRole('list', { name: 'Where the photos went' }).getByText(/→ Red things/).waitFor();
    await saveScreenshot(page, `import-summary-${look}`);
  }

  for (const [look, options] of LOOKS) {
    it(`offers the card, imports the chosen photos, files them and undoes it, ${look}`, async () => {
      const page = await openApp(browser, app, options);
      await importFromBanner(page, look);
      expect((await filesUnder(pictures)).size).toBe(card.expected.size - 1);
      // The red photos of the card went to the album's folder too (IMG_0001 was left out; it is blue).
      expect((await filesUnder(filed)).size).toBe(4);
      if (look === 'light') {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
        const history = page.getByRole('list', { name: 'Import history' });
        await history.getByText(/EOS_DIGITAL/).first().waitFor();
        await page.getByRole('heading', { name: 'Imports' }).evaluate((heading: { scrollIntoView(): void }) => {
          heading.scrollIntoView();
        });
        await saveScreenshot(page, 'import-history-light');
        await history.getByRole('button', { name: 'Undo' }).first().click();
        await history.getByText('(undone)').waitFor();
      } else {
        await page.getByRole('button', { name: 'Undo this import' }).click();
        await page.getByText(/^Undone: 9 removed/).waitFor();
      }
      expect((await filesUnder(pictures)).size).toBe(0);
      expect((await filesUnder(filed)).size).toBe(0);
      expect(errorsOf(page)).toEqual([]);
    });
  }
});
