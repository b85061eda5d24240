import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe('useModel by id reloads the serving model, wherever its folder is', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    // A model folder given with --model: not installed in the library, so known to the page only by its id.
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('takes the id of the model serving now, with other runtime options, and keeps its folder', async () => {
    const serving = (await core.modelStatus({})).serving;
    expect(serving?.dir).toBe(await tinyModelDir());
    const id = serving?.id ?? '';
    const reloaded = await core.useModel({ id, threads: 1 });
    expect(reloaded.serving).toMatchObject({ id, dir: await tinyModelDir(), threads: 1 });
    expect(reloaded.settings).toMatchObject({ model: await tinyModelDir(), threads: 1 });
    // An id that is neither installed nor serving is still no model.
    await expect(core.useModel({ id: 'not-installed' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});
