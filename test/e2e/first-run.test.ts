import { describe, expect, it } from 'vitest';
import { errorsOf, openApp } from './harness/browser.js';
import { useSession } from './harness/session.js';
import { goodNames } from './harness/photo-library.js';
import { namesIn } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';

describe('first run in the browser', () => {
  const session = useSession({ indexed: false });

  it('adds a folder by its path, starts indexing, and the grid fills with its photos', async () => {
    const page = await openApp(session.browser, session.app);
    await page.getByRole('heading', { name: 'Welcome to Shoebox' }).waitFor();
    const start = page.getByRole('button', { name: 'Start indexing' });
    expect(await start.isDisabled()).toBe(true);
    await saveScreenshot(page, 'first-run-light');

    await page.getByLabel('Folder path').fill(session.app.photos.dir);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByText(session.app.photos.dir, { exact: true }).waitFor();
    await saveScreenshot(page, 'first-run-folder-added-light');
    await start.click();

    await page.getByRole('heading', { name: 'Library' }).waitFor();
    const grid = page.getByRole('grid', { name: 'All photos, newest first' });
    const expected = goodNames(session.app.photos);
    await expect.poll(() => grid.getByRole('img').count(), { timeout: 30_000 }).toBe(expected.length);
    const shown = await namesIn(page, 'All photos, newest first');
    expect(shown.sort()).toEqual([...expected].sort());
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/indexed/);
    expect(errorsOf(page)).toEqual([]);
  });
});

describe('first run on a machine without a model', () => {
  const session = useSession({ indexed: false, model: false });

  it('offers the models with their accuracy and size, shows a download’s progress, cancels it and offers a retry', async () => {
    const page = await openApp(session.browser, session.app);
    await page.getByRole('heading', { name: 'Welcome to Shoebox' }).waitFor();
    const models = page.getByRole('list', { name: 'Models' });
    const b32 = models.getByRole('listitem').filter({ hasText: 'CLIP ViT-B/32' });
    expect(await b32.textContent()).toMatch(/63\.2% accuracy.*MB download/);
    await page.getByLabel('Folder path').fill(session.app.photos.dir);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByText('Download a model first; indexing starts with it.').waitFor();
    expect(await page.getByRole('button', { name: 'Start indexing' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'first-run-models-light');

    // This machine is offline: the download starts and waits on the network until it is cancelled.
    await b32.getByRole('button', { name: 'Download CLIP ViT-B/32' }).click();
    await b32.getByRole('progressbar', { name: 'Downloading CLIP ViT-B/32' }).waitFor();
    await saveScreenshot(page, 'first-run-downloading-light');
    await b32.getByRole('button', { name: 'Cancel' }).click();
    await b32.getByRole('alert').filter({ hasText: 'Download cancelled.' }).waitFor();
    expect(await b32.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    expect(errorsOf(page)).toEqual([]);
  });
});
