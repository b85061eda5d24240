import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, openApp, type OpenOptions } from './harness/browser.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

const ALBUM = 'Red things';

/** A mirror run in the real UI, slowed (each file action pauses between its steps) so Cancel finds it running. */
describe('cancelling a mirror run in the browser', () => {
  const session = useSession({ indexed: true, timings: { fileActionPauseMs: () => 700 } });
  let members = 0;
  beforeAll(async () => {
    members = (await session.app.core.createAlbum({ name: ALBUM, prompts: ['red'] })).memberCount;
  });

  const runs: [string, OpenOptions][] = [
    ['light', {}],
    ['dark-zoom200', { colorScheme: 'dark', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ];
  for (const [name, options] of runs) {
    it(`shows the run's progress and stops it with Cancel: the copies made stay, no partial file is left (${name})`, async () => {
      expect(members).toBeGreaterThanOrEqual(2);
      const page = await openApp(session.browser, session.app, options);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: new RegExp(`^${ALBUM}`) }).click();
      await page.getByRole('heading', { name: ALBUM, level: 1 }).waitFor();
      const folder = path.join(session.app.dir, `Mirrored ${name}`);
      await page.getByRole('button', { name: 'Mirror to a folder…' }).click();
      const dialog = page.getByRole('dialog', { name: `Mirror “${ALBUM}” to a folder` });
      await dialog.getByLabel('Folder', { exact: true }).fill(folder);
      await dialog.getByRole('button', { name: 'Show what will happen' }).click();
      await dialog.getByRole('button', { name: `Copy ${members} photos` }).click();

      await dialog.getByText(`1 of ${members} done`).waitFor();
      await saveScreenshot(page, `album-mirror-running-${name}`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      const status = dialog.getByRole('status');
      await status.filter({ hasText: 'Cancelled: the photos done so far stay' }).waitFor();
      await saveScreenshot(page, `album-mirror-cancelled-${name}`);

      const done = Number(/^(\d+) photos? copied/.exec((await status.textContent()) ?? '')?.[1]);
      expect(done).toBeGreaterThanOrEqual(1);
      expect(done).toBeLessThan(members);
      const left = await readdir(folder);
      expect(left.filter((file) => file.startsWith('.shoebox-'))).toEqual([]);
      expect(left).toHaveLength(done);
      await dialog.getByRole('button', { name: 'Undo' }).click();
      await dialog.getByText(`Undone: ${done} restored.`).waitFor();
      expect(await readdir(folder)).toEqual([]);
      expect(errorsOf(page)).toEqual([]);
    });
  }
});
