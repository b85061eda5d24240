import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { writeColourSet } from '../../helpers/photos.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe('indexing with the image tower in a worker ([Note: inference in a worker])', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  const open = async (imageWorker: boolean, library = 'library'): Promise<Core> =>
    (core = await createCore({ libraryDir: path.join(dir, library), modelDir: await tinyModelDir(), batchSize: 2, imageWorker }));

  it('closes while batches are in the worker, and the next core indexes the rest', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'green', 'blue', 'dark'], 5);
    const c = await open(true);
    await c.addRoot({ path: photos });
    let indexed = 0;
    const firstBatch = new Promise<void>((resolve) =>
      c.on('photoIndexed', () => {
        indexed += 1;
        if (indexed === 2) resolve();
      }),
    );
    const scan = c.rescan({}).catch((error: unknown) => error);
    await firstBatch;
    await c.close();
    core = null;
    await scan;
    const again = await open(true);
    const summary = await again.rescan({});
    expect(summary.failed).toEqual([]);
    expect((await again.listPhotos({ limit: 100 })).photos).toHaveLength(20);
  });

  it('ranks with the same scores through the worker as on the main thread', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 3);
    const ranking = async (imageWorker: boolean): Promise<string[]> => {
      const c = await open(imageWorker, imageWorker ? 'library-worker' : 'library-main');
      await c.addRoot({ path: photos });
      expect(await c.rescan({})).toMatchObject({ indexed: 6, failed: [] });
      const red = await c.search({ text: 'red', limit: 6 });
      await c.close();
      core = null;
      return red.hits.map((h) => `${h.path} ${h.score.toFixed(5)}`);
    };
    const main = await ranking(false);
    expect(main).toHaveLength(6);
    expect(await ranking(true)).toEqual(main);
  });
});
