import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, openApp } from './harness/browser.js';
import { saveScreenshot } from './harness/screenshots.js';
import { useSession } from './harness/session.js';

/** Defect 9 of issue 14: files Shoebox cannot read yet vanished from every count; now they are counted and listed. */
describe('files Shoebox cannot read yet', () => {
  const session = useSession({ indexed: true });
  const names = ['Design/poster.psd', 'old scan.bmp', 'Home video.wmv'];
  beforeAll(async () => {
    const dir = session.app.photos.dir;
    await mkdir(path.join(dir, 'Design'), { recursive: true });
    for (const name of names) await writeFile(path.join(dir, name), 'a format Shoebox does not read');
    await writeFile(path.join(dir, 'notes.txt'), 'not a picture at all');
    await session.app.core.rescan({});
  });

  it('says how many there are beside the library\'s count, and lists them', async () => {
    const page = await openApp(session.browser, session.app);
    const button = page.getByRole('button', { name: '3 files are not photos Shoebox reads yet' });
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Files Shoebox cannot read yet' });
    await dialog.waitFor();
    const listed = await dialog.getByRole('listitem').allTextContents();
    expect(listed.map((text) => path.relative(session.app.photos.dir, text.replace(/\s+\S+\s+\S+$/, '')))).toEqual(['Design/poster.psd', 'Home video.wmv', 'old scan.bmp']);
    await saveScreenshot(page, 'unreadable-files-light');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(errorsOf(page)).toEqual([]);
  });
});
