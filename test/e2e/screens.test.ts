import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApp, type E2eApp } from './harness/app.js';
import { errorsOf, launchBrowser, openApp, type OpenOptions } from './harness/browser.js';
import { searchFor, type PageElement } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';

type Scheme = 'light' | 'dark';

/** At 200% zoom a 1280×800 window lays out as 640×400 CSS pixels drawn at twice the density. */
const ZOOM_200: OpenOptions = { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 };

async function libraryReady(page: Page): Promise<void> {
  await page.getByRole('grid', { name: 'All photos, newest first' }).getByRole('img').first().waitFor();
}

/** Albums to fill the sidebar and the viewer's chart, an exact copy for the duplicates view, a tag. */
async function furnish(app: E2eApp): Promise<void> {
  const red = app.photos.byColour['red']?.[0] ?? '';
  await copyFile(red, path.join(app.photos.dir, 'red-0 copy.jpg'));
  await app.core.rescan({});
  for (const [name, prompt] of [['Red things', 'red'], ['Blue', 'blue'], ['Greenery', 'green']] as const) {
    await app.core.createAlbum({ name, prompts: [prompt] });
  }
  const listed = await app.core.listPhotos({ limit: 1 });
  const first = listed.photos[0];
  if (first) await app.core.addTag({ photoId: first.id, tag: 'holiday' });
}

async function goTo(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: link }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/**
 * Every screen, light and dark and at 200% zoom, saved to test-results/screenshots for a person to
 * look at. The assertions only check that each screen was reached and the page threw nothing.
 */
describe('screenshots of every screen', () => {
  let fresh: E2eApp;
  let indexed: E2eApp;
  let browser: Browser;
  beforeAll(async () => {
    [fresh, indexed, browser] = await Promise.all([startApp({ indexed: false }), startApp({ indexed: true }), launchBrowser()]);
    await furnish(indexed);
  });
  afterAll(async () => {
    await browser.close();
    await Promise.all([fresh.close(), indexed.close()]);
  });

  for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
    it(`first run, ${scheme}`, async () => {
      const page = await openApp(browser, fresh, { colorScheme: scheme });
      await page.getByRole('heading', { name: 'Welcome to Shoebox' }).waitFor();
      await saveScreenshot(page, `first-run-${scheme}`);
      expect(errorsOf(page)).toEqual([]);
    });

    it(`library, search, viewer and failures, ${scheme}`, async () => {
      const page = await openApp(browser, indexed, { colorScheme: scheme });
      await libraryReady(page);
      await saveScreenshot(page, `library-${scheme}`);

      await searchFor(page, 'red');
      const results = page.getByRole('grid', { name: 'Search results' });
      await results.getByRole('img').first().waitFor();
      await results.focus();
      await saveScreenshot(page, `search-${scheme}`);

      await page.keyboard.press('Enter');
      await page.getByRole('dialog').getByRole('table').waitFor();
      await saveScreenshot(page, `viewer-${scheme}`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.getByText('Filters', { exact: true }).click();
      await page.getByLabel('File type').selectOption('jpeg');
      await page.getByRole('list', { name: 'Filters in use' }).waitFor();
      await saveScreenshot(page, `search-filters-${scheme}`);

      await searchFor(page, 'qwzx');
      await page.getByText(/^Nothing matched/).waitFor();
      await saveScreenshot(page, `search-nothing-${scheme}`);

      await page.getByRole('searchbox', { name: 'Search photos' }).fill('');
      await page.getByRole('button', { name: '1 failed' }).click();
      await page.getByRole('dialog', { name: 'Photos that could not be indexed' }).getByRole('row').nth(1).waitFor();
      await saveScreenshot(page, `failures-${scheme}`);
      expect(errorsOf(page)).toEqual([]);
    });

    it(`albums, album editor, duplicates and settings, ${scheme}`, async () => {
      const page = await openApp(browser, indexed, { colorScheme: scheme });
      await libraryReady(page);
      await goTo(page, 'Red things', 'Red things');
      await page.getByRole('grid', { name: 'Photos in Red things' }).getByRole('img').first().waitFor();
      await saveScreenshot(page, `album-${scheme}`);

      await page.getByRole('button', { name: 'Mirror to a folder…' }).click();
      await page.getByRole('dialog', { name: /^Mirror/ }).waitFor();
      await saveScreenshot(page, `album-mirror-${scheme}`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: '+ New album' }).click();
      await page.getByLabel('What belongs in it').fill('blue');
      await page.getByRole('img', { name: /^Scores of/ }).waitFor();
      await page.getByRole('complementary', { name: 'Best matches' }).getByRole('img').first().waitFor();
      await saveScreenshot(page, `album-editor-${scheme}`);

      await goTo(page, 'Duplicates', 'Duplicates');
      await page.getByRole('status').filter({ hasText: /photos/ }).first().waitFor();
      await saveScreenshot(page, `duplicates-${scheme}`);
      await goTo(page, 'Settings', 'Settings');
      await page.getByRole('list', { name: 'Models' }).waitFor();
      await saveScreenshot(page, `settings-${scheme}`);
      await page.getByRole('button', { name: 'Run a diagnosis' }).click();
      await page.getByRole('definition').filter({ hasText: /photos\/s in batches of/ }).waitFor({ timeout: 60_000 });
      await page.getByRole('heading', { name: 'Speed' }).evaluate((heading: PageElement & { scrollIntoView(): void }) => {
        heading.scrollIntoView();
      });
      await saveScreenshot(page, `settings-diagnostics-${scheme}`);
      expect(errorsOf(page)).toEqual([]);
    });
  }

  it('first run, library, viewer, settings and an album at 200% zoom', async () => {
    const first = await openApp(browser, fresh, ZOOM_200);
    await first.getByRole('heading', { name: 'Welcome to Shoebox' }).waitFor();
    await saveScreenshot(first, 'first-run-zoom200');

    const page = await openApp(browser, indexed, ZOOM_200);
    await libraryReady(page);
    await saveScreenshot(page, 'library-zoom200');
    await page.getByRole('grid', { name: 'All photos, newest first' }).getByRole('img').first().click();
    await page.getByRole('dialog').getByRole('table').waitFor();
    await saveScreenshot(page, 'viewer-zoom200');
    await page.keyboard.press('Escape');
    await goTo(page, 'Settings', 'Settings');
    await saveScreenshot(page, 'settings-zoom200');
    await goTo(page, 'Red things', 'Red things');
    await page.getByRole('grid', { name: 'Photos in Red things' }).getByRole('img').first().waitFor();
    await saveScreenshot(page, 'album-zoom200');
    expect(errorsOf(first)).toEqual([]);
    expect(errorsOf(page)).toEqual([]);
  });
});
