import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { isUnreadMedia } from '../../../src-main/core/library/unreadable.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe('files Shoebox cannot read yet (defect 9 of issue 14)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('are counted and listed, not indexed; photos, other files, hidden folders and links are not among them', async () => {
    const photos = path.join(dir, 'photos');
    await writePhoto(path.join(photos, 'red.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    await mkdir(path.join(photos, 'Design', '.cache'), { recursive: true });
    for (const name of ['Design/poster.psd', 'Design/logo.svg', 'old.bmp', 'Home video.wmv', 'scan.jp2']) {
      await writeFile(path.join(photos, name), 'not read');
    }
    await writeFile(path.join(photos, 'notes.txt'), 'not a picture');
    await writeFile(path.join(photos, 'Design', '.cache', 'hidden.psd'), 'hidden');
    await symlink(path.join(photos, 'old.bmp'), path.join(photos, 'link.bmp'));
    await core.addRoot({ path: photos });
    await core.rescan({});
    const root = (await core.listRoots({}))[0]?.path ?? '';

    expect((await core.listPhotos({})).total).toBe(1);
    const unreadable = await core.listUnreadable({});
    expect(unreadable.total).toBe(5);
    expect(unreadable.files.map((f) => path.relative(root, f.path))).toEqual(['Design/logo.svg', 'Design/poster.psd', 'Home video.wmv', 'old.bmp', 'scan.jp2']);
    expect(unreadable.files[0]?.size).toBe(8);
    // the count stays whole when the list is cut
    expect(await core.listUnreadable({ limit: 2 })).toMatchObject({ total: 5, files: [{}, {}] });
  });

  it('are told by extension, and no format Shoebox reads is among them', () => {
    expect(isUnreadMedia('/p/a.PSD')).toBe(true);
    for (const read of ['a.jpg', 'a.heic', 'a.jxl', 'a.cr3', 'a.mp4', 'a.webm', 'a.txt']) expect(isUnreadMedia(read), read).toBe(false);
  });
});
