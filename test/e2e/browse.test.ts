import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { errorsOf, openApp, type OpenOptions } from './harness/browser.js';
import { namesIn, type PageElement } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

const GRID = 'All photos, newest first';

/**
 * Browsing the way the files are: the library's folders as a tree with counts (a click narrows the grid),
 * a timeline of years and months beside the grid (a click jumps to the month), and the thumbnails' size
 * and shape, remembered. Screenshots browse-*.png are looked at, light, dark and at 200 %.
 */
describe('browsing by folder, by month, and with the thumbnails one likes', () => {
  const session = useSession({ indexed: true });
  beforeAll(async () => {
    const dir = session.app.photos.dir;
    await writePhoto(path.join(dir, 'Trips', 'Rome', 'rome-1.jpg'), COLOURS['red'] ?? [0, 0, 0], { seed: 41, takenAt: '2019:07:14 10:00:00' });
    await writePhoto(path.join(dir, 'Trips', 'Rome', 'rome-2.jpg'), COLOURS['yellow'] ?? [0, 0, 0], { seed: 42, width: 240, height: 480, takenAt: '2019:07:15 10:00:00' });
    await writePhoto(path.join(dir, 'Trips', 'oslo.jpg'), COLOURS['blue'] ?? [0, 0, 0], { seed: 43, takenAt: '2018:01:10 10:00:00' });
    await session.app.core.rescan({});
  });

  async function cellWidth(page: Page): Promise<number> {
    return (await page.getByRole('grid', { name: GRID }).getByRole('gridcell').first().boundingBox())?.width ?? 0;
  }

  it('narrows the grid to a folder of the tree, and back to all photos', async () => {
    const page = await openApp(session.browser, session.app);
    const folders = page.getByRole('navigation', { name: 'Folders' });
    // the root is open: its subfolder shows with every photo inside it, at any depth
    const trips = folders.getByRole('button', { name: /^Trips\s*3$/ });
    await trips.waitFor();
    await folders.getByRole('button', { name: 'Show the folders in Trips' }).click();
    await folders.getByRole('button', { name: /^Rome\s*2$/ }).click();
    await page.getByRole('heading', { name: 'Rome', level: 1 }).waitFor();
    await page.getByText('2 photos', { exact: true }).waitFor();
    await expect.poll(() => namesIn(page, GRID)).toEqual(['rome-2.jpg', 'rome-1.jpg']);
    expect(await folders.getByRole('button', { name: /^Rome/ }).getAttribute('aria-current')).toBe('true');

    await trips.click();
    await expect.poll(() => namesIn(page, GRID)).toEqual(['rome-2.jpg', 'rome-1.jpg', 'oslo.jpg']);
    await folders.getByRole('button', { name: /^All photos/ }).click();
    await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    await expect.poll(async () => (await namesIn(page, GRID)).length).toBeGreaterThan(5);
    expect(errorsOf(page)).toEqual([]);
  });

  it('jumps to a month from the timeline, which follows the scrolling', async () => {
    const page = await openApp(session.browser, session.app, { viewport: { width: 1280, height: 500 } });
    const timeline = page.getByRole('navigation', { name: 'Timeline' });
    await timeline.getByRole('button', { name: '2019, 2 photos', exact: true }).waitFor();
    expect(await timeline.getByRole('button', { name: /^June 2024/ }).getAttribute('aria-current')).toBe('true');
    const december = timeline.getByRole('button', { name: 'December 2023, 2 photos' });
    await december.click();
    await expect.poll(() => december.getAttribute('aria-current')).toBe('true');
    // the month's header is at the top of the grid, its photos under it
    const grid = page.getByRole('grid', { name: GRID });
    const header = grid.getByRole('columnheader', { name: 'December 2023' });
    const gridTop = (await grid.boundingBox())?.y ?? 0;
    expect(Math.abs(((await header.boundingBox())?.y ?? -999) - gridTop)).toBeLessThan(10);
    await grid.getByRole('img', { name: /^yellow-0\.jpg/ }).waitFor();
    // the oldest month cannot reach the top: the grid scrolls to its end, the photo in view
    await timeline.getByRole('button', { name: 'January 2018, 1 photo' }).click();
    await grid.getByRole('img', { name: /^oslo\.jpg/ }).waitFor();
    expect((await grid.getByRole('img', { name: /^oslo\.jpg/ }).boundingBox())?.y ?? 9999).toBeLessThan(500);
    await timeline.getByRole('button', { name: /^2024, \d+ photos$/ }).click();
    await expect.poll(() => timeline.getByRole('button', { name: /^June 2024/ }).getAttribute('aria-current')).toBe('true');
    expect(errorsOf(page)).toEqual([]);
  });

  it('draws small or large thumbnails, square or whole, and remembers the choice', async () => {
    const page = await openApp(session.browser, session.app);
    await page.getByRole('grid', { name: GRID }).getByRole('img').first().waitFor();
    const medium = await cellWidth(page);
    await page.getByText('Large', { exact: true }).click();
    await expect.poll(() => cellWidth(page)).toBeGreaterThan(medium * 1.4);
    await page.getByText('Small', { exact: true }).click();
    await expect.poll(() => cellWidth(page)).toBeLessThan(medium * 0.8);
    await page.getByText('Whole photo', { exact: true }).click();
    const fit = (): Promise<string> => page.getByRole('grid', { name: GRID }).getByRole('img').first().evaluate((img: PageElement) => (globalThis as unknown as { getComputedStyle(e: unknown): { objectFit: string } }).getComputedStyle(img).objectFit);
    await expect.poll(fit).toBe('contain');
    await page.reload();
    await page.getByRole('grid', { name: GRID }).getByRole('img').first().waitFor();
    await expect.poll(() => cellWidth(page)).toBeLessThan(medium * 0.8);
    expect(await fit()).toBe('contain');
    expect(await page.getByRole('radio', { name: 'Small' }).isChecked()).toBe(true);
    await saveScreenshot(page, 'browse-small-whole-light');
    await page.getByText('Large', { exact: true }).click();
    await page.getByText('Square', { exact: true }).click();
    await expect.poll(fit).toBe('cover');
    await saveScreenshot(page, 'browse-large-square-light');
    await page.getByText('Medium', { exact: true }).click();
    expect(errorsOf(page)).toEqual([]);
  });

  const looks: [string, OpenOptions][] = [
    ['light', { colorScheme: 'light' }],
    ['dark', { colorScheme: 'dark' }],
    ['zoom-200', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ];
  for (const [look, options] of looks) {
    it(`shows the folder tree and the timeline beside the grid, ${look}`, async () => {
      const page = await openApp(session.browser, session.app, options);
      const folders = page.getByRole('navigation', { name: 'Folders' });
      await folders.getByRole('button', { name: 'Show the folders in Trips' }).click();
      await page.getByRole('navigation', { name: 'Timeline' }).getByRole('button', { name: '2019, 2 photos', exact: true }).waitFor();
      await page.getByRole('grid', { name: GRID }).getByRole('img').first().waitFor();
      await saveScreenshot(page, `browse-tree-timeline-${look}`);
      // nothing of the two columns is cut off: each one's buttons lie inside the window
      const width = page.viewportSize()?.width ?? 0;
      for (const region of ['Folders', 'Timeline']) {
        const box = await page.getByRole('navigation', { name: region }).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width + 1, region).toBe(true);
      }
      expect(errorsOf(page)).toEqual([]);
    });
  }
});
