import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe("changing an album's mirror folder", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('mirrors into the new folder, leaving the old one as it was', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 2);
    const core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    try {
      await core.addRoot({ path: photos });
      await core.rescan({});
      const albumId = (await core.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 })).id;
      const first = path.join(dir, 'first');
      const second = path.join(dir, 'second');
      await core.setAlbumMirror({ albumId, folder: first, mode: 'copy' });
      const one = await core.applyAlbumMirror({ albumId });
      expect(one.done).toBeGreaterThan(0);
      await core.setAlbumMirror({ albumId, folder: second, mode: 'copy' });
      const two = await core.applyAlbumMirror({ albumId });
      expect(two).toMatchObject({ done: one.done, skipped: 0, failed: [] });
      expect((await readdir(second)).sort()).toEqual((await readdir(first)).sort());
    } finally {
      await core.close();
    }
  });
});
