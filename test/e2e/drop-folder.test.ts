import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { errorsOf, openApp, type OpenOptions } from './harness/browser.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

/**
 * Drags a real folder of the disk onto the page the way the OS does: Chromium's own drag (the DevTools
 * protocol's Input.dispatchDragEvent with file paths), so the drop carries an entry that is a directory.
 */
async function dragFolder(page: Page, folder: string, steps: ('dragEnter' | 'dragOver' | 'drop')[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  for (const type of steps) await cdp.send('Input.dispatchDragEvent', { type, x: 300, y: 300, data });
  await cdp.detach();
}

describe('drop a folder on the window in the browser', () => {
  const session = useSession({ indexed: true });

  it('says a browser cannot tell where the folder is and adds nothing', async () => {
    const folder = path.join(session.app.dir, 'Dropped');
    await mkdir(folder, { recursive: true });
    const before = await session.app.core.listRoots({});
    const page = await openApp(session.browser, session.app);
    await page.getByRole('heading', { name: 'Library' }).waitFor();

    await dragFolder(page, folder, ['dragEnter', 'dragOver']);
    await page.getByText('Drop a photo to find similar ones').waitFor();
    await dragFolder(page, folder, ['drop']);

    await page.getByText('Use “Add folder” in Settings').waitFor();
    expect(await page.getByText('A browser cannot tell Shoebox where a dropped folder is, so nothing was added.').count()).toBe(1);
    expect(await page.getByRole('heading', { name: /^Photos like/ }).count()).toBe(0);
    expect(await session.app.core.listRoots({})).toEqual(before);
    expect(errorsOf(page)).toEqual([]);
  });

  const looks: [string, OpenOptions][] = [
    ['light', { colorScheme: 'light' }],
    ['dark', { colorScheme: 'dark' }],
    ['zoom-200', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ];
  for (const [look, options] of looks) {
    it(`shows what a drop will do while a folder is dragged over, ${look}`, async () => {
      const page = await openApp(session.browser, session.app, options);
      await page.getByRole('grid', { name: 'All photos, newest first' }).getByRole('img').first().waitFor();
      await dragFolder(page, session.app.dir, ['dragEnter', 'dragOver']);
      await page.getByText('Drop a photo to find similar ones').waitFor();
      await saveScreenshot(page, `drop-overlay-${look}`);
      await dragFolder(page, session.app.dir, ['drop']);
      await page.getByText('Use “Add folder” in Settings').waitFor();
      await saveScreenshot(page, `drop-folder-notice-${look}`);
      expect(errorsOf(page)).toEqual([]);
    });
  }

  it('says it in Chinese in the Chinese UI', async () => {
    const page = await openApp(session.browser, session.app, { locale: 'zh-CN' });
    await page.getByRole('grid').getByRole('img').first().waitFor();
    await dragFolder(page, session.app.dir, ['dragEnter', 'dragOver', 'drop']);
    const notice = page.getByText('浏览器无法告诉 Shoebox 拖入的文件夹在哪里，因此没有添加任何内容。');
    await notice.waitFor();
    expect(await page.getByText('请在“设置”中使用“添加文件夹”').count()).toBe(1);
    await saveScreenshot(page, 'drop-folder-notice-zh');
    expect(errorsOf(page)).toEqual([]);
  });
});
