import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { errorsOf, openApp } from './harness/browser.js';
import { useSession } from './harness/session.js';
import { namesIn, searchFor } from './harness/queries.js';
import { saveScreenshot } from './harness/screenshots.js';

const LIBRARY = 'All photos, newest first';
const ZOOM_200 = { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 };

const cell = (page: Page, grid: string, name: string) =>
  page.getByRole('grid', { name: grid }).getByRole('gridcell').filter({ has: page.getByRole('img', { name: new RegExp(`^${name}`) }) });

async function hashes(folder: string): Promise<Map<string, string>> {
  const names = (await readdir(folder)).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, createHash('sha256').update(await readFile(path.join(folder, n))).digest('hex')] as const)));
}

describe('select many, act once, in the browser', () => {
  const session = useSession({ indexed: true });
  const names = (colour: string): string[] => (session.app.photos.byColour[colour] ?? []).map((file) => path.basename(file));

  it('ctrl-click and shift-click pick photos; favourites, an own album, a tag and the trash act on all of them at once, and no photo file changes', async () => {
    const originals = await hashes(session.app.photos.dir);
    const page = await openApp(session.browser, session.app);
    await page.getByRole('grid', { name: LIBRARY }).getByRole('img').first().waitFor();
    const [red0, red1, red2] = names('red');
    const bar = page.getByRole('toolbar', { name: 'Selected photos' });

    // a plain click still opens the viewer; ctrl-click picks, shift-click takes the range
    await cell(page, LIBRARY, red0 ?? '').click({ modifiers: ['Control'] });
    await bar.getByText('1 selected').waitFor();
    await cell(page, LIBRARY, red2 ?? '').click({ modifiers: ['Shift'] });
    await bar.getByText('3 selected').waitFor();
    expect(await page.getByRole('grid', { name: LIBRARY }).getByRole('gridcell', { selected: true }).count()).toBe(3);
    await saveScreenshot(page, 'select-bulk-bar-light');

    await bar.getByRole('button', { name: '♥ Favourite' }).click();
    await page.getByRole('status').getByText('3 photos changed').waitFor();
    await expect.poll(() => page.getByRole('grid', { name: LIBRARY }).getByRole('img', { name: /, Favourite$/ }).count()).toBe(3);

    await bar.getByRole('combobox', { name: 'Add to album…' }).selectOption({ label: 'New album with these…' });
    await bar.getByLabel('Name of the new album').fill('Trip');
    await bar.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('status').getByText('Album Trip made with 3 photos').waitFor();
    await bar.getByRole('button', { name: 'Tag…' }).click();
    await bar.getByLabel('Tag to give them').fill('Summer');
    await bar.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').getByText('Tag summer changed on 3 photos').waitFor();

    // Esc lets go of the selection; the bar goes
    await page.getByRole('grid', { name: LIBRARY }).focus();
    await page.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });

    // the own album is exactly those photos; one is taken out of it from its own grid
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Trip/ }).click();
    await page.getByRole('heading', { name: 'Trip', level: 1 }).waitFor();
    await page.getByText('Your own list of photos').waitFor();
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    const members = 'Photos in Trip';
    await expect.poll(() => namesIn(page, members).then((n) => n.sort())).toEqual(names('red').sort());
    await cell(page, members, red1 ?? '').getByRole('checkbox', { name: 'Select' }).click();
    await bar.getByText('1 selected').waitFor();
    await saveScreenshot(page, 'select-manual-album-light');
    await bar.getByRole('button', { name: 'Remove from this album' }).click();
    await expect.poll(() => namesIn(page, members).then((n) => n.sort())).toEqual([red0, red2].sort());

    // favourites has its own place in the sidebar
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: '♥ Favourites' }).click();
    await expect.poll(() => namesIn(page, 'Favourite photos').then((n) => n.sort())).toEqual(names('red').sort());

    // trash: confirmed, the photos leave the grid and the folder, and Undo brings them back
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library', exact: true }).click();
    const [green0, green1] = names('green');
    await cell(page, LIBRARY, green0 ?? '').click({ modifiers: ['Control'] });
    await cell(page, LIBRARY, green1 ?? '').click({ modifiers: ['Control'] });
    await bar.getByRole('button', { name: 'Move to trash' }).click();
    await bar.getByText('Move 2 photos to the trash?', { exact: false }).waitFor();
    await bar.getByRole('button', { name: 'Yes, move to trash' }).click();
    await page.getByRole('status').getByText('2 photos moved to the trash').waitFor();
    await expect.poll(() => namesIn(page, LIBRARY)).not.toContain(green0);
    expect(await readdir(session.app.photos.dir)).not.toContain(green0);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').getByText('2 photos put back').waitFor();
    await expect.poll(() => namesIn(page, LIBRARY), { timeout: 20_000 }).toContain(green0);

    expect(await hashes(session.app.photos.dir)).toEqual(originals);
    expect(errorsOf(page)).toEqual([]);
  });

  it('the viewer keys ".", 0–5 and R mark the open photo; the grid shows the turn', async () => {
    const page = await openApp(session.browser, session.app);
    const [blue0] = names('blue');
    await cell(page, LIBRARY, blue0 ?? '').click();
    const viewer = page.getByRole('dialog', { name: `Photo ${blue0}` });
    await viewer.waitFor();
    await page.keyboard.press('.');
    await expect.poll(() => viewer.getByRole('button', { name: /Favourite/ }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('4');
    await expect.poll(() => viewer.getByRole('button', { name: '4 stars' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('r');
    await page.keyboard.press('Escape');
    const thumb = page.getByRole('grid', { name: LIBRARY }).getByRole('img', { name: new RegExp(`^${blue0}`) });
    await expect.poll(() => thumb.evaluate((img: { style: { rotate: string } }) => img.style.rotate)).toBe('90deg');
    expect(errorsOf(page)).toEqual([]);
  });

  it('search filters by favourites and by stars', async () => {
    const page = await openApp(session.browser, session.app);
    await searchFor(page, 'red');
    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel('♥ Favourites only').check();
    const results = 'Search results';
    // the first test made the reds favourites, the viewer test blue-0 (with 4 stars)
    await expect.poll(() => namesIn(page, results).then((n) => n.sort())).toEqual([...names('red'), names('blue')[0]].sort());
    await page.getByLabel('Stars at least').selectOption('4');
    await expect.poll(() => namesIn(page, results)).toEqual([names('blue')[0]]);
    await page.getByRole('list', { name: 'Filters in use' }).getByText('★★★★').waitFor();
    expect(errorsOf(page)).toEqual([]);
  });

  it('a drag draws a band that picks every photo it touches, and opens none', async () => {
    const page = await openApp(session.browser, session.app);
    const [first, , third] = names('red');
    const from = await cell(page, LIBRARY, first ?? '').boundingBox();
    const to = await cell(page, LIBRARY, third ?? '').boundingBox();
    if (!from || !to) throw new Error('the red photos are not on screen');
    // from inside one photo (clear of its check box) to inside the other
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 10, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.getByRole('grid', { name: LIBRARY }).getByRole('gridcell', { selected: true }).count()).toBe(3);
    await page.getByRole('toolbar', { name: 'Selected photos' }).getByText('3 selected').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
  });

  it('speaks Chinese in the bulk bar and the own album', async () => {
    const page = await openApp(session.browser, session.app, { locale: 'zh-CN' });
    const grid = page.getByRole('grid', { name: '所有照片，最新的在前' });
    await grid.getByRole('img').first().waitFor();
    const [first] = names('red');
    await grid.getByRole('gridcell').filter({ has: page.getByRole('img', { name: new RegExp(`^${first}`) }) }).click({ modifiers: ['Control'] });
    const bar = page.getByRole('toolbar', { name: '已选照片' });
    await bar.getByText('已选 1 张').waitFor();
    await saveScreenshot(page, 'zh-select-bulk-bar');
    const text = (await bar.innerText()) + (await page.getByRole('navigation', { name: '主导航' }).innerText());
    // the own album the first test made is called Trip: a name, not a word of the UI
    expect(text.replaceAll('Trip', '').match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    expect(errorsOf(page)).toEqual([]);
  });

  it('exports verified copies into a folder the person allowed, and the originals stay as they were', async () => {
    const page = await openApp(session.browser, session.app);
    const [yellow0, yellow1] = names('yellow');
    await page.getByRole('grid', { name: LIBRARY }).focus();
    await page.keyboard.press('End');
    await cell(page, LIBRARY, yellow0 ?? '').click({ modifiers: ['Control'] });
    await cell(page, LIBRARY, yellow1 ?? '').click({ modifiers: ['Control'] });
    const bar = page.getByRole('toolbar', { name: 'Selected photos' });
    await bar.getByRole('button', { name: 'Export copies…' }).click();
    // the e2e server runs as `serve --allow <the test folder>`: a folder there is the person's choice
    const out = path.join(session.app.dir, 'Exported');
    await bar.getByLabel('Folder to copy them into').fill(out);
    await bar.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('status').getByText(`2 copies made and checked in ${out}`).waitFor();
    const exported = await hashes(out);
    const originals = await hashes(session.app.photos.dir);
    expect([...exported.keys()].sort()).toEqual([yellow0, yellow1].sort());
    for (const [name, hash] of exported) expect(originals.get(name)).toBe(hash);
    expect(errorsOf(page)).toEqual([]);
  });

  it('resolves exact copies: keeps one, the copy goes to the trash, and Undo brings it back', async () => {
    const page = await openApp(session.browser, session.app);
    const [red0] = session.app.photos.byColour['red'] ?? [];
    const copy = path.join(session.app.photos.dir, 'red-0 copy.jpg');
    await copyFile(red0 ?? '', copy);
    await expect.poll(async () => (await session.app.core.listPhotos({ limit: 100 })).photos.some((p) => p.path === copy), { timeout: 20_000 }).toBe(true);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Duplicates' }).click();
    const resolve = page.getByRole('button', { name: 'Keep one of every exact copy, trash the rest' });
    await resolve.waitFor({ timeout: 20_000 });
    await saveScreenshot(page, 'select-duplicates-light');
    await resolve.click();
    await page.getByRole('status').getByText(/^1 photo moved to the trash/).waitFor();
    const left = await readdir(session.app.photos.dir);
    expect(left.filter((n) => n === 'red-0.jpg' || n === 'red-0 copy.jpg')).toHaveLength(1);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').getByText('1 photo put back').waitFor();
    expect((await readdir(session.app.photos.dir)).filter((n) => n.startsWith('red-0'))).toHaveLength(2);
    await rm(copy);
    expect(errorsOf(page)).toEqual([]);
  });

  it('looks right dark and at 200 % zoom', async () => {
    for (const [label, options] of [['dark', { colorScheme: 'dark' as const }], ['zoom200', ZOOM_200]] as const) {
      const page = await openApp(session.browser, session.app, options);
      await page.getByRole('grid', { name: LIBRARY }).getByRole('img').first().waitFor();
      const [first, second] = names('red');
      await cell(page, LIBRARY, first ?? '').click({ modifiers: ['Control'] });
      await cell(page, LIBRARY, second ?? '').click({ modifiers: ['Control'] });
      await page.getByRole('toolbar', { name: 'Selected photos' }).getByText('2 selected').waitFor();
      await saveScreenshot(page, `select-bulk-bar-${label}`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Trip/ }).click();
      await page.getByRole('grid', { name: 'Photos in Trip' }).getByRole('img').first().waitFor();
      await saveScreenshot(page, `select-manual-album-${label}`);
      expect(errorsOf(page)).toEqual([]);
    }
  });
});
