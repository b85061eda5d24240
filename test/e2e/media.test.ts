import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { writeDng } from '../helpers/dng.js';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { colourClip } from '../helpers/videos.js';
import { rgbPixels } from '../core/imaging/images.js';
import { startApp, type E2eApp } from './harness/app.js';
import { errorsOf, launchBrowser, openApp, type OpenOptions } from './harness/browser.js';
import { searchFor, type PageElement } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';

/**
 * A video hit plays from the moment that matched, and a RAW+JPEG pair shows as one photo with its RAW beside
 * it. The clip is VP9 in WebM: the Chromium the tests drive has no H.264 decoder (Electron has one).
 */
describe('videos and RAW pairs in the viewer', () => {
  let app: E2eApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ indexed: true }), launchBrowser()]);
    const media = path.join(app.photos.dir, 'Media');
    await colourClip(path.join(media, 'Beach day.webm'), [['red', 3], ['blue', 3]], { codec: 'libvpx-vp9' });
    await writePhoto(path.join(media, 'DSC_0042.JPG'), COLOURS['yellow'] ?? [0, 0, 0], { width: 640, height: 480 });
    const scene = rgbPixels(640, 480, () => [235, 215, 40]);
    await writeFile(path.join(media, 'DSC_0042.NEF'), await writeDng({ rgb: scene, width: 640, height: 480 }));
    await app.core.rescan({});
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  const looks: [string, OpenOptions][] = [
    ['light', { colorScheme: 'light' }],
    ['dark', { colorScheme: 'dark' }],
    // at 200% a 1280×800 window lays out as 640×400 CSS pixels
    ['zoom-200', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ];
  for (const [scheme, look] of looks) {
    it(`plays a video hit from its moment, and shows a RAW beside its JPEG, ${scheme}`, async () => {
      const page = await openApp(browser, app, look);
      await searchFor(page, 'blue');
      const results = page.getByRole('grid', { name: 'Search results' });
      await results.getByRole('img', { name: /^Beach day\.webm/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Matched at 0:03').waitFor();
      const video = dialog.locator('video');
      type Media = PageElement & { readyState: number; addEventListener(type: string, listener: () => void): void };
      await video.evaluate((v: Media) =>
        v.readyState >= 2 ? undefined : new Promise<void>((resolve) => { v.addEventListener('loadeddata', resolve); }),
      );
      const time = await video.evaluate((v: PageElement & { currentTime: number; pause(): void }) => {
        v.pause();
        return v.currentTime;
      });
      expect(time).toBeGreaterThanOrEqual(2.9);
      await dialog.getByText(/VP9 · 2 moments/).waitFor();
      await saveScreenshot(page, `video-moment-${scheme}`);
      await page.keyboard.press('Escape');

      await dialog.waitFor({ state: 'detached' });
      await searchFor(page, 'yellow');
      await results.getByRole('img', { name: /^DSC_0042\.JPG/ }).click();
      await dialog.getByText('DSC_0042.NEF').waitFor();
      await saveScreenshot(page, `raw-pair-${scheme}`);
      expect(errorsOf(page)).toEqual([]);
    });
  }
});
