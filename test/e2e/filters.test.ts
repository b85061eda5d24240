import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { errorsOf, openApp } from './harness/browser.js';
import { namesIn, searchFor, type PageElement } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

const GRID = 'All photos, newest first';

/**
 * Defect 13 of issue 14: the filters worked only after typing a query, the folder filter listed only the
 * roots, and the camera was typed free text. Now the library grid has them, every folder is offered, and
 * the cameras of the library are a list.
 */
describe('filters on the library grid, every folder, the library\'s cameras', () => {
  const session = useSession({ indexed: true });
  beforeAll(async () => {
    const dir = session.app.photos.dir;
    // a Canon (writePhoto's EXIF) in a subfolder, dated, so a camera and a folder pick it out
    await writePhoto(path.join(dir, 'Trips', 'Rome', 'rome-1.jpg'), COLOURS['red'] ?? [0, 0, 0], { seed: 51, takenAt: '2019:07:14 10:00:00' });
    await writePhoto(path.join(dir, 'Trips', 'Rome', 'rome-2.jpg'), COLOURS['green'] ?? [0, 0, 0], { seed: 52, takenAt: '2019:07:15 10:00:00' });
    await session.app.core.rescan({});
  });

  it('narrows the library grid by camera without any query, and the chip undoes it', async () => {
    const page = await openApp(session.browser, session.app);
    const grid = page.getByRole('grid', { name: GRID });
    await expect.poll(async () => (await namesIn(page, GRID)).length).toBeGreaterThan(8);
    const all = (await page.locator('header.view-header').getByText(/^\d+ photos$/).textContent()) ?? '';
    await page.getByText('Filters', { exact: true }).click();
    const camera = page.getByLabel('Camera');
    // a list of the library's cameras, with their counts, not a text field
    expect(await camera.evaluate((el: PageElement & { tagName: string }) => el.tagName)).toBe('SELECT');
    await expect.poll(() => camera.locator('option').allTextContents()).toEqual(['Any camera', 'Canon EOS R6 (2 photos)']);
    await camera.selectOption('Canon EOS R6');
    await expect.poll(() => namesIn(page, GRID)).toEqual(['rome-2.jpg', 'rome-1.jpg']);
    await page.getByText('2 photos', { exact: true }).waitFor();
    // the timeline follows the filter
    const timeline = page.getByRole('navigation', { name: 'Timeline' });
    await expect.poll(() => timeline.getByRole('button').allTextContents()).toEqual(['2019', 'Jul']);
    // still no search: the library's own grid, filtered
    expect(await page.getByRole('heading', { name: 'Library', level: 1 }).count()).toBe(1);
    await saveScreenshot(page, 'filters-library-camera-light');
    await page.getByRole('button', { name: /^Remove filter Camera/ }).click();
    await page.locator('header.view-header').getByText(all, { exact: true }).waitFor();
    await expect.poll(async () => (await namesIn(page, GRID)).length).toBeGreaterThan(8);
    expect(await grid.count()).toBe(1);
    expect(errorsOf(page)).toEqual([]);
  });

  it('offers every folder of the library, not only its roots, in a search too', async () => {
    const page = await openApp(session.browser, session.app);
    await searchFor(page, 'red');
    await page.getByRole('grid', { name: 'Search results' }).getByRole('img').first().waitFor();
    await page.getByText('Filters', { exact: true }).click();
    const folder = page.getByLabel('Folder', { exact: true });
    const root = session.app.photos.dir;
    await expect.poll(() => folder.locator('option').allTextContents()).toEqual(['Any folder', root, '\u00a0\u00a0Trips', '\u00a0\u00a0\u00a0\u00a0Rome']);
    await folder.selectOption(path.join(root, 'Trips', 'Rome'));
    await expect.poll(() => namesIn(page, 'Search results')).toEqual(['rome-1.jpg', 'rome-2.jpg']);
    expect(errorsOf(page)).toEqual([]);
  });
});
