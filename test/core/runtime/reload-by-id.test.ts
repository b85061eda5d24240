import { describe, expect, it } from 'vitest';
import { corePerTest } from '../../helpers/core-per-test.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe('useModel by id reloads the serving model, wherever its folder is', () => {
  // A model folder given with --model: not installed in the library, so known to the page only by its id.
  const t = corePerTest();

  it('takes the id of the model serving now, with other runtime options, and keeps its folder', async () => {
    const serving = (await t.core.modelStatus({})).serving;
    expect(serving?.dir).toBe(await tinyModelDir());
    const id = serving?.id ?? '';
    const reloaded = await t.core.useModel({ id, threads: 1 });
    expect(reloaded.serving).toMatchObject({ id, dir: await tinyModelDir(), threads: 1 });
    expect(reloaded.settings).toMatchObject({ model: await tinyModelDir(), threads: 1 });
    // An id that is neither installed nor serving is still no model.
    await expect(t.core.useModel({ id: 'not-installed' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});
