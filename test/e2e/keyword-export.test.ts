import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exiftool } from '../../src-main/core/imaging/exiftool.js';
import { errorsOf, openApp } from './harness/browser.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

describe('keywords for other photo tools, from the settings', () => {
  const session = useSession({ indexed: true });

  it('switches the automatic export on and writes every photo’s sidecar, light, dark and at 200% zoom', async () => {
    const { core, photos } = session.app;
    const red = photos.byColour['red']?.[0] ?? '';
    const id = (await core.listPhotos({})).photos.find((p) => p.path === red)?.id ?? '';
    await core.addTag({ photoId: id, tag: 'postcard' });

    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openApp(session.browser, session.app, { colorScheme });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
      const auto = page.getByRole('checkbox', { name: /whenever they change/ });
      if (colorScheme === 'light') {
        await auto.check();
        await page.getByRole('button', { name: 'Write them for every photo now' }).click();
        await page.getByText(/^Sidecars: 0 updated, 1 created/).waitFor();
      } else {
        await expect.poll(() => auto.isChecked()).toBe(true);
      }
      await page.getByRole('button', { name: 'Undo the last write' }).scrollIntoViewIfNeeded();
      await saveScreenshot(page, `keyword-export-${colorScheme}`);
      expect(errorsOf(page)).toEqual([]);
    }
    expect(await core.getKeywordExport({})).toEqual({ auto: true });
    const written = (await exiftool().read(`${red}.xmp`)) as { HierarchicalSubject?: unknown };
    expect([written.HierarchicalSubject].flat()).toEqual(['Shoebox|Tags|postcard']);
    expect(path.dirname(red)).toBe(photos.dir);

    const page = await openApp(session.browser, session.app, { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Undo the last write' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'keyword-export-zoom200');
    expect(errorsOf(page)).toEqual([]);
  });
});

describe('a long keyword write, from the settings', () => {
  // each sidecar's rename waits a moment, so the write runs long enough to be seen and stopped
  const session = useSession({ indexed: true, timings: { sidecarPauseMs: 700 } });

  it('shows its count, rate and ETA, light, dark and at 200% zoom, and stops when asked', async () => {
    const { core } = session.app;
    for (const p of (await core.listPhotos({ limit: 500 })).photos) await core.addTag({ photoId: p.id, tag: 'walk' });
    const shots: [string, Parameters<typeof openApp>[2]][] = [
      ['light', { colorScheme: 'light' }],
      ['dark', { colorScheme: 'dark' }],
      ['zoom200', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
    ];
    for (const [name, look] of shots) {
      const page = await openApp(session.browser, session.app, look);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Write them for every photo now' }).click();
      await page.getByText(/^Writing: \d+ of \d+ photos$/).waitFor({ timeout: 20_000 });
      const stop = page.getByRole('button', { name: 'Stop' });
      await stop.scrollIntoViewIfNeeded();
      await saveScreenshot(page, `keyword-export-progress-${name}`);
      await stop.click();
      await page.getByText('Stopped before the end; what was written stays and can be undone.').waitFor({ timeout: 20_000 });
      expect(await page.getByRole('progressbar').count()).toBe(0);
      await page.getByRole('button', { name: 'Undo the last write' }).click();
      await page.getByText(/^Undone: /).waitFor({ timeout: 20_000 });
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    }
  });
});
