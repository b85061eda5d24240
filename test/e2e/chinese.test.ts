import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { englishLeft, overflowing } from './harness/chinese.js';
import { createCore } from '../../src-main/core/create-core.js';
import type { Core } from '../../src-main/core/core.js';
import { startServer, type RunningServer } from '../../src-main/server/start-server.js';
import { writeTinyClipModel } from '../fixtures/tiny-clip.js';
import { MULTILINGUAL_EMBEDDING, writeTinyMultilingualModel } from '../fixtures/tiny-multilingual.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { writeColourSet } from '../helpers/photos.js';
import { errorsOf, launchBrowser, openApp, type OpenOptions } from './harness/browser.js';
import { ensureRendererBuilt } from '../../src-main/server/renderer-build.js';
import { saveScreenshot } from './harness/screenshots.js';

/**
 * The app in Simplified Chinese, as a browser whose language is zh-CN opens it: a library embedded with
 * the tiny CLIP (shaped like B/32), the tiny multilingual tower installed beside it, a Chinese search and
 * a Chinese album. Screenshots go to test-results/screenshots (zh-*.png) to be looked at; the test checks
 * that the screens are reached, that no English is left in the visible text, and that nothing overflows.
 * Glyphs need a CJK font on the machine (Debian: fonts-wqy-microhei); without one they show as boxes.
 */
const ZH: OpenOptions = { locale: 'zh-CN' };
describe('the UI in Simplified Chinese', () => {
  let browser: Browser;
  let core: Core;
  let server: RunningServer;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const temp = await makeTempDir('shoebox-e2e-zh-');
    cleanup = temp.cleanup;
    const clip = await writeTinyClipModel(path.join(temp.dir, 'tiny-clip'), {
      embeddingSize: MULTILINGUAL_EMBEDDING,
    });
    const tower = await writeTinyMultilingualModel(
      path.join(temp.dir, 'hub', 'clip-ViT-B-32-multilingual-v1'),
    );
    await writeColourSet(path.join(temp.dir, 'Photos', '海边度假'), ['red', 'blue'], 3);
    await writeColourSet(path.join(temp.dir, 'Photos', '公园'), ['green', 'dark'], 3);
    core = await createCore({ libraryDir: path.join(temp.dir, 'library'), watch: true });
    await core.importModel({ path: clip.dir, id: 'clip-vit-b32' });
    await core.useModel({ id: 'clip-vit-b32' });
    await core.importModel({ path: tower.dir });
    await core.addRoot({ path: path.join(temp.dir, 'Photos') });
    await core.rescan({});
    await core.createAlbum({ name: '红色的东西', prompts: ['红色'] });
    server = await startServer({ core, staticDir: await ensureRendererBuilt() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
    await core.close();
    await cleanup();
  });

  const open = (options: OpenOptions = {}): Promise<Page> =>
    openApp(
      browser,
      { dir: '', core, server, photos: { dir: '', byColour: {} }, close: () => Promise.resolve() } as never,
      { ...ZH, ...options },
    );

  it('library, a Chinese search, a Chinese album and settings, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open({ colorScheme });
      await page.getByRole('grid', { name: '所有照片，最新的在前' }).getByRole('img').first().waitFor();
      await saveScreenshot(page, `zh-library-${colorScheme}`);
      expect(await englishLeft(page)).toEqual([]);

      await page.getByRole('searchbox', { name: '搜索照片' }).fill('红');
      await page.keyboard.press('Enter');
      const results = page.getByRole('grid', { name: '搜索结果' });
      await results.getByRole('img').first().waitFor();
      await page.getByText('最佳匹配').first().waitFor();
      await saveScreenshot(page, `zh-search-${colorScheme}`);
      const names = await Promise.all(
        (await results.getByRole('img').all()).slice(0, 3).map((img) => img.getAttribute('alt')),
      );
      expect(names.every((alt) => alt?.startsWith('red-') === true)).toBe(true);
      await page.getByText('筛选', { exact: true }).click();
      await page.getByLabel('文件类型').selectOption('jpeg');
      await page.getByRole('list', { name: '正在使用的筛选条件' }).waitFor();
      await saveScreenshot(page, `zh-search-filters-${colorScheme}`);
      expect(await englishLeft(page)).toEqual([]);
      await page.getByRole('searchbox', { name: '搜索照片' }).fill('');
      await page.keyboard.press('Escape');

      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('button', { name: /红色的东西/ })
        .click();
      await page.getByRole('grid', { name: '红色的东西 中的照片' }).getByRole('img').first().waitFor();
      await saveScreenshot(page, `zh-album-${colorScheme}`);
      expect(await englishLeft(page)).toEqual([]);

      await page.getByRole('button', { name: '同步到文件夹…' }).click();
      await page.getByRole('dialog', { name: /^将“红色的东西”同步到文件夹/ }).waitFor();
      await saveScreenshot(page, `zh-album-mirror-${colorScheme}`);
      expect(await englishLeft(page)).toEqual([]);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: '+ 新建相册' }).click();
      await page.getByLabel('相册里应该有什么').fill('蓝色');
      await page.getByRole('complementary', { name: '最佳匹配' }).getByRole('img').first().waitFor();
      await saveScreenshot(page, `zh-album-editor-${colorScheme}`);

      await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '重复照片' }).click();
      await page.getByRole('heading', { name: '重复照片', level: 1 }).waitFor();
      await page.getByRole('status').filter({ hasText: /照片/ }).first().waitFor();
      await saveScreenshot(page, `zh-duplicates-${colorScheme}`);
      expect(await englishLeft(page)).toEqual([]);

      await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '设置' }).click();
      await page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
      await page.getByText('已安装多语言文本模型 clip-multilingual-b32。').waitFor();
      await saveScreenshot(page, `zh-settings-${colorScheme}`);
      expect(await overflowing(page)).toEqual([]);
      expect(errorsOf(page)).toEqual([]);
    }
  });

  it('the viewer and the settings at 200% zoom', async () => {
    const page = await open({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    const grid = page.getByRole('grid', { name: '所有照片，最新的在前' });
    await grid.getByRole('img').first().click();
    await page.getByRole('dialog').getByRole('button', { name: '查找相似照片' }).waitFor();
    await saveScreenshot(page, 'zh-viewer-zoom200');
    expect(await englishLeft(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '设置' }).click();
    await page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
    await saveScreenshot(page, 'zh-settings-zoom200');
    expect(errorsOf(page)).toEqual([]);
  });
});
