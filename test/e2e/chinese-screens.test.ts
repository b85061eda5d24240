import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeFakeCard } from '../core/import/fake-card.js';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { PARIS_GPS, SHOT_EXIF } from '../helpers/shot-exif.js';
import { colourClip } from '../helpers/videos.js';
import { startApp, type E2eApp } from './harness/app.js';
import { errorsOf, launchBrowser, openApp, type OpenOptions } from './harness/browser.js';
import { englishLeft, overflowing } from './harness/chinese.js';
import { saveScreenshot } from './harness/screenshots.js';

/**
 * The screens that came after chinese.test.ts, in Simplified Chinese: the import screen (a camera card's
 * plan and the import settings), a video in the viewer, the viewer's toolbar with EXIF and the offline map,
 * the folder tree and timeline, the bulk bar, favourites, an own album and the keyword export settings.
 * Light, dark and 200 %; screenshots zh-*.png in test-results/screenshots, looked at. Latin words allowed
 * beyond the shared list are the test data's own names (file names, camera and lens, codec).
 */
// the import's folder pattern tokens ({yyyy}/{mm}/{dd}/{hh}) are syntax the person types, not words
const DATA_WORDS = ['yyyy', 'dd', 'hh', 'IMG', 'JPG', 'EOS', 'DIGITAL', 'DCIM', 'CANON', 'Paris', 'Beach', 'day', 'webm', 'Canon', 'RF', 'IS', 'USM', 'mm', 'VP', 'Media', 'png', 'yellow', 'broken', 'media', 'Trips', 'Scans', 'Albums'];

describe('the newer screens in Simplified Chinese', () => {
  let app: E2eApp;
  let browser: Browser;
  const saved = { ...process.env };
  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({ indexed: true, timings: { volumePollMs: 200, importSettleMs: 60_000 } }),
      launchBrowser(),
    ]);
    const media = path.join(app.dir, 'media');
    await mkdir(media);
    process.env['SHOEBOX_MOUNT_ROOTS'] = media;
    await app.core.setImportSettings({ folder: path.join(app.dir, 'Pictures') });
    await makeFakeCard(path.join(media, 'EOS_DIGITAL'), []);
    const dir = app.photos.dir;
    await writePhoto(path.join(dir, 'Trips', 'Paris.jpg'), COLOURS['blue'] ?? [0, 0, 0], {
      width: 1200, height: 800, takenAt: '2030:05:01 10:00:00',
      exif: { ...SHOT_EXIF, IFD3: PARIS_GPS },
    });
    await colourClip(path.join(dir, 'Media', 'Beach day.webm'), [['red', 3], ['blue', 3]], { codec: 'libvpx-vp9' });
    await app.core.rescan({});
    const photos = await app.core.listPhotos({ limit: 2 });
    await app.core.createManualAlbum({ name: '我的旅行', photoIds: photos.photos.map((p) => p.id) });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await browser.close();
    await app.close();
  });

  const looks: [string, OpenOptions][] = [
    ['light', { locale: 'zh-CN', colorScheme: 'light' }],
    ['dark', { locale: 'zh-CN', colorScheme: 'dark' }],
    ['zoom200', { locale: 'zh-CN', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ];

  async function check(page: Page, name: string, selector = 'body'): Promise<void> {
    await saveScreenshot(page, name);
    expect({ name, english: await englishLeft(page, DATA_WORDS, selector) }).toEqual({ name, english: [] });
    expect({ name, overflowing: await overflowing(page) }).toEqual({ name, overflowing: [] });
  }

  const nav = (page: Page, name: string | RegExp): Promise<void> =>
    page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name }).click();

  for (const [look, options] of looks) {
    it(`import, viewer, browsing, selection and keyword export, ${look}`, async () => {
      const page = await openApp(browser, app, options);
      const grid = page.getByRole('grid', { name: '所有照片，最新的在前' });
      await grid.getByRole('img').first().waitFor();
      await page.getByRole('navigation', { name: '时间轴' }).getByRole('button').first().waitFor();
      await check(page, `zh-tree-timeline-${look}`);

      // the bulk bar, then favourites and an own album
      await grid.getByRole('gridcell').nth(0).getByRole('checkbox', { name: '选择' }).click();
      await grid.getByRole('gridcell').nth(1).getByRole('checkbox', { name: '选择' }).click();
      const bar = page.getByRole('toolbar', { name: '已选照片' });
      await bar.waitFor();
      await check(page, `zh-bulk-bar-${look}`);
      await bar.getByRole('button', { name: '♥ 收藏' }).click();
      await page.keyboard.press('Escape');
      await nav(page, '♥ 收藏');
      await page.getByRole('grid', { name: '收藏的照片' }).getByRole('img').first().waitFor();
      await check(page, `zh-favourites-${look}`);
      await nav(page, /^我的旅行/);
      await page.getByRole('heading', { name: '我的旅行', level: 1 }).waitFor();
      await page.getByRole('grid').getByRole('img').first().waitFor();
      await check(page, `zh-own-album-${look}`);

      // the viewer: EXIF and the map, then a video
      await nav(page, '图库');
      await grid.getByRole('img').first().waitFor();
      await grid.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const wanted = '照片 Paris.jpg';
      for (let step = 0; step < 30 && (await dialog.getAttribute('aria-label')) !== wanted; step += 1) {
        const shown = await dialog.getAttribute('aria-label');
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => dialog.getAttribute('aria-label')).not.toBe(shown);
      }
      const paris = page.getByRole('dialog', { name: wanted });
      await paris.waitFor();
      await paris.getByText('Canon EOS R6', { exact: true }).waitFor();
      await paris.getByRole('img', { name: /^地图：拍摄地点/ }).waitFor();
      await check(page, `zh-viewer-exif-${look}`);
      await paris.getByRole('img', { name: /^地图：拍摄地点/ }).scrollIntoViewIfNeeded();
      await check(page, `zh-viewer-map-${look}`);
      await page.keyboard.press('Escape');
      await page.getByRole('searchbox', { name: '搜索照片' }).fill('blue');
      await page.keyboard.press('Enter');
      await page.getByRole('grid', { name: '搜索结果' }).getByRole('img', { name: /^Beach day\.webm/ }).click();
      await page.getByRole('dialog').locator('video').waitFor();
      await page.getByRole('dialog').getByText(/VP9 · /).waitFor();
      await check(page, `zh-viewer-video-${look}`);
      await page.keyboard.press('Escape');
      await page.getByRole('searchbox', { name: '搜索照片' }).fill('');
      await page.keyboard.press('Escape');

      // the import screen: the card's plan and the import settings
      const banner = page.getByRole('region', { name: '相机存储卡' });
      await banner.getByRole('button', { name: '导入…' }).click({ timeout: 20_000 });
      await page.getByRole('heading', { name: '导入', level: 1 }).waitFor();
      await page.getByRole('list', { name: '新照片' }).getByRole('img').first().waitFor();
      await check(page, `zh-import-settings-${look}`);
      await page.getByText('全选', { exact: true }).scrollIntoViewIfNeeded();
      await check(page, `zh-import-plan-${look}`);

      // the keyword export settings
      await nav(page, '设置');
      const keywords = page.getByRole('heading', { name: '供其他照片软件读取的关键词' });
      await keywords.scrollIntoViewIfNeeded();
      // the model picker above shows the catalogue's own (English) descriptions: only these sections are read
      await check(page, `zh-settings-keywords-${look}`, 'section[aria-labelledby="settings-imports"], section[aria-labelledby="settings-keywords"]');
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});
