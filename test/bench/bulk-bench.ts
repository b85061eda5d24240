/**
 * Bulk actions on 1,000 selected photos, measured the user's way: a real core over 1,000 indexed
 * photos (tiny model), served as `npm run serve` serves it, in headless Chromium. For each action the
 * time from the click to the bar's answer (apply: one request to the core, the write, the answer) and
 * to the grid showing the change on every cell in view (repaint). Run: `npx tsx test/bench/bulk-bench.ts`.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createCore } from '../../src-main/core/create-core.js';
import { ensureRendererBuilt } from '../../src-main/server/renderer-build.js';
import { startServer } from '../../src-main/server/start-server.js';
import { launchBrowser, openApp } from '../e2e/harness/browser.js';
import { writePhoto } from '../helpers/photos.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { progress, withTempDir } from './bench-env.js';

const PHOTOS = 1000;
const GRID = 'All photos, newest first';

async function hashes(folder: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(folder)).sort()) hash.update(name).update(await readFile(path.join(folder, name)));
  return hash.digest('hex');
}

/** ms from `act` to `answered` (the bar's status line) and to `painted` (every cell in view shows it). */
async function measure(page: Page, label: string, act: () => Promise<void>, answered: RegExp, painted: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  await act();
  await page.getByRole('status').getByText(answered).waitFor({ timeout: 120_000 });
  const apply = Date.now() - start;
  while (!(await painted())) await new Promise((resolve) => setTimeout(resolve, 5));
  const repaint = Date.now() - start;
  console.log(`| ${label} | ${apply} | ${repaint} |`);
}

await withTempDir('shoebox-bulk-bench-', async (dir) => {
  const photos = path.join(dir, 'Photos');
  progress(`writing ${PHOTOS} photos`);
  for (let i = 0; i < PHOTOS; i += 1) {
    await writePhoto(path.join(photos, `p-${String(i).padStart(4, '0')}.jpg`), [(i * 37) % 256, (i * 91) % 256, (i * 13) % 256], { width: 96, height: 72, seed: i + 1 });
  }
  const core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), watch: true });
  const server = await startServer({ core, staticDir: await ensureRendererBuilt() });
  const browser = await launchBrowser();
  try {
    progress('indexing');
    await core.addRoot({ path: photos });
    await core.rescan({});
    const before = await hashes(photos);
    const page = await openApp(browser, { dir, core, server, photos: { dir: photos, byColour: {}, broken: '' }, close: () => Promise.resolve() });
    const grid = page.getByRole('grid', { name: GRID });
    await grid.getByRole('img').first().waitFor();
    await page.getByText('1,000 photos', { exact: true }).first().waitFor({ timeout: 120_000 });
    const visible = (test: string) => () =>
      grid.getByRole('img').evaluateAll((imgs: { alt: string; style: { rotate: string } }[], what: string) => imgs.length > 0 && imgs.every((img) => (what === 'turned' ? img.style.rotate === '90deg' : img.alt.includes(what))), test);
    console.log(`\nBulk actions on ${PHOTOS} selected photos (${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)})\n`);
    console.log('| action | apply (ms) | repaint (ms) |\n| --- | --- | --- |');
    const bar = page.getByRole('toolbar', { name: 'Selected photos' });
    let start = Date.now();
    await grid.focus();
    await page.keyboard.press('Control+a');
    await bar.getByText(/1,000 selected/).waitFor({ timeout: 120_000 });
    console.log(`| select all (Ctrl+A, pages loaded) | ${Date.now() - start} | ${Date.now() - start} |`);
    await measure(page, 'favourite', () => bar.getByRole('button', { name: '♥ Favourite' }).click(), /1,000 photos changed/, visible('Favourite'));
    await measure(page, 'rate 3 stars', () => bar.getByRole('combobox', { name: 'Rating' }).selectOption('3').then(() => undefined), /1,000 photos changed/, visible('3 stars'));
    await measure(page, 'turn right', () => bar.getByRole('button', { name: '⟳ Turn right' }).click(), /1,000 photos changed/, visible('turned'));
    await measure(page, 'tag', async () => {
      await bar.getByRole('button', { name: 'Tag…' }).click();
      await bar.getByLabel('Tag to give them').fill('bench');
      await bar.getByRole('button', { name: 'Apply' }).click();
    }, /Tag bench changed on 1,000 photos/, () => Promise.resolve(true));
    await measure(page, 'new own album with them', async () => {
      await bar.getByRole('combobox', { name: 'Add to album…' }).selectOption({ label: 'New album with these…' });
      await bar.getByLabel('Name of the new album').fill('Bench');
      await bar.getByRole('button', { name: 'Create' }).click();
    }, /Album Bench made with 1,000 photos/, () => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Bench/ }).textContent().then((t) => t?.includes('1,000') === true));
    await measure(page, 'move to trash (library trash, verified moves)', async () => {
      await bar.getByRole('button', { name: 'Move to trash' }).click();
      await bar.getByRole('button', { name: 'Yes, move to trash' }).click();
    }, /1,000 photos moved to the trash/, () => page.getByText('No photos yet.', { exact: false }).count().then((n) => n > 0).catch(() => false));
    start = Date.now();
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').getByText(/1,000 photos put back/).waitFor({ timeout: 300_000 });
    console.log(`| undo the trash (moves back) | ${Date.now() - start} | – |`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`\noriginals unchanged after trash and undo: ${(await hashes(photos)) === before}`);
  } finally {
    await browser.close();
    await server.close();
    await core.close();
  }
});
