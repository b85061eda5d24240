import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import { exiftool } from '../../../src-main/core/imaging/exiftool.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { writePhoto } from '../../helpers/photos.js';

describe('keywords other tools wrote, read by a core that indexes and exits', () => {
  it('the rescan of a core that does not watch answers after every indexed photo\'s keywords are tags; a close right after loses none', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const photos = path.join(dir, 'photos');
      const count = 16;
      for (let i = 0; i < count; i++) {
        const file = await writePhoto(path.join(photos, `IMG_${String(i).padStart(4, '0')}.jpg`), [20 + i * 10, 90, 200 - i * 5], { seed: i + 1 });
        await exiftool().write(file, { Keywords: [`keyword ${i}`] }, { writeArgs: ['-overwrite_original'] });
      }
      const libraryDir = path.join(dir, 'library');
      const modelDir = await tinyModelDir();
      // what `shoebox index` does: add the folder, rescan, close at once
      const indexing = await createCore({ libraryDir, modelDir });
      await indexing.addRoot({ path: photos });
      expect((await indexing.rescan({})).indexed).toBe(count);
      await indexing.close();

      const reading = await createCore({ libraryDir, modelDir });
      try {
        const listed = (await reading.listPhotos({ limit: 100 })).photos;
        expect(listed).toHaveLength(count);
        const tags = await Promise.all(listed.map(async (p) => [path.basename(p.path), (await reading.listTags({ photoId: p.id })).map((t) => t.tag)] as const));
        expect(Object.fromEntries(tags)).toEqual(Object.fromEntries(Array.from({ length: count }, (_, i) => [`IMG_${String(i).padStart(4, '0')}.jpg`, [`keyword ${i}`]])));
      } finally {
        await reading.close();
      }
    } finally {
      await cleanup();
    }
  });
});
