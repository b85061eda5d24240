import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, openApp } from './harness/browser.js';
import { useSession } from './harness/session.js';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { dropFile } from './harness/drag.js';
import { namesIn, searchFor, type PageElement } from './harness/queries.js';

describe('search in the browser', () => {
  const session = useSession({ indexed: true });

  it('finds the red photos first when typing “red”, from the / shortcut', async () => {
    const page = await openApp(session.browser, session.app);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search photos' });
    expect(await box.evaluate((element: PageElement) => element === element.ownerDocument.activeElement)).toBe(true);

    await searchFor(page, 'red');
    const grid = page.getByRole('grid', { name: 'Search results' });
    await grid.getByRole('img').first().waitFor();
    const names = await namesIn(page, 'Search results');
    expect(names.slice(0, 3).sort()).toEqual(['red-0.jpg', 'red-1.jpg', 'red-2.jpg']);
    expect(names.slice(3)).not.toContain('red-0.jpg');
    // The calibrated cut-off: only the red photos are best matches, the rest come under "More".
    expect(await grid.getByRole('columnheader').allTextContents()).toEqual(['Best matches', 'More']);
    expect(await page.getByText('3 best, 11 in all').count()).toBe(1);
    expect(await grid.getByRole('img').first().getAttribute('title')).toMatch(/score \d\.\d{3}/);
    expect(errorsOf(page)).toEqual([]);
  });

  it('opens a search result in the viewer and steps through the results only', async () => {
    const page = await openApp(session.browser, session.app);
    await searchFor(page, 'blue');
    const grid = page.getByRole('grid', { name: 'Search results' });
    await grid.getByRole('img').first().click();
    const first = (await namesIn(page, 'Search results'))[0] ?? '';
    expect(first).toMatch(/^blue-/);
    await page.getByRole('dialog', { name: `Photo ${first}` }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog', { name: /^Photo blue-/ }).filter({ hasNotText: first }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(errorsOf(page)).toEqual([]);
  });

  it('searches by a photo dropped on the window, one from outside the library', async () => {
    const outside = await writePhoto(path.join(session.app.dir, 'elsewhere', 'postcard.jpg'), COLOURS['red'] ?? [220, 30, 35], { seed: 99 });
    const page = await openApp(session.browser, session.app);
    await page.getByRole('heading', { name: 'Library' }).waitFor();

    await dropFile(page, { name: 'postcard.jpg', type: 'image/jpeg', bytes: await readFile(outside) });

    await page.getByRole('heading', { name: 'Photos like postcard.jpg' }).waitFor();
    await page.getByRole('grid', { name: 'Search results' }).getByRole('img').first().waitFor();
    const names = await namesIn(page, 'Search results');
    expect(names.slice(0, 3).sort()).toEqual(['red-0.jpg', 'red-1.jpg', 'red-2.jpg']);
    expect(names).not.toContain('postcard.jpg');
    expect((await session.app.core.status({})).photos.indexed).toBe(11);
    expect(errorsOf(page)).toEqual([]);
  });

  it('finds more like the photo open in the viewer', async () => {
    const page = await openApp(session.browser, session.app);
    const grid = page.getByRole('grid', { name: 'All photos, newest first' });
    await grid.getByRole('img', { name: /^green-0\.jpg/ }).click();
    await page.getByRole('dialog', { name: 'Photo green-0.jpg' }).getByRole('button', { name: 'More like this' }).click();

    await page.getByRole('heading', { name: 'Photos like green-0.jpg' }).waitFor();
    await page.getByRole('grid', { name: 'Search results' }).getByRole('img').first().waitFor();
    const names = await namesIn(page, 'Search results');
    // The other green photo first; the photo itself is the query, not a result.
    expect(names[0]).toBe('green-1.jpg');
    expect(names).not.toContain('green-0.jpg');
    expect(errorsOf(page)).toEqual([]);
  });
});
