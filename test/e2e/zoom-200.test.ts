import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { errorsOf, openApp, type OpenOptions } from './harness/browser.js';
import type { PageElement } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

/** A 1280×800 window at 200 % lays out as 640×400 CSS pixels; a 1920×1080 one as 960×540. */
const ZOOM_200: OpenOptions = { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 };
const ZOOM_200_WIDE: OpenOptions = { viewport: { width: 960, height: 540 }, deviceScaleFactor: 2 };
/** an 800×600 window at 200 % */
const ZOOM_200_SMALL: OpenOptions = { viewport: { width: 400, height: 300 }, deviceScaleFactor: 2 };

/** How much of the window's height the grid gets: the rest is the fixed bars (defect 12 of issue 14). */
async function gridShare(page: Page, name: RegExp | string): Promise<number> {
  const box = await page.getByRole('grid', { name }).boundingBox();
  const height = page.viewportSize()?.height ?? 1;
  if (!box) return 0;
  const visible = Math.min(box.y + box.height, height) - Math.max(box.y, 0);
  return visible / height;
}

async function inWindow(page: Page, locator: ReturnType<Page['getByRole']>): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  return box !== null && size !== null && box.y >= 0 && box.y + box.height <= size.height && box.x >= 0 && box.x + box.width <= size.width + 0.5;
}

/** At 200 % the photos keep most of the window, and every control stays whole and in reach. */
describe('at 200 % zoom', () => {
  const session = useSession({ indexed: true });
  beforeAll(async () => {
    await session.app.core.createAlbum({ name: 'Red things', prompts: ['red'] });
  });

  it('the library grid gets at least half the window\'s height', async () => {
    const page = await openApp(session.browser, session.app, ZOOM_200);
    await page.getByRole('grid', { name: 'All photos, newest first' }).getByRole('img').first().waitFor();
    expect(await gridShare(page, 'All photos, newest first')).toBeGreaterThanOrEqual(0.5);
    await saveScreenshot(page, 'zoom200-library');
    expect(errorsOf(page)).toEqual([]);
  });

  it('an album keeps its buttons in view while its photos scroll, and the grid half the height', async () => {
    const page = await openApp(session.browser, session.app, ZOOM_200);
    await page.getByRole('button', { name: /^Red things/ }).click();
    const grid = page.getByRole('grid', { name: /^Photos in Red things/ });
    await grid.getByRole('img').first().waitFor();
    // scrolling the album's page down to its photos: the suggestions go by, the album's title and buttons stay
    const summary = await page.getByText('Photos of “red”', { exact: false }).boundingBox();
    await page.mouse.move((summary?.x ?? 0) + 10, (summary?.y ?? 0) + 5);
    await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'zoom200-album');
    for (const name of ['Edit', 'Delete']) expect(await inWindow(page, page.getByRole('button', { name, exact: true })), name).toBe(true);
    // the title too, whole, below the search bar
    const title = await page.getByRole('heading', { name: 'Red things', level: 1 }).boundingBox();
    const search = await page.getByRole('searchbox').first().boundingBox();
    expect((title?.y ?? 0) + 1).toBeGreaterThanOrEqual((search?.y ?? 0) + (search?.height ?? 0));
    expect(await gridShare(page, /^Photos in Red things/)).toBeGreaterThanOrEqual(0.4);
    expect(errorsOf(page)).toEqual([]);
  });

  for (const [name, look] of [['400', ZOOM_200_SMALL], ['640', ZOOM_200], ['960', ZOOM_200_WIDE]] as const) {
    it(`the sidebar's "+ 新建相册" is whole in Chinese, ${name} pixels wide`, async () => {
      const page = await openApp(session.browser, session.app, { ...look, locale: 'zh-CN' });
      const button = page.getByRole('button', { name: '+ 新建相册' });
      await button.waitFor();
      expect(await inWindow(page, button)).toBe(true);
      // on one line, nothing cut: its text fits its box
      const fits = await button.evaluate((el: PageElement & { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number }) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight);
      expect(fits).toBe(true);
      const height = (await button.boundingBox())?.height ?? 99;
      expect(height).toBeLessThan(36);
      await saveScreenshot(page, `zoom200-zh-sidebar-${name}`);
      expect(errorsOf(page)).toEqual([]);
    });
  }
});
