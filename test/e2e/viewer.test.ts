import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { PARIS_GPS, SHOT_EXIF } from '../helpers/shot-exif.js';
import { errorsOf, openApp, type OpenOptions } from './harness/browser.js';
import type { PageElement } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

type Image = PageElement & { naturalWidth: number; complete: boolean; src: string };

/**
 * The viewer as people know it from other photo apps: zoom to 1:1 with the photo's real pixels (a TIFF wider
 * than the screen rendition), pan, full screen, a slideshow, the shot's full EXIF and its place on the
 * bundled map. Screenshots (viewer-*.png) are looked at, light, dark and at 200 %.
 */
describe('the viewer: zoom, full screen, slideshow, EXIF and map', () => {
  const session = useSession({ indexed: true });
  beforeAll(async () => {
    const dir = session.app.photos.dir;
    await writePhoto(path.join(dir, 'Trips', 'Paris.jpg'), COLOURS['blue'] ?? [0, 0, 0], {
      width: 1200, height: 800, takenAt: '2024:05:01 10:00:00',
      exif: { ...SHOT_EXIF, IFD3: PARIS_GPS },
    });
    await mkdir(path.join(dir, 'Scans'), { recursive: true });
    // wider than the 3072-pixel screen rendition: 1:1 must show all 4000 pixels
    await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#c06030' } })
      .composite([{ input: { create: { width: 400, height: 400, channels: 3, background: '#ffffff' } }, left: 1800, top: 300 }])
      .tiff({ compression: 'lzw' })
      .toFile(path.join(dir, 'Scans', 'wide.tif'));
    await session.app.core.rescan({});
  });

  /** Opens the library's first photo and steps on to the one named (the grid shows only what fits its window). */
  async function open(page: Page, name: string): Promise<ReturnType<Page['getByRole']>> {
    const grid = page.getByRole('grid', { name: 'All photos, newest first' });
    await grid.getByRole('img').first().waitFor();
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    for (let step = 0; step < 30; step += 1) {
      const shown = await dialog.getAttribute('aria-label');
      if (shown === `Photo ${name}`) break;
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => dialog.getAttribute('aria-label')).not.toBe(shown);
    }
    await page.getByRole('dialog', { name: `Photo ${name}` }).waitFor();
    return dialog;
  }

  it('zooms a TIFF to 1:1 with its full-resolution pixels, pans, and fits again', async () => {
    const page = await openApp(session.browser, session.app);
    const dialog = await open(page, 'wide.tif');
    const screen = dialog.getByRole('img', { name: /^wide\.tif, taken/ });
    await expect.poll(() => screen.evaluate((img: Image) => img.complete && img.naturalWidth)).toBe(3072);
    const level = dialog.getByRole('toolbar', { name: 'Photo controls' }).locator('output');
    const fitted = Number((await level.textContent())?.replace('%', ''));
    expect(fitted).toBeLessThan(40);
    expect(await dialog.locator('img[data-full]').count()).toBe(0);

    await page.keyboard.press('z');
    await expect.poll(() => level.textContent()).toBe('100%');
    const full = dialog.locator('img[data-full]');
    expect(await full.getAttribute('src')).toMatch(/\/full\//);
    await expect.poll(() => full.evaluate((img: Image) => img.complete && img.naturalWidth)).toBe(4000);
    // at 1:1 the photo is drawn 4000 CSS pixels wide
    expect((await full.boundingBox())?.width).toBeCloseTo(4000, 0);
    await saveScreenshot(page, 'viewer-zoom-1to1-light');

    // drag: the photo moves with the pointer
    const before = await full.boundingBox();
    const stage = dialog.locator('.zoom-stage');
    const box = await stage.boundingBox();
    if (!box || !before) throw new Error('no stage');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(((await full.boundingBox())?.x ?? 0) - before.x).toBeCloseTo(200, 0);

    // the wheel zooms out around the pointer; W fits; + zooms in; a double-click goes to 1:1 and back
    await page.mouse.wheel(0, 300);
    await expect.poll(async () => Number((await level.textContent())?.replace('%', ''))).toBeLessThan(100);
    await page.keyboard.press('w');
    await expect.poll(() => level.textContent()).toBe(`${fitted}%`);
    await page.keyboard.press('+');
    await expect.poll(async () => Number((await level.textContent())?.replace('%', ''))).toBeGreaterThan(fitted);
    await page.keyboard.press('w');
    await stage.dblclick();
    await expect.poll(() => level.textContent()).toBe('100%');
    await stage.dblclick();
    await expect.poll(() => level.textContent()).toBe(`${fitted}%`);
    expect(errorsOf(page)).toEqual([]);
  });

  it('goes full screen with F and back, and runs a slideshow that pauses with Space and stops with Esc', async () => {
    const page = await openApp(session.browser, session.app);
    const dialog = await open(page, 'wide.tif');
    const fullScreen = (): Promise<boolean> => page.evaluate<boolean>('document.fullscreenElement !== null');
    await page.keyboard.press('f');
    await expect.poll(fullScreen).toBe(true);
    await dialog.getByRole('button', { name: 'Leave full screen (F)' }).waitFor();
    await page.keyboard.press('f');
    await expect.poll(fullScreen).toBe(false);

    const name = await dialog.getAttribute('aria-label');
    await dialog.getByLabel('Each photo for').selectOption('3');
    await dialog.getByRole('button', { name: '▶ Slideshow' }).click();
    // the info panel steps aside while the slideshow runs
    await expect.poll(() => dialog.locator('aside').isVisible()).toBe(false);
    await expect.poll(() => dialog.getAttribute('aria-label'), { timeout: 8000 }).not.toBe(name);
    await page.keyboard.press(' ');
    await dialog.getByRole('status').filter({ hasText: 'Slideshow paused' }).waitFor();
    await page.keyboard.press('Escape');
    // Esc ends the slideshow first; the viewer stays open, its panel back
    await dialog.getByRole('button', { name: '▶ Slideshow' }).waitFor();
    expect(await dialog.locator('aside').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // the interval chosen is remembered
    expect(await page.evaluate("localStorage.getItem('shoebox.slideshowSeconds')")).toBe('3');
    expect(errorsOf(page)).toEqual([]);
  });

  const looks: [string, OpenOptions][] = [
    ['light', { colorScheme: 'light' }],
    ['dark', { colorScheme: 'dark' }],
    ['zoom-200', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ];
  for (const [look, options] of looks) {
    it(`lists the shot's EXIF and shows its place on the offline map, ${look}`, async () => {
      const page = await openApp(session.browser, session.app, options);
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const dialog = await open(page, 'Paris.jpg');
      for (const text of ['RF24-105mm F4 L IS USM', 'f/2.8', '1/250 s', '400', '50 mm (80 mm on 35 mm film)', 'Canon EOS R6']) {
        await dialog.getByText(text, { exact: true }).waitFor();
      }
      const map = dialog.getByRole('img', { name: 'Map: where it was taken, 48.85660° N, 2.35210° E' });
      await map.waitFor();
      const marker = await map.locator('[data-marker]').boundingBox();
      const frame = await map.boundingBox();
      // Paris sits at the middle of the window the map shows around it
      expect(marker && frame ? (marker.x + marker.width / 2 - frame.x) / frame.width : 0).toBeCloseTo(0.5, 1);
      await map.scrollIntoViewIfNeeded();
      await saveScreenshot(page, `viewer-exif-map-${look}`);
      // the map is in the page: nothing was fetched from outside the app
      const origin = new URL(session.app.server.url).origin;
      expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);

      await page.keyboard.press('Escape');
      const wide = await open(page, 'wide.tif');
      await page.keyboard.press('z');
      await expect.poll(() => wide.locator('img[data-full]').evaluate((img: Image) => img.complete && img.naturalWidth)).toBe(4000);
      await saveScreenshot(page, `viewer-zoomed-${look}`);
      expect(errorsOf(page)).toEqual([]);
    });
  }
});
