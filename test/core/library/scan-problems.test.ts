import { writeFileSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe('what a scan cannot read, it reports', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('names a file whose name is not valid text and a folder that is gone, and counts adopted copies', async () => {
    const photos = path.join(dir, 'photos');
    const gone = path.join(dir, 'unplugged');
    const files = await writeColourSet(photos, ['red'], 1);
    await copyFile(files['red']?.[0] ?? '', path.join(photos, 'copy.jpg'));
    // 0xff is not UTF-8: Node cannot give this name back as a string that opens the file.
    writeFileSync(Buffer.concat([Buffer.from(`${photos}/bad-`), Buffer.from([0xff]), Buffer.from('.jpg')]), 'x');
    const core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    try {
      await core.addRoot({ path: photos });
      await mkdir(gone);
      await core.addRoot({ path: gone });
      await rm(gone, { recursive: true });
      const summary = await core.rescan({});
      expect(summary).toMatchObject({ indexed: 1, copied: 1 });
      const codes = summary.failed.map((f) => [f.code, f.message]);
      expect(codes).toEqual(
        expect.arrayContaining([
          ['FILE_UNREADABLE', expect.stringContaining('not valid text')],
          ['ROOT_NOT_FOUND', expect.stringContaining(gone)],
        ]),
      );
    } finally {
      await core.close();
    }
  });
});
