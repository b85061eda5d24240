import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUnreadMedia } from '../../../src-main/core/library/unreadable.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { corePerTest } from '../../helpers/core-per-test.js';

describe('files Shoebox cannot read yet (defect 9 of issue 14)', () => {
  const t = corePerTest();

  it('are counted and listed, not indexed; photos, other files, hidden folders and links are not among them', async () => {
    const photos = path.join(t.dir, 'photos');
    await writePhoto(path.join(photos, 'red.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    await mkdir(path.join(photos, 'Design', '.cache'), { recursive: true });
    for (const name of ['Design/poster.psd', 'Design/logo.svg', 'old.bmp', 'Home video.wmv', 'scan.jp2']) {
      await writeFile(path.join(photos, name), 'not read');
    }
    await writeFile(path.join(photos, 'notes.txt'), 'not a picture');
    await writeFile(path.join(photos, 'Design', '.cache', 'hidden.psd'), 'hidden');
    await symlink(path.join(photos, 'old.bmp'), path.join(photos, 'link.bmp'));
    await t.core.addRoot({ path: photos });
    await t.core.rescan({});
    const root = (await t.core.listRoots({}))[0]?.path ?? '';

    expect((await t.core.listPhotos({})).total).toBe(1);
    const unreadable = await t.core.listUnreadable({});
    expect(unreadable.total).toBe(5);
    expect(unreadable.files.map((f) => path.relative(root, f.path))).toEqual(['Design/logo.svg', 'Design/poster.psd', 'Home video.wmv', 'old.bmp', 'scan.jp2']);
    expect(unreadable.files[0]?.size).toBe(8);
    // the count stays whole when the list is cut
    expect(await t.core.listUnreadable({ limit: 2 })).toMatchObject({ total: 5, files: [{}, {}] });
  });

  it('are told by extension, and no format Shoebox reads is among them', () => {
    expect(isUnreadMedia('/p/a.PSD')).toBe(true);
    for (const read of ['a.jpg', 'a.heic', 'a.jxl', 'a.cr3', 'a.mp4', 'a.webm', 'a.txt']) expect(isUnreadMedia(read), read).toBe(false);
  });
});
